"""The plan of the demo data: measures, cases, teams, workers, and a measure's timeline while its
events are made."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from ketenzicht.timeline.domain.events import SAME_DAY_ORDER


class MPlan:
    """One measure of a case: its type, dates and ruling periods."""

    __slots__ = (
        "id",
        "type",
        "start",
        "ruling",
        "ends",
        "ext_dates",
        "end",
        "reason",
        "related",
        "court",
    )

    def __init__(self, mid: str, mtype: str, start: dt.date):
        self.id = mid
        self.type = mtype
        self.start = start
        self.ruling = start
        self.ends: list[dt.date] = []  # end date of the ruling, then after each extension
        self.ext_dates: list[dt.date] = []
        self.end: dt.date | None = None
        self.reason: str | None = None
        self.related: str | None = None
        self.court: str | None = None

    def planned_end_at(self, day: dt.date) -> dt.date | None:
        if not self.ends:
            return None
        return self.ends[bisect_right(self.ext_dates, day)]


class Case:
    """One child's case: the skeleton decided up front; events are made when written."""

    __slots__ = (
        "no",
        "active",
        "kind",
        "gi_kind",
        "birth",
        "sex",
        "muni",
        "stay",
        "placement",
        "start",
        "final",
        "measures",
        "main",
        "machtiging",
        "handover",
        "place",
        "residence",
        "colour",
        "u",
        "gi0",
        "gi1",
        "team0",
        "team1",
        "assign",
        "current",
        "bsn",
        "flags",
        "adults",
        "second",
    )

    def __init__(self, no: int, active: bool):
        self.no = no
        self.active = active
        self.measures: list[MPlan] = []
        self.main: list[MPlan] = []
        self.machtiging: MPlan | None = None
        self.handover: tuple[dt.date, dt.date, str] | None = None  # handed over, received, to GI
        self.place: tuple[dt.date, str, str, dt.date | None] | None = None
        self.residence: tuple[dt.date, str, str | None] | None = None
        self.gi1: str | None = None
        self.team0 = self.team1 = ""
        self.assign: list[tuple] = []
        self.current: tuple | None = None  # assignment at the reference date
        self.flags: tuple[str, ...] = ()
        # A measure of the same child executed by another GI: (measure, GI, team, worker).
        self.second: tuple[MPlan, str, str, str] | None = None

    @property
    def youth_id(self) -> str:
        return f"Y-{self.no:06d}"

    def gi_at(self, day: dt.date) -> str:
        if self.handover and day >= self.handover[0]:
            return self.gi1  # type: ignore[return-value]
        return self.gi0

    def team_at(self, day: dt.date) -> str:
        if self.handover and day >= self.handover[0]:
            return self.team1
        return self.team0

    @property
    def final_gi(self) -> str:
        return self.gi1 or self.gi0

    @property
    def final_team(self) -> str:
        return self.team1 or self.team0


@dataclass
class TeamInfo:
    id: str
    gi: str
    cluster: str
    name: str
    doorstroom: bool = False


@dataclass
class WorkerInfo:
    id: str
    org: str
    team: str | None
    given: str
    family: str
    role: str
    fte: float
    capacity: int = 0
    caseload: int = 0


class Ev:
    __slots__ = ("date", "reg", "order", "k", "type", "data", "id")

    def __init__(self, date, reg, order, k, type_, data):
        self.date, self.reg, self.order, self.k, self.type, self.data = (
            date,
            reg,
            order,
            k,
            type_,
            data,
        )
        self.id = ""


class Timeline:
    """The events of one measure while they are being made; written in registration order."""

    def __init__(self) -> None:
        self.events: list[Ev] = []

    def add(
        self, date: dt.date, type_: str, data: dict[str, Any], reg: dt.date | None = None
    ) -> Ev:
        ev = Ev(date, reg or date, SAME_DAY_ORDER.get(type_, 5), len(self.events), type_, data)
        self.events.append(ev)
        return ev

"""The vocabulary of a folded timeline: event records, the facts of a measure, its state, the
lookups into reference data and the error that names an event and a field.

Split from `state` so that the fold (`state`) and the rules per event type (`state_handlers`)
can both use it without importing each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from .events import SAME_DAY_ORDER


@dataclass(frozen=True)
class EventRecord:
    id: str
    type: str
    date: dt.date
    data: dict[str, Any]  # cleaned payload (dates parsed)
    seq: int  # registration order within the measure

    @property
    def sort_key(self) -> tuple[dt.date, int, int]:
        return (self.date, SAME_DAY_ORDER.get(self.type, 5), self.seq)


@dataclass(frozen=True)
class MeasureFacts:
    """What a measure is, apart from its events."""

    id: str
    measure_type: str
    birth_date: dt.date


class References(Protocol):
    """Lookups into the reference data the timeline points at (database or import file)."""

    def organisation_type(self, ext_id: str) -> str | None: ...
    def team_organisation(self, ext_id: str) -> str | None: ...
    def worker(self, ext_id: str) -> tuple[str, str | None] | None:
        """(organisation id, team id or None) of a worker, or None when unknown."""
        ...

    def municipality_exists(self, code: str) -> bool: ...


class TimelineError(ValueError):
    """An event that does not fit its timeline. Names the event and the field."""

    def __init__(self, event_id: str, field: str, message: str):
        super().__init__(f"event {event_id}, veld {field}: {message}")
        self.event_id = event_id
        self.field = field
        self.message = message


@dataclass
class MeasureState:
    start_date: dt.date | None = None
    ruling_date: dt.date | None = None
    planned_end: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str | None = None
    gi: str | None = None
    team: str | None = None
    assignment: str = "niemand"  # vast | doorstroomteam | niemand
    worker: str | None = None
    assignment_since: dt.date | None = None
    extensions: int = 0
    superseded: set[str] = field(default_factory=set)
    seen: dict[str, EventRecord] = field(default_factory=dict)
    open_help: set[str] = field(default_factory=set)
    answered: set[str] = field(default_factory=set)
    # (event type, help request id) of the things a help request gets once (ONCE_PER_REQUEST)
    per_request: set[tuple[str, str]] = field(default_factory=set)
    escalation_rung: str | None = None  # current AVE rung, None when not escalated
    ruis_flags: tuple[str, ...] = ()
    last_date: dt.date | None = None

    def as_of_end(self) -> dt.date | None:
        """The last day of the measure: actual end, else the ruling's end date."""
        return self.ended_on or self.planned_end


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic, clamped to the end of the month (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))

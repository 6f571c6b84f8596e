"""Pure logic for waiting: which measures need a youth protector, who held a measure on which
day (replayed from its events), the order of the waiting list, and small-number suppression.

No Django here: the selectors load rows in a few queries and call these functions.

Which measures need a youth protector (docs/user-guide/wachten.md): every measure a
jeugdzorgwerker executes, that is youth protection (OTS, VOTS, voogdij, voorlopige and tijdelijke
voogdij) and youth probation. A placement authorisation (machtiging uithuisplaatsing or gesloten
jeugdhulp) rides along with its (V)OTS and the preventive justice framework has no case worker of
its own: they do not count. Counts are of children (distinct youths), never of measures: a child
counts once when at least one of its running measures that needs a youth protector has no fixed
worker that day.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ketenzicht.publication import DEFAULT_THRESHOLD, small_count, threshold
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.events import SAME_DAY_ORDER

NEEDS_WORKER: frozenset[str] = frozenset(
    c
    for c, (_, _, fam) in codes.MEASURE_TYPES.items()
    if fam in (codes.Family.JEUGDBESCHERMING, codes.Family.JEUGDRECLASSERING)
)

# A measure "waited" when it ran more than this many days without a fixed worker in total (a
# worker assigned within the first week is the normal course, not waiting).
WAITED_DAYS = 7

# Event types that change who holds a measure (or whether it runs).
HOLDER_TYPES = (
    "measure_started",
    "handover",
    "worker_assigned",
    "worker_unassigned",
    "measure_ended",
)

GROUPINGS = ("gi", "region", "municipality", "team", "cluster", "total")
TOTAL_KEY = "totaal"


@dataclass(frozen=True)
class Holder:
    """Who held a measure from `since` (inclusive): GI, team, assignment kind and worker."""

    since: dt.date
    gi: str | None
    team: str | None
    assignment: str  # vast | doorstroomteam | niemand
    worker: str | None


@dataclass
class MeasureHistory:
    """A measure's holders over time, replayed from its live (uncorrected) events."""

    start: dt.date | None
    ended_on: dt.date | None
    holders: list[Holder]

    def running_on(self, day: dt.date) -> bool:
        return (
            self.start is not None
            and self.start <= day
            and (self.ended_on is None or day <= self.ended_on)
        )

    def holder_on(self, day: dt.date) -> Holder | None:
        """The holder at the end of `day` (events dated that day count), None when the measure
        does not run that day."""
        if not self.running_on(day):
            return None
        found = None
        for h in self.holders:
            if h.since > day:
                break
            found = h
        return found

    def days_without(self, as_of: dt.date) -> int:
        """Days the measure ran without a fixed worker, up to `as_of` (or its end)."""
        last = min(self.ended_on, as_of) if self.ended_on else as_of
        total = 0
        for i, h in enumerate(self.holders):
            if h.since > last:
                break
            until = self.holders[i + 1].since if i + 1 < len(self.holders) else None
            until = min(until, last + dt.timedelta(days=1)) if until else last + dt.timedelta(1)
            if h.assignment != "vast":
                total += (until - h.since).days
        return total

    def first_fixed(self) -> dt.date | None:
        return next((h.since for h in self.holders if h.assignment == "vast"), None)


# One holder-changing event as the holder read model stores it (care.holders, HolderStep):
# (date, event type, gi, team, worker, assignment), decoded from the payload.
Step = tuple[dt.date, str, str | None, str | None, str | None, str | None]


def holder_steps(events: Iterable[tuple[dt.date, int, str, dict[str, Any]]]) -> list[Step]:
    """(date, seq, type, data) of one measure's live events of HOLDER_TYPES, in the order the
    timeline's fold applies them, reduced to what `replay_steps` reads. A step depends on its
    own event only: the steps of the events up to a date are a prefix of the steps."""
    ordered = sorted(events, key=lambda e: (e[0], SAME_DAY_ORDER.get(e[2], 5), e[1]))
    out: list[Step] = []
    for day, _, etype, data in ordered:
        if etype == "measure_started":
            out.append((day, etype, data.get("gi"), data.get("team"), None, None))
        elif etype == "handover":
            out.append((day, etype, data.get("to_gi"), data.get("to_team"), None, None))
        elif etype == "worker_assigned":
            step = (day, etype, None, data.get("team"), data.get("worker"), data["assignment"])
            out.append(step)
        elif etype in ("worker_unassigned", "measure_ended"):
            out.append((day, etype, None, None, None, None))
    return out


def replay_steps(steps: Iterable[Step], worker_team: dict[str, str | None]) -> MeasureHistory:
    """A measure's holders over time from its steps (`holder_steps`).

    The same rules as the timeline's fold (timeline/domain/state.py): a handover leaves the
    measure with nobody at the receiving GI, a fixed worker brings their team (today's team of
    the worker, `worker_team`) unless the event names one, an unassignment leaves the team as it
    was."""
    start = ended = None
    gi = team = worker = None
    assignment = "niemand"
    holders: list[Holder] = []
    for day, etype, s_gi, s_team, s_worker, s_assignment in steps:
        if etype == "measure_started":
            start, gi, team = day, s_gi, s_team
            assignment, worker = "niemand", None
        elif etype == "handover":
            gi, team = s_gi, s_team
            assignment, worker = "niemand", None
        elif etype == "worker_assigned":
            assignment = str(s_assignment)  # always given (the payload's required field)
            if assignment == "vast":
                worker = s_worker
                team = s_team or worker_team.get(worker or "") or team
            else:
                worker, team = None, s_team
        elif etype == "worker_unassigned":
            assignment, worker = "niemand", None
        elif etype == "measure_ended":
            ended = day
            continue
        else:
            continue
        h = Holder(day, gi, team, assignment, worker)
        if holders and holders[-1].since == day:
            holders[-1] = h
        else:
            holders.append(h)
    return MeasureHistory(start, ended, holders)


def replay(
    events: Iterable[tuple[dt.date, int, str, dict[str, Any]]],
    worker_team: dict[str, str | None],
) -> MeasureHistory:
    """Replay (date, seq, type, data) of one measure's live events of HOLDER_TYPES."""
    return replay_steps(holder_steps(events), worker_team)


def place_on(
    registered: str, changes: Sequence[tuple[dt.date, Any, str | None]], day: dt.date
) -> str:
    """The responsible municipality on `day`: the registered one, changed by the youth's
    residence_changed events (date, order key, new code or None) dated on or before `day`."""
    current = registered
    for when, _, code in changes:
        if when > day:
            break
        if code:
            current = code
    return current


# ------------------------------------------------------------------ the waiting list's order

COLOUR_RANK = {"rood": 0, None: 0, "oranje": 1, "groen": 2}
ORDER_EXPLANATION = (
    "Volgorde: eerst rood, dan oranje, dan groen (Handelingsperspectief: rood wordt als eerste "
    "toegewezen). Een zaak zonder veiligheidsinschatting telt als rood: niemand heeft de "
    "veiligheid nog ingeschat. Binnen een kleur staan ruisdossiers bovenaan (extra "
    "veiligheidscheck met voorrang), daarna de zaak die het langst wacht."
)


def waiting_order(colour: str | None, ruis: bool, days_waiting: int, ref: str) -> tuple:
    return (COLOUR_RANK.get(colour, 0), not ruis, -days_waiting, ref)


# ------------------------------------------------------------------ dates and statistics


def reference_dates(first: dt.date, last: dt.date, step: str = "quarter") -> list[dt.date]:
    """First days of each month or quarter from `first` to `last` (both included when they
    are such a first day), like the Haaglanden table (1 Nov 2024, 1 Jan, 1 Apr 2025, ...)."""
    months = {"month": 1, "quarter": 3}[step]
    day = first.replace(day=1)
    if day < first:
        day = _add_month(day, 1)
    if months == 3:
        while (day.month - 1) % 3:
            day = _add_month(day, 1)
    out = []
    while day <= last:
        out.append(day)
        day = _add_month(day, months)
    return out


def _add_month(day: dt.date, n: int) -> dt.date:
    index = day.month - 1 + n
    return dt.date(day.year + index // 12, index % 12 + 1, 1)


# Small numbers: the one publication policy (ketenzicht.publication), not a rule of our own.
SMALL = DEFAULT_THRESHOLD  # the default; the setting KETENZICHT_SMALL_NUMBER_THRESHOLD rules


def suppressed(n: int) -> str:
    """A single count outside a table, as the publication policy shows it ("<5")."""
    return small_count(n)


@dataclass(frozen=True)
class Measured:
    """A median over a group, or nothing when the group is too small to show."""

    n: int
    median: float | None

    @property
    def shown_n(self) -> str:
        return suppressed(self.n)

    @property
    def shown(self) -> str:
        if self.n < threshold() or self.median is None:
            return "—"
        return f"{self.median:.0f}".replace(".", ",")


def measured(values: Iterable[float]) -> Measured:
    vals = list(values)
    return Measured(len(vals), statistics.median(vals) if vals else None)

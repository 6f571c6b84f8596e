"""What the engine answers: a norm's current result on a measure, and its due instances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    OPEN = "open"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"
    BEFORE_GO_LIVE = "before_go_live"  # triggered before the GI's go-live: not judged


STATUS_LABELS = {
    Status.MET_ON_TIME: "Op tijd voldaan",
    Status.MET_LATE: "Te laat voldaan",
    Status.OPEN: "Open, binnen de termijn",
    Status.OVERDUE: "Termijn verstreken",
    Status.NOT_APPLICABLE: "Niet van toepassing",
    Status.BEFORE_GO_LIVE: "Voor ingebruikname, niet beoordeeld",
}


@dataclass(slots=True)
class NormResult:
    """The current state of one norm on one measure. Treat as read-only (not frozen: a frozen
    dataclass takes three times as long to build, and the bulk path builds a million)."""

    measure_id: str
    norm_id: str
    status: Status
    due_date: dt.date | None
    met_date: dt.date | None
    event_id: str | None  # the event that satisfied it
    variant: str  # "standaard", "hp-oranje-groen", "organisatie:<GI>", "instelling"
    rule: str  # Dutch: the rule the result was computed under
    trigger_date: dt.date | None = None
    last_met_date: dt.date | None = None  # recurring norms: the last satisfying event
    last_event_id: str | None = None
    reason: str = ""  # Dutch, for not_applicable

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True, slots=True)
class NormInstance:
    """One due instance of a norm (one cycle of a recurring norm, one signal, ...)."""

    measure_id: str
    norm_id: str
    trigger_date: dt.date
    due_date: dt.date
    met_date: dt.date | None
    event_id: str | None
    status: Status
    variant: str

    def fell_due_in(self, first: dt.date, last: dt.date) -> bool:
        """Counts for a KPI over [first, last]: due in the period and not open, n/a or before
        the GI's go-live (not judged: neither met nor missed)."""
        return first <= self.due_date <= last and self.status not in (
            Status.OPEN,
            Status.NOT_APPLICABLE,
            Status.BEFORE_GO_LIVE,
        )

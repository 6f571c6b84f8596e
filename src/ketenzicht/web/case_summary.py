"""The case page's "Nu belangrijk" block (issue 16, item 2): what matters now for this child, at
the top of the page. Every norm fact comes from the one engine (the results the norms panel
shows, and its instances for the open signals); the rest are facts read from the timeline (the
last safety colour, the last contacts) and the escalation selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ketenzicht.escalation.selectors import open_escalations
from ketenzicht.norms.engine import Status
from ketenzicht.norms.services import instances_for_measure
from ketenzicht.timeline.domain.codes import SAFETY_COLOURS, SEVERITIES, SIGNAL_SOURCES
from ketenzicht.timeline.models import Event, Measure

from .worklist_rows import Row, build_rows

NEXT_ITEMS = 5
SIGNAL_NORM = "3.6-signaal-beoordeeld"  # one instance per signal: judged or not


@dataclass
class OpenSignal:
    measure: Measure
    date: dt.date
    severity: str
    source: str
    due: dt.date
    overdue: bool

    @property
    def severity_label(self) -> str:
        return SEVERITIES.get(self.severity, "onbekend")

    @property
    def source_label(self) -> str:
        return SIGNAL_SOURCES.get(self.source, self.source)


@dataclass
class Summary:
    age: int
    measures: list[Measure]
    safety: tuple[str, str, dt.date] | None = None  # (colour code, label, date)
    safety_kind: str = ""
    signals: list[OpenSignal] = field(default_factory=list)
    last_contact: dt.date | None = None
    last_alone: dt.date | None = None
    next_items: list[Row] = field(default_factory=list)
    more_items: int = 0
    escalations: list = field(default_factory=list)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _live(measures, as_of):
    return Event.live.filter(measure__in=[m.pk for m in measures], date__lte=as_of)


def _open_signals(measures, as_of) -> list[OpenSignal]:
    """Every signal of unsafety not yet judged (open or overdue instances of norm 3.6), with the
    severity and source recorded with it; highest severity first, then the oldest."""
    from ketenzicht.norms.priority import severity_rank

    open_days: dict[tuple[str, dt.date], tuple[dt.date, bool]] = {}
    for m in measures:
        for i in instances_for_measure(m, as_of):
            if i.norm_id == SIGNAL_NORM and i.status in (Status.OPEN, Status.OVERDUE):
                open_days[m.external_id, i.trigger_date] = (i.due_date, i.status is Status.OVERDUE)
    if not open_days:
        return []
    by_id = {m.external_id: m for m in measures}
    out = []
    signals = _live(measures, as_of).filter(event_type="unsafety_signal")
    for mid, day, data in signals.values_list("measure__external_id", "date", "data"):
        if (mid, day) in open_days:
            due, overdue = open_days[mid, day]
            out.append(
                OpenSignal(
                    by_id[mid], day, data.get("severity", ""), data.get("source", ""), due, overdue
                )
            )
    out.sort(key=lambda s: (-severity_rank(s.severity), s.date))
    return out


def _last_safety(measures, as_of):
    last = (
        _live(measures, as_of)
        .filter(event_type__in=("safety_estimate", "safety_assessment"))
        .order_by("-date", "-seq")
        .values_list("event_type", "date", "data")
        .first()
    )
    if not last or not last[2].get("colour"):
        return None, ""
    kind, day, data = last
    colour = data["colour"]
    label = "veiligheidsinschatting" if kind == "safety_estimate" else "veiligheidsbeoordeling"
    return (colour, SAFETY_COLOURS.get(colour, colour), day), label


def _last_contacts(measures, as_of):
    contacts = _live(measures, as_of).filter(event_type__in=("contact", "first_contact"))
    last = contacts.order_by("-date").values_list("date", flat=True).first()
    alone = (
        contacts.filter(event_type="contact", data__child_spoken_alone=True)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return last, alone


def summary(youth, measures, results: dict, as_of: dt.date) -> Summary:
    """`measures`: the child's measures the user may see; `results`: the engine's results of the
    running ones ({measure external id: results}, as on the norms panel)."""
    active = [m for m in measures if m.ended_on is None and m.start_date is not None]
    out = Summary(age_on(youth.birth_date, as_of), active)
    if not active:
        return out
    out.safety, out.safety_kind = _last_safety(active, as_of)
    out.signals = _open_signals(active, as_of)
    out.last_contact, out.last_alone = _last_contacts(active, as_of)
    flat = [r for m in active for r in results.get(m.external_id, [])]
    rows, _ = build_rows(active, as_of, results=flat)
    items = [r for r in rows if not r.is_signal]  # the signals are listed above
    out.next_items, out.more_items = items[:NEXT_ITEMS], max(0, len(items) - NEXT_ITEMS)
    out.escalations = open_escalations(Measure.objects.filter(pk__in=[m.pk for m in active]))
    return out

"""The state of a measure, folded from its events, and the rules that keep a timeline coherent.

`fold()` is the only place where the meaning of a timeline is decided: the importer, the web
services and the demo generator all call it before anything is stored, and the measure's
denormalised columns (start, planned end, GI, current worker...) are its output. What each
event type checks and changes is in `state_handlers` (one handler per type); the records and
the state itself are in `state_types`, all importable from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .events import EVENT_TYPES
from .state_handlers import HANDLERS, NO_STATE_RULES, ONCE_PER_REQUEST, apply
from .state_types import (
    EventRecord,
    MeasureFacts,
    MeasureState,
    References,
    TimelineError,
    add_months,
    age_on,
)

__all__ = [
    "HANDLERS",
    "NO_STATE_RULES",
    "ONCE_PER_REQUEST",
    "EventRecord",
    "MeasureFacts",
    "MeasureState",
    "References",
    "TimelineError",
    "YouthPlace",
    "add_months",
    "age_on",
    "current_place",
    "fold",
    "lapsed",
]


def lapsed(ended_on: dt.date | None, planned_end: dt.date | None, day: dt.date) -> bool:
    """A running measure has lapsed by law on `day` when the ruling's end date (with its
    extensions) has passed with no end event (issue 12). The one statement of the rule: the norm
    engine, the measure rows and the reports all ask it."""
    return ended_on is None and planned_end is not None and planned_end < day


def fold(
    facts: MeasureFacts,
    events: Iterable[EventRecord],
    refs: References,
    today: dt.date,
) -> MeasureState:
    """Fold events into the measure's state, refusing anything that contradicts the timeline."""
    events = list(events)
    by_id: dict[str, EventRecord] = {}
    for e in events:
        if e.id in by_id:
            raise TimelineError(
                e.id, "id", f"het event-id '{e.id}' komt al voor bij deze maatregel."
            )
        by_id[e.id] = e
    for e in events:  # corrected or not, nothing on a timeline lies in the future
        if e.date > today:
            raise TimelineError(e.id, "date", f"de datum {e.date:%d-%m-%Y} ligt in de toekomst.")
    state = MeasureState()
    _collect_corrections(events, by_id, state)

    live = sorted((e for e in events if e.id not in state.superseded), key=lambda e: e.sort_key)
    starts = [e for e in live if e.type == "measure_started"]
    if not starts:
        first = live[0] if live else events[0]
        raise TimelineError(
            first.id,
            "type",
            "de tijdlijn van een maatregel begint met het event 'Maatregel gestart' (uitspraak).",
        )
    if len(starts) > 1:
        raise TimelineError(
            starts[1].id,
            "type",
            "deze maatregel is al gestart; een maatregel "
            "heeft één start. Registreer een nieuwe maatregel.",
        )
    start = starts[0]
    for e in live:
        if e is not start and e.date < start.date:
            raise TimelineError(
                e.id,
                "date",
                f"de datum {e.date:%d-%m-%Y} ligt vóór de start van de maatregel "
                f"({start.date:%d-%m-%Y}).",
            )
        if state.ended_on is not None and e.type != "correction":
            if e.type == "measure_ended":
                raise TimelineError(e.id, "type", "de maatregel is al beëindigd.")
            raise TimelineError(
                e.id,
                "date",
                f"de datum {e.date:%d-%m-%Y} ligt na het einde van de maatregel "
                f"({state.ended_on:%d-%m-%Y}).",
            )
        if (
            state.planned_end is not None
            and e.date > state.planned_end
            and e.type not in ("correction",)
        ):
            raise TimelineError(
                e.id,
                "date",
                f"de datum {e.date:%d-%m-%Y} ligt na de einddatum volgens de uitspraak "
                f"({state.planned_end:%d-%m-%Y}); registreer eerst een verlenging of het einde.",
            )
        apply(facts, e, state, refs, today)
        state.seen[e.id] = e
        state.last_date = e.date
    return state


def _collect_corrections(
    events: list[EventRecord], by_id: dict[str, EventRecord], state: MeasureState
) -> None:
    for e in events:
        if e.type != "correction":
            continue
        target_id = e.data["corrects"]
        target = by_id.get(target_id)
        if target is None or target.seq > e.seq:
            raise TimelineError(
                e.id,
                "data.corrects",
                f"data.corrects: event '{target_id}' bestaat niet (eerder) bij deze maatregel.",
            )
        if target.type in ("measure_started", "correction"):
            label = EVENT_TYPES[target.type].label
            raise TimelineError(
                e.id,
                "data.corrects",
                f"data.corrects: een event '{label}' kan niet gecorrigeerd worden"
                + (
                    " (registreer de maatregel opnieuw)."
                    if target.type == "measure_started"
                    else "."
                ),
            )
        if target_id in state.superseded:
            raise TimelineError(
                e.id, "data.corrects", f"data.corrects: event '{target_id}' is al gecorrigeerd."
            )
        if e.date < target.date:
            raise TimelineError(
                e.id,
                "date",
                "een correctie kan niet gedateerd zijn vóór het event dat zij "
                f"corrigeert ({target.date:%d-%m-%Y}).",
            )
        state.superseded.add(target_id)


@dataclass
class YouthPlace:
    responsible_municipality: str
    stay_municipality: str
    placement_type: str


def current_place(initial: YouthPlace, events: Iterable[EventRecord]) -> YouthPlace:
    """The youth's current municipalities and placement from the registration values and the
    placement/residence events of all the youth's measures (corrected events excluded)."""
    place = YouthPlace(**vars(initial))
    for e in sorted(events, key=lambda e: (e.date, e.seq)):
        if e.type == "placement_changed":
            place.placement_type = e.data["placement_type"]
            place.stay_municipality = e.data.get("stay_municipality", place.stay_municipality)
        elif e.type == "residence_changed":
            place.responsible_municipality = e.data.get(
                "responsible_municipality", place.responsible_municipality
            )
            place.stay_municipality = e.data.get("stay_municipality", place.stay_municipality)
    return place

"""The single-case path: one measure's norms, re-evaluated after every new event (case page),
by the one engine.

One query for the events (the measure row is passed in) plus, when no config is given, one for
the per-organisation terms.
"""

from __future__ import annotations

import datetime as dt

from ketenzicht import clock
from ketenzicht.timeline.models import Event, Measure

from .catalogue import CATALOGUE, RELEVANT_TYPES, Norm
from .compact import Ev, live_compact_events
from .config import NormConfig
from .configured import load_config
from .engine import NormInstance, NormResult, evaluate_measure, measure_instances


def measure_events(measure: Measure) -> list[Ev]:
    """The measure's live compact events (corrections read from the correction events)."""
    return _events_and_birth(measure)[0]


def _events_and_birth(measure: Measure) -> tuple[list[Ev], dt.date | None]:
    """The live compact events and the youth's birth date, in one query."""
    rows = list(
        Event.objects.filter(
            measure_id=measure.pk, event_type__in=[*RELEVANT_TYPES, "correction"]
        ).values_list(
            "external_id", "event_type", "date", "data", "seq", "measure__youth__birth_date"
        )
    )
    birth = rows[0][5] if rows else None  # no events: nothing has started, age is moot
    return live_compact_events([r[:5] for r in rows]), birth


def results_for_measure(
    measure: Measure,
    as_of: dt.date | None = None,
    config: NormConfig | None = None,
    norms: tuple[Norm, ...] = CATALOGUE,
) -> list[NormResult]:
    """Every norm's current result for one measure, in catalogue order."""
    events, birth = _events_and_birth(measure)
    return evaluate_measure(
        measure.external_id,
        measure.measure_type,
        events,
        as_of or clock.today(),
        config or load_config(),
        norms,
        birth_date=birth,
    )


def instances_for_measure(
    measure: Measure, as_of: dt.date | None = None, config: NormConfig | None = None
) -> list[NormInstance]:
    events, birth = _events_and_birth(measure)
    return measure_instances(
        measure.external_id,
        measure.measure_type,
        events,
        as_of or clock.today(),
        config or load_config(),
        birth_date=birth,
    )

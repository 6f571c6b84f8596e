"""The one executor for many measures: timelines in, the engine's results out.

Every path that evaluates norms goes through here or, for one measure, straight to
`engine.evaluate_measure` / `engine.measure_instances`: the bulk loader (worklists, dashboards,
the council report, the API), the streamed loader (every due instance, for KPIs), the single
case (`services`) and the exchange-file command (`ketenzicht.interop.norms_file`). No rule kind
has a second implementation; the loaders only build compact events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from .catalogue import CATALOGUE, Norm
from .compact import Ev
from .config import NormConfig
from .engine import NormInstance, NormResult, evaluate_measure, measure_instances

# One measure's timeline: (measure id, measure type, the youth's birth date, live compact events)
Timeline = tuple[str, str, "dt.date | None", list[Ev]]


def results(
    timelines: Iterable[Timeline],
    as_of: dt.date,
    config: NormConfig,
    norms: tuple[Norm, ...] = CATALOGUE,
) -> Iterator[list[NormResult]]:
    """Per timeline its results, one per norm in catalogue order."""
    for measure_id, measure_type, birth, events in timelines:
        yield evaluate_measure(
            measure_id, measure_type, events, as_of, config, norms, birth_date=birth
        )


def instances(
    timelines: Iterable[Timeline],
    as_of: dt.date,
    config: NormConfig,
    norms: tuple[Norm, ...] = CATALOGUE,
) -> Iterator[NormInstance]:
    """Every due instance of every applicable norm on the timelines."""
    for measure_id, measure_type, birth, events in timelines:
        yield from measure_instances(
            measure_id, measure_type, events, as_of, config, norms, birth_date=birth
        )

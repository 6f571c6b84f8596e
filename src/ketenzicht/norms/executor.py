"""The engine over many timelines: timelines in, the engine's results or due instances out.

Used by the streamed loader (every due instance, for KPIs and the council report), the
exchange-file command (`ketenzicht.interop.norms_file`) and the interpreted bulk path; one case
calls `engine.evaluate_measure` directly, current results of many measures come from `columns`
(each rule kind's set-based version, held to the engine by the property test).
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

"""Norms over many measures, with no query per measure: the loaders feed the one executor.

- `iter_results` / `evaluate_all`: current results; `loader` reads only the events a current
  result needs (a few queries, numpy parses them) and `columns` computes each norm for all
  measures at once with its rule kind's set-based `column` (decision 0009);
- `iter_results_interpreted`: the same rows through the engine, measure by measure;
- `iter_instances`: every due instance (KPIs); `stream` streams whole timelines;
- `stream_results`: current results from whole streamed timelines (a witness in the tests).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from . import columns, executor, loader, stream
from .catalogue import CATALOGUE, Norm
from .config import NormConfig
from .configured import load_config
from .engine import NormInstance, NormResult, Status

CHUNK = 5_000  # measures whose results get their event ids in one go


def iter_results(
    measures: Any, as_of: dt.date, config: NormConfig | None = None, norms=CATALOGUE
) -> Iterator[list[NormResult]]:
    """Per measure (in primary-key order) its results in catalogue order, set-based (each rule
    kind's `column`). `measures`: None (all), a Measure queryset, or primary keys."""
    for results in columns.evaluate(measures, as_of, config or load_config(), norms):
        yield from results


def iter_results_interpreted(
    measures: Any, as_of: dt.date, config: NormConfig | None = None, norms=CATALOGUE
) -> Iterator[list[NormResult]]:
    """The same as `iter_results`, from the same loader, but every measure through the engine
    (each rule kind's `rule`): the measured alternative of decision 0009, and a witness in the
    property test."""
    config = config or load_config()
    for frame in loader.frames(measures, as_of):
        timelines = loader.timelines(frame)
        for start in range(0, len(timelines), CHUNK):
            chunk = list(executor.results(timelines[start : start + CHUNK], as_of, config, norms))
            _external_event_ids(chunk)
            yield from chunk


def _external_event_ids(chunk: list[list[NormResult]]) -> None:
    """The loader identifies events by primary key: name them by their external ids."""
    pks = [p for rs in chunk for r in rs for p in (r.event_id, r.last_event_id) if p is not None]
    if not pks:
        return
    ids = loader.external_ids(pks)
    for rs in chunk:
        for r in rs:
            if r.event_id is not None:
                r.event_id = ids[r.event_id]
            if r.last_event_id is not None:
                r.last_event_id = ids[r.last_event_id]


def evaluate_all(
    measures: Any, as_of: dt.date, config: NormConfig | None = None, norms=CATALOGUE
) -> list[NormResult]:
    return [r for rs in iter_results(measures, as_of, config, norms) for r in rs]


def stream_results(
    measures: Any, as_of: dt.date, config: NormConfig | None = None, norms=CATALOGUE
) -> Iterator[list[NormResult]]:
    """Per measure its results, from whole timelines streamed in one query."""
    return executor.results(
        stream.timelines(measures, as_of), as_of, config or load_config(), norms
    )


def iter_instances(
    measures: Any,
    as_of: dt.date,
    config: NormConfig | None = None,
    norms: tuple[Norm, ...] = CATALOGUE,
) -> Iterator[NormInstance]:
    """Every due instance of every norm on the measures (KPIs: what fell due in a period)."""
    return executor.instances(
        stream.timelines(measures, as_of), as_of, config or load_config(), norms
    )


def counts(results: Iterable[list[NormResult]]) -> dict[str, Counter]:
    """{norm id: Counter(status)} over per-measure result lists."""
    out: dict[str, Counter] = {}
    for rs in results:
        for r in rs:
            out.setdefault(r.norm_id, Counter())[r.status] += 1
    return out


def results_by_measure(results: Iterable[NormResult]) -> dict[str, list[NormResult]]:
    out: dict[str, list[NormResult]] = {}
    for r in results:
        out.setdefault(r.measure_id, []).append(r)
    return out


__all__ = [
    "Status",
    "counts",
    "evaluate_all",
    "iter_instances",
    "iter_results",
    "iter_results_interpreted",
    "results_by_measure",
    "stream_results",
]

"""Reads for worklists, team overviews and KPIs: norm results for many measures at once, with
no query per measure (see `bulk`). Every read goes through the one executor."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ketenzicht import clock

from .bulk import iter_results
from .catalogue import NORMS
from .config import NormConfig
from .engine import NormInstance, NormResult, Status


def results_for_measures(
    measures: Any = None, as_of: dt.date | None = None, config: NormConfig | None = None
) -> dict[str, list[NormResult]]:
    """{measure external id: results in catalogue order} for a Measure queryset, a list of
    primary keys, or None (all measures)."""
    as_of = as_of or clock.today()
    return {rs[0].measure_id: rs for rs in iter_results(measures, as_of, config) if rs}


def actionable(
    results: Iterable[NormResult], as_of: dt.date, within_days: int = 7
) -> list[NormResult]:
    """Worklist order: overdue first (longest overdue first), then open and due within
    `within_days` days (soonest first)."""
    horizon = as_of + dt.timedelta(days=within_days)
    overdue = [r for r in results if r.status is Status.OVERDUE]
    soon = [
        r
        for r in results
        if r.status is Status.OPEN and r.due_date is not None and r.due_date <= horizon
    ]
    overdue.sort(key=lambda r: (r.due_date, r.measure_id, r.norm_id))
    soon.sort(key=lambda r: (r.due_date, r.measure_id, r.norm_id))
    return overdue + soon


def status_counts(results: Iterable[NormResult]) -> dict[str, Counter]:
    """{norm id: Counter(status)}: the counts for a team overview."""
    out: dict[str, Counter] = {n: Counter() for n in NORMS}
    for r in results:
        out[r.norm_id][r.status] += 1
    return out


@dataclass(frozen=True)
class Kpi:
    norm_id: str
    fell_due: int
    met_on_time: int

    @property
    def share(self) -> float | None:
        return self.met_on_time / self.fell_due if self.fell_due else None


def kpis(instances: Iterable[NormInstance], first: dt.date, last: dt.date) -> dict[str, Kpi]:
    """Per norm: instances that fell due in [first, last] and how many were met on time.
    Group the instances (per GI, team, municipality) before calling to get those KPIs."""
    due: Counter = Counter()
    on_time: Counter = Counter()
    for i in instances:
        if i.fell_due_in(first, last):
            due[i.norm_id] += 1
            on_time[i.norm_id] += i.status is Status.MET_ON_TIME
    return {n: Kpi(n, due[n], on_time[n]) for n in NORMS}


def kpis_by_group(
    group_of: dict[int, str],
    as_of: dt.date,
    first: dt.date,
    last: dt.date,
    config: NormConfig | None = None,
) -> dict[str, dict[str, Kpi]]:
    """`kpis` per group of measures ({measure pk: group}), for the groups with any instance as
    of the date: counted in SQL over the norms read model where it holds, from the engine's
    instances for the rest (`readmodel.split`)."""
    from django.db.models import Count, Q

    from .configured import load_config
    from .readmodel import evaluate, fell_due_q, split, stored

    config = config or load_config()
    covered, rest = split(list(group_of), as_of, config)
    due: Counter = Counter()
    on_time: Counter = Counter()
    present: set[str] = set()
    in_period = fell_due_q(first, last, as_of)
    for rows in stored(covered):
        measures = rows.values_list("measure_id", flat=True).distinct().order_by()
        present.update(group_of[pk] for pk in measures)
        counted = (
            rows.filter(in_period)
            .values("measure_id", "norm_id")
            .annotate(n=Count("pk"), met=Count("pk", filter=Q(status=Status.MET_ON_TIME)))
            .values_list("measure_id", "norm_id", "n", "met")
            .order_by()
        )
        for pk, norm, n, met in counted:
            due[(group_of[pk], norm)] += n
            on_time[(group_of[pk], norm)] += met
    for pk, i in evaluate(rest, as_of, config):
        group = group_of[pk]
        present.add(group)
        if i.fell_due_in(first, last):
            due[(group, i.norm_id)] += 1
            on_time[(group, i.norm_id)] += i.status is Status.MET_ON_TIME
    return {g: {n: Kpi(n, due[(g, n)], on_time[(g, n)]) for n in NORMS} for g in sorted(present)}


def due_by_measure(
    pks: list[int],
    as_of: dt.date,
    periods: list[tuple[dt.date, dt.date]],
    config: NormConfig | None = None,
) -> dict[tuple[int, int], tuple[int, int]]:
    """{(measure pk, period index): (instances that fell due in the period (`fell_due_in`), of
    which met on time)}, as known on `as_of`, for the pairs with any: one SQL query over the
    norms read model where it holds (two counts per period, per measure), the engine for the
    rest."""
    from django.db.models import Count, Q

    from .configured import load_config
    from .readmodel import evaluate, fell_due_q, split, stored

    config = config or load_config()
    covered, rest = split(pks, as_of, config)
    out: dict[tuple[int, int], tuple[int, int]] = {}
    met = Q(status=Status.MET_ON_TIME)
    counts = {}
    for p, (first, last) in enumerate(periods):
        due = fell_due_q(first, last, as_of)
        counts[f"due{p}"] = Count("pk", filter=due)
        counts[f"met{p}"] = Count("pk", filter=due & met)
    names = [n for p in range(len(periods)) for n in (f"due{p}", f"met{p}")]
    span = Q(due_date__gte=min(f for f, _ in periods), due_date__lte=max(t for _, t in periods))
    for rows in stored(covered):
        counted = (
            rows.filter(span)
            .values("measure_id")
            .annotate(**counts)
            .values_list("measure_id", *names)
            .order_by()
        )
        for pk, *pairs in counted:
            for p in range(len(periods)):
                if pairs[2 * p]:
                    out[(pk, p)] = (pairs[2 * p], pairs[2 * p + 1])
    out.update(tally(evaluate(rest, as_of, config), periods))
    return out


def tally(
    instances: Iterable[tuple[int, NormInstance]], periods: list[tuple[dt.date, dt.date]]
) -> dict[tuple[int, int], tuple[int, int]]:
    """`due_by_measure` over (measure pk, instance) pairs the engine gave."""
    counts: dict[tuple[int, int], list[int]] = {}
    for pk, i in instances:
        for p, (first, last) in enumerate(periods):
            if i.fell_due_in(first, last):
                c = counts.setdefault((pk, p), [0, 0])
                c[0] += 1
                c[1] += i.status is Status.MET_ON_TIME
    return {k: (due, met) for k, (due, met) in counts.items()}


def due_counts(
    group_of: dict[int, str],
    group_field: str,
    as_of: dt.date,
    first: dt.date,
    last: dt.date,
    config: NormConfig | None = None,
) -> Counter:
    """{(group, norm id, due date, met on time): count} of the instances that fell due in
    [first, last] (`fell_due_in`), as known on `as_of`: per group of measures ({measure pk:
    group}; `group_field` is the same group as a path from `InstanceRow`, for SQL). Counted in
    SQL over the norms read model where it holds, from the engine for the rest."""
    from django.db.models import Count, Q

    from .configured import load_config
    from .readmodel import evaluate, fell_due_q, split, stored

    config = config or load_config()
    covered, rest = split(list(group_of), as_of, config)
    out: Counter = Counter()
    for rows in stored(covered):
        counted = (
            rows.filter(fell_due_q(first, last, as_of))
            .values(group_field, "norm_id", "due_date")
            .annotate(n=Count("pk"), met=Count("pk", filter=Q(status=Status.MET_ON_TIME)))
            .values_list(group_field, "norm_id", "due_date", "n", "met")
            .order_by()
        )
        for group, norm, due, n, met in counted:
            out[(group, norm, due, True)] += met
            out[(group, norm, due, False)] += n - met
    for pk, i in evaluate(rest, as_of, config):
        if i.fell_due_in(first, last):
            out[(group_of[pk], i.norm_id, i.due_date, i.status is Status.MET_ON_TIME)] += 1
    return +out  # without the zero counts


def instances_for_measures(
    measures: Any = None, as_of: dt.date | None = None, config: NormConfig | None = None
) -> list[NormInstance]:
    """Every due instance on the measures as of the date: from the read model where it holds
    for that date, the rest evaluated (`readmodel.instances`)."""
    from .configured import load_config
    from .readmodel import instances

    return list(instances(measures, as_of or clock.today(), config or load_config()))


def load_weights():
    """The norm weights for worklist order (`priority.Weights`): setting `NORMS_WEIGHTS`, then
    the per-GI `NormWeight` rows (one query)."""
    from django.conf import settings

    from .models import NormWeight
    from .priority import Weights

    rows = NormWeight.objects.values_list("organisation__external_id", "norm_id", "weight")
    return Weights(
        dict(getattr(settings, "NORMS_WEIGHTS", {})),
        {(org, norm): w for org, norm, w in rows},
    )


def signal_severities(measures: Any, as_of: dt.date) -> dict[tuple[str, dt.date], str]:
    """{(measure external id, date): the highest severity among the live signals of unsafety
    of that day} for a Measure queryset or a list of primary keys (one query). A result of a
    signal norm names its signal by its trigger date (`priority`)."""
    from ketenzicht.timeline.models import Event

    from .priority import strongest

    qs = Event.live.filter(event_type="unsafety_signal", date__lte=as_of)
    qs = (
        qs.filter(measure__in=measures)
        if not isinstance(measures, list)
        else qs.filter(measure_id__in=measures)
    )
    found: dict[tuple[str, dt.date], list[str]] = {}
    for mid, day, data in qs.values_list("measure__external_id", "date", "data"):
        found.setdefault((mid, day), []).append((data or {}).get("severity") or "")
    return {key: s for key, codes in found.items() if (s := strongest(codes))}

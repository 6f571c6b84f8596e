"""Reads for the forecast of the waiting list (issue 17, item 4): monthly snapshots of the
children (replayed from the timeline by `care.selectors.histories`) and of the jeugdzorgwerkers
(replayed from the staff facts) of the teams in scope, for the two years up to the reference
date; then the pure `domain.forecast_fit` and `domain.forecast`. A few queries per call."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

from django.db.models import QuerySet

from ketenzicht.care.selectors import histories as holder_histories
from ketenzicht.reference.models import Team
from ketenzicht.timeline.domain.state_types import add_months

from .domain.capacity import TOTAL, histories as worker_histories
from .domain.forecast import Fit, Month, Scenario, Start, draw, run, summarise
from .domain.forecast_fit import (
    FIT_MONTHS,
    Backtest,
    Series,
    backtest,
    child_series,
    fit,
    merge,
    staff_series,
    start,
)
from .selectors import (
    labels_of,
    norms_on,
    population,
    staff_facts,
    teams_in_scope,
    worker_bases,
)

HISTORY_MONTHS = 24  # a year to fit on, and a year of origins for the backtest
GROUPINGS = {"gi": "GI", "cluster": "Cluster", "totaal": "Totaal"}


def snapshot_days(as_of: dt.date, months: int = HISTORY_MONTHS) -> list[dt.date]:
    return [add_months(as_of, -k) for k in range(months, -1, -1)]


@dataclass(frozen=True)
class GroupForecast:
    key: str
    label: str
    series: Series
    fit: Fit
    start: Start
    baseline: list[Month]
    scenario: list[Month] | None  # None: no scenario chosen
    backtests: list[Backtest]


def seed_for(key: str, seed: int) -> int:
    """A stable seed per group, so a group's forecast does not depend on the others shown."""
    return seed * 1_000_003 + zlib.crc32(key.encode())


def group_series(teams: QuerySet[Team], as_of: dt.date, by: str) -> tuple[dict, dict]:
    """({group: Series}, {group: label}) for the teams in scope, grouped by gi, cluster or
    totaal; measures and workers outside the teams are left out."""
    info, orgs = teams_in_scope(teams)
    if not orgs:
        return {}, {}
    days = snapshot_days(as_of)

    def group_of(gi: str | None, team: str | None) -> str | None:
        if team not in info:
            return None
        if by == "gi":
            return gi or "—"
        if by == "cluster":
            return info[team][1] or "—"  # type: ignore[index]
        return TOTAL

    measures = population(orgs)
    youth_of = dict(measures.values_list("pk", "youth_id"))
    children = child_series(
        holder_histories(measures, until=as_of, since=min(days)), youth_of, days, group_of
    )
    workers = worker_histories(staff_facts(orgs), worker_bases(orgs))
    norms = [{o: float(n) for o, n in norms_on(d, orgs).items()} for d in days]
    series = merge(children, staff_series(workers, days, norms, group_of), days)
    return series, labels_of(info, "total" if by == "totaal" else by)


def forecasts(
    teams: QuerySet[Team],
    as_of: dt.date,
    by: str,
    scenario: Scenario | None,
    seed: int = 1,
    runs: int | None = None,
    with_backtest: bool = True,
) -> list[GroupForecast]:
    """The forecast of every group from `as_of`, without and (if given) with the scenario,
    and the backtest of the model on the group's own history."""
    series, labels = group_series(teams, as_of, by)
    last = len(snapshot_days(as_of)) - 1
    out = []
    for key, s in series.items():
        f, st = fit(s, last - FIT_MONTHS, last), start(s, last)
        group_seed = seed_for(key, seed)
        extra = {"runs": runs} if runs else {}
        draws = draw(f, st, group_seed, **extra)
        base = summarise(run(f, st, draws))
        alt = (
            summarise(run(f, st, draws, scenario))
            if scenario and not scenario.is_baseline
            else None
        )
        tests = backtest(s, seed=group_seed, **extra) if with_backtest else []
        out.append(GroupForecast(key, labels.get(key, key), s, f, st, base, alt, tests))
    return sorted(out, key=lambda g: g.label)

"""Figures from the care (waiting, caseload) and escalation apps, through their selectors,
shaped for the dashboards and the council report (measure pks or a queryset in, the rows or
counts reporting needs out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ketenzicht.care import published, selectors as care
from ketenzicht.escalation import selectors as escalation
from ketenzicht.publication.suppression import Table
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.models import Measure


def _measures(pks: Iterable[int] | Any):
    if hasattr(pks, "query"):
        return pks
    return Measure.objects.filter(pk__in=list(pks))


def help_waits(as_of: dt.date, measure_pks: Iterable[int] | Any) -> list:
    return care.help_waits(as_of, _measures(measure_pks))


def waiting_help(as_of: dt.date, measure_pks: Iterable[int] | Any) -> list:
    """The help waits still waiting on `as_of`."""
    return care.waiting_help(as_of, _measures(measure_pks))


def started_between(
    first: dt.date, last: dt.date, as_of: dt.date, measure_pks: Iterable[int] | Any
) -> list:
    """The help waits on `as_of` whose help started from `first` to `last`."""
    return care.started_between(first, last, as_of, _measures(measure_pks))


def help_waits_on(days: list[dt.date], measure_pks: Iterable[int] | Any) -> dict[dt.date, list]:
    """`help_waits` on several dates, loaded once."""
    return care.help_waits_on(days, _measures(measure_pks))


def without_fixed_worker_counts(days: list[dt.date], by: str, measures: Any = None):
    return care.without_fixed_worker_counts(days, by, measures)


def without_fixed_worker_table(municipalities: list[tuple[str, str]], days: list[dt.date]) -> Table:
    """The published table of children without a fixed youth protector (care.published), the
    same one the municipal reference-date page shows."""
    return published.without_fixed_worker_table(municipalities, days)


def open_escalation_measures(measure_pks: Iterable[int] | Any) -> set[int]:
    return {e.measure.pk for e in escalation.open_escalations(_measures(measure_pks))}


def caseload_by_team(measures: Any, as_of: dt.date) -> dict[str, tuple[float, int]]:
    """{team external id: (cases per fte over the team's jeugdzorgwerkers, caseload norm)}."""
    orgs = Organisation.objects.filter(pk__in=measures.values("gi_id"))
    out: dict[str, tuple[float, int]] = {}
    sums: dict[str, list] = {}
    for org in orgs:
        for c in care.caseloads(org, as_of):
            if not c.team_id:
                continue
            s = sums.setdefault(c.team_id, [0, 0.0, c.norm])
            s[0] += c.cases
            s[1] += float(c.fte)
    for team, (cases, fte, norm) in sums.items():
        if fte:
            out[team] = (cases / fte, norm)
    return out


def incidents(municipalities: list[str] | None, since: dt.date, until: dt.date) -> list:
    return list(escalation.incidents(municipalities, since, until))


def open_recommendations(municipalities: list[str] | None) -> list:
    return list(escalation.open_recommendations(municipalities=municipalities))

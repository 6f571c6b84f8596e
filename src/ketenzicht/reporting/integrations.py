"""Figures from the care (waiting, caseload) and escalation apps, through their selectors.

Each function returns None when the selector it needs is not available, so a dashboard or
report can say "nog niet beschikbaar" instead of showing a number it cannot back.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable
from typing import Any


def _selectors(app: str) -> Any | None:
    try:
        return importlib.import_module(f"ketenzicht.{app}.selectors")
    except Exception:  # noqa: BLE001 - not there (yet), or broken: say "nog niet beschikbaar"
        return None


def _has(app: str, name: str) -> bool:
    module = _selectors(app)
    return module is not None and hasattr(module, name)


def help_waits_available() -> bool:
    return _has("care", "help_waits")


def caseloads_available() -> bool:
    return _has("care", "caseloads")


def without_fixed_worker_available() -> bool:
    return _has("care", "without_fixed_worker_counts")


def escalations_available() -> bool:
    return _has("escalation", "open_escalations")


def incidents_available() -> bool:
    return _has("escalation", "incidents")


def recommendations_available() -> bool:
    return _has("escalation", "open_recommendations")


def _measures(pks: Iterable[int] | Any):
    from ketenzicht.timeline.models import Measure

    if hasattr(pks, "query"):
        return pks
    return Measure.objects.filter(pk__in=list(pks))


def help_waits(as_of: dt.date, measure_pks: Iterable[int] | Any) -> list | None:
    if not help_waits_available():
        return None
    return _selectors("care").help_waits(as_of, _measures(measure_pks))


def without_fixed_worker_counts(days: list[dt.date], by: str, measures: Any = None):
    if not without_fixed_worker_available():
        return None
    return _selectors("care").without_fixed_worker_counts(days, by, measures)


def without_fixed_worker_table(municipalities: list[tuple[str, str]], days: list[dt.date]):
    """The published table of children without a fixed youth protector (care.published), the
    same one the municipal reference-date page shows; None when care is not there."""
    try:
        published = importlib.import_module("ketenzicht.care.published")
    except Exception:  # noqa: BLE001 - not there (yet), or broken: say "nog niet beschikbaar"
        return None
    return published.without_fixed_worker_table(municipalities, days)


def open_escalation_measures(measure_pks: Iterable[int] | Any) -> set[int] | None:
    if not escalations_available():
        return None
    return {e.measure.pk for e in _selectors("escalation").open_escalations(_measures(measure_pks))}


def caseload_by_team(measures: Any, as_of: dt.date) -> dict[str, tuple[float, int]] | None:
    """{team external id: (cases per fte over the team's jeugdzorgwerkers, caseload norm)}."""
    if not caseloads_available():
        return None
    from ketenzicht.reference.models import Organisation

    orgs = Organisation.objects.filter(pk__in=measures.values("gi_id"))
    out: dict[str, tuple[float, int]] = {}
    sums: dict[str, list] = {}
    for org in orgs:
        for c in _selectors("care").caseloads(org, as_of):
            if not c.team_id:
                continue
            s = sums.setdefault(c.team_id, [0, 0.0, c.norm])
            s[0] += c.cases
            s[1] += float(c.fte)
    for team, (cases, fte, norm) in sums.items():
        if fte:
            out[team] = (cases / fte, norm)
    return out


def incidents(municipalities: list[str] | None, since: dt.date, until: dt.date):
    if not incidents_available():
        return None
    return list(_selectors("escalation").incidents(municipalities, since, until))


def open_recommendations(municipalities: list[str] | None):
    if not recommendations_available():
        return None
    return list(_selectors("escalation").open_recommendations(municipalities=municipalities))

"""Worklist order by risk (issue 16): the one place that says what comes first on a worklist.

Order ("risico eerst"):
1. open signals of unsafety (the results of the norms triggered by an `unsafety_signal`, open or
   overdue, whatever their due date), by the signal's severity (highest first), then due date;
2. items open and due within the coming days (soonest first, heavier norm first on a tie);
3. overdue items by the norm's weight (heaviest first), then longest overdue first.

"Oudste eerst" (the user's choice) is the former order: overdue by due date, then open by due
date, over the same items.

Severity is not a new field: an `unsafety_signal` carries `severity` (laag, midden, hoog, acuut;
`timeline.domain.codes.SEVERITIES`) in its payload; `SEVERITY_RANK` is the mapping to an order.
A result of a signal norm names its signal by the trigger date; when several live signals of a
measure fall on that day, the highest severity counts.

A norm's weight (1-5, 5 weighs most) is `DEFAULT_WEIGHTS`, overridden for everyone by the setting
`NORMS_WEIGHTS = {norm id: weight}` and per GI by a `NormWeight` row (admin "Normgewichten").
Weights only order a worklist; they never change a norm's status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .catalogue import CATALOGUE, NORMS
from .results import NormResult, Status

SEVERITY_RANK: dict[str, int] = {"laag": 1, "midden": 2, "hoog": 3, "acuut": 4}

SIGNAL_NORMS: frozenset[str] = frozenset(
    n.id
    for n in CATALOGUE
    if n.trigger_match is not None and n.trigger_match.event_type == "unsafety_signal"
)

MIN_WEIGHT, MAX_WEIGHT = 1, 5

# Safety first (estimate, signals, child alone, contact without a fixed worker, the first contact),
# then what keeps the protection in place (extension) and help, then the periodic meetings.
DEFAULT_WEIGHTS: dict[str, int] = {
    "3.6-signaal-beoordeeld": 5,
    "3.6-tegenkracht": 5,
    "hp-veiligheidsinschatting": 5,
    "hp-veiligheidsbeoordeling": 4,
    "1a.3-eerste-contact": 4,
    "3.1-kind-alleen": 4,
    "team-contact": 4,
    "verlenging-voorbereid": 4,
    "2.2-passende-hulp": 3,
    "1b.3-plan-van-aanpak": 3,
    "2.3-afstemming-gemeente": 2,
    "3.3-casusoverleg": 2,
    "3.3-evaluatie-plan": 2,
    "team-casusoverleg": 2,
}
assert set(DEFAULT_WEIGHTS) == set(NORMS), "every norm needs a default weight"

RISK, OLDEST = "risico", "oudste"
SORTS = {RISK: "Risico eerst", OLDEST: "Oudste eerst"}


@dataclass(frozen=True)
class Weights:
    """Norm weights: per (GI external id, norm id), else per norm, else the default."""

    norms: Mapping[str, int] = field(default_factory=dict)
    organisations: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, value in [*self.norms.items(), *self.organisations.items()]:
            norm_id = key[1] if isinstance(key, tuple) else key
            if norm_id not in NORMS:
                raise ValueError(f"onbekende norm '{norm_id}' in de normgewichten.")
            if not MIN_WEIGHT <= value <= MAX_WEIGHT:
                raise ValueError(
                    f"gewicht van '{norm_id}' moet tussen {MIN_WEIGHT} en {MAX_WEIGHT} liggen."
                )

    def of(self, norm_id: str, gi: str | None = None) -> int:
        if gi is not None and (gi, norm_id) in self.organisations:
            return self.organisations[gi, norm_id]
        return self.norms.get(norm_id, DEFAULT_WEIGHTS[norm_id])


def is_open_signal(r: NormResult) -> bool:
    return r.norm_id in SIGNAL_NORMS and r.status in (Status.OPEN, Status.OVERDUE)


def worklist_items(results: Iterable[NormResult], as_of: dt.date, within_days: int) -> list:
    """What a worklist shows: every open signal, everything overdue, and what is open and due
    within `within_days` days."""
    horizon = as_of + dt.timedelta(days=within_days)
    return [
        r
        for r in results
        if r.due_date is not None
        and (
            is_open_signal(r)
            or r.status is Status.OVERDUE
            or (r.status is Status.OPEN and r.due_date <= horizon)
        )
    ]


def group(r: NormResult) -> int:
    """0: open signal, 1: due soon, 2: overdue (the risk order's sections)."""
    if is_open_signal(r):
        return 0
    return 1 if r.status is Status.OPEN else 2


def risk_order(
    items: Iterable[NormResult],
    severity_of: Callable[[NormResult], int],
    weight_of: Callable[[NormResult], int],
) -> list[NormResult]:
    def key(r: NormResult):
        g = group(r)
        if g == 0:
            return (g, -severity_of(r), r.due_date, r.measure_id, r.norm_id)
        if g == 1:
            return (g, 0, r.due_date, -weight_of(r), r.measure_id, r.norm_id)
        return (g, -weight_of(r), r.due_date, r.measure_id, r.norm_id)

    return sorted(items, key=key)


def oldest_first(items: Iterable[NormResult]) -> list[NormResult]:
    return sorted(
        items, key=lambda r: (r.status is not Status.OVERDUE, r.due_date, r.measure_id, r.norm_id)
    )


def severity_rank(code: str | None) -> int:
    return SEVERITY_RANK.get(code or "", 0)


def strongest(codes: Iterable[str]) -> str | None:
    """The highest severity among codes (None if none)."""
    best = None
    for c in codes:
        if severity_rank(c) > severity_rank(best):
            best = c
    return best

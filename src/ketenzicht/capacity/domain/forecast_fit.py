"""Fitting the forecast (`forecast.Fit`) from monthly snapshots of one group, and the backtest.

A group's `Series` holds, for monthly days d0 < d1 < ... (the last is the reference date): the
children in the group on each day and whether each waits (no fixed youth protector on at least
one running measure that needs one, as the waiting counts), the jeugdzorgwerkers in service with
their fte, the available fte and capacity (available fte x norm), and the fte-days in service,
sick and on other leave between consecutive days. The rates are counts of changes between
consecutive snapshots, so the model is fitted on exactly the monthly steps it forecasts.

Backtest: for every origin with a year before it and at least three months after it (up to the
reference date), fit on the year up to the origin, forecast, and compare the median waiting list
3 and 6 months ahead with the snapshot the timeline shows then. No Django here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .capacity import WorkerHistory, _covered
from .forecast import ELASTICITY, MIN_ROOM, MONTHS, R_MAX, RUNS, Fit, Start, forecast

FIT_MONTHS = 12
BACKTEST_HORIZONS = (3, 6)
GroupOf = Callable[[str | None, str | None], str | None]  # (GI, team) -> group key or None


@dataclass
class Series:
    days: list[dt.date]
    children: list[dict[object, bool]] = field(default_factory=list)  # child -> waiting
    workers: list[dict[str, float]] = field(default_factory=list)  # jeugdzorgwerker -> fte
    available: list[float] = field(default_factory=list)
    capacity: list[float] = field(default_factory=list)
    service: list[float] = field(default_factory=list)  # fte-days in (d[k-1], d[k]]
    sick: list[float] = field(default_factory=list)
    leave: list[float] = field(default_factory=list)

    def waiting(self, k: int) -> int:
        return sum(self.children[k].values())

    def demand(self, k: int) -> int:
        return len(self.children[k])


def child_series(
    histories: Mapping[int, object],
    youth_of: Mapping[int, object],
    days: list[dt.date],
    group_of: GroupOf,
) -> dict[str, list[dict[object, bool]]]:
    """{group: [child -> waiting] per day} from the measures' holder histories (objects with
    `holder_on(day)` giving a holder with gi, team and assignment, as `care.domain`)."""
    out: dict[str, list[dict[object, bool]]] = {}
    for k, day in enumerate(days):
        for mid, h in histories.items():
            holder = h.holder_on(day)  # type: ignore[attr-defined]
            if holder is None:
                continue
            key = group_of(holder.gi, holder.team)
            if key is None:
                continue
            snap = out.setdefault(key, [{} for _ in days])[k]
            child = youth_of[mid]
            snap[child] = snap.get(child, False) or holder.assignment != "vast"
    return out


def staff_series(
    workers: Mapping[str, WorkerHistory],
    days: list[dt.date],
    norms: list[Mapping[str, float]],
    group_of: GroupOf,
) -> dict[str, Series]:
    """{group: Series with the staff fields filled} for the jeugdzorgwerkers. `norms`: per day,
    GI -> caseload norm."""
    out: dict[str, Series] = {}

    def series(key: str) -> Series:
        if key not in out:
            n = len(days)
            out[key] = Series(
                days,
                [],
                [{} for _ in days],
                [0.0] * n,
                [0.0] * n,
                [0.0] * n,
                [0.0] * n,
                [0.0] * n,
            )
        return out[key]

    for wid, h in workers.items():
        for k, day in enumerate(days):
            s = h.state_on(day)
            if s is None or not s.employed or s.function != "jeugdzorgwerker":
                continue
            key = group_of(h.organisation, s.team)
            if key is None:
                continue
            g = series(key)
            g.workers[k][wid] = float(s.fte)
            if not h.absent_on(day):
                g.available[k] += float(s.fte)
                g.capacity[k] += float(s.fte) * norms[k].get(h.organisation, 0.0)
        for k in range(1, len(days)):
            _fte_days(h, days[k - 1], days[k], group_of, series, k)
    return out


def _fte_days(h: WorkerHistory, start: dt.date, end: dt.date, group_of, series, k: int) -> None:
    """Add the jeugdzorgwerker fte-days in service, sick and on leave in (start, end]."""
    first = start + dt.timedelta(days=1)
    for i, s in enumerate(h.states):
        if not (s.employed and s.function == "jeugdzorgwerker"):
            continue
        last = h.states[i + 1].since - dt.timedelta(days=1) if i + 1 < len(h.states) else end
        a, b = max(s.since, first), min(last, end)
        key = group_of(h.organisation, s.team) if a <= b else None
        if key is None:
            continue
        g = series(key)
        fte = float(s.fte)
        g.service[k] += fte * ((b - a).days + 1)
        for kind, target in (("ziekte", g.sick), ("verlof", g.leave)):
            spans = [(x, y) for x, y, what in h.absences if what == kind]
            target[k] += fte * _covered(spans, a, b)


def merge(
    children: dict[str, list[dict[object, bool]]], staff: dict[str, Series], days: list[dt.date]
) -> dict[str, Series]:
    """One Series per group that has children or staff."""
    out: dict[str, Series] = {}
    for key in sorted(set(children) | set(staff)):
        s = staff.get(key)
        if s is None:
            n = len(days)
            s = Series(days, [], [{} for _ in days], *([0.0] * n for _ in range(5)))
        s.children = children.get(key) or [{} for _ in days]
        out[key] = s
    return out


def fit(s: Series, lo: int, hi: int) -> Fit:
    """The counts of the monthly steps lo -> lo+1 ... hi-1 -> hi."""
    present = exits = waiting = assigned = staffed = lost = new = new_staffed = 0
    worker_months = leavers = joiners = 0
    join_fte: list[float] = []
    for k in range(lo, hi):
        a, b = s.children[k], s.children[k + 1]
        for child, waits in a.items():
            present += 1
            later = b.get(child)
            if later is None:
                exits += 1
            elif waits:
                assigned += not later
            else:
                lost += later
            waiting += waits
            staffed += not waits
        for child, waits in b.items():
            if child not in a:
                new += 1
                new_staffed += not waits
        wa, wb = s.workers[k], s.workers[k + 1]
        worker_months += len(wa)
        leavers += sum(1 for w in wa if w not in wb)
        arrived = [fte for w, fte in wb.items() if w not in wa]
        joiners += len(arrived)
        join_fte += arrived
    service = sum(s.service[lo + 1 : hi + 1])
    rooms = [_room(s, k) for k in range(lo, hi + 1)]
    mean_fte = _mean([f for k in range(lo, hi + 1) for f in s.workers[k].values()])
    base = Fit(
        months=hi - lo,
        present=present,
        exits=exits,
        waiting=waiting,
        assigned=assigned,
        staffed=staffed,
        lost=lost,
        new=new,
        new_staffed=new_staffed,
        worker_months=worker_months,
        leavers=leavers,
        joiners=joiners,
        join_fte=_mean(join_fte) or mean_fte or 1.0,
        sick=sum(s.sick[lo + 1 : hi + 1]) / service if service else 0.0,
        leave=sum(s.leave[lo + 1 : hi + 1]) / service if service else 0.0,
        room=_mean([r for r in rooms if r is not None]),
        residual=0.0,
    )
    return _with_residual(base, s, lo, hi)


def _room(s: Series, k: int) -> float | None:
    demand = s.demand(k)
    return s.capacity[k] / max(demand, 1) if s.workers[k] else None


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _with_residual(f: Fit, s: Series, lo: int, hi: int) -> Fit:
    """The sd of (observed - expected) one-month change of the waiting list, at the point
    estimates of the rates, over the fitted steps."""
    e, a, l_ = f.rate(f.exits, f.present), f.rate(f.assigned, f.waiting), f.rate(f.lost, f.staffed)
    st = f.rate(f.new_staffed, f.new)
    squares = []
    for k in range(lo, hi):
        room = _room(s, k)
        r = (
            min(room / f.room, R_MAX) ** ELASTICITY
            if room is not None and f.room > MIN_ROOM
            else 1.0
        )
        assign = min(1 - (1 - a) ** r, max(1 - e - l_, 0.0))
        new = sum(1 for c in s.children[k + 1] if c not in s.children[k])
        w, d = s.waiting(k), s.demand(k)
        expected = w * max(1 - e - assign - l_, 0.0) + l_ * d + new * (1 - st) ** r
        squares.append((s.waiting(k + 1) - expected) ** 2)
    return Fit(**{**f.__dict__, "residual": math.sqrt(_mean(squares))})


def start(s: Series, k: int) -> Start:
    available = s.available[k]
    norm = s.capacity[k] / available if available else 0.0
    return Start(s.waiting(k), s.demand(k), len(s.workers[k]), sum(s.workers[k].values()), norm)


@dataclass(frozen=True)
class Backtest:
    horizon: int  # months
    errors: tuple[float, ...]  # |median forecast - actual| per origin
    actuals: tuple[int, ...]
    covered: int  # actuals inside the P10-P90 band
    naive: tuple[int, ...] = ()  # |waiting at the origin - actual|: "it stays as it is"

    @property
    def mae(self) -> float | None:
        return sum(self.errors) / len(self.errors) if self.errors else None

    @property
    def naive_mae(self) -> float | None:
        return sum(self.naive) / len(self.naive) if self.naive else None

    @property
    def mean_actual(self) -> float | None:
        return sum(self.actuals) / len(self.actuals) if self.actuals else None


def backtest(
    s: Series,
    horizons: Iterable[int] = BACKTEST_HORIZONS,
    seed: int = 1,
    runs: int = RUNS,
) -> list[Backtest]:
    """Forecasts made at every origin with FIT_MONTHS snapshots before it, scored against the
    snapshots the timeline shows 3 and 6 months later (only those up to the last day)."""
    last = len(s.days) - 1
    wanted = tuple(horizons)
    hits: dict[int, list[tuple[float, int, bool, int]]] = {h: [] for h in wanted}
    for origin in range(FIT_MONTHS, last - min(wanted, default=1) + 1):
        months = min(MONTHS, last - origin)
        bands = forecast(
            fit(s, origin - FIT_MONTHS, origin),
            start(s, origin),
            seed=seed,
            runs=runs,
            months=months,
        )
        for h in wanted:
            if origin + h <= last:
                b, actual = bands[h - 1].waiting, s.waiting(origin + h)
                naive = abs(s.waiting(origin) - actual)
                hits[h].append((abs(b.p50 - actual), actual, b.p10 <= actual <= b.p90, naive))
    return [
        Backtest(
            h,
            tuple(x[0] for x in hits[h]),
            tuple(x[1] for x in hits[h]),
            sum(1 for x in hits[h] if x[2]),
            tuple(x[3] for x in hits[h]),
        )
        for h in wanted
    ]

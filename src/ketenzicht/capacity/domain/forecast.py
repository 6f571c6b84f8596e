"""The waiting list ahead (issue 17, item 4): a seeded stochastic monthly model of the children
without a fixed youth protector, the demand and the available fte of one group (team scope,
cluster, GI or everything), 1-12 months after the origin, with P10/P50/P90 bands.

The model (docs/decisions/0014-waiting-list-forecast.md), per month t and per run:

- demand D: D' = D (1 - e) + n, with e the monthly chance that a child leaves the group (measure
  ended, handed over) and n the new children (inflow, scenario: x % more);
- waiting W: W' = W (1 - e - a - l) + l D + n (1 - s) + noise, clipped to [0, D'], with a the
  chance that a waiting child gets a fixed worker in a month, l the chance that a child with a
  fixed worker loses them, s the share of new children with a fixed worker by the month's end;
- staff: the jeugdzorgwerkers' contract fte follows leavers (each worker leaves with chance q a
  month) and joiners (a Poisson number a month); available fte = contract fte x (1 - sick leave
  - other leave). A scenario adds fte from a month on, or sets sick leave;
- capacity steers the pace: a and s are scaled by the room r = (available fte x norm / D)
  relative to the room in the months the rates were fitted on (a hazard raised to the power r,
  r capped at R_MAX). More fte, a higher norm or less sick leave give more room, so a faster
  pace.

Uncertainty: every rate is drawn per run from its posterior given the fitted counts (a rate with
no observed event is zero: what did not happen in the fitted year is not invented), inflow has
Poisson-sized noise, staff turnover and sick leave vary by run and month, and the waiting list
has the fitted one-month residual as noise. All draws are made before the scenario is applied
(`draw`), so a scenario and the baseline share their random numbers; and the update is monotone
(W' falls with r and rises with W and D), so in every run, and hence in every band, more fte, a
higher norm or less sick leave never give a longer waiting list. No Django here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MONTHS = 12
RUNS = 1000
HORIZONS = (3, 6, 12)
R_MAX = 3.0
ELASTICITY = 0.5  # the pace of assignment follows room**ELASTICITY (decision 0014)
MIN_ROOM = 1e-6  # below this the fitted months had no room to compare with
SICK_SPREAD = 0.35  # month-to-month spread of sick leave (log scale)
Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Fit:
    """Counts observed in the fitted months (child-months, worker-months, events), with the
    absence fractions and the room those months had. Built by `forecast_fit.fit`."""

    months: int
    present: int  # child-months in the group
    exits: int
    waiting: int  # child-months waiting
    assigned: int  # waiting children with a fixed worker a month later
    staffed: int  # child-months with a fixed worker
    lost: int  # staffed children waiting a month later
    new: int  # children new in the group
    new_staffed: int
    worker_months: int  # jeugdzorgwerker-months
    leavers: int
    joiners: int
    join_fte: float  # mean fte of a joiner
    sick: float  # fraction of contract fte absent through sick leave
    leave: float  # fraction absent through other leave
    room: float  # mean (available fte x norm / demand) in the fitted months
    residual: float  # sd of the one-month residual of the waiting list

    def rate(self, events: int, exposure: int) -> float:
        return events / (exposure + 1) if events > 0 else 0.0

    @property
    def inflow(self) -> float:
        return self.new / self.months if self.months else 0.0


@dataclass(frozen=True)
class Start:
    """The group at the origin of the forecast."""

    waiting: int
    demand: int
    headcount: int  # jeugdzorgwerkers
    fte: float  # their contract fte
    norm: float  # caseload norm (children per fte) at the origin


@dataclass(frozen=True)
class Scenario:
    """What-if settings; None or 0 leaves the fitted course."""

    extra_fte: float = 0.0
    from_month: int = 1  # 1 = the first forecast month
    inflow_pct: float = 0.0
    norm: float | None = None
    sick_pct: float | None = None

    @property
    def is_baseline(self) -> bool:
        return self == Scenario()


@dataclass(frozen=True)
class Draws:
    """Per run: the rates, and per run and month: the exogenous randomness (staff fte path,
    inflow and sick-leave noise, waiting noise). Shape (runs,) or (runs, months)."""

    exit: Array
    assign: Array
    lose: Array
    staffed_new: Array
    inflow: Array
    fte: Array  # contract fte path without scenario
    inflow_noise: Array
    sick_noise: Array
    noise: Array


def _beta(rng: np.random.Generator, events: int, exposure: int, runs: int) -> Array:
    if events <= 0 or exposure <= 0:
        rng.random(runs)  # keep the stream's shape whatever the counts
        return np.zeros(runs)
    return rng.beta(events, max(exposure - events, 0) + 1, runs)


def draw(fit: Fit, start: Start, seed: int, runs: int = RUNS, months: int = MONTHS) -> Draws:
    """Everything random, in a fixed order and shape: the same seed gives the same draws."""
    rng = np.random.default_rng(seed)
    exit_ = _beta(rng, fit.exits, fit.present, runs)
    assign = _beta(rng, fit.assigned, fit.waiting, runs)
    lose = _beta(rng, fit.lost, fit.staffed, runs)
    staffed_new = _beta(rng, fit.new_staffed, fit.new, runs)
    span = max(fit.months, 1)
    inflow = rng.gamma(fit.new, 1 / span, runs) if fit.new > 0 else np.zeros(runs)
    leave_p = _beta(rng, fit.leavers, fit.worker_months, runs)
    join_rate = rng.gamma(fit.joiners, 1 / span, runs) if fit.joiners > 0 else np.zeros(runs)
    shape = max(fit.inflow, 0.25)
    inflow_noise = rng.gamma(shape, 1 / shape, (runs, months))
    sick_noise = np.exp(SICK_SPREAD * rng.standard_normal((runs, months)) - SICK_SPREAD**2 / 2)
    noise = fit.residual * rng.standard_normal((runs, months))
    heads = np.full(runs, float(start.headcount))
    fte = np.full(runs, float(start.fte))
    path = np.empty((runs, months))
    for t in range(months):
        leavers = rng.binomial(heads.astype(np.int64), leave_p)
        per_head = np.divide(fte, heads, out=np.zeros(runs), where=heads > 0)
        joiners = rng.poisson(join_rate)
        fte = np.maximum(fte - leavers * per_head + joiners * fit.join_fte, 0.0)
        heads = heads - leavers + joiners
        path[:, t] = fte
    return Draws(exit_, assign, lose, staffed_new, inflow, path, inflow_noise, sick_noise, noise)


@dataclass(frozen=True)
class Paths:
    """Per run and month (shape (runs, months)): waiting, demand, available fte."""

    waiting: Array
    demand: Array
    available: Array

    @property
    def caseload(self) -> Array:
        return np.divide(
            self.demand,
            self.available,
            out=np.full(self.demand.shape, np.nan),
            where=self.available > 0,
        )


def run(fit: Fit, start: Start, draws: Draws, scenario: Scenario = Scenario()) -> Paths:
    """The monthly update of every run under a scenario (deterministic given the draws)."""
    runs, months = draws.fte.shape
    norm = scenario.norm if scenario.norm is not None else start.norm
    sick = fit.sick if scenario.sick_pct is None else scenario.sick_pct / 100
    growth = 1 + scenario.inflow_pct / 100
    waiting = np.full(runs, float(start.waiting))
    demand = np.full(runs, float(start.demand))
    out_w, out_d, out_a = (np.empty((runs, months)) for _ in range(3))
    e, a0, lose, s0 = draws.exit, draws.assign, draws.lose, draws.staffed_new
    for t in range(months):
        extra = scenario.extra_fte if t + 1 >= scenario.from_month else 0.0
        fte = np.maximum(draws.fte[:, t] + extra, 0.0)
        absent = np.clip(sick * draws.sick_noise[:, t] + fit.leave, 0.0, 1.0)
        available = fte * (1 - absent)
        if fit.room > MIN_ROOM:
            room = available * norm / np.maximum(demand, 1.0) / fit.room
            r = np.clip(room, 0.0, R_MAX) ** ELASTICITY
        else:
            r = np.ones(runs)
        assign = np.minimum(1 - (1 - a0) ** r, np.maximum(1 - e - lose, 0.0))
        staffed_new = 1 - (1 - s0) ** r
        new = draws.inflow * growth * draws.inflow_noise[:, t]
        next_w = (
            waiting * np.maximum(1 - e - assign - lose, 0.0)
            + lose * demand
            + new * (1 - staffed_new)
            + draws.noise[:, t]
        )
        demand = demand * (1 - e) + new
        waiting = np.clip(next_w, 0.0, demand)
        out_w[:, t], out_d[:, t], out_a[:, t] = waiting, demand, available
    return Paths(out_w, out_d, out_a)


@dataclass(frozen=True)
class Band:
    p10: float
    p50: float
    p90: float


def band(values: Array) -> Band:
    """P10, P50, P90 over the runs (NaN runs left out; NaN when none is left)."""
    known = values[~np.isnan(values)]
    if not known.size:
        return Band(math.nan, math.nan, math.nan)
    p10, p50, p90 = np.percentile(known, [10, 50, 90])
    return Band(float(p10), float(p50), float(p90))


@dataclass(frozen=True)
class Month:
    month: int  # 1..months after the origin
    waiting: Band
    demand: Band
    available: Band
    caseload: Band


def summarise(paths: Paths) -> list[Month]:
    caseload = paths.caseload
    return [
        Month(
            t + 1,
            band(paths.waiting[:, t]),
            band(paths.demand[:, t]),
            band(paths.available[:, t]),
            band(caseload[:, t]),
        )
        for t in range(paths.waiting.shape[1])
    ]


def forecast(
    fit: Fit,
    start: Start,
    scenario: Scenario = Scenario(),
    seed: int = 1,
    runs: int = RUNS,
    months: int = MONTHS,
) -> list[Month]:
    """The bands of the next `months` months under the scenario."""
    return summarise(run(fit, start, draw(fit, start, seed, runs, months), scenario))

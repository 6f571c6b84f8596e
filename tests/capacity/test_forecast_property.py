"""Issue 17, must-show: the forecast of the waiting list is reproducible by seed and sane, on
random fitted counts and starts (hypothesis; pure, no database). The monotonicity properties
hold run by run, because a scenario and the baseline share their draws (`forecast.draw`)."""

import numpy as np
from hypothesis import given, settings, strategies as st

from ketenzicht.capacity.domain.forecast import Fit, Scenario, Start, draw, forecast, run

RUNS = 200
EXAMPLES = settings(max_examples=40, deadline=None)


@st.composite
def fits(draw_, quiet: bool = False):
    """Fitted counts as `forecast_fit.fit` gives them (events never above their exposure).
    `quiet`: no inflow and no staff change in the fitted year."""
    present = draw_(st.integers(0, 3000))
    waiting = draw_(st.integers(0, present))
    staffed = present - waiting
    new = 0 if quiet else draw_(st.integers(0, 400))
    worker_months = draw_(st.integers(0, 400))
    return Fit(
        months=12,
        present=present,
        exits=draw_(st.integers(0, present // 4)),
        waiting=waiting,
        assigned=draw_(st.integers(0, waiting)),
        staffed=staffed,
        lost=draw_(st.integers(0, staffed // 10)),
        new=new,
        new_staffed=draw_(st.integers(0, new)),
        worker_months=worker_months,
        leavers=0 if quiet else draw_(st.integers(0, worker_months // 6)),
        joiners=0 if quiet else draw_(st.integers(0, 40)),
        join_fte=draw_(st.sampled_from([0.6, 0.8, 1.0])),
        sick=draw_(st.floats(0, 0.3)),
        leave=draw_(st.floats(0, 0.1)),
        room=draw_(st.floats(0, 2)),
        residual=draw_(st.floats(0, 5)),
    )


@st.composite
def starts(draw_):
    demand = draw_(st.integers(0, 400))
    heads = draw_(st.integers(0, 40))
    return Start(
        waiting=draw_(st.integers(0, demand)),
        demand=demand,
        headcount=heads,
        fte=heads * draw_(st.sampled_from([0.7, 0.85, 1.0])),
        norm=draw_(st.sampled_from([12.0, 15.0])),
    )


seeds = st.integers(0, 2**31)


@EXAMPLES
@given(fits(), starts(), seeds)
def test_the_same_seed_gives_the_same_forecast_and_the_bands_are_ordered(fit, start, seed):
    first = forecast(fit, start, seed=seed, runs=RUNS)
    assert first == forecast(fit, start, seed=seed, runs=RUNS)
    assert len(first) == 12
    for m in first:
        for b in (m.waiting, m.demand, m.available):
            assert b.p10 <= b.p50 <= b.p90
        assert 0 <= m.waiting.p10 and m.waiting.p90 <= m.demand.p90 + 1e-9


@EXAMPLES
@given(fits(), starts(), seeds, st.floats(0.1, 20), st.integers(1, 12))
def test_more_fte_never_lengthens_the_waiting_list(fit, start, seed, extra, from_month):
    draws = draw(fit, start, seed, RUNS)
    base = run(fit, start, draws)
    more = run(fit, start, draws, Scenario(extra_fte=extra, from_month=from_month))
    assert np.all(more.waiting <= base.waiting + 1e-9)  # every run, so every band
    assert np.array_equal(more.demand, base.demand)  # staff does not change who needs one
    assert np.all(more.available >= base.available)
    assert more.waiting[:, : from_month - 1].tolist() == base.waiting[:, : from_month - 1].tolist()


@EXAMPLES
@given(fits(), starts(), seeds, st.floats(1, 30), st.floats(0, 30), st.integers(0, 100))
def test_norm_sick_leave_and_inflow_move_the_waiting_list_the_right_way(
    fit, start, seed, norm, sick, more_inflow
):
    draws = draw(fit, start, seed, RUNS)

    def waiting(**scenario):
        return run(fit, start, draws, Scenario(**scenario)).waiting

    assert np.all(waiting(norm=norm + 1) <= waiting(norm=norm) + 1e-9)
    assert np.all(waiting(sick_pct=sick) <= waiting(sick_pct=sick + 5) + 1e-9)
    assert np.all(waiting(inflow_pct=more_inflow) >= waiting() - 1e-9)


@EXAMPLES
@given(fits(quiet=True), starts(), seeds)
def test_no_inflow_and_no_staff_change_keep_demand_and_fte_consistent(fit, start, seed):
    draws = draw(fit, start, seed, RUNS)
    paths = run(fit, start, draws)
    assert np.allclose(draws.fte, start.fte)  # nobody left or joined in the fitted year
    previous = np.full(RUNS, float(start.demand))
    for t in range(12):  # no inflow: demand only shrinks, the waiting list stays within it
        assert np.all(paths.demand[:, t] <= previous + 1e-9)
        assert np.all((paths.waiting[:, t] >= 0) & (paths.waiting[:, t] <= paths.demand[:, t]))
        previous = paths.demand[:, t]
    if fit.exits == 0:
        assert np.allclose(paths.demand, start.demand)

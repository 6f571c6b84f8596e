"""The dashboards' norm figures counted in SQL over the norms read model (reporting/
norm_figures.py) equal the same figures from the engine's instances: with the read model whole,
with part of it missing (those measures evaluated by the engine), and on a later reference date
(stored open rows that have become overdue)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from ketenzicht.access import policy
from ketenzicht.norms.bulk import iter_instances
from ketenzicht.norms.configured import load_config
from ketenzicht.norms.engine import Status
from ketenzicht.norms.models import ReadState
from ketenzicht.norms.selectors import due_by_measure, due_counts, kpis, kpis_by_group
from ketenzicht.reporting import figures
from ketenzicht.reporting.norm_figures import SIGNAL_NORM, Context, due_tallies, instance_members
from ketenzicht.timeline.models import Measure

pytestmark = pytest.mark.django_db


def expected(rows, as_of, periods):
    """Members per figure and tallies per (measure, period) from the engine, by the definitions
    (`NormInstance.fell_due_in`, the signal norm open or overdue)."""
    pk = {r.external_id: r.pk for r in rows}
    members = defaultdict(set)
    tallies = defaultdict(lambda: [0, 0])
    for i in iter_instances([r.pk for r in rows], as_of, load_config()):
        m = pk[i.measure_id]
        if i.norm_id == SIGNAL_NORM and i.status in (Status.OPEN, Status.OVERDUE):
            members["signalen_open"].add(m)
        if i.fell_due_in(*periods[0]):
            members["normen_verviel"].add(m)
            if i.status is not Status.MET_ON_TIME:
                members["normen_niet_op_tijd"].add(m)
        for p, (first, last) in enumerate(periods):
            if i.fell_due_in(first, last):
                tallies[(m, p)][0] += 1
                tallies[(m, p)][1] += i.status is Status.MET_ON_TIME
    return members, {k: tuple(v) for k, v in tallies.items()}


@pytest.mark.parametrize("days_later", [0, 60])
@pytest.mark.parametrize("missing", [False, True])
def test_norm_figures_from_the_read_model_equal_the_engine(demo, demo_user, days_later, missing):
    as_of = timezone.localdate() + dt.timedelta(days=days_later)
    scope = policy.visible_measures(demo_user("bestuurder.demo"))
    rows = figures.load_rows(scope)
    if missing:  # every second measure without its read model: the engine answers for those
        ReadState.objects.filter(measure_id__in=[r.pk for r in rows[::2]]).delete()
    period = (as_of - dt.timedelta(days=90), as_of)
    periods = [period, *figures.quarters(as_of)]
    ctx = Context(rows, as_of, period)
    covered, rest = ctx.split()
    assert covered, "some measures are counted in SQL"
    assert bool(rest) == (missing or days_later > 0)
    members, tallies = expected(rows, as_of, periods)
    assert members["normen_verviel"] and members["normen_niet_op_tijd"]
    assert members["signalen_open"]
    for figure in ("normen_verviel", "normen_niet_op_tijd", "signalen_open"):
        assert instance_members(figure, ctx) == members[figure], figure
    assert due_tallies(ctx, periods) == tallies
    # The board's cells are those sets, per team.
    board = figures.gi_board(scope, as_of, "team")
    assert board.total.cells["normen_niet_op_tijd"].count == len(members["normen_niet_op_tijd"])
    due = sum(t[0] for (_, p), t in tallies.items() if p == 0)
    on_time = sum(t[1] for (_, p), t in tallies.items() if p == 0)
    assert board.total.norm_share == pytest.approx(100 * on_time / due)


@pytest.mark.parametrize("days_later", [0, 60])
@pytest.mark.parametrize("missing", [False, True])
def test_kpis_by_group_from_the_read_model_equal_the_engine(demo, demo_user, days_later, missing):
    """The KPI page's counts per group and norm (`kpis_by_group`) equal `kpis` over the engine's
    instances of each group's measures."""
    as_of = timezone.localdate() + dt.timedelta(days=days_later)
    scope = policy.visible_measures(demo_user("bestuurder.demo"))
    group_of = dict(scope.values_list("pk", "team__name"))
    group_of = {pk: name or "—" for pk, name in group_of.items()}
    if missing:
        ReadState.objects.filter(measure_id__in=sorted(group_of)[::2]).delete()
    first, last = figures.quarter_start(as_of) - dt.timedelta(days=92), as_of
    ext = dict(scope.values_list("external_id", "pk"))
    grouped = defaultdict(list)
    for i in iter_instances(list(group_of), as_of, load_config()):
        grouped[group_of[ext[i.measure_id]]].append(i)
    want = {g: kpis(grouped[g], first, last) for g in sorted(grouped)}
    assert sum(k.fell_due for per in want.values() for k in per.values())
    assert kpis_by_group(group_of, as_of, first, last) == want


@pytest.mark.parametrize("missing", [False, True])
def test_due_counts_from_the_read_model_equal_the_engine(demo, missing):
    """The council report's norm table counts (`due_counts`: per municipality, norm, due date
    and on time or not) equal the engine's instances that fell due in the period."""
    today = timezone.localdate()
    measures = Measure.objects.all()
    group_of = dict(measures.values_list("pk", "youth__responsible_municipality__cbs_code"))
    if missing:
        ReadState.objects.filter(measure_id__in=sorted(group_of)[::2]).delete()
    first, last = today - dt.timedelta(days=365), today
    ext = dict(measures.values_list("external_id", "pk"))
    want = Counter()
    for i in iter_instances(list(group_of), today, load_config()):
        if i.fell_due_in(first, last):
            key = (group_of[ext[i.measure_id]], i.norm_id, i.due_date)
            want[(*key, i.status is Status.MET_ON_TIME)] += 1
    assert sum(n for (*_, on_time), n in want.items() if on_time) and sum(
        n for (*_, on_time), n in want.items() if not on_time
    )
    field = "measure__youth__responsible_municipality__cbs_code"
    assert due_counts(group_of, field, today, first, last) == want


@pytest.mark.parametrize("missing", [False, True])
def test_due_by_measure_over_all_dates_counts_what_the_effects_count(demo, missing):
    """The effects of waiting count, per measure, every instance that is neither open nor not
    judged (n/a, before go-live): `due_by_measure` over all dates, from SQL and the engine."""
    today = timezone.localdate()
    pks = sorted(Measure.objects.values_list("pk", flat=True))
    if missing:
        ReadState.objects.filter(measure_id__in=pks[::2]).delete()
    ext = dict(Measure.objects.values_list("external_id", "pk"))
    want = defaultdict(lambda: [0, 0])
    skip = (Status.OPEN, Status.NOT_APPLICABLE, Status.BEFORE_GO_LIVE)
    for i in iter_instances(pks, today, load_config()):
        if i.status not in skip:
            want[(ext[i.measure_id], 0)][0] += 1
            want[(ext[i.measure_id], 0)][1] += i.status is Status.MET_ON_TIME
    found = due_by_measure(pks, today, [(dt.date.min, dt.date.max)])
    assert found == {k: tuple(v) for k, v in want.items()} and found

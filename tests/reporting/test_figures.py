"""Dashboard and report figures equal a fresh recomputation from the timeline: every measure's
events folded by the domain (`timeline.domain.state.fold`) at the reference date, counted here
without the reporting code; norm shares from the single-case engine path."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from ketenzicht.access import policy
from ketenzicht.norms.engine import Status
from ketenzicht.norms.services import instances_for_measure
from ketenzicht.publication import periods
from ketenzicht.publication.suppression import TOTAL
from ketenzicht.reporting import figures
from ketenzicht.reporting.report import area_by_name, build_report
from ketenzicht.timeline.domain.state import fold
from ketenzicht.timeline.models import Event, Measure
from ketenzicht.timeline.services import PreloadedReferences, event_record, measure_facts

pytestmark = pytest.mark.django_db

PLACEMENT_AUTHORISATIONS = {"71", "72"}


def folded(measures, day: dt.date) -> dict[int, object]:
    """{measure pk: state of its live timeline folded with events up to `day`}."""
    refs = PreloadedReferences()
    events = defaultdict(list)
    for e in Event.objects.filter(measure__in=measures, date__lte=day).order_by("measure", "seq"):
        events[e.measure_id].append(event_record(e))
    out = {}
    for m in measures.select_related("youth"):
        # No event yet on that day: the measure had not started.
        out[m.pk] = fold(measure_facts(m), events[m.pk], refs, day) if events[m.pk] else None
    return out


def runs(state, day: dt.date) -> bool:
    return (
        state is not None
        and state.start_date is not None
        and state.start_date <= day
        and (state.ended_on is None or state.ended_on >= day)
    )


def test_gi_board_equals_the_folded_timelines(demo, demo_user):
    today = timezone.localdate()
    user = demo_user("bestuurder.demo")
    scope = policy.visible_measures(user)
    board = figures.gi_board(scope, today, "team")
    states = folded(scope, today)
    team_of = dict(scope.values_list("pk", "team__external_id"))
    types = dict(scope.values_list("pk", "measure_type"))
    running, without = Counter(), Counter()
    for pk, s in states.items():
        if runs(s, today):
            running[s.team] += 1
            if s.assignment != "vast" and types[pk] not in PLACEMENT_AUTHORISATIONS:
                without[s.team] += 1
        if s is not None:
            assert s.team == team_of[pk]
    shown = {r.key: r for r in board.rows}
    assert running  # the demo has running measures in the scope
    assert {k: r.cells["lopend"].count for k, r in shown.items()} == dict(running)
    assert {
        k: r.cells["zonder_vaste"].count for k, r in shown.items() if r.cells["zonder_vaste"].count
    } == {k: v for k, v in without.items() if v}
    assert board.total.cells["lopend"].count == sum(running.values())
    # The trend per reference date: start and end dates as the folded timeline has them.
    for row in board.rows:
        expected = [
            sum(1 for s in states.values() if runs(s, d) and s.team == row.key) for d in board.dates
        ]
        assert board.running_trend[row.label] == expected, row.label


def test_norm_share_equals_the_single_case_engine(demo, demo_user):
    today = timezone.localdate()
    scope = policy.visible_measures(demo_user("teamleider.demo"))
    board = figures.gi_board(scope, today, "team")
    first, last = board.period
    due = on_time = 0
    for m in scope.select_related("youth"):
        for i in instances_for_measure(m, today):
            if i.fell_due_in(first, last):
                due += 1
                on_time += i.status is Status.MET_ON_TIME
    assert due
    assert board.total.norm_share == pytest.approx(100 * on_time / due)


def test_every_board_number_opens_exactly_the_measures_behind_it(demo, demo_user):
    today = timezone.localdate()
    scope = policy.visible_measures(demo_user("gebiedsmanager.demo"))
    board = figures.gi_board(scope, today, "team")
    for row in board.rows[:4]:
        for fig, cell in row.cells.items():
            if cell.count is None:
                continue
            behind = figures.measures_behind(scope, fig, "team", row.key, today)
            assert behind.count() == cell.count, (row.label, fig)
            assert not behind.exclude(pk__in=scope.values("pk")).exists()


def test_council_report_children_per_reference_date_equal_the_folded_timelines(demo):
    today = timezone.localdate()
    area = area_by_name("Haaglanden")
    report = build_report(area, periods.latest(today, "kwartaal"))
    table = report.table("kinderen")
    measures = Measure.objects.filter(youth__responsible_municipality__cbs_code__in=area.codes)
    youth_muni = dict(measures.values_list("pk", "youth__responsible_municipality__cbs_code"))
    youth_of = dict(measures.values_list("pk", "youth_id"))
    # Start and end dates as the whole timeline says today (corrections included).
    states = folded(measures, today)
    for day in report.dates:
        kids = defaultdict(set)
        for pk, s in states.items():
            if runs(s, day):
                kids[youth_muni[pk]].add(youth_of[pk])
        for code in area.codes:
            assert table.total_value(code, day.isoformat()) == len(kids[code]), (code, day)
        assert table.total_value(TOTAL, day.isoformat()) == sum(len(v) for v in kids.values())

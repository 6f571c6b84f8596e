"""Issue 12, items 6-8: the per-case Handelingsperspectief decision, the extension request, lapsed
measures, short rulings and the GI's go-live date, on hand-made timelines (each accepted by the
real fold). The property test (test_paths_agree) holds every other path to the same results."""

import pytest

from ketenzicht.norms.config import config_from
from ketenzicht.norms.engine import (
    REASON_LAPSED,
    Status,
    live_compact_events,
    measure_instances,
)
from ketenzicht.norms.selectors import kpis
from ketenzicht.timeline.domain.state import TimelineError

from .test_norms import ALONE, BOTH, instances
from .timelines import D, ots

MET, LATE, OPEN, OVERDUE, NA, BEFORE = (
    Status.MET_ON_TIME,
    Status.MET_LATE,
    Status.OPEN,
    Status.OVERDUE,
    Status.NOT_APPLICABLE,
    Status.BEFORE_GO_LIVE,
)
HP_ALL = config_from(handelingsperspectief="*")
GO_LIVE = config_from(go_live={"GI-JBW": D(2026, 1, 5)})


# ------------------------------------------------------------------ Handelingsperspectief per case


def _orange_case(measure_type="11"):
    t = ots(D(2026, 3, 2), measure_type=measure_type)  # Monday
    t.add("safety_estimate", D(2026, 3, 3), colour="oranje")
    return t


def test_hp_decision_in_the_case_applies_the_variant_without_a_gi_setting():
    t = _orange_case()
    r = t.results(D(2026, 3, 4))["1a.3-eerste-contact"]
    assert (r.variant, r.due_date) == ("standaard", D(2026, 3, 7))  # no GI works under HP
    t.add("handelingsperspectief_decided", D(2026, 3, 4), decision=True, decided_by="Directie")
    r = t.results(D(2026, 3, 4))["1a.3-eerste-contact"]
    assert (r.variant, r.due_date) == ("hp-oranje-groen", D(2026, 3, 16))  # 10 working days
    # Before the decision's date it had not been taken yet.
    assert t.results(D(2026, 3, 3))["1a.3-eerste-contact"].variant == "standaard"


def test_hp_decision_no_overrides_the_gi_setting_and_the_last_decision_counts():
    t = _orange_case()
    assert t.results(D(2026, 3, 4), HP_ALL)["1a.3-eerste-contact"].variant == "hp-oranje-groen"
    t.add("handelingsperspectief_decided", D(2026, 3, 4), decision=False, decided_by="Directie")
    r = t.results(D(2026, 3, 5), HP_ALL)["1a.3-eerste-contact"]
    assert (r.variant, r.due_date) == ("standaard", D(2026, 3, 7))
    t.add("handelingsperspectief_decided", D(2026, 3, 5), decision=True, decided_by="Directie")
    assert t.results(D(2026, 3, 5))["1a.3-eerste-contact"].variant == "hp-oranje-groen"


def test_hp_decision_does_not_apply_to_a_vots_and_can_be_corrected():
    vots = _orange_case("12")
    vots.add("handelingsperspectief_decided", D(2026, 3, 4), decision=True, decided_by="Directie")
    assert vots.results(D(2026, 3, 5))["1a.3-eerste-contact"].variant == "standaard"
    t = _orange_case()
    hp = t.add("handelingsperspectief_decided", D(2026, 3, 4), decision=True, decided_by="Directie")
    t.correct(hp, D(2026, 3, 5))
    assert t.results(D(2026, 3, 5))["1a.3-eerste-contact"].variant == "standaard"


# ------------------------------------------------------------------ extension request


def test_extension_request_satisfies_the_preparation_per_end_date():
    t = ots(D(2025, 1, 6), end=D(2025, 12, 31))  # due 22 Oct 2025
    req = t.add("extension_requested", D(2025, 10, 1), court="RB-DH")
    first = instances(t, "verlenging-voorbereid", D(2025, 10, 5))[0]
    assert (first.status, first.event_id) == (MET, req)
    t.add("measure_extended", D(2025, 10, 20), new_end_date="2026-06-30")
    # The request for the first end date does not prepare the next one.
    r = t.results(D(2025, 11, 1))["verlenging-voorbereid"]
    assert (r.status, r.due_date, r.event_id) == (OPEN, D(2026, 4, 21), None)
    late = t.add("extension_requested", D(2026, 5, 4), requested_end_date="2027-06-29")
    r = t.results(D(2026, 5, 4))["verlenging-voorbereid"]
    assert (r.status, r.event_id) == (LATE, late)


def test_an_early_request_counts_too():
    # Filed months before the lead time: the request is what the norm asks, whenever it came.
    t = ots(D(2025, 1, 6), end=D(2025, 12, 31))
    req = t.add("extension_requested", D(2025, 3, 3))
    r = t.results(D(2025, 11, 1))["verlenging-voorbereid"]
    assert (r.status, r.event_id) == (MET, req)


def test_fold_refuses_an_extension_request_without_end_date_or_going_backwards():
    voogdij = ots(D(2026, 1, 5), measure_type="21")
    with pytest.raises(TimelineError, match="geen einddatum om verlenging voor te verzoeken"):
        voogdij.add("extension_requested", D(2026, 6, 1))
    t = ots(D(2026, 1, 5), end=D(2026, 12, 31))
    with pytest.raises(TimelineError, match="verzochte einddatum ligt niet na"):
        t.add("extension_requested", D(2026, 6, 1), requested_end_date="2026-12-31")
    with pytest.raises(TimelineError, match="ten hoogste 12 maanden"):
        t.add("extension_requested", D(2026, 6, 1), requested_end_date="2028-06-01")
    with pytest.raises(TimelineError, match="is geen Rechtbank"):
        t.add("extension_requested", D(2026, 6, 1), court="JHA-1")


def test_extension_preparation_never_falls_due_before_the_measure_starts():
    # A probation measure ruled for three weeks: ten weeks before its end is before its start.
    short = ots(D(2026, 3, 2), end=D(2026, 3, 22), measure_type="42")
    r = short.results(D(2026, 3, 2))["verlenging-voorbereid"]
    assert (r.status, r.due_date) == (OPEN, D(2026, 3, 2))
    assert short.results(D(2026, 3, 3))["verlenging-voorbereid"].status is OVERDUE
    # Nor before the extension that set the end date: one month more, extended late.
    t = ots(D(2026, 1, 5), end=D(2026, 6, 30), measure_type="42")
    t.add("measure_extended", D(2026, 6, 1), new_end_date="2026-07-31")
    r = t.results(D(2026, 6, 1))["verlenging-voorbereid"]
    assert (r.status, r.due_date) == (OPEN, D(2026, 6, 1))


# ------------------------------------------------------------------ lapsed measures


def test_a_lapsed_measure_stops_its_norms_at_the_end_date():
    t = ots(D(2025, 1, 6), end=D(2026, 1, 5))
    t.add("contact", D(2025, 12, 1), **ALONE)  # next child-alone contact due 12 Jan 2026
    on_end = t.results(D(2026, 1, 5))
    assert on_end["3.1-kind-alleen"].status is OPEN  # not lapsed on its last day
    rs = t.results(D(2026, 6, 1))
    r = rs["3.1-kind-alleen"]
    assert (r.status, r.reason) == (NA, REASON_LAPSED)  # fell due after the lapse: stopped
    # The preparation fell due before the lapse: it was missed.
    assert (rs["verlenging-voorbereid"].status, rs["verlenging-voorbereid"].due_date) == (
        OVERDUE,
        D(2025, 10, 27),
    )
    for i in measure_instances(
        t.id, t.measure_type, live_compact_events(t.rows()), D(2026, 6, 1), config_from()
    ):
        if i.due_date > D(2026, 1, 5):
            assert i.status is NA, i  # no instance falls due after the lapse
    # Without the lapse rule the child-alone norm would be overdue for months; an extension
    # registered in time keeps the measure running.
    t.add("measure_extended", D(2026, 1, 5), new_end_date="2027-01-04")
    assert t.results(D(2026, 6, 1))["3.1-kind-alleen"].status is OVERDUE


def test_an_ended_measure_is_not_lapsed():
    t = ots(D(2025, 1, 6), end=D(2026, 1, 5))
    t.add("contact", D(2025, 11, 20), **ALONE)  # next one due 1 Jan 2026, after the end
    t.add("measure_ended", D(2025, 12, 1), reason="02")
    r = t.results(D(2026, 6, 1))["3.1-kind-alleen"]
    assert r.status is NA and r.reason != REASON_LAPSED


# ------------------------------------------------------------------ go-live


def _old_voogdij():
    """A guardianship (no end date) running since 2019, without a fixed worker."""
    t = ots(D(2019, 1, 7), measure_type="21", birth_date=D(2012, 6, 1))
    t.add("contact", D(2025, 12, 15), **ALONE)  # before go-live
    return t


def test_one_time_norms_triggered_before_go_live_are_not_judged():
    t = _old_voogdij()
    rs = t.results(D(2026, 3, 2), GO_LIVE)
    assert rs["1a.3-eerste-contact"].status is BEFORE
    assert rs["1a.3-eerste-contact"].status_label == "Voor ingebruikname, niet beoordeeld"
    assert rs["1b.3-plan-van-aanpak"].status is BEFORE
    # Without a go-live date: years overdue.
    assert t.results(D(2026, 3, 2))["1a.3-eerste-contact"].status is OVERDUE
    # Even when met (late, from the legacy data), a pre-go-live instance is not judged.
    t.add("first_contact", D(2025, 12, 16), **BOTH)
    r = t.results(D(2026, 3, 2), GO_LIVE)["1a.3-eerste-contact"]
    assert (r.status, r.met_date) == (BEFORE, D(2025, 12, 16))


def test_recurring_norms_count_from_go_live():
    t = _old_voogdij()
    r = t.results(D(2026, 2, 1), GO_LIVE)["3.1-kind-alleen"]
    # From go-live (5 Jan 2026), not from the contact before it nor from 2019.
    assert (r.status, r.trigger_date, r.due_date) == (OPEN, D(2026, 1, 5), D(2026, 2, 16))
    assert r.last_met_date is None
    team = t.results(D(2026, 2, 1), GO_LIVE)["team-contact"]
    assert (team.status, team.trigger_date) == (OPEN, D(2026, 1, 5))
    assert t.results(D(2026, 2, 1))["3.1-kind-alleen"].status is OVERDUE  # without go-live


def test_signals_after_go_live_are_judged_and_kpis_leave_pre_go_live_out():
    t = _old_voogdij()
    t.add("unsafety_signal", D(2025, 12, 20), source="school", severity="hoog", description="x")
    late = t.add(
        "unsafety_signal", D(2026, 2, 2), source="school", severity="hoog", description="y"
    )
    r = t.results(D(2026, 3, 2), GO_LIVE)["3.6-signaal-beoordeeld"]
    assert (r.status, r.trigger_date) == (OVERDUE, D(2026, 2, 2))  # the first is not judged
    got = instances(t, "3.6-signaal-beoordeeld", D(2026, 3, 2), GO_LIVE)
    assert [i.status for i in got] == [BEFORE, OVERDUE]
    k = kpis(got, D(2025, 12, 1), D(2026, 3, 2))["3.6-signaal-beoordeeld"]
    assert (k.fell_due, k.met_on_time) == (1, 0)
    assert late


def test_go_live_is_the_go_live_of_the_gi_executing_on_the_as_of_date():
    t = _old_voogdij()
    t.add("handover", D(2026, 2, 2), to_gi="GI-WSS", received_on="2026-02-02")
    r = t.results(D(2026, 3, 2), GO_LIVE)["1a.3-eerste-contact"]
    assert r.status is OVERDUE  # WSS has no go-live date: judged as before
    wss = config_from(go_live={"GI-WSS": D(2026, 2, 1)})
    assert t.results(D(2026, 3, 2), wss)["1a.3-eerste-contact"].status is BEFORE

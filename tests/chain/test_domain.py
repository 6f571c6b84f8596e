"""Unit tests of the trajectory fold, its refusals, the regie flags over Dutch holidays and the
percentiles."""

from __future__ import annotations

import datetime as dt

import pytest

from ketenzicht.chain import domain, events
from ketenzicht.chain.domain import TrajectoryEvent
from ketenzicht.norms.calendar import default_calendar
from ketenzicht.timeline.domain.events import PayloadError

CAL = default_calendar()
D = dt.date


def ev(kind, day, seq, **data):
    return TrajectoryEvent(f"e{seq}", kind, day, events.clean(kind, data), seq)


def concern(day, **regie):
    return ev("concern_registered", day, 1, reported_by="school", municipality="0344", **regie)


def test_a_trajectory_starts_with_a_concern():
    with pytest.raises(domain.TrajectoryError) as err:
        domain.fold([ev("jbt_held", D(2025, 3, 3), 1, outcome="vrijwillig")])
    assert "begint met een zorgmelding" in err.value.message


def test_an_investigation_starts_only_after_a_request_and_once():
    c = concern(D(2025, 3, 3))
    with pytest.raises(domain.TrajectoryError) as err:
        domain.fold([c, ev("investigation_started", D(2025, 3, 4), 2)])
    assert "verzoek tot onderzoek" in err.value.message
    req = ev(
        "investigation_requested",
        D(2025, 3, 4),
        2,
        requested_by="wt",
        mandate="college",
        rvdk="raad",
    )
    s1 = ev("investigation_started", D(2025, 4, 4), 3)
    with pytest.raises(domain.TrajectoryError, match="al gestart"):
        domain.fold([c, req, s1, ev("investigation_started", D(2025, 4, 5), 4)])


def test_nothing_after_the_ruling_and_the_ruling_links_the_measure():
    c = concern(D(2025, 3, 3), regie_organisation="wt", regie_worker="w1")
    ruling = ev("ruling", D(2025, 3, 5), 2, outcome="maatregel", measure_type="12", measure="M1")
    state = domain.fold([c, ruling])
    assert (state.closure, state.measure, state.measure_type) == ("uitspraak", "M1", "12")
    assert not state.is_open and state.link is None
    with pytest.raises(domain.TrajectoryError, match="gesloten"):
        domain.fold([c, ruling, ev("jbt_held", D(2025, 3, 6), 3, outcome="vrijwillig")])


def test_a_ruling_with_a_measure_names_it():
    with pytest.raises(PayloadError) as err:
        events.clean("ruling", {"outcome": "maatregel", "measure_type": "11"})
    assert err.value.field == "data.measure"
    with pytest.raises(PayloadError):
        events.clean("ruling", {"outcome": "afgewezen", "measure": "M1"})


def test_regie_passes_only_on_acceptance():
    c = concern(D(2025, 3, 3), regie_organisation="wt", regie_worker="w1")
    offer = ev("regie_offered", D(2025, 3, 10), 2, to_organisation="gi")
    state = domain.fold([c, offer])
    assert state.regie.organisation == "wt" and state.offer.organisation == "gi"
    state = domain.fold([c, offer, ev("regie_accepted", D(2025, 3, 11), 3, worker="w9")])
    assert (state.regie.organisation, state.regie.worker) == ("gi", "w9")
    assert state.regie.since == D(2025, 3, 11) and state.offer is None
    with pytest.raises(domain.TrajectoryError, match="geen overdracht"):
        domain.fold([c, ev("regie_accepted", D(2025, 3, 11), 2, worker="w9")])


def test_a_trajectory_without_regiehouder_is_flagged():
    state = domain.fold([concern(D(2025, 3, 3))])
    flags = domain.flags(state, D(2025, 3, 3), CAL.add_working_days)
    assert [(f.code, f.since) for f in flags] == [("geen_regiehouder", D(2025, 3, 3))]


def test_acceptance_term_counts_working_days_across_easter_and_kings_day():
    # Offered on Thursday 17 April 2025. Good Friday (18 April) is a working day by default;
    # Easter Monday (21 April) and King's Day (Saturday 26 April) are not counted.
    # Working days after the offer: 18, 22, 23, 24, 25 April: the fifth is Friday 25 April.
    c = concern(D(2025, 4, 1), regie_organisation="wt", regie_worker="w1")
    state = domain.fold([c, ev("regie_offered", D(2025, 4, 17), 2, to_organisation="gi")])
    assert domain.flags(state, D(2025, 4, 25), CAL.add_working_days, accept_term=5) == []
    late = domain.flags(state, D(2025, 4, 26), CAL.add_working_days, accept_term=5)
    assert [(f.code, f.since) for f in late] == [("overdracht_niet_geaccepteerd", D(2025, 4, 26))]


def test_veilig_thuis_ten_working_days_across_christmas():
    # Involved on Monday 22 December 2025: 23, 24, (25, 26 holidays), 29, 30, 31 Dec, (1 Jan
    # holiday), 2, 5, 6, 7, 8 January 2026: the tenth working day is Thursday 8 January.
    c = concern(D(2025, 12, 22), regie_organisation="vt", regie_worker="w1")
    vt = ev("vt_involved", D(2025, 12, 22), 2, organisation="vt")
    state = domain.fold([c, vt])
    assert domain.flags(state, D(2026, 1, 8), CAL.add_working_days) == []
    codes = [f.code for f in domain.flags(state, D(2026, 1, 9), CAL.add_working_days)]
    assert codes == ["veilig_thuis_termijn"]
    handed = ev("vt_handed_over", D(2026, 1, 6), 3)
    assert domain.flags(domain.fold([c, vt, handed]), D(2026, 1, 9), CAL.add_working_days) == []


def test_lead_times_and_waiting():
    c = concern(D(2025, 1, 6), regie_organisation="wt", regie_worker="w1")
    jbt = ev("jbt_held", D(2025, 1, 20), 2, outcome="raadsonderzoek")
    req = ev(
        "investigation_requested",
        D(2025, 1, 27),
        3,
        requested_by="wt",
        mandate="college",
        rvdk="raad",
    )
    state = domain.fold([c, jbt, req])
    assert {lt.link: lt.days for lt in domain.lead_times(state)} == {
        "zorg_jbt": 14,
        "jbt_verzoek": 7,
    }
    waiting = domain.waiting_at(state, D(2025, 3, 3))
    assert (waiting.link, waiting.days) == ("verzoek_start", 35)
    assert state.next_step() == "Raadsonderzoek gestart"


def test_after_a_voluntary_table_nobody_waits_for_a_request():
    c = concern(D(2025, 1, 6), regie_organisation="wt", regie_worker="w1")
    state = domain.fold([c, ev("jbt_held", D(2025, 1, 20), 2, outcome="vrijwillig")])
    assert domain.waiting_at(state, D(2025, 2, 1)) is None
    assert state.is_open


@pytest.mark.parametrize("advice,waits", [("ots", True), ("geen_maatregel", False)])
def test_after_the_raad_advised_no_measure_nobody_waits_for_a_petition(advice, waits):
    c = concern(D(2025, 1, 6), regie_organisation="wt", regie_worker="w1")
    req = ev(
        "investigation_requested",
        D(2025, 1, 27),
        2,
        requested_by="wt",
        mandate="college",
        rvdk="raad",
    )
    started = ev("investigation_started", D(2025, 2, 3), 3)
    finished = ev("investigation_finished", D(2025, 3, 3), 4, advice=advice)
    state = domain.fold([c, req, started, finished])
    assert state.link == "advies_verzoekschrift" and state.is_open
    waiting = domain.waiting_at(state, D(2025, 3, 10))
    assert (waiting is not None) == waits
    if waits:
        assert (waiting.link, waiting.days) == ("advies_verzoekschrift", 7)
        assert state.next_step() == "Verzoekschrift ingediend bij de kinderrechter"
    else:
        assert state.next_step() == "Advies geen maatregel: traject sluiten (vrijwillig kader)"


def test_first_contact_lead_time_needs_a_ruling_with_measure():
    c = concern(D(2025, 1, 6), regie_organisation="wt", regie_worker="w1")
    r = ev("ruling", D(2025, 1, 8), 2, outcome="maatregel", measure_type="12", measure="M")
    leads = domain.lead_times(domain.fold([c, r]), first_contact=D(2025, 1, 10))
    assert [(lt.link, lt.days) for lt in leads] == [("zorg_contact", 4)]


def test_percentiles():
    assert domain.median([5, 1, 3]) == 3
    assert domain.median([1, 2, 3, 10]) == 2.5
    assert domain.percentile_80([1, 2, 3, 4, 5]) == 4
    assert domain.percentile_80([7]) == 7
    assert domain.percentile_80(list(range(1, 11))) == 8

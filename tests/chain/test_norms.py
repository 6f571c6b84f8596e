"""The chain norms (`norms.chain_catalogue`, judged by `chain.norms`): working days across Dutch
holidays, each norm's statuses, the configurable terms, and `norms list` showing each chain norm
with its source. No database."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from ketenzicht.chain import domain, events, norms as chain_norms
from ketenzicht.chain.domain import TrajectoryEvent
from ketenzicht.norms.calendar import Term, Unit, default_calendar, get_calendar
from ketenzicht.norms.chain_catalogue import CHAIN_CATALOGUE, CHAIN_NORMS
from ketenzicht.norms.config import ConfigError, config_from
from ketenzicht.norms.results import Status

CAL = default_calendar()
D = dt.date


def ev(kind, day, seq, **data):
    return TrajectoryEvent(f"e{seq}", kind, day, events.clean(kind, data), seq)


def concern(day):
    return ev(
        "concern_registered",
        day,
        1,
        reported_by="school",
        municipality="0344",
        regie_organisation="wt",
        regie_worker="w1",
    )


def request(day, seq=2):
    return ev(
        "investigation_requested", day, seq, requested_by="wt", mandate="college", rvdk="raad"
    )


def result(norm_id, events_, day, **kw):
    state = domain.as_of(events_, day)
    return chain_norms.evaluate_one(CHAIN_NORMS[norm_id], state, day, CAL, **kw)


def test_veilig_thuis_ten_working_days_across_christmas_and_new_year():
    # Involved on Monday 22 December 2025: 23, 24, (25, 26 Christmas), 29, 30, 31 Dec, (1 Jan),
    # 2, 5, 6, 7, 8 January 2026: the tenth working day is Thursday 8 January.
    c, vt = concern(D(2025, 12, 22)), ev("vt_involved", D(2025, 12, 22), 2, organisation="vt")
    on_due = result("keten-veilig-thuis", [c, vt], D(2026, 1, 8))
    assert (on_due.status, on_due.due_date) == (Status.OPEN, D(2026, 1, 8))
    assert result("keten-veilig-thuis", [c, vt], D(2026, 1, 9)).status is Status.OVERDUE
    late = [c, vt, ev("vt_handed_over", D(2026, 1, 9), 3)]
    got = result("keten-veilig-thuis", late, D(2026, 2, 1))
    assert (got.status, got.met_date) == (Status.MET_LATE, D(2026, 1, 9))
    on_time = [c, vt, ev("vt_handed_over", D(2026, 1, 8), 3)]
    assert result("keten-veilig-thuis", on_time, D(2026, 2, 1)).status is Status.MET_ON_TIME


def test_raad_start_term_across_easter_monday_and_kings_day():
    # Requested on Tuesday 31 March 2026. Good Friday (3 April) is a working day by default;
    # Easter Monday (6 April) and King's Day (Monday 27 April) are not. Ten working days after
    # the request: 1, 2, 3, 7, 8, 9, 10, 13, 14, 15 April: due Wednesday 15 April.
    evs = [concern(D(2026, 3, 2)), request(D(2026, 3, 31))]
    got = result("keten-start-raadsonderzoek", evs, D(2026, 4, 15))
    assert (got.status, got.due_date) == (Status.OPEN, D(2026, 4, 15))
    assert result("keten-start-raadsonderzoek", evs, D(2026, 4, 16)).status is Status.OVERDUE
    # With Good Friday as a holiday the term ends a working day later.
    friday_off = chain_norms.evaluate_one(
        CHAIN_NORMS["keten-start-raadsonderzoek"],
        domain.as_of(evs, D(2026, 4, 16)),
        D(2026, 4, 16),
        get_calendar(good_friday=True),
    )
    assert (friday_off.status, friday_off.due_date) == (Status.OPEN, D(2026, 4, 16))
    # A configured term of 20 working days crosses King's Day: after the tenth (15 April) come
    # 16, 17, 20-24, 28, 29, 30 April (27 April off): due Thursday 30 April 2026.
    got = result(
        "keten-start-raadsonderzoek",
        evs,
        D(2026, 4, 30),
        terms={"keten-start-raadsonderzoek": Term(20, Unit.WORKING_DAYS)},
    )
    assert (got.status, got.due_date, got.rule) == (
        Status.OPEN,
        D(2026, 4, 30),
        "gestart binnen 20 werkdagen na het verzoek",
    )
    started = [*evs, ev("investigation_started", D(2026, 4, 14), 3)]
    got = result("keten-start-raadsonderzoek", started, D(2026, 6, 1))
    assert (got.status, got.met_date) == (Status.MET_ON_TIME, D(2026, 4, 14))


def test_investigation_duration_and_closure_before_the_term():
    evs = [
        concern(D(2025, 1, 6)),
        request(D(2025, 1, 7)),
        ev("investigation_started", D(2025, 1, 31), 3),
    ]
    assert result("keten-duur-raadsonderzoek", evs, D(2025, 4, 30)).due_date == D(2025, 4, 30)
    assert result("keten-duur-raadsonderzoek", evs, D(2025, 5, 1)).status is Status.OVERDUE
    # A VOTS ruling closes the trajectory during the investigation: not applicable any more.
    vots = ev("ruling", D(2025, 2, 10), 4, outcome="maatregel", measure_type="12", measure="M1")
    closed = result("keten-duur-raadsonderzoek", [*evs, vots], D(2025, 6, 1))
    assert closed.status is Status.NOT_APPLICABLE and "gesloten" in closed.reason
    assert not result("keten-start-raadsonderzoek", evs[:1], D(2025, 6, 1)).applies


def test_vots_three_months_from_the_ruling():
    ruling = ev("ruling", D(2025, 11, 30), 2, outcome="maatregel", measure_type="12", measure="M1")
    evs = [concern(D(2025, 11, 28)), ruling]
    # Three calendar months, clamped to the end of February.
    assert result("keten-vots-drie-maanden", evs, D(2026, 2, 28)).due_date == D(2026, 2, 28)
    assert result("keten-vots-drie-maanden", evs, D(2026, 3, 1)).status is Status.OVERDUE
    ended = result("keten-vots-drie-maanden", evs, D(2026, 3, 1), vots_ended_on=D(2026, 2, 20))
    assert (ended.status, ended.met_date) == (Status.MET_ON_TIME, D(2026, 2, 20))
    ots = ev("ruling", D(2025, 11, 30), 2, outcome="maatregel", measure_type="11", measure="M1")
    assert not result("keten-vots-drie-maanden", [evs[0], ots], D(2026, 3, 1)).applies


def test_pending_handover_of_regie_and_the_flags_share_the_term():
    offer = ev("regie_offered", D(2025, 4, 17), 2, to_organisation="gi")
    evs = [concern(D(2025, 4, 1)), offer]
    # 18 (Good Friday, working), 22, 23, 24, 25 April 2025 (Easter Monday 21 April off).
    assert result("keten-regie-acceptatie", evs, D(2025, 4, 25)).status is Status.OPEN
    assert result("keten-regie-acceptatie", evs, D(2025, 4, 28)).status is Status.OVERDUE
    answered = [*evs, ev("regie_accepted", D(2025, 4, 22), 3, worker="w9")]
    assert not result("keten-regie-acceptatie", answered, D(2025, 4, 28)).applies
    terms = {"keten-regie-acceptatie": Term(8, Unit.WORKING_DAYS)}
    assert chain_norms.flag_terms(terms) == {"accept_term": 8, "vt_term": 10}
    with pytest.raises(ValueError, match="werkdagen"):
        chain_norms.flag_terms({"keten-regie-acceptatie": Term(1, Unit.WEEKS)})


def test_only_configurable_chain_terms_can_be_set_and_only_for_everyone():
    config = config_from({"keten-duur-raadsonderzoek": "10w"})
    assert config.terms["keten-duur-raadsonderzoek"] == Term(10, Unit.WEEKS)
    with pytest.raises(ConfigError, match="niet instelbaar"):
        config_from({"keten-vots-drie-maanden": "4m"})
    with pytest.raises(ConfigError):
        config_from(organisation_terms=[("gi", "keten-duur-raadsonderzoek", Term(1, Unit.WEEKS))])


def test_evaluate_gives_every_chain_norm_once():
    state = domain.fold([concern(D(2025, 4, 1))])
    got = chain_norms.evaluate(state, D(2025, 5, 1))
    assert [r.norm.id for r in got] == [n.id for n in CHAIN_CATALOGUE]
    assert chain_norms.overdue(got) == []


def test_norms_list_shows_each_chain_norm_with_its_source():
    out = io.StringIO()
    call_command("norms", "list", stdout=out)
    text = out.getvalue()
    assert "Ketennormen (op trajecten vóór de maatregel)" in text
    for norm in CHAIN_CATALOGUE:
        assert norm.id in text and norm.title in text
        assert f"{norm.source} ({norm.seed_ref})" in text
    assert "003:795-800" in text and "003:553-557" in text
    assert "(instelbaar; de documenten geven geen termijn, standaard 10 werkdagen)" in text

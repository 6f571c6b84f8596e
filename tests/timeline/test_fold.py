"""The timeline rules, on the pure fold (no database)."""

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from ketenzicht.timeline.domain.events import PayloadError, clean_payload
from ketenzicht.timeline.domain.state import (
    EventRecord,
    MeasureFacts,
    TimelineError,
    add_months,
    fold,
)

D = dt.date
TODAY = D(2026, 11, 1)


class Refs:
    orgs = {"GI-A": "gi", "GI-B": "gi", "JHA": "jeugdhulpaanbieder", "RB": "rechtbank"}
    teams = {"T-A": "GI-A", "T-B": "GI-B"}
    workers = {"W-A": ("GI-A", "T-A"), "W-A2": ("GI-A", "T-A"), "W-B": ("GI-B", "T-B")}

    def organisation_type(self, ext_id):
        return self.orgs.get(ext_id)

    def team_organisation(self, ext_id):
        return self.teams.get(ext_id)

    def worker(self, ext_id):
        return self.workers.get(ext_id)

    def municipality_exists(self, code):
        return code in {"GM0518", "GM0603"}


def ev(seq, type_, date, **data):
    return EventRecord(f"E{seq}", type_, date, clean_payload(type_, data), seq)


def start(date=D(2026, 1, 5), end=D(2027, 1, 4), **extra):
    return ev(
        1,
        "measure_started",
        date,
        ruling_date=date.isoformat(),
        end_date=end.isoformat() if end else None,
        gi="GI-A",
        team="T-A",
        **extra,
    )


OTS = MeasureFacts("M", "11", D(2015, 6, 1))


def run(*events, facts=OTS, today=TODAY):
    return fold(facts, list(events), Refs(), today)


def refused(*events, facts=OTS):
    with pytest.raises(TimelineError) as info:
        run(*events, facts=facts)
    return info.value


def test_a_coherent_timeline_folds_into_its_state():
    s = run(
        start(),
        ev(2, "worker_assigned", D(2026, 1, 6), assignment="vast", worker="W-A"),
        ev(3, "measure_extended", D(2026, 10, 1), new_end_date="2028-01-04"),
    )
    assert (s.start_date, s.planned_end, s.extensions) == (D(2026, 1, 5), D(2028, 1, 4), 1)
    assert (s.gi, s.team, s.assignment, s.worker) == ("GI-A", "T-A", "vast", "W-A")


def test_first_event_must_be_the_start():
    e = refused(
        ev(
            1,
            "first_contact",
            D(2026, 1, 6),
            with_child=True,
            with_parents=True,
            mode="face_to_face",
        )
    )
    assert e.field == "type" and "begint met het event 'Maatregel gestart'" in e.message


def test_event_in_the_future_is_refused():
    e = refused(start(), ev(2, "safety_estimate", D(2026, 11, 2), colour="rood"))
    assert (e.event_id, e.field) == ("E2", "date") and "in de toekomst" in e.message


def test_event_before_start_is_refused():
    e = refused(start(), ev(2, "safety_estimate", D(2026, 1, 4), colour="rood"))
    assert e.field == "date" and "vóór de start" in e.message


def test_event_after_end_is_refused():
    e = refused(
        start(),
        ev(2, "measure_ended", D(2026, 5, 1), reason="02"),
        ev(3, "safety_estimate", D(2026, 5, 2), colour="rood"),
    )
    assert (e.event_id, e.field) == ("E3", "date") and "na het einde" in e.message


def test_event_after_planned_end_without_extension_is_refused():
    e = refused(start(end=D(2026, 6, 1)), ev(2, "safety_estimate", D(2026, 6, 2), colour="rood"))
    assert "na de einddatum volgens de uitspraak" in e.message


def test_late_registration_dated_inside_the_measure_is_accepted():
    s = run(
        start(),
        ev(2, "measure_ended", D(2026, 5, 1), reason="02"),
        ev(3, "safety_estimate", D(2026, 4, 1), colour="groen"),
    )
    assert s.ended_on == D(2026, 5, 1)


def test_ots_term_is_at_most_a_year():
    e = refused(start(end=D(2027, 1, 6)))
    assert e.field == "data.end_date" and "ten hoogste 12 maanden" in e.message


def test_extension_at_most_a_year_and_before_the_end():
    e = refused(start(), ev(2, "measure_extended", D(2026, 10, 1), new_end_date="2028-01-05"))
    assert e.field == "data.new_end_date"
    e = refused(start(), ev(2, "measure_extended", D(2026, 10, 1), new_end_date="2026-12-31"))
    assert "niet na de huidige einddatum" in e.message


def test_voogdij_has_no_end_date_to_extend():
    facts = MeasureFacts("M", "21", D(2015, 6, 1))
    e = refused(
        start(end=None),
        ev(2, "measure_extended", D(2026, 2, 1), new_end_date="2027-01-01"),
        facts=facts,
    )
    assert "geen einddatum" in e.message


def test_protection_measure_for_an_adult_is_refused_but_probation_until_23():
    adult = MeasureFacts("M", "11", D(2007, 1, 1))
    assert "kan tot 18 jaar" in refused(start(), facts=adult).message
    probation = MeasureFacts("M", "42", D(2007, 1, 1))
    assert run(start(end=None), facts=probation).start_date == D(2026, 1, 5)


def test_worker_from_another_gi_is_refused():
    e = refused(start(), ev(2, "worker_assigned", D(2026, 1, 6), assignment="vast", worker="W-B"))
    assert e.field == "data.worker" and "werkt niet bij de GI" in e.message


def test_unassigning_when_nobody_is_assigned_is_refused():
    e = refused(start(), ev(2, "worker_unassigned", D(2026, 1, 6)))
    assert "niemand toegewezen" in e.message


def test_backdated_unassignment_before_the_assignment_contradicts_the_timeline():
    e = refused(
        start(),
        ev(2, "worker_assigned", D(2026, 2, 1), assignment="vast", worker="W-A"),
        ev(3, "worker_unassigned", D(2026, 1, 20)),
    )
    assert e.event_id == "E3"


def test_handover_moves_the_measure_and_clears_the_worker():
    s = run(
        start(),
        ev(2, "worker_assigned", D(2026, 1, 6), assignment="vast", worker="W-A"),
        ev(3, "handover", D(2026, 3, 1), to_gi="GI-B", to_team="T-B", received_on="2026-03-03"),
    )
    assert (s.gi, s.team, s.assignment, s.worker) == ("GI-B", "T-B", "niemand", None)
    e = refused(
        start(),
        ev(2, "handover", D(2026, 3, 1), to_gi="GI-B", to_team="T-A", received_on="2026-03-03"),
    )
    assert e.field == "data.to_team"


def test_correction_supersedes_an_event():
    s = run(
        start(),
        ev(2, "worker_assigned", D(2026, 1, 6), assignment="vast", worker="W-A"),
        ev(3, "correction", D(2026, 1, 7), corrects="E2", reason="Verkeerde medewerker"),
    )
    assert s.assignment == "niemand" and s.superseded == {"E2"}


def test_correction_that_breaks_later_events_is_refused():
    e = refused(
        start(),
        ev(2, "worker_assigned", D(2026, 1, 6), assignment="vast", worker="W-A"),
        ev(3, "worker_unassigned", D(2026, 2, 1)),
        ev(4, "correction", D(2026, 2, 2), corrects="E2", reason="Foutief"),
    )
    assert e.event_id == "E3" and "niemand toegewezen" in e.message


def test_correction_rules():
    base = [start(), ev(2, "safety_estimate", D(2026, 1, 7), colour="rood")]
    assert (
        "kan niet gecorrigeerd"
        in refused(*base, ev(3, "correction", D(2026, 1, 8), corrects="E1", reason="x")).message
    )
    assert (
        "bestaat niet"
        in refused(*base, ev(3, "correction", D(2026, 1, 8), corrects="E9", reason="x")).message
    )
    assert (
        "al gecorrigeerd"
        in refused(
            *base,
            ev(3, "correction", D(2026, 1, 8), corrects="E2", reason="x"),
            ev(4, "correction", D(2026, 1, 9), corrects="E2", reason="y"),
        ).message
    )


def test_help_ended_needs_open_help_and_answers_need_a_consultation():
    s = run(
        start(),
        ev(2, "help_started", D(2026, 2, 1), help_type="ambulant", provider="JHA"),
        ev(3, "help_ended", D(2026, 3, 1), help="E2"),
    )
    assert s.open_help == set()
    e = refused(
        start(),
        ev(2, "help_started", D(2026, 2, 1), help_type="ambulant", provider="JHA"),
        ev(3, "help_ended", D(2026, 3, 1), help="E2"),
        ev(4, "help_ended", D(2026, 3, 2), help="E2"),
    )
    assert "al beëindigd" in e.message
    e = refused(
        start(),
        ev(
            2,
            "municipality_consultation_answer",
            D(2026, 2, 1),
            consultation="E1",
            answer="akkoord",
        ),
    )
    assert e.field == "data.consultation"


def test_end_reason_must_fit_the_measure_type():
    e = refused(start(), ev(2, "measure_ended", D(2026, 2, 1), reason="07"))
    assert e.field == "data.reason" and "toegestaan: 01, 02, 03, 04, 05, 06" in e.message
    e = refused(start(), ev(2, "measure_ended", D(2026, 2, 1), reason="11"))  # voogdij reason
    assert "past niet bij een OTS" in e.message
    voogdij = MeasureFacts("M", "21", D(2015, 6, 1))
    assert (
        run(
            start(end=None), ev(2, "measure_ended", D(2026, 2, 1), reason="14"), facts=voogdij
        ).end_reason
        == "14"
    )


def test_payload_rules_name_the_field():
    with pytest.raises(PayloadError) as info:
        clean_payload(
            "contact",
            {
                "present": ["jeugdige", "moeder"],
                "child_spoken_alone": True,
                "mode": "face_to_face",
                "location": "thuis",
            },
        )
    assert info.value.field == "data.child_spoken_alone"
    with pytest.raises(PayloadError) as info:
        clean_payload(
            "contact",
            {
                "present": ["moeder"],
                "child_spoken_alone": False,
                "mode": "face_to_face",
                "location": "thuis",
            },
        )
    assert info.value.field == "data.not_alone_reason"
    with pytest.raises(PayloadError) as info:
        clean_payload("safety_estimate", {"colour": "paars"})
    assert "toegestaan: rood, oranje, groen" in info.value.message
    with pytest.raises(PayloadError) as info:
        clean_payload("huisbezoek", {})
    assert info.value.field == "type"
    with pytest.raises(PayloadError) as info:
        clean_payload("safety_estimate", {"colour": "rood", "kleur": "rood"})
    assert info.value.field == "data.kleur"


def test_month_arithmetic_clamps_to_month_end():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)
    assert add_months(D(2026, 8, 31), -6) == D(2026, 2, 28)


@given(st.dates(D(1990, 1, 1), D(2100, 12, 31)), st.integers(-36, 36))
def test_add_months_lands_in_the_right_month_and_never_overshoots(day, months):
    out = add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + dt.timedelta(days=1)).day == 1)


def test_every_measure_type_has_its_end_reasons():
    from ketenzicht.timeline.domain import codes

    assert set(codes.END_REASONS_BY_TYPE) == set(codes.MEASURE_TYPES)
    for reasons in codes.END_REASONS_BY_TYPE.values():
        assert set(reasons) <= set(codes.END_REASONS)


def test_a_corrected_event_in_the_future_is_still_refused():
    e = refused(
        start(),
        ev(2, "safety_estimate", D(2026, 11, 5), colour="rood"),
        ev(3, "correction", D(2026, 11, 1), corrects="E2", reason="Verkeerde datum"),
    )
    assert (e.event_id, e.field) == ("E2", "date")


@pytest.mark.parametrize(
    ("type_", "extra", "says"),
    [
        ("help_priority", {"reason": "Schadelijk wachtend."}, "voorrang is al vastgelegd"),
        ("expert_table_registered", {"reason": "Vastgelopen."}, "al aangemeld bij de experttafel"),
        (
            "municipality_consultation",
            {"municipality": "GM0518", "help_type": "pleegzorg"},
            "al overlegd",
        ),
    ],
)
def test_a_help_request_gets_it_once_while_live(type_, extra, says):
    """The waiting screens' "only once" rules live in fold(), so an import or the API refuses
    what a screen refuses; a correction withdraws the first one and frees the request."""
    request = ev(2, "help_requested", D(2026, 2, 1), help_type="pleegzorg")
    first = ev(3, type_, D(2026, 2, 2), request="E2", **extra)
    again = ev(4, type_, D(2026, 2, 3), request="E2", **extra)
    with pytest.raises(TimelineError, match=says) as exc:
        run(start(), request, first, again)
    assert exc.value.event_id == "E4" and exc.value.field == "data.request"
    withdrawn = ev(4, "correction", D(2026, 2, 3), corrects="E3", reason="Verkeerde aanvraag.")
    run(start(), request, first, withdrawn, ev(5, type_, D(2026, 2, 4), request="E2", **extra))
    # Another request gets its own.
    other = ev(4, "help_requested", D(2026, 2, 3), help_type="pleegzorg")
    run(start(), request, first, other, ev(5, type_, D(2026, 2, 4), request="E4", **extra))

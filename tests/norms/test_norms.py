"""Each norm of the catalogue on hand-made timelines (all accepted by the real fold), with the
edge cases of issue 3: weekends and holidays, month ends and leap years, a measure ended before
the due date, extension, a corrected contact, a change of worker and a measure type the norm
does not apply to."""

from ketenzicht.norms.calendar import Term, Unit
from ketenzicht.norms.catalogue import CATALOGUE, NORMS
from ketenzicht.norms.config import config_from
from ketenzicht.norms.engine import Status, live_compact_events, measure_instances
from ketenzicht.norms.selectors import kpis

from .timelines import D, ots

MET, LATE, OPEN, OVERDUE, NA = (
    Status.MET_ON_TIME,
    Status.MET_LATE,
    Status.OPEN,
    Status.OVERDUE,
    Status.NOT_APPLICABLE,
)
HP_ALL = config_from(handelingsperspectief="*")
BOTH = {"with_child": True, "with_parents": True, "mode": "face_to_face"}
ALONE = {
    "present": ["jeugdige"],
    "child_spoken_alone": True,
    "mode": "face_to_face",
    "location": "school",
}
NOT_ALONE = {
    "present": ["jeugdige", "moeder"],
    "child_spoken_alone": False,
    "not_alone_reason": "ouder_weigert",
    "mode": "face_to_face",
    "location": "thuis",
}


def instances(t, norm_id, as_of, config=None):
    config = config or config_from()
    return [
        i
        for i in measure_instances(
            t.id,
            t.measure_type,
            live_compact_events(t.rows()),
            as_of,
            config,
            birth_date=t.birth_date,
        )
        if i.norm_id == norm_id
    ]


def test_catalogue_has_the_norms_of_issue_3_with_sources():
    assert len(CATALOGUE) >= 13
    for norm in CATALOGUE:
        assert norm.title and norm.source and norm.seed_ref and norm.applies_to
        assert norm.satisfied_by
    assert {n.id for n in CATALOGUE if n.configurable} == {
        "2.2-passende-hulp",
        "3.1-kind-alleen",
        "verlenging-voorbereid",
        # Issue 6: the term to judge a signal and to organise tegenkracht.
        "3.6-signaal-beoordeeld",
        "3.6-tegenkracht",
    }


# ------------------------------------------------------------------ 1a.3 first contact


def test_first_contact_within_five_calendar_days_due_date_inclusive():
    t = ots(D(2026, 3, 2))  # Monday; due Saturday 7 March (calendar days are not moved)
    assert t.results(D(2026, 3, 4))["1a.3-eerste-contact"].status is OPEN
    r = t.results(D(2026, 3, 8))["1a.3-eerste-contact"]
    assert (r.status, r.due_date, r.met_date) == (OVERDUE, D(2026, 3, 7), None)
    eid = t.add("first_contact", D(2026, 3, 7), **BOTH)
    r = t.results(D(2026, 3, 8))["1a.3-eerste-contact"]
    assert (r.status, r.met_date, r.event_id) == (MET, D(2026, 3, 7), eid)
    assert r.rule == "Standaard: binnen 5 dagen na de start van de maatregel"


def test_first_contact_needs_child_and_parents_and_late_contact_is_met_late():
    t = ots(D(2026, 3, 2))
    t.add("first_contact", D(2026, 3, 3), with_child=True, with_parents=False, mode="telefoon")
    assert t.results(D(2026, 3, 10))["1a.3-eerste-contact"].status is OVERDUE
    t.add("first_contact", D(2026, 3, 9), **BOTH)
    r = t.results(D(2026, 3, 10))["1a.3-eerste-contact"]
    assert (r.status, r.met_date) == (LATE, D(2026, 3, 9))


def test_handelingsperspectief_orange_gets_ten_working_days_over_kings_day():
    t = ots(D(2026, 4, 16))  # Thursday; 10 working days skipping King's Day (27 April)
    t.add("safety_estimate", D(2026, 4, 17), colour="oranje")
    legal = t.results(D(2026, 4, 30))["1a.3-eerste-contact"]
    assert (legal.variant, legal.due_date, legal.status) == ("standaard", D(2026, 4, 21), OVERDUE)
    hp = t.results(D(2026, 4, 30), HP_ALL)["1a.3-eerste-contact"]
    assert (hp.variant, hp.due_date, hp.status) == ("hp-oranje-groen", D(2026, 5, 1), OPEN)
    assert hp.rule.startswith("Handelingsperspectief (kleur oranje of groen): binnen 10 werkdagen")
    # Only where the GI works under the Handelingsperspectief.
    other = config_from(handelingsperspectief=["GI-WSS"])
    assert t.results(D(2026, 4, 30), other)["1a.3-eerste-contact"].variant == "standaard"


def test_handelingsperspectief_not_for_red_nor_for_vots_and_voogdij():
    red = ots(D(2026, 4, 16))
    red.add("safety_estimate", D(2026, 4, 17), colour="rood")
    assert red.results(D(2026, 4, 30), HP_ALL)["1a.3-eerste-contact"].variant == "standaard"
    for mtype in ("12", "21"):
        t = ots(D(2026, 4, 16), measure_type=mtype)
        t.add("safety_estimate", D(2026, 4, 17), colour="groen")
        r = t.results(D(2026, 4, 30), HP_ALL)["1a.3-eerste-contact"]
        assert (r.variant, r.due_date) == ("standaard", D(2026, 4, 21))


# ------------------------------------------------------------------ safety


def test_safety_estimate_within_five_working_days_over_easter():
    t = ots(D(2026, 4, 1))  # Wed; Thu 2, Good Friday 3, (Easter Monday 6), Tue 7, Wed 8, Thu 9
    t.add("safety_estimate", D(2026, 4, 10), colour="groen")
    r = t.results(D(2026, 4, 20))["hp-veiligheidsinschatting"]
    assert (r.due_date, r.status) == (D(2026, 4, 9), LATE)


def test_safety_assessment_needs_the_behavioural_scientist_and_not_for_probation():
    t = ots(D(2026, 3, 2))
    t.add("safety_assessment", D(2026, 3, 5), with_behavioural_scientist=False)
    assert t.results(D(2026, 3, 20))["hp-veiligheidsbeoordeling"].status is OVERDUE
    eid = t.add("safety_assessment", D(2026, 3, 16), with_behavioural_scientist=True)
    r = t.results(D(2026, 3, 20))["hp-veiligheidsbeoordeling"]
    assert (r.status, r.due_date, r.event_id) == (MET, D(2026, 3, 16), eid)
    jr = ots(D(2026, 3, 2), measure_type="42")
    r = jr.results(D(2026, 3, 20))["hp-veiligheidsbeoordeling"]
    assert (r.status, r.reason) == (NA, "geldt niet voor een " + _short("42"))


def _short(code):
    from ketenzicht.timeline.domain.codes import MEASURE_TYPES

    return MEASURE_TYPES[code][1]


# ------------------------------------------------------------------ plan of approach


def test_plan_measure_ended_before_due_date_is_not_applicable():
    t = ots(D(2026, 3, 2))  # due 13 April
    t.add("measure_ended", D(2026, 4, 10), reason="02")
    r = t.results(D(2026, 6, 1))["1b.3-plan-van-aanpak"]
    assert (r.status, r.due_date) == (NA, D(2026, 4, 13))
    assert r.reason == "de maatregel eindigde vóór de uiterste datum"


def test_plan_measure_ended_on_or_after_the_due_date_unmet_is_overdue():
    t = ots(D(2026, 3, 2))
    t.add("plan_of_approach", D(2026, 4, 1), child_involved=False, parents_involved=True)
    t.add("measure_ended", D(2026, 4, 13), reason="02")
    assert t.results(D(2026, 6, 1))["1b.3-plan-van-aanpak"].status is OVERDUE
    # Looking back to a date before the end, the measure was still running: open.
    assert t.results(D(2026, 4, 1))["1b.3-plan-van-aanpak"].status is OPEN


# ------------------------------------------------------------------ help and consultation


def test_help_within_three_months_leap_year_and_configurable_term():
    t = ots(D(2023, 11, 30))
    r = t.results(D(2024, 2, 29))["2.2-passende-hulp"]
    assert (r.due_date, r.status) == (D(2024, 2, 29), OPEN)
    assert t.results(D(2024, 3, 1))["2.2-passende-hulp"].status is OVERDUE
    t.add("help_started", D(2024, 2, 20), help_type="pleegzorg", provider="JHA-1")
    assert t.results(D(2024, 3, 1))["2.2-passende-hulp"].status is MET
    own = config_from(organisation_terms=[("GI-JBW", "2.2-passende-hulp", Term(6, Unit.WEEKS))])
    r = t.results(D(2024, 3, 1), own)["2.2-passende-hulp"]
    assert (r.status, r.due_date, r.variant) == (LATE, D(2024, 1, 11), "organisatie:GI-JBW")
    assert r.rule == "Instelling van GI-JBW: binnen 6 weken na de start van de maatregel"
    national = config_from({"2.2-passende-hulp": "2m"})
    assert t.results(D(2024, 3, 1), national)["2.2-passende-hulp"].due_date == D(2024, 1, 30)


def test_consultation_with_the_municipality_before_each_help():
    t = ots(D(2026, 3, 2))
    assert t.results(D(2026, 5, 1))["2.3-afstemming-gemeente"].status is NA
    c = t.add(
        "municipality_consultation", D(2026, 3, 20), municipality="GM0518", help_type="ambulant"
    )
    t.add("help_started", D(2026, 4, 1), help_type="ambulant", provider="JHA-1")
    r = t.results(D(2026, 4, 2))["2.3-afstemming-gemeente"]
    assert (r.status, r.due_date, r.met_date, r.event_id) == (MET, D(2026, 4, 1), D(2026, 3, 20), c)
    # A second help of another type without consultation: that one is reported (oldest unmet).
    t.add("help_started", D(2026, 4, 10), help_type="pleegzorg", provider="JHA-1")
    assert t.results(D(2026, 4, 10))["2.3-afstemming-gemeente"].status is OPEN
    r = t.results(D(2026, 4, 11))["2.3-afstemming-gemeente"]
    assert (r.status, r.due_date) == (OVERDUE, D(2026, 4, 10))
    late = t.add(
        "municipality_consultation", D(2026, 4, 15), municipality="GM0518", help_type="pleegzorg"
    )
    r = t.results(D(2026, 4, 20))["2.3-afstemming-gemeente"]
    assert (r.status, r.event_id, r.trigger_date) == (LATE, late, D(2026, 4, 10))
    jr = ots(D(2026, 3, 2), measure_type="42")
    assert jr.results(D(2026, 4, 20))["2.3-afstemming-gemeente"].status is NA


# ------------------------------------------------------------------ child spoken alone


def test_child_alone_recurs_after_the_last_contact_alone():
    t = ots(D(2026, 1, 5))
    first = t.add("contact", D(2026, 2, 2), **ALONE)
    t.add("contact", D(2026, 3, 2), **NOT_ALONE)
    r = t.results(D(2026, 3, 10))["3.1-kind-alleen"]
    assert (r.status, r.due_date, r.last_met_date, r.last_event_id) == (
        OPEN,
        D(2026, 3, 16),
        D(2026, 2, 2),
        first,
    )
    assert t.results(D(2026, 3, 17))["3.1-kind-alleen"].status is OVERDUE
    cycles = instances(t, "3.1-kind-alleen", D(2026, 3, 17))
    assert [(c.due_date, c.status) for c in cycles] == [
        (D(2026, 2, 16), MET),
        (D(2026, 3, 16), OVERDUE),
    ]


def test_child_alone_does_not_apply_to_a_child_under_four():
    t = ots(D(2026, 1, 5), birth_date=D(2024, 2, 1))
    r = t.results(D(2026, 11, 1))["3.1-kind-alleen"]
    assert r.status is Status.NOT_APPLICABLE and "jonger dan 4 jaar" in r.reason
    assert instances(t, "3.1-kind-alleen", D(2026, 11, 1)) == []


def test_child_alone_starts_at_the_fourth_birthday():
    t = ots(D(2026, 1, 5), birth_date=D(2022, 9, 1))  # four on 1 September 2026
    t.add("contact", D(2026, 8, 3), **ALONE)  # before the birthday: does not count
    r = t.results(D(2026, 10, 14))["3.1-kind-alleen"]
    assert (r.status, r.due_date, r.trigger_date) == (OVERDUE, D(2026, 10, 13), D(2026, 9, 1))
    later = t.add("contact", D(2026, 10, 20), **ALONE)
    r = t.results(D(2026, 11, 1))["3.1-kind-alleen"]
    assert (r.status, r.due_date, r.last_event_id) == (OPEN, D(2026, 12, 1), later)


def test_corrected_contact_no_longer_counts_as_spoken_alone():
    t = ots(D(2026, 1, 5))
    t.add("contact", D(2026, 2, 2), **ALONE)
    wrong = t.add("contact", D(2026, 3, 2), **ALONE)
    assert t.results(D(2026, 3, 20))["3.1-kind-alleen"].due_date == D(2026, 4, 13)
    # The mother turned out to be present: the contact is corrected and recorded again.
    t.correct(wrong, D(2026, 3, 5), "Moeder was aanwezig bij het gesprek.")
    t.add("contact", D(2026, 3, 2), **NOT_ALONE)
    r = t.results(D(2026, 3, 20))["3.1-kind-alleen"]
    assert (r.status, r.due_date) == (OVERDUE, D(2026, 3, 16))
    # The correction counts for an as-of date before it was registered, too: it was never true.
    assert t.results(D(2026, 3, 3))["3.1-kind-alleen"].due_date == D(2026, 3, 16)


def test_child_alone_term_per_organisation_follows_a_handover():
    config = config_from(organisation_terms=[("GI-WSS", "3.1-kind-alleen", Term(4, Unit.WEEKS))])
    t = ots(D(2026, 1, 5))
    t.add("contact", D(2026, 2, 2), **ALONE)
    assert t.results(D(2026, 2, 10), config)["3.1-kind-alleen"].due_date == D(2026, 3, 16)
    t.add("handover", D(2026, 2, 5), to_gi="GI-WSS", received_on="2026-02-06")
    r = t.results(D(2026, 2, 10), config)["3.1-kind-alleen"]
    assert (r.due_date, r.variant) == (D(2026, 3, 2), "organisatie:GI-WSS")


def test_change_of_worker_does_not_reset_child_alone():
    t = ots(D(2026, 1, 5))
    t.add("worker_assigned", D(2026, 1, 6), assignment="vast", worker="W-1")
    t.add("contact", D(2026, 2, 2), **ALONE)
    t.add("worker_assigned", D(2026, 2, 20), assignment="vast", worker="W-2")
    assert t.results(D(2026, 3, 1))["3.1-kind-alleen"].due_date == D(2026, 3, 16)


def test_child_alone_only_for_protection_measures():
    for mtype in ("42", "72"):
        t = ots(D(2026, 1, 5), measure_type=mtype)
        assert t.results(D(2026, 3, 1))["3.1-kind-alleen"].status is NA


# ------------------------------------------------------------------ case discussion, evaluation


def test_case_discussion_every_six_months_clamped_to_month_end():
    t = ots(D(2026, 1, 5))
    t.add(
        "case_discussion",
        D(2026, 8, 31),
        external_participant=False,
        behavioural_scientist_present=True,
    )
    r = t.results(D(2026, 9, 1))["3.3-casusoverleg"]
    assert (r.status, r.due_date, r.last_met_date) == (OPEN, D(2027, 2, 28), D(2026, 8, 31))
    first = instances(t, "3.3-casusoverleg", D(2026, 9, 1))[0]
    assert (first.due_date, first.status) == (D(2026, 7, 5), LATE)


def test_plan_evaluation_counts_from_the_first_plan():
    t = ots(D(2026, 1, 5))
    r = t.results(D(2026, 2, 1))["3.3-evaluatie-plan"]
    assert (r.status, r.reason) == (NA, "nog geen plan van aanpak")
    t.add("plan_of_approach", D(2026, 2, 10), child_involved=True, parents_involved=True)
    r = t.results(D(2026, 3, 1))["3.3-evaluatie-plan"]
    assert (r.status, r.due_date, r.trigger_date) == (OPEN, D(2026, 8, 10), D(2026, 2, 10))
    t.add("plan_evaluation", D(2026, 7, 1), child_involved=True, parents_involved=True)
    assert t.results(D(2026, 8, 1))["3.3-evaluatie-plan"].due_date == D(2027, 1, 1)


# ------------------------------------------------------------------ no fixed worker


def test_no_fixed_worker_contact_norm_applies_only_while_without_fixed_worker():
    t = ots(D(2026, 1, 5))
    t.add("worker_assigned", D(2026, 1, 5), assignment="vast", worker="W-1")
    r = t.results(D(2026, 2, 1))["team-contact"]
    assert (r.status, r.reason) == (NA, "er is een vaste jeugdzorgwerker")
    t.add("worker_assigned", D(2026, 3, 2), assignment="doorstroomteam", team="T-IDT")
    r = t.results(D(2026, 3, 3))["team-contact"]
    assert (r.status, r.due_date, r.trigger_date) == (OPEN, D(2026, 4, 13), D(2026, 3, 2))
    t.add("contact", D(2026, 4, 1), **NOT_ALONE)  # any contact counts here
    assert t.results(D(2026, 4, 2))["team-contact"].due_date == D(2026, 5, 13)
    assert t.results(D(2026, 5, 14))["team-contact"].status is OVERDUE
    t.add("worker_assigned", D(2026, 5, 20), assignment="vast", worker="W-2")
    assert t.results(D(2026, 5, 20))["team-contact"].status is NA
    # The missed cycle stays in the history for KPIs.
    cycles = instances(t, "team-contact", D(2026, 6, 1))
    assert [(c.trigger_date, c.due_date, c.status) for c in cycles] == [
        (D(2026, 3, 2), D(2026, 4, 13), MET),
        (D(2026, 4, 1), D(2026, 5, 13), OVERDUE),
    ]
    case = t.results(D(2026, 4, 2))["team-casusoverleg"]
    assert (case.status, case.due_date) == (OPEN, D(2026, 9, 2))


def test_no_fixed_worker_period_ending_before_the_due_date_is_not_applicable():
    t = ots(D(2026, 1, 5))  # nobody assigned from the start
    t.add("worker_assigned", D(2026, 2, 1), assignment="vast", worker="W-1")
    cycles = instances(t, "team-contact", D(2026, 3, 1))
    assert [(c.due_date, c.status) for c in cycles] == [(D(2026, 2, 16), NA)]


# ------------------------------------------------------------------ signals


def test_each_signal_must_be_judged_within_five_working_days():
    t = ots(D(2026, 1, 5))
    assert (
        t.results(D(2026, 2, 1))["3.6-signaal-beoordeeld"].reason == "geen signaal van onveiligheid"
    )
    s1 = t.add(
        "unsafety_signal",
        D(2026, 4, 2),
        source="school",
        severity="hoog",
        description="Blauwe plekken op de arm.",
    )
    # Thu 2 April: Fri 3 (1), Tue 7 (2), Wed 8, Thu 9, Fri 10 (5): Easter Monday skipped.
    r = t.results(D(2026, 4, 3))["3.6-signaal-beoordeeld"]
    assert (r.status, r.due_date) == (OPEN, D(2026, 4, 10))
    t.add(
        "case_discussion",
        D(2026, 4, 6),
        external_participant=False,
        behavioural_scientist_present=True,
    )  # no reference to the signal: does not count
    a = t.add("safety_assessment", D(2026, 4, 8), with_behavioural_scientist=True, signal=s1)
    r = t.results(D(2026, 4, 20))["3.6-signaal-beoordeeld"]
    assert (r.status, r.event_id) == (MET, a)
    t.add(
        "unsafety_signal",
        D(2026, 4, 21),
        source="politie",
        severity="midden",
        description="Melding huiselijk geweld.",
    )
    # Tue 21 April: 22, 23, 24, (King's Day 27), 28, 29.
    r = t.results(D(2026, 5, 1))["3.6-signaal-beoordeeld"]
    assert (r.status, r.trigger_date, r.due_date) == (OVERDUE, D(2026, 4, 21), D(2026, 4, 29))
    # Correcting the assessment of the first signal makes that one the oldest overdue.
    t.correct(a, D(2026, 5, 1))
    r = t.results(D(2026, 5, 1))["3.6-signaal-beoordeeld"]
    assert (r.status, r.trigger_date) == (OVERDUE, D(2026, 4, 2))


# ------------------------------------------------------------------ extension


def test_extension_prepared_ten_weeks_before_the_end_and_again_after_extension():
    t = ots(D(2026, 1, 5), end=D(2027, 1, 4))  # due 26 Oct 2026, window from 26 July 2026
    t.add(
        "case_discussion",
        D(2026, 8, 10),
        external_participant=False,
        behavioural_scientist_present=True,
    )  # a case discussion is no longer a stand-in for the request (issue 12)
    t.add("plan_evaluation", D(2026, 8, 11), child_involved=True, parents_involved=True)
    r = t.results(D(2026, 10, 1))["verlenging-voorbereid"]
    assert (r.status, r.due_date, r.trigger_date) == (OPEN, D(2026, 10, 26), D(2026, 7, 26))
    ev = t.add("extension_requested", D(2026, 9, 1), requested_end_date="2027-07-04")
    r = t.results(D(2026, 10, 1))["verlenging-voorbereid"]
    assert (r.status, r.event_id, r.met_date) == (MET, ev, D(2026, 9, 1))
    t.add("measure_extended", D(2026, 10, 30), new_end_date="2027-07-04")
    r = t.results(D(2026, 11, 1))["verlenging-voorbereid"]
    assert (r.status, r.due_date) == (OPEN, D(2027, 4, 25))
    # Looking back before the extension, the first end date still counts.
    assert t.results(D(2026, 10, 29))["verlenging-voorbereid"].due_date == D(2026, 10, 26)
    lead = config_from({"verlenging-voorbereid": "2m"})
    assert t.results(D(2026, 11, 1), lead)["verlenging-voorbereid"].due_date == D(2027, 5, 4)


def test_extension_itself_satisfies_the_preparation_and_voogdij_has_none():
    t = ots(D(2026, 1, 5), end=D(2026, 12, 31))
    ext = t.add("measure_extended", D(2026, 10, 1), new_end_date="2027-06-30")
    first = instances(t, "verlenging-voorbereid", D(2026, 11, 1))[0]
    assert (first.due_date, first.status, first.event_id) == (D(2026, 10, 22), MET, ext)
    voogdij = ots(D(2026, 1, 5), measure_type="21")
    r = voogdij.results(D(2026, 11, 1))["verlenging-voorbereid"]
    assert (r.status, r.reason) == (NA, "geldt niet voor een voogdij")


# ------------------------------------------------------------------ general


def test_a_measure_not_started_on_the_as_of_date_has_no_applicable_norm():
    t = ots(D(2026, 3, 2))
    rs = t.results(D(2026, 3, 1))
    assert {r.status for r in rs.values()} == {NA}
    assert len(rs) == len(NORMS)


def test_placement_authorisation_carries_no_norms():
    t = ots(D(2026, 3, 2), measure_type="72")
    assert {r.status for r in t.results(D(2026, 6, 1)).values()} == {NA}


def test_kpi_counts_instances_that_fell_due_in_the_period():
    t = ots(D(2026, 1, 5))
    t.add("contact", D(2026, 2, 2), **ALONE)  # cycle 1 due 16 Feb: on time
    t.add("contact", D(2026, 4, 1), **ALONE)  # cycle 2 due 16 March: late
    # cycle 3 due 13 May: overdue on 1 June
    got = kpis(instances(t, "3.1-kind-alleen", D(2026, 6, 1)), D(2026, 2, 1), D(2026, 5, 31))
    k = got["3.1-kind-alleen"]
    assert (k.fell_due, k.met_on_time, round(k.share, 2)) == (3, 1, 0.33)
    assert kpis([], D(2026, 1, 1), D(2026, 2, 1))["3.1-kind-alleen"].share is None

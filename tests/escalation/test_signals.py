"""Signals of unsafety: the configurable judgement term and the tegenkracht (counter-check)
requirement for a repeated signal or a signal in a ruisdossier. Both are norms of the one norm
engine; the set-based path is checked against the engine here as well (the property test in
tests/norms/test_paths_agree.py draws them on random timelines)."""

import datetime as dt

import pytest

from ketenzicht.norms.config import ConfigError, config_from
from ketenzicht.norms.engine import Status
from tests.norms.timelines import D, ots

T = "3.6-tegenkracht"
J = "3.6-signaal-beoordeeld"
SIGNAL = {"source": "school", "severity": "hoog", "description": "Blauwe plekken."}


def signal(t, day, **kw):
    return t.add("unsafety_signal", day, **(SIGNAL | kw))


def discussion(t, day, sig, external):
    return t.add(
        "case_discussion",
        day,
        external_participant=external,
        behavioural_scientist_present=True,
        signal=sig,
    )


def test_a_single_signal_needs_no_tegenkracht():
    t = ots(D(2026, 1, 5))
    signal(t, D(2026, 2, 2))
    r = t.results(D(2026, 3, 1))[T]
    assert r.status is Status.NOT_APPLICABLE
    assert r.reason == "geen herhaald signaal en geen signaal in een ruisdossier"


def test_a_repeated_signal_needs_a_case_discussion_with_someone_from_outside():
    t = ots(D(2026, 1, 5))
    s1 = signal(t, D(2026, 2, 2))
    t.add("safety_assessment", D(2026, 2, 3), with_behavioural_scientist=True, signal=s1)
    s2 = signal(t, D(2026, 4, 1))  # within 3 months of the first
    r = t.results(D(2026, 4, 2))[T]
    # Wed 1 April + 10 working days (Easter Monday 6 April skipped): Thu 16 April.
    assert (r.status, r.trigger_date, r.due_date) == (Status.OPEN, D(2026, 4, 1), D(2026, 4, 16))
    discussion(t, D(2026, 4, 8), s2, external=False)  # without outside view: no tegenkracht
    assert t.results(D(2026, 4, 17))[T].status is Status.OVERDUE
    # ...but it is a judgement of the signal (norm 3.6).
    assert t.results(D(2026, 4, 17))[J].status is Status.MET_ON_TIME
    ok = discussion(t, D(2026, 4, 20), s2, external=True)
    r = t.results(D(2026, 4, 21))[T]
    assert (r.status, r.event_id) == (Status.MET_LATE, ok)


def test_a_signal_outside_the_window_is_not_repeated_and_the_window_is_configurable():
    t = ots(D(2026, 1, 5))
    signal(t, D(2026, 1, 10))
    signal(t, D(2026, 5, 1))  # more than 3 months later
    assert t.results(D(2026, 5, 2))[T].status is Status.NOT_APPLICABLE
    wide = config_from(windows={T: "6m"})
    assert t.results(D(2026, 5, 2), wide)[T].status is Status.OPEN
    with pytest.raises(ConfigError):
        config_from(windows={J: "6m"})  # norm 3.6 itself has no window


def test_a_signal_in_a_ruisdossier_needs_tegenkracht_until_the_flags_are_cleared():
    t = ots(D(2026, 1, 5))
    t.add("ruis_flags_set", D(2026, 2, 1), flags=["juridische_strijd"])
    s1 = signal(t, D(2026, 2, 2))
    r = t.results(D(2026, 2, 3))[T]
    assert (r.status, r.trigger_date) == (Status.OPEN, D(2026, 2, 2))
    discussion(t, D(2026, 2, 5), s1, external=True)
    t.add("ruis_flags_set", D(2026, 6, 1))  # no flags: no longer a ruisdossier
    signal(t, D(2026, 7, 1))  # first signal since months, no ruisdossier
    r = t.results(D(2026, 7, 2))[T]
    assert (r.status, r.trigger_date) == (Status.MET_ON_TIME, D(2026, 2, 2))


def test_judgement_term_is_configurable_for_everyone_and_per_gi():
    from ketenzicht.norms.calendar import Term, Unit

    t = ots(D(2026, 1, 5))
    signal(t, D(2026, 3, 2))  # Monday
    assert t.results(D(2026, 3, 3))[J].due_date == D(2026, 3, 9)  # 5 working days
    everyone = config_from({J: "3d"})
    assert t.results(D(2026, 3, 3), everyone)[J].due_date == D(2026, 3, 5)
    per_gi = config_from(organisation_terms=[("GI-JBW", J, Term(2, Unit.WORKING_DAYS))])
    r = t.results(D(2026, 3, 3), per_gi)[J]
    assert (r.due_date, r.variant) == (D(2026, 3, 4), "organisatie:GI-JBW")


@pytest.mark.django_db
def test_the_set_based_path_agrees_on_tegenkracht(dataset):
    """Imported through the real importer and evaluated set-based: the same results."""
    from django.db import transaction

    from ketenzicht.interop.importer import import_lines
    from ketenzicht.norms.bulk import evaluate_all
    from tests.norms.test_paths_agree import exchange_records

    t = ots(D(2026, 1, 5), id="M-H0")
    t.add("ruis_flags_set", D(2026, 2, 1), flags=["juridische_strijd"])
    s1 = signal(t, D(2026, 2, 2))
    signal(t, D(2026, 3, 2))
    discussion(t, D(2026, 2, 5), s1, external=True)
    t.add("ruis_flags_set", D(2026, 3, 10))
    signal(t, D(2026, 9, 1))
    config = config_from(windows={T: "2m"})
    with transaction.atomic():
        import_lines(list(enumerate(exchange_records([t]), start=1)), today=dt.date(2026, 11, 2))
        for as_of in (D(2026, 2, 3), D(2026, 3, 3), D(2026, 4, 1), D(2026, 9, 2)):
            bulk = {r.norm_id: r for r in evaluate_all(None, as_of, config) if r.measure_id == t.id}
            assert bulk[T] == t.results(as_of, config)[T], as_of
            assert bulk[J] == t.results(as_of, config)[J], as_of
        transaction.set_rollback(True)
    assert t.results(D(2026, 4, 1), config)[T].status is Status.OVERDUE  # the March signal

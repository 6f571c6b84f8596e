"""The capacity guards of the set-based path: a catalogue edit that exceeds the loader's packing
or what a rule kind's set-based version supports fails at import with a clear message
(`loader.check_capacity`, `loader.check_contact_norms`, `kinds.check_kinds`, each called at
import), never by silently wrong results."""

import dataclasses

import pytest

from ketenzicht.norms import loader
from ketenzicht.norms.catalogue import CATALOGUE, FLAGS, NORMS, Match, Recurrence, Trigger
from ketenzicht.norms.kinds import KINDS, check_kinds
from ketenzicht.norms.loader import CapacityError, check_capacity, check_contact_norms


def test_the_catalogue_fits():
    check_capacity(len(FLAGS.matches), loader.TYPE_LIST)
    matches = check_contact_norms(CATALOGUE)
    assert Match("contact") in matches
    assert Match("contact", (("child_spoken_alone", True),)) in matches


def test_one_flag_too_many_raises():
    with pytest.raises(CapacityError, match="flag bits"):
        check_capacity(loader.FLAG_BIT_LIMIT + 1, loader.TYPE_LIST)
    check_capacity(loader.FLAG_BIT_LIMIT, loader.TYPE_LIST)  # exactly full is fine


def test_event_type_list_too_long_raises():
    limit = loader.TYPE_PACK // loader.BITS_PACK
    with pytest.raises(CapacityError, match="TYPE_PACK"):
        check_capacity(1, "|" + "x" * (limit - 3) + "|")
    check_capacity(1, "|" + "x" * (limit - 4) + "|")


def test_a_one_time_norm_satisfied_by_a_contact_raises():
    """Only the last contacts are loaded: a one-time norm would need the first one."""
    once = dataclasses.replace(
        NORMS["3.1-kind-alleen"], recurrence=Recurrence.ONCE, id="eenmalig-contact"
    )
    with pytest.raises(CapacityError, match="eenmalig-contact"):
        check_contact_norms((*CATALOGUE, once))


def test_a_norm_triggered_by_a_contact_raises():
    triggered = dataclasses.replace(
        NORMS["3.3-evaluatie-plan"], trigger_match=Match("contact"), id="na-contact"
    )
    with pytest.raises(CapacityError, match="na-contact"):
        check_contact_norms((*CATALOGUE, triggered))


def test_a_new_contact_condition_gets_its_own_last_contact_query():
    other = Match("contact", (("mode", "face_to_face"),))
    norm = dataclasses.replace(NORMS["3.1-kind-alleen"], satisfied_by=(other,), id="x")
    assert other in check_contact_norms((*CATALOGUE, norm))


def test_every_trigger_kind_has_both_versions():
    assert set(KINDS) == set(Trigger)
    check_kinds(CATALOGUE)
    without = {t: k for t, k in KINDS.items() if t is not Trigger.PLANNED_END}
    with pytest.raises(CapacityError, match="planned_end"):
        check_kinds(CATALOGUE, without)


def test_a_norm_the_set_based_version_does_not_support_raises():
    """The set-based MEASURE_START supports an age limit only on a recurring norm."""
    once = dataclasses.replace(
        NORMS["3.1-kind-alleen"], recurrence=Recurrence.ONCE, id="eenmalig-met-leeftijd"
    )
    with pytest.raises(CapacityError, match="eenmalig-met-leeftijd"):
        check_kinds((*CATALOGUE, once))

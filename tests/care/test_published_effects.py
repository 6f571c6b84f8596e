"""Issue 16, item 5: the effects of waiting, a municipal figure, are shown through the one
publication policy (ketenzicht.publication via care.published), not rules of their own."""

import pytest

from ketenzicht.care import published
from ketenzicht.care.domain import measured
from ketenzicht.care.selectors import EffectGroup


def group(label, measures, with_signal, due=0, met=0, contacts=()):
    m = measured(contacts)
    return EffectGroup(label, measures, m, measured(()), measured(()), due, met, with_signal)


def test_a_small_numerator_is_not_revealed_through_its_percentage():
    # 3 of 40 with a signal: "8%" next to n=40 gives the 3 away.
    (g,) = published.effects_shown([group("Gewacht", 40, 3, due=40, met=36)])
    assert g.shown_measures == "40"
    assert g.signal_share == "—"
    assert g.norms_share == "90%"


def test_a_percentage_needs_the_minimum_denominator():
    a, b = published.effects_shown([group("Gewacht", 8, 6), group("Niet gewacht", 12, 6)])
    assert a.signal_share == "—"  # 6 of 8: denominator below 10
    assert b.signal_share == "50%"


def test_medians_only_with_a_published_n_and_the_threshold_is_the_configured_one(settings):
    settings.KETENZICHT_SMALL_NUMBER_THRESHOLD = 3
    (g,) = published.effects_shown([group("Gewacht", 2, 0, contacts=(4, 8))])
    assert g.shown_measures == "<3"
    assert (g.first_contact.shown, g.first_contact.shown_n) == ("—", "<3")
    settings.KETENZICHT_SMALL_NUMBER_THRESHOLD = 2
    (g,) = published.effects_shown([group("Gewacht", 2, 0, contacts=(4, 8))])
    assert (g.first_contact.shown, g.first_contact.shown_n) == ("6", "2")


@pytest.mark.parametrize("n", [0, 1, 4, 5])
def test_counts_are_shown_as_the_council_report_shows_them(n):
    (g,) = published.effects_shown([group("Gewacht", n, 0)])
    assert g.shown_measures == {0: "0", 1: "<5", 4: "<5", 5: "5"}[n]

"""The demo shows waiting (issue #5): waiting cases in every colour, ruisdossiers, schadelijk
wachtenden with priority, the expert table with decisions, intakes, and open consultations for
the demo municipality. Checked on the generated timelines as the domain folds them."""

from __future__ import annotations

import collections

import pytest

from ketenzicht.care.domain import NEEDS_WORKER
from ketenzicht.demo.generator import DemoGenerator
from tests.test_demo_data import REF, Folded

MUNICIPALITY = "GM0518"  # beleidsmedewerker.demo works for the gemeente 's-Gravenhage


@pytest.fixture(scope="module")
def folded() -> Folded:
    return Folded(list(DemoGenerator("small", 1, REF).records()))


def _live_of_type(folded, etype):
    return [(mid, e) for mid in folded.measures for e in folded.live(mid) if e.type == etype]


def test_waiting_cases_in_every_colour_and_ruisdossiers(folded):
    colours = collections.Counter()
    ruis = 0
    for mid in folded.active():
        state = folded.states[mid]
        if folded.measures[mid]["measure_type"] not in NEEDS_WORKER or state.assignment == "vast":
            continue
        live = folded.live(mid)
        colour = [e.data["colour"] for e in live if e.data.get("colour") and "safety" in e.type]
        colours[colour[-1] if colour else None] += 1
        ruis += bool(state.ruis_flags)
    assert colours["rood"] >= 1 and colours["oranje"] >= 1 and colours["groen"] >= 1
    assert ruis >= 2


def test_priority_expert_table_and_intakes(folded):
    priority = _live_of_type(folded, "help_priority")
    assert len(priority) >= 3 and all(e.data["reason"] for _, e in priority)
    registered = _live_of_type(folded, "expert_table_registered")
    assert 1 <= len({mid for mid, _ in registered}) <= 5
    decisions = _live_of_type(folded, "expert_table_decision")
    assert decisions and {e.data["registration"] for _, e in decisions} <= {
        e.id for _, e in registered
    }
    assert len(_live_of_type(folded, "help_intake")) > 50


def test_open_consultations_for_the_demo_municipality(folded):
    answered = {
        e.data["consultation"] for _, e in _live_of_type(folded, "municipality_consultation_answer")
    }
    open_ = [
        e
        for mid, e in _live_of_type(folded, "municipality_consultation")
        if e.data["municipality"] == MUNICIPALITY
        and e.id not in answered
        and folded.states[mid].ended_on is None
    ]
    assert 2 <= len(open_) <= 30

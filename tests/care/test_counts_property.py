"""Property: the reference-date counts of children without a fixed youth protector equal a
direct reconstruction from the events, on random timelines stored through the real importer.

The reconstruction here is deliberately independent of care.selectors/care.domain: per measure
it folds the live events dated on or before the day with the timeline's own `fold` and reads
the state (running? assignment?), and it places the youth with `current_place` over the live
residence events up to that day. Measures may share a youth, so children are counted, not
measures.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings, strategies as st

from ketenzicht.care.selectors import without_fixed_worker_counts
from ketenzicht.interop.importer import import_lines
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.state import (
    MeasureFacts,
    TimelineError,
    YouthPlace,
    current_place,
    fold,
)
from tests.builders import base_records
from tests.norms.timelines import REFS, TODAY, Timeline, bsn, timelines

pytestmark = pytest.mark.django_db

NEEDS_YOUTH_PROTECTOR = {
    c
    for c, (_, _, fam) in codes.MEASURE_TYPES.items()
    if fam in (codes.Family.JEUGDBESCHERMING, codes.Family.JEUGDRECLASSERING)
}
TEAM_CLUSTER = {"T-DH1": "Haaglanden", "T-IDT": "Haaglanden", "T-WSS": ""}


def _fits(tl: Timeline, birth: dt.date) -> bool:
    try:
        fold(MeasureFacts(tl.id, tl.measure_type, birth), tl.events, REFS, TODAY)
    except TimelineError:
        return False
    return True


def _live(tl: Timeline):
    superseded = {e.data["corrects"] for e in tl.events if e.type == "correction"}
    return [e for e in tl.events if e.type != "correction" and e.id not in superseded]


def expected(tls: list[Timeline], owner: dict[str, int], births, day: dt.date, by: str):
    groups: dict[str, set[int]] = {}
    for tl in tls:
        if tl.measure_type not in NEEDS_YOUTH_PROTECTOR:
            continue
        upto = [e for e in _live(tl) if e.date <= day]
        if not upto:
            continue
        state = fold(MeasureFacts(tl.id, tl.measure_type, births[owner[tl.id]]), upto, REFS, TODAY)
        running = state.start_date <= day and (state.ended_on is None or state.ended_on >= day)
        if not running or state.assignment == "vast":
            continue
        youth = owner[tl.id]
        if by == "total":
            key = "totaal"
        elif by == "gi":
            key = state.gi
        elif by == "team":
            key = state.team or "—"
        elif by == "cluster":
            key = TEAM_CLUSTER.get(state.team or "", "") or "—"
        else:
            place_events = [
                e
                for other in tls
                if owner[other.id] == youth
                for e in _live(other)
                if e.type == "residence_changed" and e.date <= day
            ]
            key = current_place(YouthPlace("GM0518", "GM0518", "thuis"), place_events)
            key = key.responsible_municipality
        groups.setdefault(key, set()).add(youth)
    out = {k: len(v) for k, v in groups.items()}
    if by == "total":
        out.setdefault("totaal", 0)
    return out


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_counts_equal_a_reconstruction_from_the_events(data):
    n = data.draw(st.integers(1, 4), label="measures")
    tls = [data.draw(timelines(f"M-C{i}"), label=f"timeline {i}") for i in range(n)]
    # Some youths move (woonplaatsbeginsel): a residence change on a running measure.
    for tl in tls:
        if data.draw(st.booleans(), label=f"move {tl.id}"):
            start = tl.events[0].date
            day = start + dt.timedelta(days=data.draw(st.integers(0, 400)))
            if day <= TODAY:
                tl.try_add("residence_changed", day, responsible_municipality="GM0603")
    # Measures share a youth where the youth's birth date fits both timelines.
    owner: dict[str, int] = {}
    births: dict[int, dt.date] = {}
    for i, tl in enumerate(tls):
        youth = data.draw(st.integers(0, i), label=f"youth of {tl.id}")
        if youth != i and youth in births and _fits(tl, births[youth]):
            owner[tl.id] = youth
        else:
            owner[tl.id] = i
            births[i] = tl.birth_date
    # The reference data of the base set, without its own youth and measure.
    records = [r for r in base_records() if r["kind"] not in ("youth", "measure", "event")]
    for y, birth in births.items():
        records.append(
            {
                "kind": "youth",
                "id": f"Y-C{y}",
                "bsn": bsn(y),
                "given_name": "Test",
                "family_name": f"Jeugdige {y}",
                "birth_date": birth.isoformat(),
                "responsible_municipality": "GM0518",
                "stay_municipality": "GM0518",
                "placement_type": "thuis",
            }
        )
    for tl in tls:
        records.extend(tl.records(f"Y-C{owner[tl.id]}"))
    first = min(tl.events[0].date for tl in tls)
    days = data.draw(
        st.lists(st.dates(first - dt.timedelta(days=3), TODAY), min_size=1, max_size=4),
        label="days",
    )
    with transaction.atomic():
        import_lines(list(enumerate(records, start=1)), today=TODAY)
        for by in ("total", "gi", "team", "cluster", "municipality"):
            got = without_fixed_worker_counts(days, by)
            for day in days:
                assert got[day] == expected(tls, owner, births, day, by), (by, day)
        transaction.set_rollback(True)

"""The help-request read model (issue 15, item 1; `care.help_steps`) equals the events.

Random valid timelines (tests/norms/timelines.py) get random help requests, intakes, priorities,
starts, expert-table registrations and decisions, consultations and answers, and corrections of
them, and reach Ketenzicht as in production: a first part by a file import, the rest event by
event through the forms' write path. After the writes the stored steps of every measure must be
the decoding of its live events as held in memory, and the help waits on a date must be those of
the live requests dated up to it.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import given, strategies as st

from ketenzicht import clock
from ketenzicht.care import help_selectors, help_steps
from ketenzicht.care.models import HelpStep
from ketenzicht.timeline.domain.codes import CONSULTATION_ANSWERS
from ketenzicht.timeline.models import Measure
from tests.norms.test_readmodel import DATABASE_PROPERTY, draw_timelines, write_in_two_steps
from tests.norms.timelines import HELP, TODAY, Timeline, timelines

pytestmark = pytest.mark.django_db

KINDS = (
    "help_requested",
    "help_requested",
    "help_requested",
    "help_intake",
    "help_intake",
    "help_priority",
    "help_started",
    "help_started",
    "expert_table_registered",
    "expert_table_decision",
    "expert_table_decision",
    "municipality_consultation",
    "municipality_consultation_answer",
    "municipality_consultation_answer",
    "correction",
)


@st.composite
def with_help(draw, measure_id: str) -> Timeline:
    """A random timeline with a random course of help requests added (each event checked by
    the timeline's fold; refused ones are left out)."""
    tl = draw(timelines(measure_id))
    made: dict[str, list[str]] = {k: [e.id for e in tl.events if e.type == k] for k in KINDS}
    day = tl.events[0].date
    for _ in range(draw(st.integers(0, 20))):
        day += dt.timedelta(days=draw(st.sampled_from((0, 1, 3, 8, 21))))
        if day > TODAY:
            break
        kind = draw(st.sampled_from(KINDS))
        requests = made["help_requested"]
        request = draw(st.sampled_from(requests)) if requests else None
        help_type = draw(st.sampled_from(HELP))
        if kind == "help_requested":
            data = {"help_type": help_type, "provider": draw(st.sampled_from((None, "JHA-1")))}
            data["urgent"] = draw(st.booleans())
        elif kind in ("help_intake", "help_priority"):
            if request is None:
                continue
            data = {"request": request}
            data |= {"provider": "JHA-1"} if kind == "help_intake" else {"reason": "Onveilig."}
        elif kind == "help_started":
            data = {"help_type": help_type, "provider": "JHA-1", "request": request}
        elif kind == "expert_table_registered":
            meeting = (day + dt.timedelta(days=14)).isoformat() if draw(st.booleans()) else None
            data = {"reason": "Vastgelopen.", "request": request, "meeting_date": meeting}
        elif kind == "expert_table_decision":
            if not made["expert_table_registered"]:
                continue
            reg = draw(st.sampled_from(made["expert_table_registered"]))
            data = {"registration": reg, "decision": draw(st.sampled_from(("Pleegzorg", "Nee")))}
        elif kind == "municipality_consultation":
            data = {"municipality": "GM0518", "help_type": help_type, "request": request}
        elif kind == "municipality_consultation_answer":
            if not made["municipality_consultation"]:
                continue
            consultation = draw(st.sampled_from(made["municipality_consultation"]))
            data = {"consultation": consultation, "answer": draw(st.sampled_from(ANSWERS))}
        else:
            done = [e for k, ids in made.items() if k != "correction" for e in ids]
            if not done:
                continue
            data = {"corrects": draw(st.sampled_from(done)), "reason": "Fout vastgelegd."}
        eid = tl.try_add(kind, day, **data)
        if eid:
            made[kind].append(eid)
    return tl


ANSWERS = tuple(CONSULTATION_ANSWERS)


def expected_steps(tl: Timeline) -> list[tuple]:
    """The decoding of the timeline's live help events, from memory."""
    corrected = {e.data["corrects"] for e in tl.events if e.type == "correction"}
    live = [
        (e.date, e.seq, e.type, e.id, e.data)
        for e in tl.events
        if e.type in help_steps.HELP_TYPES and e.id not in corrected
    ]
    return help_steps.help_steps(live)


@DATABASE_PROPERTY
@given(data=st.data())
def test_stored_help_steps_equal_the_events_after_any_writes(data):
    tls, cuts = draw_timelines(data, with_help, "M-P")
    dated = sorted({e.date for tl in tls for e in tl.events})
    days = data.draw(st.lists(st.sampled_from(dated), min_size=1, max_size=3), label="dates")
    with transaction.atomic(), clock.frozen(TODAY):
        write_in_two_steps(tls, cuts, TODAY)
        ours = Measure.objects.filter(external_id__startswith="M-P")
        ext = dict(ours.values_list("pk", "external_id"))
        stored = {ext[pk]: steps for pk, steps in help_steps.STORE.stored(list(ext)).items()}
        want = {tl.id: expected_steps(tl) for tl in tls if expected_steps(tl)}
        assert stored == want
        assert help_steps.STORE.differences(fix=False) == []
        # The waits on a date are those of the live requests dated up to it, read from the store.
        waits = help_selectors.help_waits_on(days, ours)
        assert all(type(w.urgent) is bool for ws in waits.values() for w in ws)
        for day in days:
            requests = {
                step[2]
                for steps in want.values()
                for step in steps
                if step[1] == "help_requested" and step[0] <= day
            }
            assert {w.request_id for w in waits[day]} == requests, day
            # The GI board's shortcut: only measures that may have a request waiting are read.
            waiting = [w for w in waits[day] if w.waiting]
            assert help_selectors.waiting_help(day, ours) == waiting, day
            # The council report's help started in a period, known on the date.
            first = data.draw(st.sampled_from(dated), label="period from")
            end = data.draw(st.sampled_from(dated), label="period to")
            started = [w for w in waits[day] if w.started_on and first <= w.started_on <= end]
            assert help_selectors.started_between(first, end, day, ours) == started, day
        transaction.set_rollback(True)


def test_rebuild_finds_and_repairs_a_changed_help_step(waiting):
    before = help_selectors.help_waits(dt.date(2026, 11, 1))
    assert before, "the waiting fixture has help requests"
    step = HelpStep.objects.filter(event_type="help_requested").order_by("pk").first()
    HelpStep.objects.filter(pk=step.pk).update(date=step.date - dt.timedelta(days=200))
    assert help_selectors.help_waits(dt.date(2026, 11, 1)) != before  # the stored rows are read
    with pytest.raises(CommandError, match="afwijking"):
        call_command("timeline-rebuild", "--check")
    call_command("timeline-rebuild")
    assert help_selectors.help_waits(dt.date(2026, 11, 1)) == before

"""The holder read model (issue 15, item 1; `care.holders`) equals a replay of the events.

Random valid timelines (tests/norms/timelines.py: worker changes, handovers, endings and
corrections) are written as they reach Ketenzicht: a first part by a file import, the rest event
by event through the forms' write path. After the writes, `histories` must give, for any date,
exactly the replay of the live events dated up to that date, computed here from the timelines in
memory.
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from hypothesis import given, strategies as st

from ketenzicht import clock
from ketenzicht.care import holders
from ketenzicht.care.domain import HOLDER_TYPES, replay
from ketenzicht.care.models import HolderStep
from ketenzicht.reference.models import Team, Worker
from ketenzicht.timeline.models import Measure
from tests.norms.test_readmodel import DATABASE_PROPERTY, draw_timelines, write_in_two_steps
from tests.norms.timelines import REFS, TODAY, Timeline, timelines

pytestmark = pytest.mark.django_db

WORKER_TEAM = {w: team for w, (_, team) in REFS.workers.items()}


def expected(tl: Timeline, until: dt.date):
    """The replay of the timeline's live events dated up to `until`, from memory."""
    corrected = {e.data["corrects"] for e in tl.events if e.type == "correction"}
    events = [
        (e.date, e.seq, e.type, e.data)
        for e in tl.events
        if e.type in HOLDER_TYPES and e.id not in corrected and e.date <= until
    ]
    return replay(events, WORKER_TEAM) if events else None


@DATABASE_PROPERTY
@given(data=st.data())
def test_histories_equal_a_replay_of_the_events_after_any_writes(data):
    tls, cuts = draw_timelines(data, timelines, "M-H")
    first = min(tl.events[0].date for tl in tls)
    last = max(e.date for tl in tls for e in tl.events)
    # Random dates and the events' own dates (a start or an end on the day itself).
    dated = sorted({e.date for tl in tls for e in tl.events})
    ends = sorted({e.date for tl in tls for e in tl.events if e.type == "measure_ended"})
    near = st.dates(first - dt.timedelta(days=5), last + dt.timedelta(days=5))
    days = data.draw(st.lists(near | st.sampled_from(dated), max_size=4), label="dates")
    with transaction.atomic(), clock.frozen(TODAY):
        write_in_two_steps(tls, cuts, TODAY)
        ours = Measure.objects.filter(external_id__startswith="M-H")
        ext = dict(ours.values_list("pk", "external_id"))
        by_id = {tl.id: tl for tl in tls}
        for until in [None, *days]:
            found = {ext[pk]: h for pk, h in holders.histories(ours, until).items()}
            want = {
                tl.id: expected(tl, until or dt.date.max)
                for tl in tls
                if expected(tl, until or dt.date.max) is not None
            }
            assert found == want, until
            if until is None:
                continue
            # A window: only measures that may run in it, each as whole as without the window.
            back = st.integers(0, 400).map(lambda n, u=until: u - dt.timedelta(days=n))
            edges = st.sampled_from(ends or dated)  # the window starting on an end day
            since = data.draw(back | st.sampled_from(dated) | edges, label="window from")
            if since > until:
                continue
            window = {ext[pk]: h for pk, h in holders.histories(ours, until, since=since).items()}
            assert all(window[k] == want[k] for k in window), (since, until)
            for k in set(want) - set(window):
                h = want[k]
                assert h.start is None or h.start > until or (h.ended_on or until) < since
        assert set(found) <= set(by_id)
        # `held_by_any` keeps every measure that one of the teams held at some time.
        teams = data.draw(st.sets(st.sampled_from(sorted(REFS.teams))), label="teams")
        held = {ext[pk] for pk in holders.held_by_any(ours, teams).values_list("pk", flat=True)}
        everything = {tl.id: expected(tl, dt.date.max) for tl in tls}
        assert {
            k for k, h in everything.items() if h and any(x.team in teams for x in h.holders)
        } <= held
        assert holders.differences(fix=False) == []
        transaction.set_rollback(True)


def test_a_workers_team_applies_without_a_write_on_the_measure(dataset):
    """The one thing not stored: a fixed worker's current team, read at request time (as the
    replay from the events did)."""
    worker = Worker.objects.filter(external_id="W-1").get()
    held = [
        pk
        for pk, h in holders.histories(Measure.objects.all()).items()
        if h.holders and h.holders[-1].worker == "W-1" and h.holders[-1].assignment == "vast"
    ]
    assert held, "the builders' data has measures held by W-1"
    before = holders.histories(Measure.objects.filter(pk__in=held))
    assert {h.holders[-1].team for h in before.values()} == {"T-DH1"}
    worker.team = Team.objects.get(external_id="T-IDT")
    worker.save(update_fields=["team"])
    after = holders.histories(Measure.objects.filter(pk__in=held))
    changed = {pk for pk, h in after.items() if h.holders[-1].team == "T-IDT"}
    # Unless the assignment named a team of its own, the worker's new team shows at once.
    named = set(
        HolderStep.objects.filter(measure_id__in=held, event_type="worker_assigned")
        .exclude(team=None)
        .values_list("measure_id", flat=True)
    )
    assert changed == set(held) - named and changed


def test_rebuild_finds_and_repairs_a_changed_step(dataset):
    before = holders.histories(Measure.objects.all())
    step = HolderStep.objects.filter(event_type="measure_started").order_by("pk").first()
    HolderStep.objects.filter(pk=step.pk).update(gi="GI-WSS" if step.gi != "GI-WSS" else "GI-JBW")
    assert holders.histories(Measure.objects.all()) != before  # the stored rows are what is read
    with pytest.raises(CommandError, match="afwijking"):
        call_command("timeline-rebuild", "--check")
    call_command("timeline-rebuild")
    assert holders.histories(Measure.objects.all()) == before
    call_command("timeline-rebuild", "--check")


def test_the_migration_fills_the_steps_of_existing_measures(dataset):
    """Installations upgrading to the read model have events and no steps: the migration
    derives them."""
    stored = list(
        HolderStep.objects.order_by("measure_id", "position").values_list(
            "measure_id", "position", *holders.FIELDS
        )
    )
    assert stored
    HolderStep.objects.all().delete()
    migration = importlib.import_module("ketenzicht.care.migrations.0001_holder_read_model")
    migration.fill(apps, connection.schema_editor())
    assert (
        list(
            HolderStep.objects.order_by("measure_id", "position").values_list(
                "measure_id", "position", *holders.FIELDS
            )
        )
        == stored
    )

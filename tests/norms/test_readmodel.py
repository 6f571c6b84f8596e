"""The norms read model (issue 15, item 1) equals a fresh evaluation of the events.

Random valid timelines (tests/norms/timelines.py) are written in two steps, as they reach
Ketenzicht: the first part by a file import, the rest event by event through the forms' write
path (`append_event`), corrections included. After every step the read model must answer, for
any reference date, exactly what the engine answers on the timeline written so far; on the day
of the write it must answer from its own rows (not by falling back to the engine).
"""

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings, strategies as st

from ketenzicht import clock
from ketenzicht.interop.importer import import_lines
from ketenzicht.norms import readmodel
from ketenzicht.norms.bulk import iter_instances
from ketenzicht.norms.configured import load_config
from ketenzicht.norms.engine import live_compact_events, measure_instances
from ketenzicht.norms.models import InstanceRow, ReadState
from ketenzicht.norms.selectors import instances_for_measures
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.domain.events import dump_payload
from ketenzicht.timeline.models import Measure
from ketenzicht.timeline.services import append_event

from .test_paths_agree import exchange_records
from .timelines import TODAY, Timeline, timelines

pytestmark = pytest.mark.django_db


def engine(tls, as_of, config):
    """The engine on the in-memory timelines, in the read model's order (by measure)."""
    out = []
    for tl in tls:  # imported in this order: primary keys ascend with it
        rows = tl.rows()
        out += measure_instances(
            tl.id,
            tl.measure_type,
            live_compact_events(rows),
            as_of,
            config,
            birth_date=tl.birth_date,
        )
    return out


def covered(day, config, measures=None) -> int:
    key = readmodel.fingerprint(config)
    states = ReadState.objects.filter(readmodel._covering(day, key))
    return (states if measures is None else states.filter(measure__in=measures)).count()


def prefix(tl: Timeline, n: int) -> Timeline:
    return Timeline(tl.measure_type, tl.id, tl.birth_date, tl.events[:n])


def write_in_two_steps(tls: list[Timeline], cuts: list[int], today: dt.date) -> None:
    """As timelines reach Ketenzicht: the first `cut` events of each by a file import, the rest
    event by event through the forms' write path (`append_event`), corrections included."""
    parts = [prefix(tl, n) for tl, n in zip(tls, cuts, strict=True)]
    import_lines(list(enumerate(exchange_records(parts), start=1)), today=today)
    measures = {
        m.external_id: m for m in Measure.objects.filter(external_id__in=[t.id for t in tls])
    }
    for tl, n in zip(tls, cuts, strict=True):
        for e in tl.events[n:]:
            append_event(
                measures[tl.id], e.type, e.date, dump_payload(e.data), external_id=e.id, today=today
            )


def draw_timelines(data, strategy, prefix: str) -> tuple[list[Timeline], list[int]]:
    """One to three timelines of `strategy` (ids `prefix`0, 1, ...) and, per timeline, how many
    of its first events `write_in_two_steps` imports as a file."""
    tls = [
        data.draw(strategy(f"{prefix}{i}"), label=f"timeline {i}")
        for i in range(data.draw(st.integers(1, 3), label="measures"))
    ]
    cuts = [data.draw(st.integers(1, len(tl.events)), label=f"imported part {tl.id}") for tl in tls]
    return tls, cuts


# Property tests that write to the database: one example per transaction, rolled back.
DATABASE_PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@DATABASE_PROPERTY
@given(data=st.data())
def test_read_model_equals_a_fresh_evaluation_after_any_writes(data):
    tls, cuts = draw_timelines(data, timelines, "M-R")
    # The day of the writes, as the read model sees it: any day from the last event on, before
    # or after a ruling's end date or a fourth birthday (the age border of 3.1). The writes
    # themselves are validated as of a day the builders' base records allow.
    last = max(e.date for tl in tls for e in tl.events)
    write_day = data.draw(st.dates(last, TODAY + dt.timedelta(days=500)), label="write day")
    valid_on = max(write_day, TODAY)
    go_live = data.draw(st.sampled_from([None, dt.date(2025, 6, 1), dt.date(2026, 3, 2)]))
    first = min(tl.events[0].date for tl in tls)
    days = [
        write_day,
        *data.draw(
            st.lists(
                st.dates(first - dt.timedelta(days=5), write_day + dt.timedelta(days=800)),
                min_size=2,
                max_size=4,
            ),
            label="reference dates",
        ),
    ]
    with transaction.atomic(), clock.frozen(write_day):
        if go_live:
            Organisation.objects.filter(external_id="GI-JBW").update(go_live_date=go_live)
        config = load_config()
        write_in_two_steps(tls, cuts, valid_on)
        # After the last write, on the write day, every measure is answered from the read model.
        ours = Measure.objects.filter(external_id__startswith="M-R")
        assert covered(write_day, config, ours) == len(tls)
        assert InstanceRow.objects.filter(measure__in=ours).count() == len(
            engine(tls, write_day, config)
        )
        for day in days:
            assert instances_for_measures(ours, day, config) == engine(tls, day, config), day
        transaction.set_rollback(True)


def test_rows_answer_without_the_engine_and_another_configuration_falls_back(dataset):
    """The answer comes from the stored rows: a row changed behind the model's back shows (and
    `timeline-rebuild --check` finds it); under another configuration the engine answers."""
    config = load_config()
    today = clock.today()
    fresh = instances_for_measures(None, today, config)
    assert fresh and covered(today, config) == Measure.objects.count()
    row = InstanceRow.objects.order_by("pk").first()
    InstanceRow.objects.filter(pk=row.pk).update(due_date=row.due_date + dt.timedelta(days=1))
    assert instances_for_measures(None, today, config) != fresh
    with pytest.raises(CommandError, match="afwijking"):
        call_command("timeline-rebuild", "--check")
    call_command("timeline-rebuild")  # repairs
    assert instances_for_measures(None, today, config) == fresh
    call_command("timeline-rebuild", "--check")

    Organisation.objects.filter(type="gi").update(go_live_date=dt.date(2026, 1, 1))
    other = load_config()
    assert covered(today, other) == 0  # stored under the old configuration: not used
    assert instances_for_measures(None, today, other) == list(
        iter_instances(Measure.objects.all(), today, other)
    )
    assert readmodel.refresh_stale() == Measure.objects.count()
    assert covered(today, other) == Measure.objects.count()


def test_a_lapsing_measure_is_renewed_the_day_after_its_end_date(dataset):
    """A stored evaluation of a running measure holds up to the ruling's end date; the next day
    it is stale (the engine answers) until `refresh_stale` stores the lapsed evaluation."""
    config = load_config()
    state = (
        ReadState.objects.filter(valid_until__isnull=False)
        .select_related("measure")
        .order_by("valid_until")
        .first()
    )
    assert state is not None, "the demo has running measures with an end date"
    after = state.valid_until + dt.timedelta(days=1)
    pk = state.measure_id
    assert not ReadState.objects.filter(readmodel._covering(after, state.key), pk=pk).exists()
    with clock.frozen(after):
        assert readmodel.refresh_stale() >= 1
    assert ReadState.objects.filter(readmodel._covering(after, state.key), pk=pk).exists()
    assert instances_for_measures([pk], after, config) == list(iter_instances([pk], after, config))


def test_norms_refresh_fills_measures_without_a_read_model(dataset):
    """After the upgrade that adds the tables (or when rows are lost) `norms-refresh` fills them."""
    config = load_config()
    today = clock.today()
    fresh = instances_for_measures(None, today, config)
    ReadState.objects.all().delete()
    InstanceRow.objects.all().delete()
    assert covered(today, config) == 0
    assert instances_for_measures(None, today, config) == fresh  # the engine answers meanwhile
    out = io.StringIO()
    call_command("norms-refresh", stdout=out)
    count = Measure.objects.count()
    assert f"{count} maatregel(en) vernieuwd" in out.getvalue()
    assert covered(today, config) == count
    assert instances_for_measures(None, today, config) == fresh


def test_the_fingerprint_is_the_same_in_every_process():
    """Stored by one process, read by another: the catalogue's sets of measure types must not
    make the fingerprint depend on the process's string hashing (found at national scale: no
    measure was covered after the build in a second process)."""
    code = (
        "import django; django.setup(); "
        "from ketenzicht.norms.readmodel import fingerprint; "
        "from ketenzicht.norms.config import config_from; "
        "print(fingerprint(config_from(handelingsperspectief=['GI-A', 'GI-B', 'GI-C'])))"
    )
    prints = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in (1, 2, 3, 4)
    }
    assert len(prints) == 1 and len(prints.pop()) == 64


def test_a_new_birth_date_in_an_import_refreshes_the_youths_measures(dataset):
    """The age norm (3.1 from four years) reads the youth's birth date: a file that changes it
    refreshes the youth's measures, though none of their events changed."""
    from tests.builders import base_records, find

    config = load_config()
    today = clock.today()
    before = instances_for_measures(Measure.objects.filter(youth__external_id="Y-1"), today, config)
    youth = dict(find(base_records(), "Y-1", "youth"), birth_date="2023-01-01")
    import_lines(list(enumerate([base_records()[0], youth], start=1)), today=TODAY)
    measures = Measure.objects.filter(youth__external_id="Y-1")
    after = instances_for_measures(measures, today, config)
    assert covered(today, config, measures) == measures.count()
    assert after == list(iter_instances(measures, today, config))
    assert after != before  # the age norm's instances moved to the fourth birthday

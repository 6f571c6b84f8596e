"""The holder read model (issue 15, item 1): who held each measure on which day, kept on write.

The waiting counts, the help waits, capacity and the dashboards ask per request "who held this
measure on that day" for every measure of a GI, a region or a municipality. Replaying that from
the events meant decoding every holder-changing event's payload and sorting it per request. The
steps (`domain.holder_steps`: date, type, GI, team, worker, assignment, in the fold's order)
depend on each measure's own events only, so they are stored when events are written
(`timeline.signals.events_written`, in the write's transaction: forms, import, API) and
`histories` replays the stored steps. What is not stored is the one thing that changes without
an event on the measure: a worker's current team (`Worker.team`), applied at read time as
before. `differences` (`ketenzicht timeline-rebuild [--check]`) compares every measure with a
fresh derivation from the events; the property test (tests/care/test_holders.py) holds
`histories` to a replay of the events after random writes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from ketenzicht import bulkinsert
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.models import Event, Measure

from .domain import HOLDER_TYPES, MeasureHistory, Step, holder_steps, replay_steps
from .models import HolderStep

# The stored columns of a step, in `domain.Step` order.
FIELDS = ("date", "event_type", "gi", "team", "worker", "assignment")


def _fresh(pks: list[int]) -> Iterator[tuple[int, list[Step]]]:
    """(measure pk, steps) derived from the live events, for the measures that have any."""
    rows = (
        Event.live.filter(measure_id__in=pks, event_type__in=HOLDER_TYPES)
        .order_by("measure_id")
        .values_list("measure_id", "date", "seq", "event_type", "data")
    )
    for pk, events in groupby(rows.iterator(chunk_size=5000), key=itemgetter(0)):
        yield pk, holder_steps(e[1:] for e in events)


def refresh(measures: Iterable[int]) -> int:
    """Derive the measures' steps anew (inside the write's transaction). Returns the number of
    steps stored."""
    pks = sorted(set(measures))
    for part in bulkinsert.slices(pks):
        HolderStep.objects.filter(measure_id__in=part).delete()

    def rows() -> Iterator[tuple]:
        for part in bulkinsert.slices(pks):
            for pk, steps in _fresh(list(part)):
                for i, step in enumerate(steps):
                    yield (pk, i, *step)

    return bulkinsert.insert(HolderStep, ("measure_id", "position", *FIELDS), rows())


def refresh_on_write(sender: Any = None, measure_pks: Iterable[int] = (), **kwargs: Any) -> None:
    """Receiver of `timeline.signals.events_written`."""
    refresh(measure_pks)


def _stored(pks: list[int]) -> dict[int, list[Step]]:
    out: dict[int, list[Step]] = defaultdict(list)
    rows = (
        HolderStep.objects.filter(measure_id__in=pks)
        .order_by("measure_id", "position")
        .values_list("measure_id", *FIELDS)
    )
    for pk, *step in rows:
        out[pk].append(tuple(step))  # type: ignore[arg-type]
    return out


def differences(fix: bool) -> list[str]:
    """One Dutch line per measure whose stored steps differ from the events, for
    `timeline-rebuild`; with `fix`, those measures are derived anew."""
    out: list[str] = []
    wrong: list[int] = []
    measures = dict(Measure.objects.values_list("pk", "external_id"))
    for part in bulkinsert.slices(sorted(measures)):
        have = _stored(list(part))
        want = dict(_fresh(list(part)))
        for pk in part:
            if have.get(pk, []) != want.get(pk, []):
                out.append(f"maatregel {measures[pk]}: leesmodel houders wijkt af van de events")
                wrong.append(pk)
    if fix and wrong:
        refresh(wrong)
    return out


def histories(
    measures: QuerySet, until: dt.date | None = None, since: dt.date | None = None
) -> dict[int, MeasureHistory]:
    """{measure pk: its holders over time} from the events dated up to `until` (None: all), for
    the measures that have any such event. Two queries: the workers' teams and the steps (a
    plain cursor: the ORM's per-row conversions cost more than the replay).

    With `since`, only the measures that run on some day from `since` to `until` (by the
    measure's start and end dates, which the timeline's fold keeps from the same events): for
    callers that ask `holder_on` for days in that window only. The others would answer None
    there; nationally most measures ended long ago and need not be replayed."""
    if since is not None:
        measures = measures.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=since), start_date__isnull=False
        )
        if until is not None:
            measures = measures.filter(start_date__lte=until)
    worker_team = dict(Worker.objects.values_list("external_id", "team__external_id"))
    sub, params = measures.values("pk").query.sql_with_params()
    table = HolderStep._meta.db_table
    # SQLite returns a date column as text unless Django converts it: parsed once per date.
    day = "date || ''" if connection.vendor == "sqlite" else "date"
    sql = (
        f"SELECT measure_id, {day}, event_type, gi, team, worker, assignment "  # noqa: S608
        f"FROM {table} WHERE measure_id IN ({sub})"
    )
    args = list(params)
    if until is not None:
        sql += " AND date <= %s"
        args.append(until)
    sql += " ORDER BY measure_id, position"
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        days: dict[Any, dt.date] = {}
        for text in {r[1] for r in rows}:
            days[text] = dt.date.fromisoformat(text)
        rows = [(r[0], days[r[1]], *r[2:]) for r in rows]
    return {
        pk: replay_steps([r[1:] for r in steps], worker_team)
        for pk, steps in groupby(rows, key=itemgetter(0))
    }

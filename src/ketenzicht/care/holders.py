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
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

from django.db.models import Exists, OuterRef, Q, QuerySet

from ketenzicht import bulkinsert
from ketenzicht.reference.models import Worker

from .domain import HOLDER_TYPES, MeasureHistory, holder_steps, replay_steps
from .models import HolderStep
from .steps import StepStore

# The stored columns of a step, in `domain.Step` order.
FIELDS = ("date", "event_type", "gi", "team", "worker", "assignment")

STORE = StepStore(
    HolderStep,
    HOLDER_TYPES,
    ("date", "seq", "event_type", "data"),
    FIELDS,
    holder_steps,
    "leesmodel houders",
)
refresh, refresh_on_write, differences = STORE.refresh, STORE.refresh_on_write, STORE.differences


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
    rows = STORE.select(measures, until)
    return {
        pk: replay_steps([r[1:] for r in steps], worker_team)  # type: ignore[misc]
        for pk, steps in groupby(rows, key=itemgetter(0))
    }


def held_by_any(measures: QuerySet, teams: Iterable[str]) -> QuerySet:
    """The measures of `measures` that one of `teams` can have held at some time: a holder's
    team is a step's team or the current team of a step's worker (`replay_steps`), so a measure
    with neither never has one of these teams. Read once by their keys on PostgreSQL."""
    teams = sorted(teams)
    workers = Worker.objects.filter(team__external_id__in=teams).values("external_id")
    steps = HolderStep.objects.filter(
        Q(team__in=teams) | Q(worker__in=workers), measure_id=OuterRef("pk")
    )
    return bulkinsert.pinned(measures.filter(Exists(steps)))

"""The streamed loader: whole timelines (every contact) of many measures in one query.

Used for every due instance (KPIs: all cycles need all contacts) and as a witness in the
property test. Two queries in all: the measures (id, external id, type, birth date) and one
ordered stream of the relevant events of all those measures, with everything the engine needs
computed by the database: the date as an ordinal, the payload conditions as flag bits
(`json_extract` on SQLite, `->>` on PostgreSQL), the one text and date field per event type, and
corrections applied through the `corrects` foreign key (NOT EXISTS). The rows arrive grouped per
measure (index order measure_id, seq), so memory stays flat however many events there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction

from ketenzicht.timeline.domain.events import SAME_DAY_ORDER
from ketenzicht.timeline.models import Event, Measure

from .catalogue import DATE_FIELD, FLAGS, RELEVANT_TYPES, TEXT_FIELD
from .executor import Timeline
from .sql import json_equals, json_text, ordinal, quote

CHUNK = 20_000


def events_sql(vendor: str, measure_filter: str = "") -> str:
    """The one query of the streamed path. Parameters: as-of date, then the filter's."""
    bits = " + ".join(
        f"(CASE WHEN e.event_type = {quote(m.event_type)} AND "
        + " AND ".join(json_equals(vendor, f, v) for f, v in m.conditions)
        + f" THEN {1 << i} ELSE 0 END)"
        for i, m in enumerate(FLAGS.matches)
    )
    text = (
        "CASE e.event_type "
        + " ".join(f"WHEN {quote(t)} THEN {json_text(vendor, f)}" for t, f in TEXT_FIELD.items())
        + " END"
    )
    date2 = (
        "CASE e.event_type "
        + " ".join(
            f"WHEN {quote(t)} THEN {ordinal(vendor, json_text(vendor, f))}"
            for t, f in DATE_FIELD.items()
        )
        + " END"
    )
    order = (
        "CASE e.event_type "
        + " ".join(f"WHEN {quote(t)} THEN {n}" for t, n in SAME_DAY_ORDER.items())
        + " ELSE 5 END"
    )
    types = ", ".join(quote(t) for t in sorted(RELEVANT_TYPES))
    event_table = connection.ops.quote_name(Event._meta.db_table)
    return (
        f"SELECT {ordinal(vendor, 'e.date')}, {order}, e.seq, e.event_type, {bits}, {text}, "
        f"{date2}, e.external_id, e.measure_id "
        f"FROM {event_table} e "
        f"WHERE e.event_type IN ({types}) AND e.date <= %s "
        f"AND NOT EXISTS (SELECT 1 FROM {event_table} c WHERE c.corrects_id = e.id) "
        f"{measure_filter}"
        f"ORDER BY e.measure_id, e.seq"
    )


MEASURE_COLUMNS = ("pk", "external_id", "measure_type", "youth__birth_date")


def _measures(measures: Any) -> tuple[dict[int, tuple[str, str, Any]], str, list[Any]]:
    """{pk: (external id, type, birth date of the youth)} and the SQL filter for the events."""
    if measures is None:
        qs = Measure.objects.all()
        return {r[0]: r[1:] for r in qs.values_list(*MEASURE_COLUMNS)}, "", []
    if not hasattr(measures, "query"):
        qs = Measure.objects.filter(pk__in=list(measures))
    else:
        qs = measures
    try:
        sub_sql, sub_params = qs.values("pk").query.sql_with_params()
    except EmptyResultSet:  # no measures at all (an empty list of keys): nothing to evaluate
        return {}, "AND 1 = 0 ", []
    rows = {r[0]: r[1:] for r in qs.values_list(*MEASURE_COLUMNS)}
    return rows, f"AND e.measure_id IN ({sub_sql}) ", list(sub_params)


def _stream(as_of: dt.date, measure_filter: str, params: list[Any]) -> Iterator[tuple]:
    sql = events_sql(connection.vendor, measure_filter)
    with transaction.atomic():  # a PostgreSQL server-side cursor lives in a transaction
        cursor = connection.chunked_cursor()
        try:
            cursor.execute(sql, [as_of, *params])
            while True:
                rows = cursor.fetchmany(CHUNK)
                if not rows:
                    break
                yield from rows
        finally:
            cursor.close()


def timelines(measures: Any, as_of: dt.date) -> Iterator[Timeline]:
    """Whole timelines of the measures (None: all; a queryset; or primary keys), one by one."""
    for _, timeline in timelines_by_pk(measures, as_of):
        yield timeline


def timelines_by_pk(measures: Any, as_of: dt.date) -> Iterator[tuple[int, Timeline]]:
    """As `timelines`, each with the measure's primary key."""
    info, measure_filter, params = _measures(measures)
    seen: set[int] = set()
    for pk, rows in groupby(_stream(as_of, measure_filter, params), key=itemgetter(8)):
        ext, mtype, birth = info[pk]
        seen.add(pk)
        yield pk, (ext, mtype, birth, [r[:8] for r in rows])
    for pk, (ext, mtype, birth) in info.items():
        if pk not in seen:  # nothing on its timeline by the as-of date
            yield pk, (ext, mtype, birth, [])

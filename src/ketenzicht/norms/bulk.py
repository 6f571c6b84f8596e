"""Evaluation over many measures: no query per measure.

`evaluate_all` / `iter_results` are the set-based path (`vector`: numpy over columns, two
queries). This module also holds the *streaming* path used for every due instance (KPIs) and as
a third witness in the property test:

two queries in all: the measures (id, external id, type) and one ordered stream of the relevant
events of all those measures, with everything the engine needs computed by the database: the
date as an ordinal, the payload conditions as flag bits (`json_extract` on SQLite, `->>` on
PostgreSQL), the one text and date field per event type, and corrections applied through the
`corrects` foreign key (NOT EXISTS). The rows arrive grouped per measure (index order
measure_id, seq) and each group goes through `engine.evaluate_measure` as it streams by, so
memory stays flat however many events there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction

from ketenzicht.timeline.domain.events import SAME_DAY_ORDER
from ketenzicht.timeline.models import Event, Measure

from .catalogue import CATALOGUE, DATE_FIELD, FLAGS, NONEMPTY, RELEVANT_TYPES, TEXT_FIELD, Norm
from .config import NormConfig, load_config
from .engine import NormInstance, NormResult, evaluate_measure, measure_instances

CHUNK = 20_000


def _quote(text: str) -> str:
    assert "'" not in text and "%" not in text
    return f"'{text}'"


def _json_text(vendor: str, field: str) -> str:
    if vendor == "postgresql":
        return f"(e.data ->> {_quote(field)})"
    return f"json_extract(e.data, {_quote('$.' + field)})"


def _json_equals(vendor: str, field: str, value: bool | str) -> str:
    if value == NONEMPTY:  # a list field, present and not empty
        if vendor == "postgresql":
            return (
                f"(jsonb_typeof(e.data -> {_quote(field)}) = 'array' "
                f"AND jsonb_array_length(e.data -> {_quote(field)}) > 0)"
            )
        return f"COALESCE(json_array_length(e.data, {_quote('$.' + field)}), 0) > 0"
    if isinstance(value, bool):
        if vendor == "postgresql":
            return f"(e.data -> {_quote(field)}) = {_quote('true' if value else 'false')}::jsonb"
        return f"json_type(e.data, {_quote('$.' + field)}) = {_quote('true' if value else 'false')}"
    return f"{_json_text(vendor, field)} = {_quote(value)}"


def _ordinal(vendor: str, expr: str) -> str:
    if vendor == "postgresql":
        return f"(({expr})::date - DATE '0001-01-01' + 1)"
    return f"CAST(julianday({expr}) - 1721424.5 AS INTEGER)"


def events_sql(vendor: str, measure_filter: str = "") -> str:
    """The one query of the bulk path. Parameters: as-of date, then the filter's parameters."""
    bits = " + ".join(
        f"(CASE WHEN e.event_type = {_quote(m.event_type)} AND "
        + " AND ".join(_json_equals(vendor, f, v) for f, v in m.conditions)
        + f" THEN {1 << i} ELSE 0 END)"
        for i, m in enumerate(FLAGS.matches)
    )
    text = (
        "CASE e.event_type "
        + " ".join(f"WHEN {_quote(t)} THEN {_json_text(vendor, f)}" for t, f in TEXT_FIELD.items())
        + " END"
    )
    date2 = (
        "CASE e.event_type "
        + " ".join(
            f"WHEN {_quote(t)} THEN {_ordinal(vendor, _json_text(vendor, f))}"
            for t, f in DATE_FIELD.items()
        )
        + " END"
    )
    order = (
        "CASE e.event_type "
        + " ".join(f"WHEN {_quote(t)} THEN {n}" for t, n in SAME_DAY_ORDER.items())
        + " ELSE 5 END"
    )
    types = ", ".join(_quote(t) for t in sorted(RELEVANT_TYPES))
    event_table = connection.ops.quote_name(Event._meta.db_table)
    return (
        f"SELECT {_ordinal(vendor, 'e.date')}, {order}, e.seq, e.event_type, {bits}, {text}, "
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


def _groups(measures: Any, as_of: dt.date) -> Iterator[tuple[str, str, Any, list[tuple]]]:
    info, measure_filter, params = _measures(measures)
    seen: set[int] = set()
    for pk, rows in groupby(_stream(as_of, measure_filter, params), key=itemgetter(8)):
        ext, mtype, birth = info[pk]
        seen.add(pk)
        yield ext, mtype, birth, list(rows)
    for pk, (ext, mtype, birth) in info.items():
        if pk not in seen:  # nothing on its timeline by the as-of date
            yield ext, mtype, birth, []


def stream_results(
    measures: Any = None,
    as_of: dt.date | None = None,
    config: NormConfig | None = None,
    norms: tuple[Norm, ...] = CATALOGUE,
) -> Iterator[list[NormResult]]:
    """Per measure the list of results (catalogue order), streaming whole timelines through
    `engine.evaluate_measure`. `measures`: None (all), a Measure queryset, or primary keys."""
    as_of = as_of or dt.date.today()
    config = config or load_config()
    for ext, mtype, birth, events in _groups(measures, as_of):
        yield evaluate_measure(ext, mtype, events, as_of, config, norms, birth_date=birth)


def iter_results(
    measures: Any = None,
    as_of: dt.date | None = None,
    config: NormConfig | None = None,
    norms: tuple[Norm, ...] = CATALOGUE,
) -> Iterator[list[NormResult]]:
    """Per measure the list of results (catalogue order), set-based (`vector`)."""
    from .vector import evaluate

    return iter(evaluate(measures, as_of, config, norms))


def evaluate_all(
    measures: Any = None,
    as_of: dt.date | None = None,
    config: NormConfig | None = None,
    norms: tuple[Norm, ...] = CATALOGUE,
) -> list[NormResult]:
    return [r for rs in iter_results(measures, as_of, config, norms) for r in rs]


def iter_instances(
    measures: Any = None,
    as_of: dt.date | None = None,
    config: NormConfig | None = None,
    norms: tuple[Norm, ...] = CATALOGUE,
) -> Iterator[NormInstance]:
    """Every due instance of every norm on the measures (KPIs: what fell due in a period)."""
    as_of = as_of or dt.date.today()
    config = config or load_config()
    for ext, mtype, birth, events in _groups(measures, as_of):
        yield from measure_instances(ext, mtype, events, as_of, config, norms, birth_date=birth)


def results_by_measure(results: Iterable[NormResult]) -> dict[str, list[NormResult]]:
    out: dict[str, list[NormResult]] = {}
    for r in results:
        out.setdefault(r.measure_id, []).append(r)
    return out

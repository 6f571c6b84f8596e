"""Inserting many rows without a model instance per row: COPY on PostgreSQL, executemany on
SQLite.

Django's `bulk_create` builds a model instance for every row and prepares every value through
its field; in a region import that was more than half of the time (75 of 142 s profiled, for
the events and the norms read model's rows). The writers that store rows by the hundred
thousand (the importer's events, `norms.readmodel`) pass plain values instead: `str`, `int`,
`bool`, `None`, `datetime.date`, aware `datetime.datetime`, and the JSON text of a JSON field
(`json_text`). Nothing is checked here that the database does not check: the callers insert
values they validated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL

BATCH = 5000
# Rows per UPDATE of Django's `bulk_update`: its CASE WHEN has a branch per row, tried in order
# for every row, so one UPDATE costs batch² (5,000 rows: 3.7 s of a region import; 250: a tenth).
UPDATE_BATCH = 250


def slices(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """`items` in slices small enough for one `IN (...)` list: SQLite allows 999 variables per
    statement; PostgreSQL many more, and every statement is a round trip (a national import
    looked up its 3 million event ids 900 at a time: 3,300 queries)."""
    size = 20_000 if connection.vendor == "postgresql" else 900
    for i in range(0, len(items), size):
        yield items[i : i + size]


def in_keys(column: str, keys: Sequence[Any]) -> Iterator[tuple[str, list[Any]]]:
    """(SQL condition, parameters) selecting rows whose `column` is one of `keys`: on
    PostgreSQL one condition with the keys as one array parameter (a placeholder per key cost
    more to convert in the driver than the query took); on SQLite `IN` lists of 900."""
    if connection.vendor == "postgresql":
        yield f"{column} = ANY(%s)", [list(keys)]
        return
    for i in range(0, len(keys), 900):
        part = list(keys[i : i + 900])
        yield f"{column} IN ({', '.join(['%s'] * len(part))})", part


def by_keys(queryset: models.QuerySet, keys: Iterable[int]) -> models.QuerySet:
    """`queryset` limited to the primary keys `keys`: on PostgreSQL the keys as one array
    parameter (a list of 40,000 placeholders cost 0.3 s for Django and the driver to build and
    split), elsewhere an `IN` list."""
    if connection.vendor == "postgresql":
        return queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (list(keys),)))
    return queryset.filter(pk__in=list(keys))


def pinned(queryset: models.QuerySet) -> models.QuerySet:
    """On PostgreSQL the same rows selected by their keys, read once: a queryset with nested
    `EXISTS` conditions used as the subquery of several queries is planned and evaluated again
    in each (0.1 s apiece for a team's help waits). On SQLite the queryset as it is: long `IN`
    lists are slower there than the subquery."""
    if connection.vendor != "postgresql":
        return queryset
    return by_keys(queryset.model.objects.all(), queryset.values_list("pk", flat=True))


def json_text(value: Any) -> str:
    """A JSON field's value as the text the database stores (as Django writes it)."""
    return json.dumps(value)


def insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (one value per name in `fields`, in that order) into the model's table, in
    the current transaction; returns the number of rows."""
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    columns = ", ".join(qn(f.column) for f in targets)
    adapters = [_sqlite_adapter(f) for f in targets]
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(targets))})"
    count = 0
    it = iter(rows)
    # In batches, each taken from `rows` before it is sent: a generator of rows may itself
    # query the database (norms.readmodel reads timelines), which it cannot do during a COPY.
    while batch := list(islice(it, BATCH)):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    sql,
                    [
                        [
                            v if a is None or v is None else a(v)
                            for a, v in zip(adapters, row, strict=True)
                        ]
                        for row in batch
                    ],
                )
        count += len(batch)
    return count


def _sqlite_adapter(field: models.Field) -> Callable[[Any], Any] | None:
    """How Django writes a value of this field to SQLite (None: as it is)."""
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return None

"""Bulk loading: the events a current result needs, for many measures, in a few queries.

This module only loads; its rows feed `columns` (each rule kind's set-based `column`) or, as
compact events (`timelines`), the engine. What it loads, whatever the number of measures:

1. the measures (primary key, external id, type, the youth's birth date) and the organisations;
2. the relevant events as of the date: every relevant event other than a contact, and of the
   contacts (the bulk of every timeline) only those on the date of the last contact and of the
   last contact matching each condition the catalogue puts on contacts (index seeks; corrected
   contacts left out with NOT EXISTS on the `corrects` foreign key); flag bits, references and
   dates computed in SQL;
3. the ids of corrected events, which numpy then drops from the first query's rows;
4. after evaluation, the external ids of the events the results name (`external_ids`).

Only the last contacts decide a current result (`check_contact_norms` guards that at import):
every norm a contact satisfies recurs after its last satisfying event. The due instances of
every cycle (KPIs) need all contacts; `stream` loads those.

Each event query returns its rows as one comma-separated text of integers that numpy parses,
instead of a Python object per value (which costs more than the query itself). Large sets are
split by measure over two threads, each with its own connection. The packing has capacity limits
(flag bits per event, the position of an event type in a list of names); `check_capacity`
raises `CapacityError` at import when the catalogue exceeds one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction

from ketenzicht import bulkinsert
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.domain.events import EVENT_TYPES
from ketenzicht.timeline.models import Event, Measure

from .catalogue import (
    CATALOGUE,
    DATE_FIELD,
    FLAGS,
    TEXT_FIELD,
    Match,
    Norm,
    Recurrence,
    Trigger,
)
from .compact import Ev
from .limits import CODE, EPOCH, NONE, ORDER_OF, TYPES, CapacityError
from .sql import json_equals, json_text, quote

SEQ_LIMIT = 1_000_000  # loaded key: YYYYMMDD * 10^6 + seq
PK_LIMIT = 1 << 32  # event primary keys stay below this
YMD_LIMIT = 1 << 27  # YYYYMMDD stays below this
TYPE_LIST = "|" + "|".join(TYPES) + "|"
# The second packed integer: (YYYYMMDD * SEQ_LIMIT + seq) * TYPE_PACK + type position * BITS_PACK
# + flag bits; it must stay a signed 64-bit integer up to the year 2199.
FLAG_BIT_LIMIT = 8
BITS_PACK = 1 << FLAG_BIT_LIMIT
TYPE_PACK = 1 << 18
ID_BATCH = 20_000
PARALLEL_FROM = 20_000  # measures; fewer are loaded on the calling thread
PIECE = 5_000  # measures per piece loaded ahead
WORKERS = 2


def check_capacity(flag_count: int, type_list: str) -> None:
    """The flag bits of an event fit BITS_PACK and every type position in `type_list` fits
    TYPE_PACK / BITS_PACK; the packed key fits a signed 64-bit integer."""
    if flag_count > FLAG_BIT_LIMIT:
        raise CapacityError(
            f"De normcatalogus gebruikt {flag_count} voorwaarden op de inhoud van events; de "
            f"bulklader pakt er per event hoogstens {FLAG_BIT_LIMIT} in (flag bits). Verbreed "
            "FLAG_BIT_LIMIT in norms/loader.py."
        )
    if len(type_list) + 2 > TYPE_PACK // BITS_PACK:
        raise CapacityError(
            f"De lijst met relevante eventtypen is {len(type_list)} tekens; de bulklader pakt "
            f"posities onder {TYPE_PACK // BITS_PACK}. Verbreed TYPE_PACK in norms/loader.py."
        )
    if (21991231 * SEQ_LIMIT + SEQ_LIMIT) * TYPE_PACK >= 1 << 63:
        raise CapacityError("De ingepakte eventsleutel past niet in een 64-bits geheel getal.")


def check_contact_norms(norms: Iterable[Norm]) -> tuple[Match, ...]:
    """The contact matches the loader reads the last contacts for. Only the last contacts are
    loaded, so a contact may only satisfy a norm that recurs after its last satisfying event,
    and no norm may be triggered by a contact."""
    found: list[Match] = [Match("contact")]
    for norm in norms:
        if norm.trigger_match is not None and norm.trigger_match.event_type == "contact":
            raise CapacityError(
                f"Norm {norm.id} start bij een contact; de bulklader leest alleen de laatste "
                "contacten. Laad alle contacten in norms/loader.py."
            )
        for m in norm.satisfied_by:
            if m.event_type != "contact":
                continue
            if norm.recurrence is not Recurrence.AFTER_LAST or norm.trigger in (
                Trigger.EACH_EVENT,
                Trigger.PLANNED_END,
            ):
                raise CapacityError(
                    f"Norm {norm.id} wordt voldaan door een contact maar herhaalt niet na het "
                    "laatste; de bulklader leest alleen de laatste contacten. Laad alle "
                    "contacten in norms/loader.py."
                )
            if m not in found:
                found.append(m)
    return tuple(found)


check_capacity(len(FLAGS.matches), TYPE_LIST)
CONTACT_MATCHES = check_contact_norms(CATALOGUE)

CODE_AT = np.full(len(TYPE_LIST) + 2, -1, dtype=np.int64)  # string position -> type code
for _t, _c in CODE.items():
    CODE_AT[TYPE_LIST.index(f"|{_t}|") + 1] = _c
TYPE_NAMES = np.array(TYPES, dtype=object)


# --------------------------------------------------------------------------- SQL


def _aux_sql(vendor: str, event_type: str, name: str) -> str:
    """The one payload field the engine keeps per event type, as an integer: a reference to an
    organisation or an event as its primary key, a code as its index in the code list."""
    f = EVENT_TYPES[event_type].field_map[name]
    value = json_text(vendor, name)
    if f.kind == "ref" and f.ref == "organisation":
        orgs = connection.ops.quote_name(Organisation._meta.db_table)
        return f"(SELECT o.id FROM {orgs} o WHERE o.external_id = {value})"
    if f.kind == "ref" and f.ref == "event":
        events = connection.ops.quote_name(Event._meta.db_table)
        return f"(SELECT s.id FROM {events} s WHERE s.external_id = {value})"
    assert f.kind == "code" and f.choices
    return (
        f"CASE {value} "
        + " ".join(f"WHEN {quote(c)} THEN {i}" for i, c in enumerate(f.choices))
        + " END"
    )


def _ymd(vendor: str, text: str) -> str:
    """An ISO date text as the integer YYYYMMDD."""
    kind = "INTEGER" if vendor == "sqlite" else "BIGINT"
    return f"CAST(replace({text}, '-', '') AS {kind})"


def rows_sql(vendor: str, measure_filter: str) -> list[str]:
    """The event queries; parameters of each: the as-of date, then the filter's.

    Each returns one text value: the rows' integer columns (measure, key, type, flag bits, aux,
    date, event pk), comma-separated, so that the database builds the text and numpy parses it.
    """
    table = connection.ops.quote_name(Event._meta.db_table)
    measures = connection.ops.quote_name(Measure._meta.db_table)
    by_type: dict[str, list[str]] = {}
    for i, m in enumerate(FLAGS.matches):
        cond = " AND ".join(json_equals(vendor, f, v) for f, v in m.conditions)
        by_type.setdefault(m.event_type, []).append(f"(CASE WHEN {cond} THEN {1 << i} ELSE 0 END)")
    bits = (
        "CASE e.event_type "
        + " ".join(f"WHEN {quote(t)} THEN {' + '.join(parts)}" for t, parts in by_type.items())
        + " ELSE 0 END"
    )
    aux = (
        "CASE e.event_type "
        + " ".join(f"WHEN {quote(t)} THEN {_aux_sql(vendor, t, f)}" for t, f in TEXT_FIELD.items())
        + " END"
    )
    date2 = (
        "CASE e.event_type "
        + " ".join(
            f"WHEN {quote(t)} THEN {_ymd(vendor, json_text(vendor, f))}"
            for t, f in DATE_FIELD.items()
        )
        + " END"
    )
    # The type as its position in a list (one string search instead of a CASE of 20 branches),
    # and the date as the integer YYYYMMDD: cheap in SQL; numpy turns both into codes/ordinals.
    find = "instr" if vendor == "sqlite" else "strpos"
    code = f"{find}({quote(TYPE_LIST)}, '|' || e.event_type || '|')"
    date = (
        _ymd(vendor, "e.date")
        if vendor == "sqlite"
        else "CAST(to_char(e.date, 'YYYYMMDD') AS BIGINT)"
    )
    # Three integers per row (every `||` costs; arithmetic is cheap): measure and event pk;
    # date, seq, type and flag bits; aux and the payload date.
    values = [
        f"e.measure_id * {PK_LIMIT} + e.id",
        f"(({date}) * {SEQ_LIMIT} + e.seq) * {TYPE_PACK} + ({code}) * {BITS_PACK} + ({bits})",
        f"(COALESCE({aux}, -1) + 1) * {YMD_LIMIT} + COALESCE({date2}, 0)",
    ]
    row = " || ',' || ".join(f"({v})" for v in values)
    agg = f"group_concat({row}, ',')" if vendor == "sqlite" else f"string_agg({row}, ',')"
    live = f"NOT EXISTS (SELECT 1 FROM {table} k WHERE k.corrects_id = {{x}}.id)"
    others = ", ".join(quote(t) for t in TYPES if t != "contact")
    # Driven from the measures (CROSS JOIN keeps SQLite's join order): per measure index seeks
    # on event_lookup (measure, type, date), so each measure's rows are read together.
    # (Corrected events are dropped afterwards in numpy: see `_query`.)
    main = (
        f"SELECT {agg} FROM {measures} m CROSS JOIN {table} e WHERE e.measure_id = m.id "
        f"AND e.event_type IN ({others}) AND e.date <= %s {measure_filter}"
    )

    def last_contacts(match: Match) -> str:
        # Every contact on the date of the last (matching) contact: the date comes from the
        # (measure, type, date) index; ties on that date are resolved by seq afterwards.
        extra = "".join(f" AND {json_equals(vendor, f, v)}" for f, v in match.conditions)
        return (
            f"SELECT {agg} FROM {measures} m CROSS JOIN {table} e WHERE e.measure_id = m.id "
            f"AND e.event_type = 'contact' AND e.date = ("
            f"SELECT c.date FROM {table} c WHERE c.measure_id = m.id AND c.event_type = 'contact' "
            f"AND c.date <= %s AND {live.format(x='c')} {extra.replace('e.data', 'c.data')} "
            f"ORDER BY c.date DESC LIMIT 1) AND {live.format(x='e')} {extra} {measure_filter}"
        )

    return [main, *(last_contacts(m) for m in CONTACT_MATCHES)]


# --------------------------------------------------------------------------- loading


@dataclass
class Frame:
    """The measures and their loaded event rows, sorted by (measure index, date, order, seq)."""

    pks: np.ndarray
    ext: list[str]
    mtype: list[str]
    birth: list[dt.date | None]  # the youth's birth date per measure
    mid: np.ndarray  # measure index per row
    date: np.ndarray  # ordinal
    seq: np.ndarray
    typ: np.ndarray  # index into TYPES
    bits: np.ndarray
    aux: np.ndarray  # organisation pk, code index or event pk; NONE
    date2: np.ndarray  # ordinal or NONE
    eid: np.ndarray  # event pk

    @property
    def size(self) -> int:
        return len(self.pks)


MEASURE_COLUMNS = ("pk", "external_id", "measure_type", "youth__birth_date")


def _measure_rows(measures: Any) -> tuple[list[tuple], str, list[Any]]:
    if measures is None:
        qs = Measure.objects.all()
        return list(qs.order_by("pk").values_list(*MEASURE_COLUMNS)), "", []
    qs = measures if hasattr(measures, "query") else bulkinsert.by_keys(Measure.objects, measures)
    try:
        sub_sql, sub_params = qs.values("pk").query.sql_with_params()
    except EmptyResultSet:  # no measures at all (an empty list of keys): nothing to evaluate
        return [], "AND 1 = 0", []
    rows = list(qs.order_by("pk").values_list(*MEASURE_COLUMNS))
    if connection.vendor == "postgresql":
        # The keys as one array: a filter on `m` itself, estimated right. As `IN (subquery)`
        # PostgreSQL planned a semi join of the subquery's 40,000 keys against every row of
        # a misestimated payload condition (the last contact alone with the child): 36 s for
        # the national demo's running measures instead of 0.4 s.
        return rows, "AND m.id = ANY(%s)", [[r[0] for r in rows]]
    return rows, f"AND m.id IN ({sub_sql})", list(sub_params)


@contextlib.contextmanager
def _snapshot() -> Iterator[Any]:
    """A cursor whose queries all read one snapshot of the database. On SQLite a deferred (read)
    transaction: the project's SQLite connections begin IMMEDIATE (a write lock), which would
    make the loading threads wait for each other."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic(), connection.cursor() as cursor:
            yield cursor
        return
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
        try:
            yield cursor
        finally:
            cursor.execute("COMMIT")


def _query(measure_filter: str, params: list[Any], as_of: dt.date) -> list[np.ndarray]:
    parts = []
    with _snapshot() as cursor:
        for sql in rows_sql(connection.vendor, measure_filter):
            cursor.execute(sql, [as_of, *params])
            (text,) = cursor.fetchone()
            parts.append(np.fromstring(text or "", dtype=np.int64, sep=",").reshape(-1, 3))
        table = connection.ops.quote_name(Event._meta.db_table)
        cursor.execute(f"SELECT corrects_id FROM {table} WHERE corrects_id IS NOT NULL")
        corrected = np.array([r[0] for r in cursor.fetchall()], dtype=np.int64)
    # The first query does not leave out corrected events itself.
    parts[0] = parts[0][~np.isin(parts[0][:, 0] % PK_LIMIT, corrected)]
    return parts


def _query_in_thread(measure_filter: str, params: list[Any], as_of: dt.date) -> list[np.ndarray]:
    try:
        return _query(measure_filter, params, as_of)
    finally:
        connection.close()  # this thread's own connection


def workers_for(n_measures: int) -> int:
    """Large sets are split by measure over the cores: the database does most of the work and
    Python's database drivers release the GIL meanwhile. Not inside a transaction, whose data
    other connections could not see; not on an in-memory SQLite database (tests)."""
    if n_measures < PARALLEL_FROM or connection.in_atomic_block:
        return 1
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return 1  # shared-cache memory databases lock whole tables between connections
    return min(WORKERS, os.cpu_count() or 1)


def frames(measures: Any, as_of: dt.date) -> Iterator[Frame]:
    """The measures (None: all; a queryset; or primary keys) and their loaded rows, in pieces of
    contiguous primary keys (in order). Large sets are loaded ahead on WORKERS threads while the
    caller evaluates the piece before: the database works while the engine runs."""
    mrows, measure_filter, params = _measure_rows(measures)
    workers = workers_for(len(mrows))
    if workers == 1:
        yield _frame(mrows, _query(measure_filter, params, as_of))
        return
    n = max(workers, len(mrows) // PIECE)
    bounds = [len(mrows) * i // n for i in range(n + 1)]
    jobs = []
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        first, after = mrows[lo][0], (mrows[hi][0] if hi < len(mrows) else mrows[-1][0] + 1)
        sql = f"{measure_filter} AND m.id >= %s AND m.id < %s"
        jobs.append((mrows[lo:hi], (sql, [*params, first, after], as_of)))
    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(_query_in_thread, *job) for _, job in jobs]
        for (rows, _), future in zip(jobs, futures, strict=True):
            yield _frame(rows, future.result())


def load(measures: Any, as_of: dt.date) -> Frame:
    """All the measures' rows in one frame."""
    mrows, measure_filter, params = _measure_rows(measures)
    return _frame(mrows, _query(measure_filter, params, as_of))


def _frame(mrows: list[tuple], parts: list[np.ndarray]) -> Frame:
    pks = np.array([r[0] for r in mrows], dtype=np.int64)
    packed = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)
    measure_pk, eid = np.divmod(packed[:, 0], PK_LIMIT)
    key, rest = np.divmod(packed[:, 1], TYPE_PACK)
    position, bits = np.divmod(rest, BITS_PACK)
    aux, date2 = np.divmod(packed[:, 2], YMD_LIMIT)
    mid = np.searchsorted(pks, measure_pk)
    typ = CODE_AT[position]
    date = ymd_ordinal(key // SEQ_LIMIT)
    seq = key % SEQ_LIMIT
    # Timeline order: date, same-day order (start first, end last), seq.
    order = np.lexsort((seq, ORDER_OF[typ], date, mid))
    mid, seq = mid[order], seq[order]
    keep = np.ones(len(seq), dtype=bool)  # the last contact may also be the last one alone
    keep[1:] = (mid[1:] != mid[:-1]) | (seq[1:] != seq[:-1])  # (same seq: same row)
    order, mid, seq = order[keep], mid[keep], seq[keep]
    date2 = date2[order]
    has2 = date2 != 0
    date2 = np.where(has2, ymd_ordinal(np.where(has2, date2, 19700101)), NONE)
    return Frame(
        pks=pks,
        ext=[r[1] for r in mrows],
        mtype=[r[2] for r in mrows],
        birth=[r[3] for r in mrows],
        mid=mid,
        date=date[order],
        seq=seq,
        typ=typ[order],
        bits=bits[order],
        aux=aux[order] - 1,
        date2=date2,
        eid=eid[order],
    )


def ymd_ordinal(ymd: np.ndarray) -> np.ndarray:
    """YYYYMMDD integers to date ordinals."""
    months = (ymd // 10000 - 1970) * 12 + (ymd // 100 % 100 - 1)
    days = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return days + (ymd % 100 - 1) + EPOCH


# --------------------------------------------------------------------------- compact events


def _texts(f: Frame) -> list[Any]:
    """The engine's text field per row: an organisation's external id, a code, or (a reference
    to an event) the referenced event's primary key, comparable with the rows' ids."""
    out = np.full(len(f.aux), None, dtype=object)
    org_ext: dict[int, str] | None = None
    for event_type, name in TEXT_FIELD.items():
        rows = np.flatnonzero((f.typ == CODE[event_type]) & (f.aux != NONE))
        if not len(rows):
            continue
        spec = EVENT_TYPES[event_type].field_map[name]
        values = f.aux[rows]
        if spec.kind == "ref" and spec.ref == "organisation":
            if org_ext is None:
                org_ext = dict(Organisation.objects.values_list("pk", "external_id"))
            out[rows] = [org_ext[v] for v in values.tolist()]
        elif spec.kind == "ref":
            out[rows] = values.tolist()
        else:
            choices = np.array(list(spec.choices or ()), dtype=object)
            out[rows] = choices[values]
    return out.tolist()


def timelines(f: Frame) -> list[tuple[str, str, dt.date | None, list[Ev]]]:
    """Per measure (in primary-key order): external id, type, birth date and its compact events
    in timeline order. Event ids (and references to events) are primary keys here: turn the
    results' ids into external ids with `external_ids`."""
    date2 = f.date2.tolist()
    rows: list[Ev] = list(
        zip(
            f.date.tolist(),
            ORDER_OF[f.typ].tolist(),
            f.seq.tolist(),
            TYPE_NAMES[f.typ].tolist(),
            f.bits.tolist(),
            _texts(f),
            [None if d == NONE else d for d in date2],
            f.eid.tolist(),
            strict=True,
        )
    )
    bounds = np.searchsorted(f.mid, np.arange(f.size + 1)).tolist()
    return [
        (f.ext[i], f.mtype[i], f.birth[i], rows[bounds[i] : bounds[i + 1]]) for i in range(f.size)
    ]


def external_ids(pks: Iterable[int]) -> dict[int, str]:
    """{event primary key: external id} in a few queries."""
    wanted = sorted({int(p) for p in pks})
    table = connection.ops.quote_name(Event._meta.db_table)
    out: dict[int, str] = {}
    with connection.cursor() as cursor:
        for i in range(0, len(wanted), ID_BATCH):
            # Integers from our own arrays, written into the SQL: no parameter limit.
            ids = ",".join(map(str, wanted[i : i + ID_BATCH]))
            cursor.execute(f"SELECT id, external_id FROM {table} WHERE id IN ({ids})")
            out.update(cursor.fetchall())
    return out

"""The set-based path: every norm's current result for many measures at once, with numpy.

What it loads, whatever the number of measures (no query per measure):
1. the measures (primary key, external id, type) and the organisations' primary keys;
2. three event queries as of the date: the relevant events other than contacts, and of the
   contacts (the bulk of every timeline) only those on the date of the last contact and of the
   last contact with the child spoken alone, found by index seeks (those two leave out corrected
   contacts with NOT EXISTS on the `corrects` foreign key); flag bits, references and dates are
   computed in SQL (`json_type`/`json_extract` on SQLite, `->`/`->>` on PostgreSQL);
   the ids of corrected events, which numpy then drops from the first query's rows;
3. when results are turned into `NormResult`s: the external ids of the events they name.

Each event query returns its rows as one comma-separated text of integers that numpy parses,
instead of a Python object per value (which costs more than the query itself). Large sets are
split by measure over two threads, each with its own connection.

Then each norm is a handful of array operations over all measures: first or last satisfying
event per measure, due dates for a whole column of trigger dates (working days by searchsorted
on the calendar's working days, months with numpy month arithmetic), statuses with np.where.
Per-event norms (signals, help started) loop over those few events in Python.

It computes the same `NormResult`s as `engine.evaluate_measure` (the single-case path); a
property test holds the two to that. Every cycle of every norm (`engine.measure_instances`, for
KPIs) is not computed here: `bulk.iter_instances` streams full timelines through the engine.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction

from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.domain.events import EVENT_TYPES, SAME_DAY_ORDER
from ketenzicht.timeline.models import Event, Measure

from .bulk import _json_equals, _json_text, _quote
from .calendar import Term, Unit, WorkingCalendar
from .catalogue import (
    CATALOGUE,
    DATE_FIELD,
    FLAG_BIT_LIMIT,
    FLAGS,
    HP_DECIDED,
    RELEVANT_TYPES,
    RUIS,
    TEXT_FIELD,
    VAST,
    Match,
    Norm,
    Recurrence,
    Relation,
    Trigger,
    TriggerFilter,
)
from .config import NormConfig, load_config
from .engine import (
    REASON_ENDED,
    REASON_LAPSED,
    REASON_NO_END,
    REASON_NOT_STARTED,
    REASON_TOO_YOUNG,
    REASON_VAST,
    NormResult,
    Status,
    _date,
    _rule,
    age_from,
    reason_no_trigger,
    reason_type,
)

KEY_DATE = 10_000_000  # key = date ordinal * 10^7 + same-day order * 10^6 + seq
KEY_ORDER = 1_000_000
NONE = -1
FAR = 10**9  # "no end": later than any date ordinal
TYPES = tuple(sorted(RELEVANT_TYPES))
CODE = {t: i for i, t in enumerate(TYPES)}
STATUSES = (
    Status.MET_ON_TIME,
    Status.MET_LATE,
    Status.OPEN,
    Status.OVERDUE,
    Status.NOT_APPLICABLE,
    Status.BEFORE_GO_LIVE,
)
MET, LATE, OPEN, OVERDUE, NA, BEFORE = range(6)
SEQ_LIMIT = 1_000_000  # loaded key: YYYYMMDD * 10^6 + seq
PK_LIMIT = 1 << 32  # event primary keys stay below this
YMD_LIMIT = 1 << 27  # YYYYMMDD stays below this
TYPE_LIST = "|" + "|".join(TYPES) + "|"
CODE_AT = np.full(len(TYPE_LIST) + 2, -1, dtype=np.int64)  # string position -> type code
for _t, _c in CODE.items():
    CODE_AT[TYPE_LIST.index(f"|{_t}|") + 1] = _c
# The second packed integer: (YYYYMMDD * SEQ_LIMIT + seq) * TYPE_PACK + type position * BITS_PACK
# + flag bits. Guards: the flag bits fit BITS_PACK, the type positions (in TYPE_LIST) fit
# TYPE_PACK / BITS_PACK, and the whole stays a signed 64-bit integer up to the year 2199.
BITS_PACK = 1 << FLAG_BIT_LIMIT
TYPE_PACK = 1 << 18
if len(TYPE_LIST) + 2 > TYPE_PACK // BITS_PACK:  # pragma: no cover - a guard for catalogue edits
    raise ImportError(
        f"the relevant event types' list is {len(TYPE_LIST)} characters; the set-based path "
        f"packs positions below {TYPE_PACK // BITS_PACK} (widen TYPE_PACK in norms/vector.py)."
    )
if (21991231 * SEQ_LIMIT + SEQ_LIMIT) * TYPE_PACK >= 1 << 63:  # pragma: no cover
    raise ImportError("the packed event key does not fit a signed 64-bit integer.")
ORDER_OF = np.array([SAME_DAY_ORDER.get(t, 5) for t in TYPES], dtype=np.int64)
ID_BATCH = 20_000
PARALLEL_FROM = 20_000  # measures; fewer are loaded on the calling thread
WORKERS = 2
EPOCH = dt.date(1970, 1, 1).toordinal()


# --------------------------------------------------------------------------- SQL


def _aux_sql(vendor: str, event_type: str, name: str) -> str:
    """The one payload field the engine keeps per event type, as an integer: a reference to an
    organisation or an event as its primary key, a code as its index in the code list."""
    f = EVENT_TYPES[event_type].field_map[name]
    value = _json_text(vendor, name)
    if f.kind == "ref" and f.ref == "organisation":
        orgs = connection.ops.quote_name(Organisation._meta.db_table)
        return f"(SELECT o.id FROM {orgs} o WHERE o.external_id = {value})"
    if f.kind == "ref" and f.ref == "event":
        events = connection.ops.quote_name(Event._meta.db_table)
        return f"(SELECT s.id FROM {events} s WHERE s.external_id = {value})"
    assert f.kind == "code" and f.choices
    return (
        f"CASE {value} "
        + " ".join(f"WHEN {_quote(c)} THEN {i}" for i, c in enumerate(f.choices))
        + " END"
    )


def _ymd(vendor: str, text: str) -> str:
    """An ISO date text as the integer YYYYMMDD."""
    kind = "INTEGER" if vendor == "sqlite" else "BIGINT"
    return f"CAST(replace({text}, '-', '') AS {kind})"


def aux_code(event_type: str, name: str, value: str) -> int:
    """The integer `_aux_sql` gives a code value (for comparisons in numpy)."""
    return list(EVENT_TYPES[event_type].field_map[name].choices or ()).index(value)


def rows_sql(vendor: str, measure_filter: str) -> list[str]:
    """The three event queries; parameters of each: the as-of date, then the filter's.

    Each returns one text value: the rows' integer columns (measure, key, type, flag bits, aux,
    date, event pk), comma-separated, so that the database builds the text and numpy parses it,
    instead of a Python object per value.
    """
    table = connection.ops.quote_name(Event._meta.db_table)
    measures = connection.ops.quote_name(Measure._meta.db_table)
    by_type: dict[str, list[str]] = {}
    for i, m in enumerate(FLAGS.matches):
        cond = " AND ".join(_json_equals(vendor, f, v) for f, v in m.conditions)
        by_type.setdefault(m.event_type, []).append(f"(CASE WHEN {cond} THEN {1 << i} ELSE 0 END)")
    bits = (
        "CASE e.event_type "
        + " ".join(f"WHEN {_quote(t)} THEN {' + '.join(parts)}" for t, parts in by_type.items())
        + " ELSE 0 END"
    )
    aux = (
        "CASE e.event_type "
        + " ".join(f"WHEN {_quote(t)} THEN {_aux_sql(vendor, t, f)}" for t, f in TEXT_FIELD.items())
        + " END"
    )
    date2 = (
        "CASE e.event_type "
        + " ".join(
            f"WHEN {_quote(t)} THEN {_ymd(vendor, _json_text(vendor, f))}"
            for t, f in DATE_FIELD.items()
        )
        + " END"
    )
    # The type as its position in a list (one string search instead of a CASE of 20 branches),
    # and the date as the integer YYYYMMDD: cheap in SQL; numpy turns both into codes/ordinals.
    find = "instr" if vendor == "sqlite" else "strpos"
    code = f"{find}({_quote(TYPE_LIST)}, '|' || e.event_type || '|')"
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
    others = ", ".join(_quote(t) for t in TYPES if t != "contact")
    alone = next(m for m in FLAGS.matches if m.event_type == "contact")
    alone_sql = " AND ".join(_json_equals(vendor, f, v) for f, v in alone.conditions)
    # Driven from the measures (CROSS JOIN keeps SQLite's join order): per measure index seeks
    # on event_lookup (measure, type, date), so each measure's rows are read together.
    # (Corrected events are dropped afterwards in numpy: `corrected_sql`.)
    main = (
        f"SELECT {agg} FROM {measures} m CROSS JOIN {table} e WHERE e.measure_id = m.id "
        f"AND e.event_type IN ({others}) AND e.date <= %s {measure_filter}"
    )

    def last_contacts(extra: str) -> str:
        # Every contact on the date of the last (matching) contact: the date comes from the
        # (measure, type, date) index; ties on that date are resolved by seq afterwards.
        return (
            f"SELECT {agg} FROM {measures} m CROSS JOIN {table} e WHERE e.measure_id = m.id "
            f"AND e.event_type = 'contact' AND e.date = ("
            f"SELECT c.date FROM {table} c WHERE c.measure_id = m.id AND c.event_type = 'contact' "
            f"AND c.date <= %s AND {live.format(x='c')} {extra.replace('e.data', 'c.data')} "
            f"ORDER BY c.date DESC LIMIT 1) AND {live.format(x='e')} {extra} {measure_filter}"
        )

    return [main, last_contacts(""), last_contacts("AND " + alone_sql)]


# --------------------------------------------------------------------------- loading


@dataclass
class Frame:
    """The measures and their loaded event rows, sorted by (measure index, key)."""

    pks: np.ndarray
    ext: list[str]
    mtype: np.ndarray  # object
    mid: np.ndarray  # measure index per row
    key: np.ndarray
    date: np.ndarray
    typ: np.ndarray
    bits: np.ndarray
    aux: np.ndarray  # organisation pk, code index or event pk; NONE
    date2: np.ndarray
    eid: np.ndarray  # event pk
    birth: list[dt.date | None]  # the youth's birth date per measure

    @property
    def size(self) -> int:
        return len(self.pks)


MEASURE_COLUMNS = ("pk", "external_id", "measure_type", "youth__birth_date")


def _measure_rows(measures: Any) -> tuple[list[tuple], str, list[Any]]:
    if measures is None:
        qs = Measure.objects.all()
        return list(qs.order_by("pk").values_list(*MEASURE_COLUMNS)), "", []
    qs = measures if hasattr(measures, "query") else Measure.objects.filter(pk__in=list(measures))
    try:
        sub_sql, sub_params = qs.values("pk").query.sql_with_params()
    except EmptyResultSet:  # no measures at all (an empty list of keys): nothing to evaluate
        return [], "AND 1 = 0", []
    rows = list(qs.order_by("pk").values_list(*MEASURE_COLUMNS))
    return rows, f"AND m.id IN ({sub_sql})", list(sub_params)


def _query(measure_filter: str, params: list[Any], as_of: dt.date) -> list[np.ndarray]:
    parts = []
    with transaction.atomic(), connection.cursor() as cursor:  # one snapshot
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


def load(measures: Any, as_of: dt.date) -> Frame:
    mrows, measure_filter, params = _measure_rows(measures)
    pks = np.array([r[0] for r in mrows], dtype=np.int64)
    workers = workers_for(len(pks))
    if workers == 1:
        parts = _query(measure_filter, params, as_of)
    else:
        # Contiguous ranges of primary keys with equal numbers of measures.
        edges = [pks[len(pks) * i // workers] for i in range(workers)] + [pks[-1] + 1]
        jobs = [
            (f"{measure_filter} AND m.id >= %s AND m.id < %s", [*params, int(lo), int(hi)], as_of)
            for lo, hi in zip(edges, edges[1:], strict=False)
        ]
        with ThreadPoolExecutor(workers) as pool:
            done = pool.map(lambda job: _query_in_thread(*job), jobs)
            parts = [p for ps in done for p in ps]
    packed = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int64)
    rows = np.empty((len(packed), 7), dtype=np.int64)
    rows[:, 0], rows[:, 6] = np.divmod(packed[:, 0], PK_LIMIT)
    rows[:, 1], rest = np.divmod(packed[:, 1], TYPE_PACK)
    rows[:, 2], rows[:, 3] = np.divmod(rest, BITS_PACK)
    aux, rows[:, 5] = np.divmod(packed[:, 2], YMD_LIMIT)
    rows[:, 4] = aux - 1
    rows[rows[:, 5] == 0, 5] = NONE
    mid = np.searchsorted(pks, rows[:, 0])
    key = rows[:, 1]
    order = np.lexsort((key, mid))
    mid, key = mid[order], key[order]
    keep = np.ones(len(key), dtype=bool)  # the last contact may also be the last one alone
    keep[1:] = (mid[1:] != mid[:-1]) | (key[1:] != key[:-1])  # (same date and seq: same row)
    order, mid, key = order[keep], mid[keep], key[keep]
    rows = rows[order]
    typ = CODE_AT[rows[:, 2]]
    date = ymd_ordinal(key // SEQ_LIMIT)
    key = date * KEY_DATE + ORDER_OF[typ] * KEY_ORDER + key % SEQ_LIMIT
    date2 = rows[:, 5]
    has2 = date2 != NONE
    date2[has2] = ymd_ordinal(date2[has2])
    return Frame(
        pks=pks,
        ext=[r[1] for r in mrows],
        mtype=np.array([r[2] for r in mrows], dtype=object),
        mid=mid,
        key=key,
        date=date,
        typ=typ,
        bits=rows[:, 3],
        aux=rows[:, 4],
        date2=date2,
        eid=rows[:, 6],
        birth=[r[3] for r in mrows],
    )


def ymd_ordinal(ymd: np.ndarray) -> np.ndarray:
    """YYYYMMDD integers to date ordinals."""
    months = (ymd // 10000 - 1970) * 12 + (ymd // 100 % 100 - 1)
    days = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return days + (ymd % 100 - 1) + EPOCH


# --------------------------------------------------------------------------- date arithmetic


def term_after(term: Term, o: np.ndarray, cal: WorkingCalendar, sign: int = 1) -> np.ndarray:
    """`Term.after_ordinal` (sign 1) or `before_ordinal` (sign -1) for an array of ordinals."""
    n = term.n
    if term.unit is Unit.DAYS:
        return o + sign * n
    if term.unit is Unit.WEEKS:
        return o + sign * 7 * n
    if term.unit is Unit.WORKING_DAYS:
        if n == 0:
            return o.copy()
        wd = _working(cal)
        i = np.searchsorted(wd, o, side="right")
        if sign > 0:
            return wd[i + n - 1]
        on = (i > 0) & (wd[np.maximum(i - 1, 0)] == o)
        return wd[i - on - n]
    days = (o - EPOCH).astype("datetime64[D]")
    month = days.astype("datetime64[M]")
    day = (days - month.astype("datetime64[D]")).astype(np.int64)
    target = month + sign * n
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    out = target.astype("datetime64[D]") + np.minimum(day, length - 1)
    return out.astype(np.int64) + EPOCH


_WORKING: dict[int, np.ndarray] = {}


def _working(cal: WorkingCalendar) -> np.ndarray:
    arr = _WORKING.get(id(cal))
    if arr is None:
        arr = _WORKING[id(cal)] = np.array(cal._working, dtype=np.int64)
    return arr


def status_of(
    due: np.ndarray,
    met: np.ndarray,
    end: np.ndarray,
    as_of: int,
    before_go_live: np.ndarray | None = None,
) -> np.ndarray:
    out = np.where(
        met != NONE,
        np.where(met <= due, MET, LATE),
        np.where(end < due, NA, np.where(as_of > due, OVERDUE, OPEN)),
    ).astype(np.int8)
    if before_go_live is not None:
        out[before_go_live] = BEFORE
    return out


# --------------------------------------------------------------------------- per measure


def _first(idx: np.ndarray, mid: np.ndarray, size: int) -> np.ndarray:
    """Per measure the first of the row positions `idx` (sorted), or NONE."""
    out = np.full(size, NONE, dtype=np.int64)
    if len(idx):
        m = mid[idx]
        starts = np.ones(len(idx), dtype=bool)
        starts[1:] = m[1:] != m[:-1]
        out[m[starts]] = idx[starts]
    return out


def _last(idx: np.ndarray, mid: np.ndarray, size: int) -> np.ndarray:
    out = np.full(size, NONE, dtype=np.int64)
    if len(idx):
        m = mid[idx]
        ends = np.ones(len(idx), dtype=bool)
        ends[:-1] = m[1:] != m[:-1]
        out[m[ends]] = idx[ends]
    return out


def _in(values: np.ndarray, allowed) -> np.ndarray:
    """Membership for object arrays (None never matches)."""
    allowed = set(allowed)
    return np.fromiter((v in allowed for v in values), dtype=bool, count=len(values))


def _pick(values: np.ndarray, pos: np.ndarray, fill: Any = NONE) -> np.ndarray:
    if values.dtype == object:
        out = np.full(len(pos), None, dtype=object)
    else:
        out = np.full(len(pos), fill, dtype=values.dtype)
    ok = pos != NONE
    out[ok] = values[pos[ok]]
    return out


class _Base:
    """Per-measure facts as arrays (the vector twin of engine._Ctx)."""

    def __init__(self, f: Frame, as_of: int, org_pk: dict[str, int], go_live: dict[str, dt.date]):
        self.f, self.as_of, self.size, self.mtype = f, as_of, f.size, f.mtype
        self.org_pk = org_pk
        reasons = {t: reason_type(t) for t in set(f.mtype)}
        self.type_reason = np.array([reasons[t] for t in f.mtype], dtype=object)
        code = f.typ
        self.rows_of: dict[str, np.ndarray] = {
            t: np.flatnonzero(code == c) for t, c in CODE.items()
        }
        size = f.size
        start_pos = _first(self.rows_of["measure_started"], f.mid, size)
        self.started = start_pos != NONE
        self.start = _pick(f.date, start_pos)
        self.start_key = _pick(f.key, start_pos)
        self.start_end = _pick(f.date2, start_pos)
        self.start_gi = _pick(f.aux, start_pos)
        ended_pos = _first(self.rows_of["measure_ended"], f.mid, size)
        self.ended = np.where(ended_pos != NONE, _pick(f.date, ended_pos), FAR)
        ext = _last(self.rows_of["measure_extended"], f.mid, size)
        self.planned_end = np.where(ext != NONE, _pick(f.date2, ext), self.start_end)
        # As engine._Ctx: lapsed when the ruling's end date has passed with no end event; the
        # measure counts as ended on that day.
        self.lapsed = (
            self.started
            & (self.ended == FAR)
            & (self.planned_end != NONE)
            & (self.planned_end < as_of)
        )
        self.ended = np.where(self.lapsed, self.planned_end, self.ended)
        handover = _last(self.rows_of["handover"], f.mid, size)
        self.gi = np.where(handover != NONE, _pick(f.aux, handover), self.start_gi)
        # The case's own Handelingsperspectief decision (the last one): 1 yes, 0 no, NONE none.
        hp = _last(self.rows_of["handelingsperspectief_decided"], f.mid, size)
        self.hp_decision = np.full(size, NONE, dtype=np.int64)
        has_hp = hp != NONE
        self.hp_decision[has_hp] = (f.bits[hp[has_hp]] & FLAGS.bit(HP_DECIDED)) > 0
        estimate = _first(self.rows_of["safety_estimate"], f.mid, size)
        self.first_colour = _pick(f.aux, estimate)
        # Assignment: state after each assignment-changing event; period = trailing non-vast run.
        a_idx = np.sort(
            np.concatenate(
                [
                    self.rows_of[t]
                    for t in ("measure_started", "worker_assigned", "worker_unassigned", "handover")
                ]
            )
        )
        vast = (f.typ[a_idx] == CODE["worker_assigned"]) & ((f.bits[a_idx] & FLAGS.bit(VAST)) > 0)
        last_any = _last(np.arange(len(a_idx)), f.mid[a_idx], size)
        last_vast = _last(np.flatnonzero(vast), f.mid[a_idx], size)
        self.vast_now = np.zeros(size, dtype=bool)
        has = last_any != NONE
        self.vast_now[has] = vast[last_any[has]]
        next_after_vast = np.where(last_vast != NONE, last_vast + 1, NONE)
        period_start = self.start.copy()
        ok = (next_after_vast != NONE) & ~self.vast_now
        period_start[ok] = f.date[a_idx[next_after_vast[ok]]]
        self.period_start = period_start
        # The go-live date of the GI executing on the as-of date (NONE: none).
        by_pk = {org_pk[g]: d.toordinal() for g, d in go_live.items() if g in org_pk}
        self.go_live = np.array([by_pk.get(g, NONE) for g in self.gi.tolist()], dtype=np.int64)

    def matching(self, matches: tuple[Match, ...]) -> np.ndarray:
        parts = []
        for m in matches:
            idx = self.rows_of[m.event_type]
            bit = FLAGS.bit(m)
            parts.append(idx[(self.f.bits[idx] & bit) > 0] if bit else idx)
        return parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))


@dataclass
class Column:
    """One norm's results for all measures."""

    norm: Norm
    status: np.ndarray  # int8 index into STATUSES
    due: np.ndarray
    met: np.ndarray
    event: np.ndarray  # event pk or NONE
    trigger: np.ndarray
    last_met: np.ndarray
    last_event: np.ndarray  # event pk or NONE
    option: np.ndarray  # index into options
    options: list[tuple[Term, str, str]]  # (term, variant, rule)
    reason: np.ndarray  # object
    applies: np.ndarray  # bool: started and of a type the norm applies to


def _options(norm: Norm, b: _Base, config: NormConfig) -> tuple[np.ndarray, list]:
    """Per measure the index of its (term, variant, rule): as engine._term decides."""
    options = [(norm.term, "standaard", _rule(norm, "standaard", "Standaard", norm.term))]
    choice = np.zeros(b.size, dtype=np.int64)
    if norm.configurable:
        if norm.id in config.terms:
            t = config.terms[norm.id]
            options.append((t, "instelling", _rule(norm, "instelling", "Instelling", t)))
            choice[:] = len(options) - 1
        for (gi, norm_id), t in config.organisation_terms.items():
            if norm_id != norm.id:
                continue
            variant = f"organisatie:{gi}"
            options.append((t, variant, _rule(norm, variant, f"Instelling van {gi}", t)))
            choice[b.gi == b.org_pk.get(gi, NONE - 1)] = len(options) - 1
    for v in norm.variants:
        by_gi = (
            np.ones(b.size, dtype=bool)
            if config.handelingsperspectief is None
            else np.isin(
                b.start_gi, [b.org_pk[g] for g in config.handelingsperspectief if g in b.org_pk]
            )
        )
        # As engine.works_under_hp: the case's decision where present, else the GI's setting.
        hp = np.where(b.hp_decision == NONE, by_gi, b.hp_decision == 1)
        colours = [aux_code("safety_estimate", "colour", c) for c in v.colours]
        mask = ~_in(b.mtype, v.excluded_types) & np.isin(b.first_colour, colours) & hp
        options.append((v.term, v.id, _rule(norm, v.id, v.label, v.term)))
        choice[mask] = len(options) - 1
    return choice, options


def _due(
    anchor: np.ndarray,
    choice: np.ndarray,
    options: list,
    cal: WorkingCalendar,
    valid: np.ndarray,
    sign: int = 1,
) -> np.ndarray:
    due = np.full(len(anchor), NONE, dtype=np.int64)
    for i, (term, _, _) in enumerate(options):
        mask = valid & (choice == i)
        if mask.any():
            due[mask] = term_after(term, anchor[mask], cal, sign)
    return due


def _column(norm: Norm, b: _Base, config: NormConfig) -> Column:
    f, size, cal = b.f, b.size, config.calendar
    choice, options = _options(norm, b, config)
    applies = _in(b.mtype, norm.applies_to) & b.started
    status = np.full(size, NA, dtype=np.int8)
    due = np.full(size, NONE, dtype=np.int64)
    met = np.full(size, NONE, dtype=np.int64)
    event = np.full(size, NONE, dtype=np.int64)
    trigger = np.full(size, NONE, dtype=np.int64)
    last_met = np.full(size, NONE, dtype=np.int64)
    last_event = np.full(size, NONE, dtype=np.int64)
    reason = np.full(size, None, dtype=object)
    sats = b.matching(norm.satisfied_by)
    live = applies.copy()  # measures with a current instance
    end = b.ended

    def recurring(
        anchor: np.ndarray,
        valid: np.ndarray,
        after_key: np.ndarray | None,
        not_before: np.ndarray | None,
    ) -> None:
        ok = np.ones(len(sats), dtype=bool)
        m = f.mid[sats]
        if after_key is not None:
            ok &= f.key[sats] > after_key[m]
        if not_before is not None:
            ok &= f.date[sats] >= not_before[m]
        lastpos = _last(sats[ok], f.mid, size)
        has = (lastpos != NONE) & valid
        prev = np.where(has, _pick(f.date, lastpos), anchor)
        trigger[valid] = prev[valid]
        due[:] = _due(prev, choice, options, cal, valid)
        last_met[has] = f.date[lastpos[has]]
        last_event[has] = f.eid[lastpos[has]]

    # The vector path implements min_age for recurring norms only (the catalogue has no other).
    assert norm.min_age is None or norm.recurrence is Recurrence.AFTER_LAST, norm.id
    if norm.trigger is Trigger.MEASURE_START and norm.recurrence is Recurrence.ONCE:
        trigger[applies] = b.start[applies]
        due[:] = _due(b.start, choice, options, cal, applies)
        pos = _first(sats, f.mid, size)
        hit = (pos != NONE) & applies
        met[hit] = f.date[pos[hit]]
        event[hit] = f.eid[pos[hit]]
    elif norm.trigger is Trigger.MEASURE_START and norm.min_age is not None:
        # As engine._instances: from the later of the start and the birthday at min_age; not
        # applicable while the child was younger throughout.
        old = np.array(
            [NONE if d is None else age_from(d, norm.min_age) for d in f.birth], dtype=np.int64
        )
        known = old != NONE
        young = applies & known & (np.minimum(b.ended, b.as_of) < old)
        reason[young] = REASON_TOO_YOUNG.format(age=norm.min_age)
        live &= ~young
        anchor = np.where(known, np.maximum(b.start, old), b.start)
        anchor = np.maximum(anchor, b.go_live)  # recurring norms count from go-live (NONE < all)
        recurring(anchor, live, None, anchor)
    elif norm.trigger is Trigger.MEASURE_START:
        anchor = np.maximum(b.start, b.go_live)
        recurring(anchor, applies, None, anchor)
    elif norm.trigger is Trigger.FIRST_EVENT:
        assert norm.trigger_match is not None
        first = _first(b.matching((norm.trigger_match,)), f.mid, size)
        none = applies & (first == NONE)
        reason[none] = reason_no_trigger(norm)
        live &= first != NONE
        first_key = np.where(first != NONE, _pick(f.key, first), FAR * KEY_DATE)
        anchor = np.maximum(_pick(f.date, first), b.go_live)
        recurring(anchor, live, first_key, anchor)
    elif norm.trigger is Trigger.NO_FIXED_WORKER:
        reason[applies & b.vast_now] = REASON_VAST
        live &= ~b.vast_now
        anchor = np.maximum(b.period_start, b.go_live)
        recurring(anchor, live, None, anchor)
    elif norm.trigger is Trigger.PLANNED_END:
        assert norm.window is not None
        ext = _last(b.rows_of["measure_extended"], f.mid, size)
        has_ext = ext != NONE
        end_date = np.where(has_ext, _pick(f.date2, ext), b.start_end)
        creator = np.where(has_ext, _pick(f.key, ext), b.start_key)
        none = applies & (end_date == NONE)
        reason[none] = REASON_NO_END
        live &= end_date != NONE
        due[:] = _due(end_date, choice, options, cal, live, sign=-1)
        # As engine._instances: never due before the end date became known.
        due[live] = np.maximum(due[live], creator[live] // KEY_DATE)
        anchor = np.full(size, NONE, dtype=np.int64)
        if live.any():
            anchor[live] = np.maximum(b.start[live], term_after(norm.window, due[live], cal, -1))
        trigger[live] = anchor[live]
        m = f.mid[sats]
        ok = (f.key[sats] > creator[m]) & live[m]
        pos = _first(sats[ok], f.mid, size)
        hit = pos != NONE
        met[hit] = f.date[pos[hit]]
        event[hit] = f.eid[pos[hit]]
    elif norm.trigger is Trigger.EACH_EVENT:
        _each_event(
            norm,
            b,
            config,
            choice,
            options,
            applies,
            live,
            status,
            due,
            met,
            event,
            trigger,
            reason,
        )
    else:  # pragma: no cover
        raise AssertionError(norm.trigger)

    if norm.trigger is not Trigger.EACH_EVENT:
        before = None
        if norm.recurrence is Recurrence.ONCE:  # as engine.before_go_live
            ref = due if norm.trigger is Trigger.PLANNED_END else trigger
            before = (b.go_live != NONE) & (ref < b.go_live)
        st = status_of(due, met, end, b.as_of, before)
        status[live] = st[live]
        ended_na = live & (st == NA)
        reason[ended_na] = np.where(b.lapsed[ended_na], REASON_LAPSED, REASON_ENDED)
    other_type = ~applies & b.started
    reason[other_type] = b.type_reason[other_type]
    reason[~b.started] = REASON_NOT_STARTED
    dead = ~live
    due[dead], met[dead], trigger[dead], last_met[dead] = NONE, NONE, NONE, NONE
    event[dead], last_event[dead] = NONE, NONE
    return Column(
        norm,
        status,
        due,
        met,
        event,
        trigger,
        last_met,
        last_event,
        choice,
        options,
        reason,
        applies,
    )


def _repeated_or_ruis(
    trig: np.ndarray, b: _Base, window: Term | None, cal: WorkingCalendar
) -> np.ndarray:
    """As engine.repeated_or_ruis, set-based: the signals (row positions; rows are sorted by
    measure and timeline order) whose previous signal of the same measure lies within the
    window, or whose last earlier ruis_flags_set row of the same measure has flags."""
    assert window is not None
    f = b.f
    if not len(trig):
        return trig
    since = term_after(window, f.date[trig], cal, -1)
    repeated = np.zeros(len(trig), dtype=bool)
    same = f.mid[trig[1:]] == f.mid[trig[:-1]]
    repeated[1:] = same & (f.date[trig[:-1]] >= since[1:])
    ruis = b.rows_of["ruis_flags_set"]
    in_ruis = np.zeros(len(trig), dtype=bool)
    if len(ruis):
        j = np.searchsorted(ruis, trig) - 1  # the last ruis row before each signal row
        ok = j >= 0
        last = ruis[np.maximum(j, 0)]
        ok &= f.mid[last] == f.mid[trig]
        in_ruis = ok & ((f.bits[last] & FLAGS.bit(RUIS)) > 0)
    return trig[repeated | in_ruis]


def _each_event(
    norm: Norm,
    b: _Base,
    config: NormConfig,
    choice,
    options,
    applies,
    live,
    status,
    due,
    met,
    event,
    trigger,
    reason,
) -> None:
    """Per-event norms: few events, so a loop over them."""
    assert norm.trigger_match is not None
    f, cal, as_of = b.f, config.calendar, b.as_of
    trig = b.matching((norm.trigger_match,))
    trig = trig[applies[f.mid[trig]]]
    if norm.trigger_filter is TriggerFilter.REPEATED_OR_RUIS:
        trig = _repeated_or_ruis(trig, b, config.windows.get(norm.id, norm.window), cal)
    tdue = _due(f.date[trig], choice[f.mid[trig]], options, cal, np.ones(len(trig), dtype=bool))
    cands = b.matching(norm.satisfied_by)
    tmet = np.full(len(trig), NONE, dtype=np.int64)
    tevent = np.full(len(trig), NONE, dtype=np.int64)
    if norm.relation is Relation.REFERS_TO_TRIGGER:
        where = {f.eid[p]: i for i, p in enumerate(trig)}
        for c in cands:
            i = where.get(f.aux[c])
            if i is not None and tmet[i] == NONE:
                tmet[i], tevent[i] = f.date[c], f.eid[c]
    elif norm.relation is Relation.SAME_HELP_TYPE:
        by: dict[tuple[int, Any], list[int]] = {}
        for c in cands:
            by.setdefault((f.mid[c], f.aux[c]), []).append(c)
        for i, p in enumerate(trig):
            same = by.get((f.mid[p], f.aux[p]), ())
            before = [c for c in same if f.date[c] <= f.date[p]]
            c = before[-1] if before else (same[0] if same else None)
            if c is not None:
                tmet[i], tevent[i] = f.date[c], f.eid[c]
    else:
        for i, p in enumerate(trig):
            later = cands[(f.mid[cands] == f.mid[p]) & (f.key[cands] > f.key[p])]
            if len(later):
                tmet[i], tevent[i] = f.date[later[0]], f.eid[later[0]]
    gl = b.go_live[f.mid[trig]]
    tstatus = status_of(tdue, tmet, b.ended[f.mid[trig]], as_of, (gl != NONE) & (f.date[trig] < gl))
    chosen: dict[int, int] = {}
    for i, p in enumerate(trig):
        m = int(f.mid[p])
        current = chosen.get(m)
        if current is None or tstatus[current] not in (OPEN, OVERDUE):
            chosen[m] = i
    has = np.zeros(b.size, dtype=bool)
    for m, i in chosen.items():
        has[m] = True
        status[m], due[m], met[m], event[m] = tstatus[i], tdue[i], tmet[i], tevent[i]
        trigger[m] = f.date[trig[i]]
        if tstatus[i] == NA:
            reason[m] = REASON_LAPSED if b.lapsed[m] else REASON_ENDED
    reason[applies & ~has] = reason_no_trigger(norm)
    live &= has


# --------------------------------------------------------------------------- results


@dataclass
class Results:
    """Every norm's current result for a set of measures, as columns. Event ids (external ids)
    are looked up only when results are turned into `NormResult`s."""

    frame: Frame
    columns: list[Column]

    def __post_init__(self) -> None:
        self._ids: dict[int, str] = {}

    def counts(self) -> dict[str, dict[Status, int]]:
        out = {}
        for col in self.columns:
            values = np.bincount(col.status, minlength=len(STATUSES))
            out[col.norm.id] = {s: int(values[i]) for i, s in enumerate(STATUSES)}
        return out

    def _resolve(self, rows: np.ndarray | slice) -> None:
        wanted = np.unique(
            np.concatenate(
                [c.event[rows] for c in self.columns] + [c.last_event[rows] for c in self.columns]
            )
        )
        missing = [p for p in wanted.tolist() if p != NONE and p not in self._ids]
        table = connection.ops.quote_name(Event._meta.db_table)
        with connection.cursor() as cursor:
            for i in range(0, len(missing), ID_BATCH):
                # Integers from our own arrays, written into the SQL: no parameter limit.
                ids = ",".join(str(int(p)) for p in missing[i : i + ID_BATCH])
                cursor.execute(f"SELECT id, external_id FROM {table} WHERE id IN ({ids})")
                self._ids.update(cursor.fetchall())

    def for_measure(self, i: int) -> list[NormResult]:
        self._resolve(slice(i, i + 1))
        return self._build(i, self._lists(slice(i, i + 1)), 0)

    def _lists(self, rows: slice) -> list[tuple]:
        """Per column its values as Python lists (indexing numpy scalars one by one is slow)."""
        out = []
        for col in self.columns:
            rules = [(variant, rule) for _, variant, rule in col.options]
            out.append(
                (
                    col.norm.id,
                    col.status[rows].tolist(),
                    _dates(col.due[rows]),
                    _dates(col.met[rows]),
                    col.event[rows].tolist(),
                    _dates(col.trigger[rows]),
                    _dates(col.last_met[rows]),
                    col.last_event[rows].tolist(),
                    col.option[rows].tolist(),
                    rules,
                    col.applies[rows].tolist(),
                    col.reason[rows].tolist(),
                )
            )
        return out

    def _build(self, i: int, lists: list[tuple], j: int) -> list[NormResult]:
        out = []
        ext = self.frame.ext[i]
        ids = self._ids
        for (
            norm_id,
            status,
            due,
            met,
            event,
            trigger,
            last_met,
            last_event,
            option,
            rules,
            applies,
            reason,
        ) in lists:
            variant, rule = rules[option[j]] if applies[j] else ("standaard", "")
            e, last = event[j], last_event[j]
            out.append(
                NormResult(
                    ext,
                    norm_id,
                    STATUSES[status[j]],
                    due[j],
                    met[j],
                    ids[e] if e != NONE else None,
                    variant,
                    rule,
                    trigger[j],
                    last_met[j],
                    ids[last] if last != NONE else None,
                    reason[j] or "",
                )
            )
        return out

    def __iter__(self) -> Iterator[list[NormResult]]:
        self._resolve(slice(None))
        lists = self._lists(slice(None))
        for i in range(self.frame.size):
            yield self._build(i, lists, i)


def _dates(values: np.ndarray) -> list[dt.date | None]:
    return [None if v == NONE else _date(v) for v in values.tolist()]


def evaluate(
    measures: Any = None,
    as_of: dt.date | None = None,
    config: NormConfig | None = None,
    norms: tuple[Norm, ...] = CATALOGUE,
) -> Results:
    """All norms for the measures (None: all; a queryset; or primary keys), as of a date."""
    as_of = as_of or dt.date.today()
    config = config or load_config()
    frame = load(measures, as_of)
    base = _Base(
        frame,
        as_of.toordinal(),
        dict(Organisation.objects.values_list("external_id", "pk")),
        dict(config.go_live),
    )
    return Results(frame, [_column(n, base, config) for n in norms])

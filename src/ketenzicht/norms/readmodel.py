"""The norms read model (issue 15, item 1): every due instance of every norm on every measure,
kept in the database on every write, so that dashboards, KPIs and the council report read rows
instead of re-evaluating whole timelines per request.

Why it can be kept: an instance's trigger, due and met dates follow from the events; "open" or
"overdue" is the comparison of its due date with the reference date. Where else the reference
date enters the engine, it draws the borders of the dates a stored evaluation holds for
(`_segment`):
- only events dated on or before the reference date count: a stored evaluation holds from the
  measure's last relevant event on (earlier dates: the engine);
- a running measure lapses the day after the ruling's end date (`state.lapsed`): the evaluation
  before that day holds up to it, the one after from it;
- a norm with a minimum age starts on the youth's birthday (`measure_start`).
Each measure's `ReadState` holds those borders and the fingerprint of the catalogue and the
configuration (terms, GI go-live dates, Handelingsperspectief, calendar); for a reference date
outside the borders, or under another configuration, the measure is evaluated by the engine as
before. Either way the answer is the engine's: the property test (tests/norms/
test_readmodel.py) holds the read model to a fresh evaluation on random timelines after random
appends and corrections, at random reference dates.

Writes: `timeline.signals.events_written` (sent by every write path: a form through
`append_event`, a file import, the API) refreshes the written measures in the same transaction.
The evaluation that was stored on a day holds until a border passes (e.g. a ruling's end date
without an end event); `refresh_stale` (`ketenzicht norms-refresh`: in `release`, and daily in
the outbox worker) renews those; `differences` (`ketenzicht timeline-rebuild [--check]`)
compares every measure with a fresh evaluation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db import connection
from django.db.models import Q

from ketenzicht import bulkinsert, clock
from ketenzicht.timeline.models import Measure

from .catalogue import CATALOGUE
from .compact import D
from .config import NormConfig
from .context import Context
from .engine import NormInstance, Status, measure_instances
from .models import InstanceRow, ReadState
from .rules import age_from

FAR = dt.date(9999, 12, 31)  # "every event": the as-of date of the stream that fills the model
CHUNK = 900  # primary keys per IN (...) list
PENDING = (Status.OPEN, Status.OVERDUE)  # stored statuses re-decided by the reference date
_STATUS = {s.value: s for s in Status}
_MIN_AGES = sorted({n.min_age for n in CATALOGUE if n.min_age is not None})


def _canonical(value: Any) -> Any:
    """The same text in every process: sets sorted (their order follows the string hash, which
    differs per process), dataclasses as their fields, mappings sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (
            type(value).__name__,
            tuple((f.name, _canonical(getattr(value, f.name))) for f in fields),
        )
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((_canonical(v) for v in value), key=repr)))
    if isinstance(value, Mapping):
        return (
            "map",
            tuple(sorted(((_canonical(k), _canonical(v)) for k, v in value.items()), key=repr)),
        )
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def fingerprint(config: NormConfig) -> str:
    """What a stored evaluation depends on besides the events: the catalogue and the
    configuration, including the calendar's holidays. Stable across processes."""
    cal = config.calendar
    text = repr(
        _canonical(
            (
                CATALOGUE,
                config.terms,
                config.organisation_terms,
                config.windows,
                config.handelingsperspectief,
                config.go_live,
                cal.good_friday,
                cal.liberation_day,
                sorted(cal.holidays),
            )
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _segment(
    measure_type: str, events: list, birth: dt.date | None, today: int
) -> tuple[int, int | None, int | None]:
    """(as-of ordinal to evaluate at, first ordinal, last ordinal or None) of the reference
    dates on which the evaluation at that as-of date is the engine's answer."""
    events = sorted(events)
    last = events[-1][D] if events else None
    as_of = max(today, last) if last is not None else today
    lo, hi = last, None
    ctx = Context(measure_type, events, as_of, birth)
    if ctx.lapsed:
        assert ctx.planned_end is not None
        lo = max(lo or 0, ctx.planned_end + 1)
    elif ctx.ended is None and ctx.planned_end is not None:
        hi = ctx.planned_end
    if birth is not None:
        for years in _MIN_AGES:
            day = age_from(birth, years)
            if day > as_of:
                hi = day - 1 if hi is None else min(hi, day - 1)
            else:
                lo = max(lo or 0, day)
    return as_of, lo, hi


def _date(o: int | None) -> dt.date | None:
    return None if o is None else dt.date.fromordinal(o)


def _chunks(pks: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(pks), CHUNK):
        yield pks[i : i + CHUNK]


# The stored columns of an instance, in `InstanceRow` and in `_fields` order.
FIELDS = ("norm_id", "trigger_date", "due_date", "met_date", "event_id", "status", "variant")


def _fields(inst: NormInstance) -> tuple:
    return (
        inst.norm_id,
        inst.trigger_date,
        inst.due_date,
        inst.met_date,
        inst.event_id,
        inst.status.value,
        inst.variant,
    )


_DAYS: dict[Any, dt.date] = {}


def _day(value: Any) -> dt.date:
    """A date column as read by a raw cursor, not seen before: text on SQLite, a date on
    PostgreSQL (remembered: a national GI's rows hold a million dates, a few thousand distinct)."""
    day = _DAYS[value] = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return day


def _stored(pks: list[int]) -> Iterator[tuple]:
    """(measure pk, external id, *FIELDS) of the measures' stored rows, in the engine's order.
    A raw cursor: the ORM's per-row conversion of three date columns took most of the time."""
    rows, measures = InstanceRow._meta.db_table, Measure._meta.db_table
    # SQLite: the dates as plain text (a column declared "date" is converted per value by
    # Django's sqlite3 converter; an expression is not), parsed once per distinct date here.
    text = " || ''" if connection.vendor == "sqlite" else ""
    columns = ", ".join(f"r.{f}{text if f.endswith('_date') else ''}" for f in FIELDS)
    for condition, params in bulkinsert.in_keys("r.measure_id", pks):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT r.measure_id, m.external_id, {columns} "  # noqa: S608
                f"FROM {rows} r JOIN {measures} m ON m.id = r.measure_id "
                f"WHERE {condition} ORDER BY r.measure_id, r.position",
                params,
            )
            days = _DAYS
            for pk, ext, norm, trigger, due, met, event, status, variant in cursor.fetchall():
                yield (
                    pk,
                    ext,
                    norm,
                    days.get(trigger) or _day(trigger),
                    days.get(due) or _day(due),
                    None if met is None else days.get(met) or _day(met),
                    event,
                    status,
                    variant,
                )


def refresh(
    measures: Iterable[int], config: NormConfig | None = None, today: dt.date | None = None
) -> int:
    """Evaluate the measures (primary keys) anew and store their instances, for reference dates
    from `today` (default: the clock's) on: called inside the write's transaction. Returns the
    number of instance rows stored."""
    from .configured import load_config
    from .stream import timelines_by_pk

    pks = sorted(set(measures))
    if not pks:
        return 0
    config = config or load_config()
    key = fingerprint(config)
    day = (today or clock.today()).toordinal()
    for part in _chunks(pks):
        InstanceRow.objects.filter(measure_id__in=part).delete()
        ReadState.objects.filter(measure_id__in=part).delete()
    states: list[tuple] = []

    def rows() -> Iterator[tuple]:
        for part in _chunks(pks):
            for pk, (ext, mtype, birth, events) in timelines_by_pk(part, FAR):
                as_of, lo, hi = _segment(mtype, events, birth, day)
                states.append((pk, _date(lo), _date(hi), key))
                found = measure_instances(
                    ext, mtype, events, dt.date.fromordinal(as_of), config, birth_date=birth
                )
                for i, inst in enumerate(found):
                    yield (pk, i, *_fields(inst))

    stored = bulkinsert.insert(InstanceRow, ("measure_id", "position", *FIELDS), rows())
    bulkinsert.insert(ReadState, ("measure_id", "valid_from", "valid_until", "key"), states)
    return stored


def refresh_on_write(sender: Any = None, measure_pks: Iterable[int] = (), **kwargs: Any) -> None:
    """Receiver of `timeline.signals.events_written`."""
    refresh(measure_pks)


def _covering(as_of: dt.date, key: str) -> Q:
    return (
        Q(key=key)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=as_of))
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=as_of))
    )


def _measure_pks(measures: Any) -> list[int]:
    if measures is None:
        return list(Measure.objects.order_by("pk").values_list("pk", flat=True))
    if hasattr(measures, "query"):
        return sorted(measures.values_list("pk", flat=True))
    return sorted(set(measures))


def split(measures: Any, as_of: dt.date, config: NormConfig) -> tuple[list[int], list[int]]:
    """(measures whose stored rows hold for the date under the configuration, the rest), as
    sorted primary keys. The rows of the first can be read (or aggregated in SQL: `stored`);
    the rest must be evaluated by the engine (`instances` of them)."""
    pks = _measure_pks(measures)
    covered: set[int] = set()
    states = ReadState.objects.filter(_covering(as_of, fingerprint(config)))
    column = f"{connection.ops.quote_name(ReadState._meta.db_table)}.measure_id"
    for condition, params in bulkinsert.in_keys(column, pks):
        covered.update(
            states.extra(where=[condition], params=params).values_list("measure_id", flat=True)
        )
    return sorted(covered), [pk for pk in pks if pk not in covered]


def stored(covered: list[int]) -> Iterator[Any]:
    """Querysets of the stored instance rows of covered measures (`split`), one per slice of
    keys, for aggregates in SQL. A stored status open or overdue is decided by the reference
    date at read time (`Status.OVERDUE if as_of > due_date else Status.OPEN`), the others hold
    as stored."""
    # The column named with its table: aggregates may join the measure, youth, municipality.
    column = f"{connection.ops.quote_name(InstanceRow._meta.db_table)}.measure_id"
    for condition, params in bulkinsert.in_keys(column, covered):
        yield InstanceRow.objects.extra(where=[condition], params=params)


NOT_JUDGED = (*PENDING, Status.NOT_APPLICABLE, Status.BEFORE_GO_LIVE)


def fell_due_q(first: dt.date, last: dt.date, as_of: dt.date) -> Q:
    """`NormInstance.fell_due_in(first, last)` over stored rows (`stored`): due in the period
    and judged, a stored open or overdue row being overdue (judged) when as_of > due."""
    judged = ~Q(status__in=NOT_JUDGED) | Q(status__in=PENDING, due_date__lt=as_of)
    return Q(due_date__gte=first, due_date__lte=last) & judged


def evaluate(pks: list[int], as_of: dt.date, config: NormConfig) -> Iterator[tuple[int, Any]]:
    """(measure pk, instance) of the measures evaluated by the engine: those the read model
    does not hold for (`split`'s rest)."""
    if not pks:
        return
    from .stream import timelines_by_pk

    for pk, (ext, mtype, birth, events) in timelines_by_pk(pks, as_of):
        for inst in measure_instances(ext, mtype, events, as_of, config, birth_date=birth):
            yield pk, inst


def instances(measures: Any, as_of: dt.date, config: NormConfig) -> Iterator[NormInstance]:
    """Every due instance of every norm on the measures (None: all; a queryset; or primary
    keys) as of the date: from the read model where it holds, else from the engine. In the
    order the engine gives them (by measure, then the engine's order)."""
    pks = _measure_pks(measures)
    covered_pks, rest = split(pks, as_of, config)
    found: dict[int, list[NormInstance]] = {}
    for pk, ext, norm, trigger, due, met, event, status, variant in _stored(covered_pks):
        s = _STATUS[status]
        if s in PENDING:
            s = Status.OVERDUE if as_of > due else Status.OPEN
        found.setdefault(pk, []).append(
            NormInstance(ext, norm, trigger, due, met, event, s, variant)
        )
    evaluated: dict[int, list[NormInstance]] = {}
    for pk, inst in evaluate(rest, as_of, config):
        evaluated.setdefault(pk, []).append(inst)
    for pk in pks:
        yield from found.get(pk) or evaluated.get(pk) or ()


def differences(fix: bool) -> list[str]:
    """One Dutch line per measure whose read model differs from a fresh evaluation (stored
    today), for `timeline-rebuild`; with `fix`, those measures are refreshed."""
    from .configured import load_config
    from .stream import timelines_by_pk

    config = load_config()
    key = fingerprint(config)
    today = clock.today().toordinal()
    out: list[str] = []
    wrong: list[int] = []
    pks = list(Measure.objects.order_by("pk").values_list("pk", flat=True))
    for part in _chunks(pks):
        states = {s.measure_id: s for s in ReadState.objects.filter(measure_id__in=part)}
        have: dict[int, list[tuple]] = {}
        for row in _stored(part):
            have.setdefault(row[0], []).append(row[2:])
        for pk, (ext, mtype, birth, events) in timelines_by_pk(part, FAR):
            as_of, lo, hi = _segment(mtype, events, birth, today)
            want = [
                _fields(i)
                for i in measure_instances(
                    ext, mtype, events, dt.date.fromordinal(as_of), config, birth_date=birth
                )
            ]
            state = states.get(pk)
            if state is None:
                out.append(f"maatregel {ext}: leesmodel normen ontbreekt")
            elif (state.key, state.valid_from, state.valid_until) != (key, _date(lo), _date(hi)):
                out.append(f"maatregel {ext}: leesmodel normen verouderd (datums of instellingen)")
            elif have.get(pk, []) != want:
                out.append(f"maatregel {ext}: leesmodel normen wijkt af van de events")
            else:
                continue
            wrong.append(pk)
    if fix and wrong:
        refresh(wrong, config)
    return out


def refresh_stale(today: dt.date | None = None) -> int:
    """Refresh the measures whose stored evaluation no longer holds today (a border passed) or
    was made under another configuration. Returns how many."""
    from .configured import load_config

    config = load_config()
    today = today or clock.today()
    stale = list(
        ReadState.objects.exclude(_covering(today, fingerprint(config))).values_list(
            "measure_id", flat=True
        )
    )
    missing = list(
        Measure.objects.filter(norm_read_state__isnull=True).values_list("pk", flat=True)
    )
    refresh([*stale, *missing], config, today)
    return len(stale) + len(missing)

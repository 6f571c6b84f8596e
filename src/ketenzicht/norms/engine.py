"""The norm engine: every norm of the catalogue on one measure's timeline, as of a date.

One engine, two ways in (docs/norms.md):

- one measure: `services.results_for_measure` loads its events (one query) and calls
  `evaluate_measure` on compact events (`Ev`): plain tuples holding only what the norms look at,
  built from a payload by `compact_event`;
- all measures: `vector.evaluate` computes the same results set-based (numpy over columns loaded
  in a few queries); `bulk.stream_results` streams whole timelines through `evaluate_measure`.

A property test checks that all of them give identical results on random timelines.

Semantics (see docs/norms.md for the full text):
- only events dated on or before the as-of date count, and never a corrected (superseded) event,
  whatever the date of its correction;
- a term's due date is inclusive: an event on the due date is on time;
- unmet and the measure (or, for the "no fixed worker" norms, the period without a fixed worker)
  ended before the due date: not_applicable; ended on or after the due date: overdue;
- recurring norms report the current cycle: the one after the last satisfying event (open or
  overdue), with the last satisfying event in `last_met_date`/`last_event_id`; every cycle is
  available from `measure_instances` for KPIs ("fell due in a period");
- per-event norms (each signal, each help started) report the oldest instance that is still
  open or overdue, otherwise the latest one;
- a measure whose ruling end date (with extensions) lies before the as-of date and that has no
  end event has lapsed: it counts as ended on that end date (norms stop there);
- the GI's go-live date (`config.go_live`, the GI executing on the as-of date): a one-time
  instance whose trigger lies before it (extension preparation: whose due date) is
  `before_go_live`, not judged; recurring norms start counting on it (earlier events ignored);
- the Handelingsperspectief variant applies per case: the last `handelingsperspectief_decided`
  decides, else the GI's setting (`config.works_under_hp`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ketenzicht.timeline.domain.codes import MEASURE_TYPES
from ketenzicht.timeline.domain.events import SAME_DAY_ORDER
from ketenzicht.timeline.domain.state import add_months, lapsed

from .calendar import Term, WorkingCalendar
from .catalogue import (
    CATALOGUE,
    DATE_FIELD,
    FLAGS,
    HP_DECIDED,
    NONEMPTY,
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
from .config import NormConfig

# A compact event: (date ordinal, same-day order, seq, type, flag bits, text, date ordinal, id).
# Tuples sort chronologically as the timeline's fold does: date, start first / end last, seq.
Ev = tuple[int, int, int, str, int, "str | None", "int | None", str]
D, ORDER, SEQ, TYPE, BITS, TEXT, DATE2, ID = range(8)

VAST_BIT = FLAGS.bit(VAST)
HP_BIT = FLAGS.bit(HP_DECIDED)


class Status(StrEnum):
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    OPEN = "open"
    OVERDUE = "overdue"
    NOT_APPLICABLE = "not_applicable"
    BEFORE_GO_LIVE = "before_go_live"  # triggered before the GI's go-live: not judged


STATUS_LABELS = {
    Status.MET_ON_TIME: "Op tijd voldaan",
    Status.MET_LATE: "Te laat voldaan",
    Status.OPEN: "Open, binnen de termijn",
    Status.OVERDUE: "Termijn verstreken",
    Status.NOT_APPLICABLE: "Niet van toepassing",
    Status.BEFORE_GO_LIVE: "Voor ingebruikname, niet beoordeeld",
}


@dataclass(slots=True)
class NormResult:
    """The current state of one norm on one measure. Treat as read-only (not frozen: a frozen
    dataclass takes three times as long to build, and the bulk path builds a million)."""

    measure_id: str
    norm_id: str
    status: Status
    due_date: dt.date | None
    met_date: dt.date | None
    event_id: str | None  # the event that satisfied it
    variant: str  # "standaard", "hp-oranje-groen", "organisatie:<GI>", "instelling"
    rule: str  # Dutch: the rule the result was computed under
    trigger_date: dt.date | None = None
    last_met_date: dt.date | None = None  # recurring norms: the last satisfying event
    last_event_id: str | None = None
    reason: str = ""  # Dutch, for not_applicable

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True, slots=True)
class NormInstance:
    """One due instance of a norm (one cycle of a recurring norm, one signal, ...)."""

    measure_id: str
    norm_id: str
    trigger_date: dt.date
    due_date: dt.date
    met_date: dt.date | None
    event_id: str | None
    status: Status
    variant: str

    def fell_due_in(self, first: dt.date, last: dt.date) -> bool:
        """Counts for a KPI over [first, last]: due in the period and not open, n/a or before
        the GI's go-live (not judged: neither met nor missed)."""
        return first <= self.due_date <= last and self.status not in (
            Status.OPEN,
            Status.NOT_APPLICABLE,
            Status.BEFORE_GO_LIVE,
        )


# --------------------------------------------------------------------------- compact events


def _ordinal(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.toordinal()
    return dt.date.fromisoformat(value).toordinal()


def _holds(data: Mapping[str, Any], f: str, v: bool | str) -> bool:
    if isinstance(v, bool):
        return data.get(f) is v
    if v == NONEMPTY:
        return bool(data.get(f))
    return data.get(f) == v


def flag_bits(event_type: str, data: Mapping[str, Any]) -> int:
    bits = 0
    for i, m in enumerate(FLAGS.matches):
        if m.event_type == event_type and all(_holds(data, f, v) for f, v in m.conditions):
            bits |= 1 << i
    return bits


def compact_event(
    event_id: str, event_type: str, date: dt.date, data: Mapping[str, Any], seq: int
) -> Ev | None:
    """The engine's view of one (live) event; None for event types no norm looks at."""
    if event_type not in RELEVANT_TYPES:
        return None
    text_field = TEXT_FIELD.get(event_type)
    date_field = DATE_FIELD.get(event_type)
    return (
        date.toordinal(),
        SAME_DAY_ORDER.get(event_type, 5),
        seq,
        event_type,
        flag_bits(event_type, data),
        data.get(text_field) if text_field else None,
        _ordinal(data.get(date_field)) if date_field else None,
        event_id,
    )


def live_compact_events(
    events: Iterable[tuple[str, str, dt.date, Mapping[str, Any], int]],
) -> list[Ev]:
    """Compact events from (id, type, date, data, seq) rows of one measure, corrections applied:
    an event that a `correction` names does not count."""
    rows = list(events)
    superseded = {data["corrects"] for _, t, _, data, _ in rows if t == "correction"}
    out = []
    for eid, etype, date, data, seq in rows:
        if eid in superseded:
            continue
        ev = compact_event(eid, etype, date, data, seq)
        if ev is not None:
            out.append(ev)
    return out


# --------------------------------------------------------------------------- evaluation

_DATES: dict[int, dt.date] = {}


def _date(o: int | None) -> dt.date | None:
    if o is None:
        return None
    d = _DATES.get(o)
    if d is None:
        d = _DATES[o] = dt.date.fromordinal(o)
    return d


def _status(
    due: int, met: int | None, end: int | None, as_of: int, before_go_live: bool = False
) -> Status:
    if before_go_live:
        return Status.BEFORE_GO_LIVE
    if met is not None:
        return Status.MET_ON_TIME if met <= due else Status.MET_LATE
    if end is not None and end < due:
        return Status.NOT_APPLICABLE
    return Status.OVERDUE if as_of > due else Status.OPEN


class _Ctx:
    """What every norm needs from one measure's timeline, computed once."""

    __slots__ = (
        "by_type",
        "start",
        "start_ev",
        "start_gi",
        "gi",
        "ended",
        "periods",
        "vast_now",
        "first_colour",
        "as_of",
        "measure_type",
        "birth",
        "planned_end",
        "lapsed",
        "hp_decision",
        "go_live",
    )

    def __init__(
        self, measure_type: str, events: list[Ev], as_of: int, birth: dt.date | None = None
    ):
        self.measure_type = measure_type
        self.as_of = as_of
        self.birth = birth
        by_type: dict[str, list[Ev]] = {}
        self.start_ev: Ev | None = None
        self.start_gi = self.gi = None
        self.ended: int | None = None
        self.planned_end: int | None = None
        self.hp_decision: bool | None = None
        periods: list[tuple[int, int | None]] = []
        vast = False
        period_start = 0
        for e in events:
            t = e[TYPE]
            lst = by_type.get(t)
            if lst is None:
                by_type[t] = [e]
            else:
                lst.append(e)
            if t == "contact" or t not in _STRUCTURE:
                continue
            if t == "measure_started":
                self.start_ev = e
                self.start_gi = self.gi = e[TEXT]
                self.planned_end = e[DATE2]
                vast, period_start = False, e[D]
            elif t == "measure_extended":
                self.planned_end = e[DATE2]
            elif t == "handelingsperspectief_decided":
                self.hp_decision = bool(e[BITS] & HP_BIT)
            elif t == "worker_assigned":
                if e[BITS] & VAST_BIT:
                    if not vast:
                        periods.append((period_start, e[D] - 1))
                        vast = True
                elif vast:
                    vast, period_start = False, e[D]
            elif t == "worker_unassigned" or t == "handover":
                if t == "handover":
                    self.gi = e[TEXT]
                if vast:
                    vast, period_start = False, e[D]
            elif t == "measure_ended":
                self.ended = e[D]
        # Lapsed: the ruling's end date has passed without an extension or an end event; the
        # measure counts as ended on that (last) day.
        self.lapsed = lapsed(self.ended, self.planned_end, as_of)
        if self.lapsed:
            self.ended = self.planned_end
        if not vast and self.start_ev is not None:
            periods.append((period_start, self.ended))
        self.periods = [p for p in periods if p[1] is None or p[1] >= p[0]]
        self.vast_now = vast
        self.by_type = by_type
        self.start = self.start_ev[D] if self.start_ev is not None else None
        estimates = by_type.get("safety_estimate")
        self.first_colour = estimates[0][TEXT] if estimates else None
        self.go_live: int | None = None

    def matching(self, matches: tuple[Match, ...]) -> list[Ev]:
        if len(matches) == 1:
            m = matches[0]
            lst = self.by_type.get(m.event_type, ())
            bit = FLAGS.bit(m)
            return [e for e in lst if e[BITS] & bit] if bit else list(lst)
        out: list[Ev] = []
        for m in matches:
            lst = self.by_type.get(m.event_type, ())
            bit = FLAGS.bit(m)
            out.extend(e for e in lst if e[BITS] & bit) if bit else out.extend(lst)
        out.sort()
        return out


REASON_NOT_STARTED = "de maatregel is op de peildatum nog niet gestart"
REASON_ENDED = "de maatregel eindigde vóór de uiterste datum"
REASON_LAPSED = (
    "de maatregel is verlopen (einddatum volgens de uitspraak verstreken) vóór de uiterste datum"
)
REASON_TOO_YOUNG = "de jeugdige was (tijdens de maatregel) jonger dan {age} jaar"


def age_from(birth: dt.date, years: int) -> int:
    """The ordinal of the birthday at `years` (29 February: 28 February in other years)."""
    return add_months(birth, 12 * years).toordinal()


REASON_PERIOD_ENDED = "de periode zonder vaste jeugdzorgwerker eindigde vóór de uiterste datum"
REASON_VAST = "er is een vaste jeugdzorgwerker"
REASON_NO_END = "de maatregel heeft geen einddatum"


def reason_type(measure_type: str) -> str:
    return f"geldt niet voor een {MEASURE_TYPES[measure_type][1]}"


def reason_no_trigger(norm: Norm) -> str:
    assert norm.trigger_match is not None
    if norm.no_trigger_reason:
        return norm.no_trigger_reason
    first = "nog geen" if norm.trigger is Trigger.FIRST_EVENT else "geen"
    return f"{first} {norm.trigger_match.describe().lower()}"


_STRUCTURE = frozenset(
    {
        "measure_started",
        "measure_extended",
        "worker_assigned",
        "worker_unassigned",
        "handover",
        "measure_ended",
        "handelingsperspectief_decided",
    }
)
_RULES: dict[tuple[str, str, Term], str] = {}


def _rule(norm: Norm, variant: str, label: str, term: Term) -> str:
    key = (norm.id, variant, term)
    text = _RULES.get(key)
    if text is None:
        text = _RULES[key] = f"{label}: {norm.rule_text(term)}"
    return text


def _term(norm: Norm, ctx: _Ctx, config: NormConfig) -> tuple[Term, str, str]:
    term, variant, label = norm.term, "standaard", "Standaard"
    if norm.configurable:
        own = config.organisation_terms.get((ctx.gi, norm.id))
        if own is not None:
            term, variant, label = own, f"organisatie:{ctx.gi}", f"Instelling van {ctx.gi}"
        elif norm.id in config.terms:
            term, variant, label = config.terms[norm.id], "instelling", "Instelling"
    for v in norm.variants:
        if (
            ctx.measure_type not in v.excluded_types
            and ctx.first_colour in v.colours
            and works_under_hp(ctx.hp_decision, ctx.start_gi, config)
        ):
            term, variant, label = v.term, v.id, v.label
    return term, variant, _rule(norm, variant, label, term)


def works_under_hp(decision: bool | None, start_gi: str | None, config: NormConfig) -> bool:
    """The case's own decision (the last `handelingsperspectief_decided`) where present, else
    the setting of the GI at the start."""
    return decision if decision is not None else config.works_under_hp(start_gi)


def go_live_ordinal(ctx: _Ctx, config: NormConfig) -> int | None:
    """The go-live date of the GI executing the measure on the as-of date."""
    day = config.go_live.get(ctx.gi) if ctx.gi is not None else None
    return day.toordinal() if day is not None else None


def before_go_live(norm: Norm, trigger: int, due: int, go_live: int | None) -> bool:
    """A one-time instance triggered before go-live (extension preparation: due before it)."""
    if go_live is None or norm.recurrence is not Recurrence.ONCE:
        return False
    return (due if norm.trigger is Trigger.PLANNED_END else trigger) < go_live


# An instance while computing: (trigger ordinal, due ordinal, met event or None, end ordinal).
_Inst = tuple[int, int, "Ev | None", "int | None"]


def _cycles(
    anchor: int, sats: list[Ev], end: int | None, term: Term, cal: WorkingCalendar, recurring: bool
) -> list[_Inst]:
    if not recurring:
        return [(anchor, term.after_ordinal(anchor, cal), sats[0] if sats else None, end)]
    out: list[_Inst] = []
    prev = anchor
    for s in sats:
        out.append((prev, term.after_ordinal(prev, cal), s, end))
        prev = s[D]
    out.append((prev, term.after_ordinal(prev, cal), None, end))
    return out


def repeated_or_ruis(
    signals: list[Ev], ruis: Iterable[Ev], window: Term | None, cal: WorkingCalendar
) -> list[Ev]:
    """The signals that need tegenkracht: another signal within `window` before it, or the case
    is a ruisdossier at the signal (the last ruis_flags_set before it has flags)."""
    assert window is not None
    ruis = sorted(ruis)
    bit = FLAGS.bit(RUIS)
    out = []
    for i, s in enumerate(signals):
        since = window.before_ordinal(s[D], cal)
        repeated = any(p[D] >= since for p in signals[:i])
        last = None
        for r in ruis:
            if r < s:
                last = r
            else:
                break
        if repeated or (last is not None and last[BITS] & bit):
            out.append(s)
    return out


def _window(norm: Norm, config: NormConfig) -> Term | None:
    return config.windows.get(norm.id, norm.window)


def _instances(
    norm: Norm, ctx: _Ctx, term: Term, cal: WorkingCalendar, window: Term | None = None
) -> tuple[list[_Inst], int | None, str]:
    """All instances of a norm on the measure, the index of the current one (None: not
    applicable) and the Dutch reason when there is none."""
    recurring = norm.recurrence is Recurrence.AFTER_LAST
    trig = norm.trigger
    if trig is Trigger.MEASURE_START:
        sats = ctx.matching(norm.satisfied_by)
        anchor = ctx.start
        if norm.min_age is not None and ctx.birth is not None:
            old_enough = age_from(ctx.birth, norm.min_age)
            last_day = ctx.as_of if ctx.ended is None else min(ctx.ended, ctx.as_of)
            if last_day < old_enough:
                return [], None, REASON_TOO_YOUNG.format(age=norm.min_age)
            anchor = max(anchor, old_enough)
            sats = [e for e in sats if e[D] >= anchor]
        if recurring and ctx.go_live is not None and ctx.go_live > anchor:
            anchor = ctx.go_live  # recurring norms count from the GI's go-live
            sats = [e for e in sats if e[D] >= anchor]
        inst = _cycles(anchor, sats, ctx.ended, term, cal, recurring)
        return inst, len(inst) - 1, ""
    if trig is Trigger.FIRST_EVENT:
        assert norm.trigger_match is not None
        firsts = ctx.matching((norm.trigger_match,))
        if not firsts:
            return [], None, reason_no_trigger(norm)
        first = firsts[0]
        sats = [e for e in ctx.matching(norm.satisfied_by) if e > first]
        anchor = first[D]
        if recurring and ctx.go_live is not None and ctx.go_live > anchor:
            anchor = ctx.go_live
            sats = [e for e in sats if e[D] >= anchor]
        inst = _cycles(anchor, sats, ctx.ended, term, cal, recurring)
        return inst, len(inst) - 1, ""
    if trig is Trigger.EACH_EVENT:
        assert norm.trigger_match is not None
        triggers = ctx.matching((norm.trigger_match,))
        if norm.trigger_filter is TriggerFilter.REPEATED_OR_RUIS:
            triggers = repeated_or_ruis(
                triggers, ctx.by_type.get("ruis_flags_set", ()), window, cal
            )
        if not triggers:
            return [], None, reason_no_trigger(norm)
        cands = ctx.matching(norm.satisfied_by)
        inst = []
        for t in triggers:
            due = term.after_ordinal(t[D], cal)
            met: Ev | None = None
            if norm.relation is Relation.REFERS_TO_TRIGGER:
                met = next((c for c in cands if c[TEXT] == t[ID]), None)
            elif norm.relation is Relation.SAME_HELP_TYPE:
                same = [c for c in cands if c[TEXT] == t[TEXT]]
                before = [c for c in same if c[D] <= t[D]]
                met = before[-1] if before else (same[0] if same else None)
            else:
                met = next((c for c in cands if c > t), None)
            inst.append((t[D], due, met, ctx.ended))
        current = next(
            (
                i
                for i, (trig_day, due, met, end) in enumerate(inst)
                if _status(
                    due,
                    met[D] if met else None,
                    end,
                    ctx.as_of,
                    before_go_live(norm, trig_day, due, ctx.go_live),
                )
                in (Status.OPEN, Status.OVERDUE)
            ),
            len(inst) - 1,
        )
        return inst, current, ""
    if trig is Trigger.NO_FIXED_WORKER:
        sats_all = ctx.matching(norm.satisfied_by)
        inst = []
        go_live = ctx.go_live
        for i, (start, end) in enumerate(ctx.periods):
            if go_live is not None and go_live > start:
                start = go_live  # count from the GI's go-live
                current = i == len(ctx.periods) - 1 and not ctx.vast_now
                if end is not None and end < start and not current:
                    continue  # a period that ended before go-live
            sats = [e for e in sats_all if start <= e[D] and (end is None or e[D] <= end)]
            inst.extend(_cycles(start, sats, end, term, cal, recurring))
        if ctx.vast_now or not inst:
            return inst, None, REASON_VAST
        return inst, len(inst) - 1, ""
    if trig is Trigger.PLANNED_END:
        assert norm.window is not None
        ends: list[tuple[int, Ev, Ev | None]] = []  # (end date, creating event, closing event)
        start_ev = ctx.start_ev
        assert start_ev is not None
        if start_ev[DATE2] is not None:
            ends.append((start_ev[DATE2], start_ev, None))
        for e in ctx.by_type.get("measure_extended", ()):
            if ends:
                ends[-1] = (ends[-1][0], ends[-1][1], e)
            ends.append((e[DATE2], e, None))
        if not ends:
            return [], None, REASON_NO_END
        sats_all = ctx.matching(norm.satisfied_by)
        inst = []
        for end_date, created, closed in ends:
            # Never due before the end date became known (the start or the extension): a short
            # ruling is due on that day.
            due = max(term.before_ordinal(end_date, cal), created[D])
            anchor = max(ctx.start, norm.window.before_ordinal(due, cal))
            sats = [e for e in sats_all if e > created and (closed is None or e <= closed)]
            inst.append(
                (
                    anchor,
                    due,
                    sats[0] if sats else None,
                    closed[D] if closed is not None else ctx.ended,
                )
            )
        return inst, len(inst) - 1, ""
    raise AssertionError(trig)


def _not_applicable(
    measure_id: str, norm: Norm, reason: str, rule: str = "", variant: str = "standaard"
) -> NormResult:
    return NormResult(
        measure_id, norm.id, Status.NOT_APPLICABLE, None, None, None, variant, rule, reason=reason
    )


def _prepare(events: Iterable[Ev], as_of: dt.date) -> tuple[list[Ev], int]:
    as_of_o = as_of.toordinal()
    return sorted(e for e in events if e[D] <= as_of_o), as_of_o


def evaluate_measure(
    measure_id: str,
    measure_type: str,
    events: Iterable[Ev],
    as_of: dt.date,
    config: NormConfig,
    norms: tuple[Norm, ...] = CATALOGUE,
    *,
    birth_date: dt.date | None = None,
) -> list[NormResult]:
    """One result per norm (catalogue order) for one measure's live compact events."""
    evs, as_of_o = _prepare(events, as_of)
    ctx = _Ctx(measure_type, evs, as_of_o, birth_date)
    if ctx.start_ev is None:
        return [_not_applicable(measure_id, n, REASON_NOT_STARTED) for n in norms]
    ctx.go_live = go_live_ordinal(ctx, config)
    cal = config.calendar
    out = []
    for norm in norms:
        if measure_type not in norm.applies_to:
            out.append(_not_applicable(measure_id, norm, reason_type(measure_type)))
            continue
        term, variant, rule = _term(norm, ctx, config)
        inst, current, reason = _instances(norm, ctx, term, cal, _window(norm, config))
        if current is None:
            out.append(_not_applicable(measure_id, norm, reason, rule, variant))
            continue
        trigger, due, met, end = inst[current]
        status = _status(
            due,
            met[D] if met else None,
            end,
            as_of_o,
            before_go_live(norm, trigger, due, ctx.go_live),
        )
        last_met = last_id = None
        if norm.recurrence is Recurrence.AFTER_LAST and current > 0:
            prev = inst[current - 1][2]
            if prev is not None and inst[current - 1][3] == end:
                last_met, last_id = prev[D], prev[ID]
        reason = ""
        if status is Status.NOT_APPLICABLE:
            reason = (
                REASON_PERIOD_ENDED
                if norm.trigger is Trigger.NO_FIXED_WORKER and end != ctx.ended
                else REASON_LAPSED
                if ctx.lapsed
                else REASON_ENDED
            )
        out.append(
            NormResult(
                measure_id,
                norm.id,
                status,
                _date(due),
                _date(met[D]) if met else None,
                met[ID] if met else None,
                variant,
                rule,
                _date(trigger),
                _date(last_met),
                last_id,
                reason,
            )
        )
    return out


def measure_instances(
    measure_id: str,
    measure_type: str,
    events: Iterable[Ev],
    as_of: dt.date,
    config: NormConfig,
    norms: tuple[Norm, ...] = CATALOGUE,
    *,
    birth_date: dt.date | None = None,
) -> list[NormInstance]:
    """Every due instance of every applicable norm (for KPIs: what fell due in a period)."""
    evs, as_of_o = _prepare(events, as_of)
    ctx = _Ctx(measure_type, evs, as_of_o, birth_date)
    if ctx.start_ev is None:
        return []
    ctx.go_live = go_live_ordinal(ctx, config)
    out = []
    for norm in norms:
        if measure_type not in norm.applies_to:
            continue
        term, variant, _ = _term(norm, ctx, config)
        inst, _, _ = _instances(norm, ctx, term, config.calendar, _window(norm, config))
        for trigger, due, met, end in inst:
            status = _status(
                due,
                met[D] if met else None,
                end,
                as_of_o,
                before_go_live(norm, trigger, due, ctx.go_live),
            )
            out.append(
                NormInstance(
                    measure_id,
                    norm.id,
                    _date(trigger),
                    _date(due),
                    _date(met[D]) if met else None,
                    met[ID] if met else None,
                    status,
                    variant,
                )
            )
    return out

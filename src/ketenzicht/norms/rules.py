"""The rule kinds: what each trigger kind of the catalogue means, in one function per kind behind
a registry (`RULES`). A new trigger kind is one function here plus its `Trigger` member; the
import fails when a kind has no rule.

Each rule returns every instance of a norm on one measure (trigger, due date, satisfying event,
end), the index of the current one (None: not applicable) and the Dutch reason when there is
none. `engine` turns them into results and due instances.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from ketenzicht.timeline.domain.codes import MEASURE_TYPES
from ketenzicht.timeline.domain.state import add_months

from .calendar import Term, WorkingCalendar
from .catalogue import FLAGS, RUIS, Norm, Recurrence, Relation, Trigger, TriggerFilter
from .compact import BITS, DATE2, ID, TEXT, D, Ev
from .context import Context
from .results import Status

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


def status_of(
    due: int, met: int | None, end: int | None, as_of: int, before_go_live: bool = False
) -> Status:
    if before_go_live:
        return Status.BEFORE_GO_LIVE
    if met is not None:
        return Status.MET_ON_TIME if met <= due else Status.MET_LATE
    if end is not None and end < due:
        return Status.NOT_APPLICABLE
    return Status.OVERDUE if as_of > due else Status.OPEN


def before_go_live(norm: Norm, trigger: int, due: int, go_live: int | None) -> bool:
    """A one-time instance triggered before go-live (extension preparation: due before it)."""
    if go_live is None or norm.recurrence is not Recurrence.ONCE:
        return False
    return (due if norm.trigger is Trigger.PLANNED_END else trigger) < go_live


# An instance while computing: (trigger ordinal, due ordinal, met event or None, end ordinal).
Inst = tuple[int, int, "Ev | None", "int | None"]


def cycles(
    anchor: int, sats: list[Ev], end: int | None, term: Term, cal: WorkingCalendar, recurring: bool
) -> list[Inst]:
    if not recurring:
        return [(anchor, term.after_ordinal(anchor, cal), sats[0] if sats else None, end)]
    out: list[Inst] = []
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


Rule = Callable[
    [Norm, Context, Term, WorkingCalendar, "Term | None"], tuple[list[Inst], "int | None", str]
]


def measure_start(
    norm: Norm, ctx: Context, term: Term, cal: WorkingCalendar, window: Term | None
) -> tuple[list[Inst], int | None, str]:
    """From the start of the measure (from the birthday at `min_age` if later; recurring norms
    from the GI's go-live if later)."""
    recurring = norm.recurrence is Recurrence.AFTER_LAST
    sats = ctx.matching(norm.satisfied_by)
    anchor = ctx.start
    assert anchor is not None
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
    inst = cycles(anchor, sats, ctx.ended, term, cal, recurring)
    return inst, len(inst) - 1, ""


def first_event(
    norm: Norm, ctx: Context, term: Term, cal: WorkingCalendar, window: Term | None
) -> tuple[list[Inst], int | None, str]:
    """From the first event matching `trigger_match` (e.g. the first plan)."""
    assert norm.trigger_match is not None
    recurring = norm.recurrence is Recurrence.AFTER_LAST
    firsts = ctx.matching((norm.trigger_match,))
    if not firsts:
        return [], None, reason_no_trigger(norm)
    first = firsts[0]
    sats = [e for e in ctx.matching(norm.satisfied_by) if e > first]
    anchor = first[D]
    if recurring and ctx.go_live is not None and ctx.go_live > anchor:
        anchor = ctx.go_live
        sats = [e for e in sats if e[D] >= anchor]
    inst = cycles(anchor, sats, ctx.ended, term, cal, recurring)
    return inst, len(inst) - 1, ""


def each_event(
    norm: Norm, ctx: Context, term: Term, cal: WorkingCalendar, window: Term | None
) -> tuple[list[Inst], int | None, str]:
    """One instance per event matching `trigger_match` (each signal, each help started); the
    current one is the oldest still open or overdue, else the latest."""
    assert norm.trigger_match is not None
    triggers = ctx.matching((norm.trigger_match,))
    if norm.trigger_filter is TriggerFilter.REPEATED_OR_RUIS:
        triggers = repeated_or_ruis(triggers, ctx.by_type.get("ruis_flags_set", ()), window, cal)
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
            if status_of(
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


def no_fixed_worker(
    norm: Norm, ctx: Context, term: Term, cal: WorkingCalendar, window: Term | None
) -> tuple[list[Inst], int | None, str]:
    """Each period without a fixed worker (counted from the GI's go-live if later)."""
    recurring = norm.recurrence is Recurrence.AFTER_LAST
    sats_all = ctx.matching(norm.satisfied_by)
    inst: list[Inst] = []
    go_live = ctx.go_live
    for i, (start, end) in enumerate(ctx.periods):
        if go_live is not None and go_live > start:
            start = go_live  # count from the GI's go-live
            current = i == len(ctx.periods) - 1 and not ctx.vast_now
            if end is not None and end < start and not current:
                continue  # a period that ended before go-live
        sats = [e for e in sats_all if start <= e[D] and (end is None or e[D] <= end)]
        inst.extend(cycles(start, sats, end, term, cal, recurring))
    if ctx.vast_now or not inst:
        return inst, None, REASON_VAST
    return inst, len(inst) - 1, ""


def planned_end(
    norm: Norm, ctx: Context, term: Term, cal: WorkingCalendar, window: Term | None
) -> tuple[list[Inst], int | None, str]:
    """Each end date of the ruling (the start's, each extension's): due a term before it."""
    assert norm.window is not None
    ends: list[tuple[int, Ev, Ev | None]] = []  # (end date, creating event, closing event)
    start_ev = ctx.start_ev
    assert start_ev is not None and ctx.start is not None
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
            (anchor, due, sats[0] if sats else None, closed[D] if closed is not None else ctx.ended)
        )
    return inst, len(inst) - 1, ""


RULES: dict[Trigger, Rule] = {
    Trigger.MEASURE_START: measure_start,
    Trigger.FIRST_EVENT: first_event,
    Trigger.EACH_EVENT: each_event,
    Trigger.NO_FIXED_WORKER: no_fixed_worker,
    Trigger.PLANNED_END: planned_end,
}
if set(RULES) != set(Trigger):  # pragma: no cover - a guard for catalogue edits
    raise ImportError(f"trigger kinds without a rule: {sorted(set(Trigger) - set(RULES))}")

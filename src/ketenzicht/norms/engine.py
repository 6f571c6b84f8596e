"""The norm engine: every norm of the catalogue on one measure's timeline, as of a date, with each
rule kind's `rule` (`kinds/`). `evaluate_measure` gives current results, `measure_instances`
every due instance; `executor` runs them over many timelines. Its set-based twin for current
results of many measures is `columns` (each kind's `column`). The loaders only build compact
events (docs/norms.md):

- one measure: `services` loads its events (one query) and builds compact events (`compact`);
- many measures: `loader` reads the events a current result needs in a few queries (numpy
  parses them); `stream` streams whole timelines (every cycle, for KPIs);
- an exchange file: `ketenzicht.interop.norms_file` (no database).

A property test checks that every way in gives identical results on random timelines.

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

What each trigger kind means lives in `kinds/` (one module per kind, `rule` here and its
set-based twin `column` for `columns`); which term and variant apply in `context`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, overload

from .calendar import Term
from .catalogue import CATALOGUE, Norm, Recurrence, Trigger
from .compact import ID, D, Ev, compact_event, flag_bits, live_compact_events
from .config import NormConfig
from .context import (
    Context,
    go_live_ordinal,
    rule_text,
    term_for,
    window_for,
    works_under_hp,
)
from .kinds import KINDS
from .results import STATUS_LABELS, NormInstance, NormResult, Status
from .rules import (
    REASON_ENDED,
    REASON_LAPSED,
    REASON_NO_END,
    REASON_NOT_STARTED,
    REASON_PERIOD_ENDED,
    REASON_TOO_YOUNG,
    REASON_VAST,
    age_from,
    before_go_live,
    reason_no_trigger,
    reason_type,
    repeated_or_ruis,
    status_of,
)

__all__ = [
    "REASON_ENDED",
    "REASON_LAPSED",
    "REASON_NO_END",
    "REASON_NOT_STARTED",
    "REASON_PERIOD_ENDED",
    "REASON_TOO_YOUNG",
    "REASON_VAST",
    "STATUS_LABELS",
    "Ev",
    "NormInstance",
    "NormResult",
    "Status",
    "age_from",
    "compact_event",
    "evaluate_measure",
    "flag_bits",
    "live_compact_events",
    "measure_instances",
    "reason_no_trigger",
    "reason_type",
    "repeated_or_ruis",
    "works_under_hp",
]

_DATES: dict[int, dt.date] = {}


@overload
def _date(o: int) -> dt.date: ...
@overload
def _date(o: int | None) -> dt.date | None: ...


def _date(o: int | None) -> dt.date | None:
    if o is None:
        return None
    d = _DATES.get(o)
    if d is None:
        d = _DATES[o] = dt.date.fromordinal(o)
    return d


def _not_applicable(
    measure_id: str, norm: Norm, reason: str, rule: str = "", variant: str = "standaard"
) -> NormResult:
    return NormResult(
        measure_id, norm.id, Status.NOT_APPLICABLE, None, None, None, variant, rule, reason=reason
    )


def _context(
    measure_type: str,
    events: Iterable[Ev],
    as_of: dt.date,
    config: NormConfig,
    birth_date: dt.date | None,
) -> Context:
    as_of_o = as_of.toordinal()
    ctx = Context(measure_type, sorted(e for e in events if e[D] <= as_of_o), as_of_o, birth_date)
    if ctx.start_ev is not None:
        ctx.go_live = go_live_ordinal(ctx, config)
    return ctx


# One norm, prepared for one configuration: (norm, rule, measure types, window, the fixed
# (term, variant, rule text) or None when it depends on the case, one-time, due date decides
# go-live, no-fixed-worker).
_Step = tuple[Norm, Any, frozenset, "Term | None", "tuple[Term, str, str] | None", bool, bool, bool]
_LAST_PLAN: list[Any] = [None, None, []]


def _plan(norms: tuple[Norm, ...], config: NormConfig) -> list[_Step]:
    """The norms prepared for the configuration (remembered for the last pair: the bulk path
    evaluates thousands of measures with the same norms and configuration)."""
    last = _LAST_PLAN
    if last[0] is norms and last[1] is config:
        return last[2]
    plan = [
        (
            n,
            KINDS[n.trigger].rule,
            n.applies_to,
            window_for(n, config),
            (n.term, "standaard", rule_text(n, "standaard", "Standaard", n.term))
            if not n.configurable and not n.variants
            else None,
            n.recurrence is Recurrence.ONCE,
            n.trigger is Trigger.PLANNED_END,
            n.trigger is Trigger.NO_FIXED_WORKER,
        )
        for n in norms
    ]
    _LAST_PLAN[:] = [norms, config, plan]
    return plan


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
    ctx = _context(measure_type, events, as_of, config, birth_date)
    if ctx.start_ev is None:
        return [_not_applicable(measure_id, n, REASON_NOT_STARTED) for n in norms]
    cal = config.calendar
    as_of_o = ctx.as_of
    go_live = ctx.go_live
    dates = _DATES
    out = []
    for norm, rule, applies_to, window, fixed, once, due_decides, nfw in _plan(norms, config):
        if measure_type not in applies_to:
            out.append(_not_applicable(measure_id, norm, reason_type(measure_type)))
            continue
        term, variant, rule_txt = fixed or term_for(norm, ctx, config)
        inst, current, reason = rule(norm, ctx, term, cal, window)
        if current is None:
            out.append(_not_applicable(measure_id, norm, reason, rule_txt, variant))
            continue
        trigger, due, met, end = inst[current]
        # As rules.before_go_live: a one-time instance triggered (due) before go-live.
        before = go_live is not None and once and (due if due_decides else trigger) < go_live
        status = status_of(due, met[D] if met else None, end, as_of_o, before)
        last_met = last_id = None
        if not once and current > 0:
            prev = inst[current - 1][2]
            if prev is not None and inst[current - 1][3] == end:
                last_met, last_id = prev[D], prev[ID]
        reason = ""
        if status is Status.NOT_APPLICABLE:
            reason = (
                REASON_PERIOD_ENDED
                if nfw and end != ctx.ended
                else REASON_LAPSED
                if ctx.lapsed
                else REASON_ENDED
            )
        out.append(
            NormResult(
                measure_id,
                norm.id,
                status,
                dates.get(due) or _date(due),
                (dates.get(met[D]) or _date(met[D])) if met else None,
                met[ID] if met else None,
                variant,
                rule_txt,
                dates.get(trigger) or _date(trigger),
                (dates.get(last_met) or _date(last_met)) if last_met is not None else None,
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
    ctx = _context(measure_type, events, as_of, config, birth_date)
    if ctx.start_ev is None:
        return []
    out = []
    for norm in norms:
        if measure_type not in norm.applies_to:
            continue
        term, variant, _ = term_for(norm, ctx, config)
        inst, _, _ = KINDS[norm.trigger].rule(
            norm, ctx, term, config.calendar, window_for(norm, config)
        )
        for trigger, due, met, end in inst:
            status = status_of(
                due,
                met[D] if met else None,
                end,
                ctx.as_of,
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

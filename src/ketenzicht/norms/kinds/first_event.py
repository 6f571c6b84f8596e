"""Rule kind FIRST_EVENT: from the first event matching `trigger_match` (e.g. the first plan),
recurring after the last satisfying event. `rule` for one measure (the engine), `column` for all
loaded measures at once (the set-based path)."""

from __future__ import annotations

import numpy as np

from ..arrays import FAR, KEY_DATE, Work, first, pick
from ..calendar import Term, WorkingCalendar
from ..catalogue import Norm, Recurrence
from ..compact import D
from ..context import Context
from ..limits import NONE
from ..rules import Inst, cycles, reason_no_trigger


def rule(
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


def column(w: Work) -> None:
    norm, b = w.norm, w.facts
    f = b.f
    assert norm.trigger_match is not None
    pos = first(b.matching((norm.trigger_match,)), f.mid, b.size)
    w.reason[w.applies & (pos == NONE)] = reason_no_trigger(norm)
    w.live &= pos != NONE
    first_key = np.where(pos != NONE, pick(b.key, pos), FAR * KEY_DATE)
    anchor = np.maximum(pick(f.date, pos), b.go_live)
    w.recurring(anchor, w.live, first_key, anchor)


def unsupported(norm: Norm) -> str:
    if norm.recurrence is not Recurrence.AFTER_LAST:
        return "een eenmalige norm vanaf een eerste gebeurtenis"
    return ""

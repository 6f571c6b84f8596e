"""Rule kind MEASURE_START: from the start of the measure (a one-time norm: the first
satisfying event; a recurring one: the cycle after the last). `rule` for one measure (the
engine), `column` for all loaded measures at once (the set-based path)."""

from __future__ import annotations

import numpy as np

from ..arrays import Work, first
from ..calendar import Term, WorkingCalendar
from ..catalogue import Norm, Recurrence
from ..compact import D
from ..context import Context
from ..limits import NONE
from ..rules import REASON_TOO_YOUNG, Inst, age_from, cycles


def rule(
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


def column(w: Work) -> None:
    norm, b = w.norm, w.facts
    f = b.f
    if norm.recurrence is Recurrence.ONCE:
        w.trigger[w.applies] = b.start[w.applies]
        w.due[:] = w.due_from(b.start, w.applies)
        pos = first(w.sats, f.mid, b.size)
        hit = (pos != NONE) & w.applies
        w.met[hit] = f.date[pos[hit]]
        w.event[hit] = f.eid[pos[hit]]
    elif norm.min_age is not None:
        # From the later of the start and the birthday at min_age; not applicable while the
        # child was younger throughout.
        old = np.array(
            [NONE if d is None else age_from(d, norm.min_age) for d in f.birth], dtype=np.int64
        )
        known = old != NONE
        young = w.applies & known & (np.minimum(b.ended, b.as_of) < old)
        w.reason[young] = REASON_TOO_YOUNG.format(age=norm.min_age)
        w.live &= ~young
        anchor = np.where(known, np.maximum(b.start, old), b.start)
        anchor = np.maximum(anchor, b.go_live)  # recurring norms count from go-live (NONE < all)
        w.recurring(anchor, w.live, None, anchor)
    else:
        anchor = np.maximum(b.start, b.go_live)
        w.recurring(anchor, w.applies, None, anchor)


def unsupported(norm: Norm) -> str:
    """Why `column` cannot compute the norm ("" when it can)."""
    if norm.min_age is not None and norm.recurrence is Recurrence.ONCE:
        return "een leeftijdsgrens op een eenmalige norm"
    return ""

"""Rule kind NO_FIXED_WORKER: each period without a fixed worker (from the GI's go-live if
later), recurring after the last satisfying event. `rule` for one measure (the engine), `column`
for all loaded measures at once (the set-based path)."""

from __future__ import annotations

import numpy as np

from ..arrays import Work
from ..calendar import Term, WorkingCalendar
from ..catalogue import Norm, Recurrence
from ..compact import D
from ..context import Context
from ..rules import REASON_VAST, Inst, cycles


def rule(
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


def column(w: Work) -> None:
    b = w.facts
    w.reason[w.applies & b.vast_now] = REASON_VAST
    w.live &= ~b.vast_now
    anchor = np.maximum(b.period_start, b.go_live)
    w.recurring(anchor, w.live, None, anchor)


def unsupported(norm: Norm) -> str:
    if norm.recurrence is not Recurrence.AFTER_LAST:
        return "een eenmalige norm zonder vaste jeugdzorgwerker"
    return ""

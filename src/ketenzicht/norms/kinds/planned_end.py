"""Rule kind PLANNED_END: each end date of the ruling (the start's, each extension's), due a
term before it. `rule` for one measure (the engine), `column` for all loaded measures at once (the
set-based path)."""

from __future__ import annotations

import numpy as np

from ..arrays import KEY_DATE, Work, first, last, pick, term_after
from ..calendar import Term, WorkingCalendar
from ..catalogue import Norm
from ..compact import DATE2, D, Ev
from ..context import Context
from ..limits import NONE
from ..rules import REASON_NO_END, Inst


def rule(
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


def column(w: Work) -> None:
    norm, b, sats = w.norm, w.facts, w.sats
    f, size = b.f, b.size
    assert norm.window is not None
    ext = last(b.rows_of["measure_extended"], f.mid, size)
    has_ext = ext != NONE
    end_date = np.where(has_ext, pick(f.date2, ext), b.start_end)
    creator = np.where(has_ext, pick(b.key, ext), b.start_key)
    w.reason[w.applies & (end_date == NONE)] = REASON_NO_END
    w.live &= end_date != NONE
    live = w.live
    w.due[:] = w.due_from(end_date, live, sign=-1)
    # As `rule`: never due before the end date became known.
    w.due[live] = np.maximum(w.due[live], creator[live] // KEY_DATE)
    anchor = np.full(size, NONE, dtype=np.int64)
    if live.any():
        anchor[live] = np.maximum(b.start[live], term_after(norm.window, w.due[live], w.cal, -1))
    w.trigger[live] = anchor[live]
    m = f.mid[sats]
    ok = (b.key[sats] > creator[m]) & live[m]
    pos = first(sats[ok], f.mid, size)
    hit = pos != NONE
    w.met[hit] = f.date[pos[hit]]
    w.event[hit] = f.eid[pos[hit]]


def unsupported(norm: Norm) -> str:
    return ""

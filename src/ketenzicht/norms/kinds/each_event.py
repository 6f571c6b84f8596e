"""Rule kind EACH_EVENT: one instance per event matching `trigger_match` (each signal, each
help started); the current one is the oldest still open or overdue, else the latest. `rule` for
one measure (the engine), `column` for all loaded measures at once (the set-based path; the
trigger events are few, so it loops over them)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..arrays import NA, OPEN, OVERDUE, Facts, Work, status_of as status_column, term_after
from ..calendar import Term, WorkingCalendar
from ..catalogue import FLAGS, RUIS, Norm, Relation, TriggerFilter
from ..compact import ID, TEXT, D, Ev
from ..context import Context
from ..limits import NONE
from ..results import Status
from ..rules import (
    REASON_ENDED,
    REASON_LAPSED,
    Inst,
    before_go_live,
    reason_no_trigger,
    repeated_or_ruis,
    status_of,
)


def rule(
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


def repeated_or_ruis_rows(
    trig: np.ndarray, b: Facts, window: Term | None, cal: WorkingCalendar
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


def column(w: Work) -> None:
    norm, b, config_window = w.norm, w.facts, w.window
    f, cal, as_of = b.f, w.cal, b.as_of
    assert norm.trigger_match is not None
    trig = b.matching((norm.trigger_match,))
    trig = trig[w.applies[f.mid[trig]]]
    if norm.trigger_filter is TriggerFilter.REPEATED_OR_RUIS:
        trig = repeated_or_ruis_rows(trig, b, config_window, cal)
    tdue = w.due_dates_for(f.date[trig], w.choice[f.mid[trig]])
    cands = w.sats
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
            later = cands[(f.mid[cands] == f.mid[p]) & (b.key[cands] > b.key[p])]
            if len(later):
                tmet[i], tevent[i] = f.date[later[0]], f.eid[later[0]]
    gl = b.go_live[f.mid[trig]]
    tstatus = status_column(
        tdue, tmet, b.ended[f.mid[trig]], as_of, (gl != NONE) & (f.date[trig] < gl)
    )
    chosen: dict[int, int] = {}
    for i, p in enumerate(trig):
        m = int(f.mid[p])
        current = chosen.get(m)
        if current is None or tstatus[current] not in (OPEN, OVERDUE):
            chosen[m] = i
    has = np.zeros(b.size, dtype=bool)
    for m, i in chosen.items():
        has[m] = True
        w.status[m], w.due[m], w.met[m], w.event[m] = tstatus[i], tdue[i], tmet[i], tevent[i]
        w.trigger[m] = f.date[trig[i]]
        if tstatus[i] == NA:
            w.reason[m] = REASON_LAPSED if b.lapsed[m] else REASON_ENDED
    w.reason[w.applies & ~has] = reason_no_trigger(norm)
    w.live &= has


def unsupported(norm: Norm) -> str:
    return ""

"""The set-based twin of the engine's per-measure facts: numpy arrays over all loaded measures
(`Facts`, the twin of `context.Context`), the array helpers every rule kind's `column` uses, and
one norm's results as columns (`Work`). Only the rule kinds (`kinds/`) and `columns` use this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ketenzicht.timeline.domain.events import EVENT_TYPES

from .calendar import Term, Unit, WorkingCalendar
from .catalogue import FLAGS, HP_DECIDED, VAST, Match, Norm
from .config import NormConfig
from .context import rule_text, window_for
from .limits import CODE, EPOCH, NONE, ORDER_OF
from .results import Status
from .rules import reason_type

if TYPE_CHECKING:
    from .loader import Frame

KEY_DATE = 10_000_000  # key = date ordinal * 10^7 + same-day order * 10^6 + seq
KEY_ORDER = 1_000_000
FAR = 10**9  # "no end": later than any date ordinal
STATUSES = (
    Status.MET_ON_TIME,
    Status.MET_LATE,
    Status.OPEN,
    Status.OVERDUE,
    Status.NOT_APPLICABLE,
    Status.BEFORE_GO_LIVE,
)
MET, LATE, OPEN, OVERDUE, NA, BEFORE = range(6)


def aux_code(event_type: str, name: str, value: str) -> int:
    """The integer the loader gives a code value (its index in the code list)."""
    return list(EVENT_TYPES[event_type].field_map[name].choices or ()).index(value)


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


def first(idx: np.ndarray, mid: np.ndarray, size: int) -> np.ndarray:
    """Per measure the first of the row positions `idx` (sorted), or NONE."""
    out = np.full(size, NONE, dtype=np.int64)
    if len(idx):
        m = mid[idx]
        starts = np.ones(len(idx), dtype=bool)
        starts[1:] = m[1:] != m[:-1]
        out[m[starts]] = idx[starts]
    return out


def last(idx: np.ndarray, mid: np.ndarray, size: int) -> np.ndarray:
    out = np.full(size, NONE, dtype=np.int64)
    if len(idx):
        m = mid[idx]
        ends = np.ones(len(idx), dtype=bool)
        ends[:-1] = m[1:] != m[:-1]
        out[m[ends]] = idx[ends]
    return out


def isin(values: np.ndarray, allowed) -> np.ndarray:
    """Membership for object arrays (None never matches)."""
    allowed = set(allowed)
    return np.fromiter((v in allowed for v in values), dtype=bool, count=len(values))


def pick(values: np.ndarray, pos: np.ndarray, fill: Any = NONE) -> np.ndarray:
    if values.dtype == object:
        out = np.full(len(pos), None, dtype=object)
    else:
        out = np.full(len(pos), fill, dtype=values.dtype)
    ok = pos != NONE
    out[ok] = values[pos[ok]]
    return out


class Facts:
    """Per-measure facts as arrays (the set-based twin of `context.Context`)."""

    def __init__(self, f: Frame, as_of: int, org_pk: dict[str, int], go_live: dict[str, dt.date]):
        self.f, self.as_of, self.size = f, as_of, f.size
        self.mtype = np.array(f.mtype, dtype=object)
        self.key = f.date * KEY_DATE + ORDER_OF[f.typ] * KEY_ORDER + f.seq
        self.org_pk = org_pk
        reasons = {t: reason_type(t) for t in set(f.mtype)}
        self.type_reason = np.array([reasons[t] for t in f.mtype], dtype=object)
        code = f.typ
        self.rows_of: dict[str, np.ndarray] = {
            t: np.flatnonzero(code == c) for t, c in CODE.items()
        }
        size = f.size
        start_pos = first(self.rows_of["measure_started"], f.mid, size)
        self.started = start_pos != NONE
        self.start = pick(f.date, start_pos)
        self.start_key = pick(self.key, start_pos)
        self.start_end = pick(f.date2, start_pos)
        self.start_gi = pick(f.aux, start_pos)
        ended_pos = first(self.rows_of["measure_ended"], f.mid, size)
        self.ended = np.where(ended_pos != NONE, pick(f.date, ended_pos), FAR)
        ext = last(self.rows_of["measure_extended"], f.mid, size)
        self.planned_end = np.where(ext != NONE, pick(f.date2, ext), self.start_end)
        # As engine._Ctx: lapsed when the ruling's end date has passed with no end event; the
        # measure counts as ended on that day.
        self.lapsed = (
            self.started
            & (self.ended == FAR)
            & (self.planned_end != NONE)
            & (self.planned_end < as_of)
        )
        self.ended = np.where(self.lapsed, self.planned_end, self.ended)
        handover = last(self.rows_of["handover"], f.mid, size)
        self.gi = np.where(handover != NONE, pick(f.aux, handover), self.start_gi)
        # The case's own Handelingsperspectief decision (the last one): 1 yes, 0 no, NONE none.
        hp = last(self.rows_of["handelingsperspectief_decided"], f.mid, size)
        self.hp_decision = np.full(size, NONE, dtype=np.int64)
        has_hp = hp != NONE
        self.hp_decision[has_hp] = (f.bits[hp[has_hp]] & FLAGS.bit(HP_DECIDED)) > 0
        estimate = first(self.rows_of["safety_estimate"], f.mid, size)
        self.first_colour = pick(f.aux, estimate)
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
        last_any = last(np.arange(len(a_idx)), f.mid[a_idx], size)
        last_vast = last(np.flatnonzero(vast), f.mid[a_idx], size)
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


def options(norm: Norm, b: Facts, config: NormConfig) -> tuple[np.ndarray, list]:
    """Per measure the index of its (term, variant, rule): as engine._term decides."""
    options = [(norm.term, "standaard", rule_text(norm, "standaard", "Standaard", norm.term))]
    choice = np.zeros(b.size, dtype=np.int64)
    if norm.configurable:
        if norm.id in config.terms:
            t = config.terms[norm.id]
            options.append((t, "instelling", rule_text(norm, "instelling", "Instelling", t)))
            choice[:] = len(options) - 1
        for (gi, norm_id), t in config.organisation_terms.items():
            if norm_id != norm.id:
                continue
            variant = f"organisatie:{gi}"
            options.append((t, variant, rule_text(norm, variant, f"Instelling van {gi}", t)))
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
        mask = ~isin(b.mtype, v.excluded_types) & np.isin(b.first_colour, colours) & hp
        options.append((v.term, v.id, rule_text(norm, v.id, v.label, v.term)))
        choice[mask] = len(options) - 1
    return choice, options


def due_dates(
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


@dataclass
class Work:
    """One norm's results for all measures, as columns, while its rule kind fills them in."""

    norm: Norm
    facts: Facts
    cal: WorkingCalendar
    choice: np.ndarray  # index into options per measure
    options: list[tuple[Term, str, str]]  # (term, variant, rule)
    applies: np.ndarray  # bool: started and of a type the norm applies to
    live: np.ndarray  # bool: has a current instance
    sats: np.ndarray  # row positions of the satisfying events
    status: np.ndarray  # int8 index into STATUSES
    due: np.ndarray
    met: np.ndarray
    event: np.ndarray  # event pk or NONE
    trigger: np.ndarray
    last_met: np.ndarray
    last_event: np.ndarray  # event pk or NONE
    reason: np.ndarray  # object
    window: Term | None  # the norm's window under this configuration

    @classmethod
    def start(cls, norm: Norm, b: Facts, config: NormConfig) -> Work:
        size = b.size
        choice, opts = options(norm, b, config)
        applies = isin(b.mtype, norm.applies_to) & b.started

        def empty() -> np.ndarray:
            return np.full(size, NONE, dtype=np.int64)

        return cls(
            norm,
            b,
            config.calendar,
            choice,
            opts,
            applies,
            applies.copy(),
            b.matching(norm.satisfied_by),
            np.full(size, NA, dtype=np.int8),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            empty(),
            np.full(size, None, dtype=object),
            window_for(norm, config),
        )

    def due_dates_for(self, anchor: np.ndarray, choice: np.ndarray) -> np.ndarray:
        """Due dates for any rows (anchor and option choice per row)."""
        valid = np.ones(len(anchor), dtype=bool)
        return due_dates(anchor, choice, self.options, self.cal, valid)

    def due_from(self, anchor: np.ndarray, valid: np.ndarray, sign: int = 1) -> np.ndarray:
        return due_dates(anchor, self.choice, self.options, self.cal, valid, sign)

    def recurring(
        self,
        anchor: np.ndarray,
        valid: np.ndarray,
        after_key: np.ndarray | None,
        not_before: np.ndarray | None,
    ) -> None:
        """The current cycle of a recurring norm: after the last satisfying event (after
        `after_key`, on or after `not_before`), else from the anchor."""
        b, sats = self.facts, self.sats
        f = b.f
        ok = np.ones(len(sats), dtype=bool)
        m = f.mid[sats]
        if after_key is not None:
            ok &= b.key[sats] > after_key[m]
        if not_before is not None:
            ok &= f.date[sats] >= not_before[m]
        lastpos = last(sats[ok], f.mid, b.size)
        has = (lastpos != NONE) & valid
        prev = np.where(has, pick(f.date, lastpos), anchor)
        self.trigger[valid] = prev[valid]
        self.due[:] = self.due_from(prev, valid)
        self.last_met[has] = f.date[lastpos[has]]
        self.last_event[has] = f.eid[lastpos[has]]

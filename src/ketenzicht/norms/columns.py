"""The set-based executor: every norm's current result for many measures at once. It loads
with `loader`, builds the per-measure facts as arrays (`arrays.Facts`) and lets each norm's rule
kind fill in its column (`kinds.KINDS[trigger].column`); then the statuses and reasons every
kind shares, and `NormResult`s per measure on iteration. The one-measure twin is
`engine.evaluate_measure` with `kinds.KINDS[trigger].rule`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ketenzicht.reference.models import Organisation

from .arrays import NA, STATUSES, Facts, Work, status_of
from .catalogue import CATALOGUE, Norm, Recurrence, Trigger
from .config import NormConfig
from .kinds import KINDS
from .limits import EPOCH
from .loader import NONE, Frame, external_ids, frames
from .results import NormResult, Status
from .rules import REASON_ENDED, REASON_LAPSED, REASON_NOT_STARTED


def column(norm: Norm, b: Facts, config: NormConfig) -> Work:
    """One norm's results for all measures of the facts."""
    w = Work.start(norm, b, config)
    KINDS[norm.trigger].column(w)
    live, reason = w.live, w.reason
    if norm.trigger is not Trigger.EACH_EVENT:  # (each event sets its own statuses)
        before = None
        if norm.recurrence is Recurrence.ONCE:  # as rules.before_go_live
            ref = w.due if norm.trigger is Trigger.PLANNED_END else w.trigger
            before = (b.go_live != NONE) & (ref < b.go_live)
        st = status_of(w.due, w.met, b.ended, b.as_of, before)
        w.status[live] = st[live]
        ended_na = live & (st == NA)
        reason[ended_na] = np.where(b.lapsed[ended_na], REASON_LAPSED, REASON_ENDED)
    other_type = ~w.applies & b.started
    reason[other_type] = b.type_reason[other_type]
    reason[~b.started] = REASON_NOT_STARTED
    dead = ~live
    for values in (w.due, w.met, w.trigger, w.last_met, w.event, w.last_event):
        values[dead] = NONE
    return w


@dataclass
class Results:
    """Every norm's current result for the measures of one frame, as columns."""

    frame: Frame
    columns: list[Work]

    def counts(self) -> dict[str, dict[Status, int]]:
        out = {}
        for col in self.columns:
            values = np.bincount(col.status, minlength=len(STATUSES))
            out[col.norm.id] = {s: int(values[i]) for i, s in enumerate(STATUSES)}
        return out

    def __iter__(self) -> Iterator[list[NormResult]]:
        """Per measure its `NormResult`s, catalogue order (event ids looked up once)."""
        wanted = np.concatenate(
            [c.event for c in self.columns] + [c.last_event for c in self.columns]
        )
        wanted = np.unique(wanted)
        ids = external_ids(wanted[wanted != NONE].tolist())
        lists = []
        for col in self.columns:
            rules = [(variant, rule) for _, variant, rule in col.options]
            lists.append(
                (
                    col.norm.id,
                    col.status.tolist(),
                    _dates(col.due),
                    _dates(col.met),
                    col.event.tolist(),
                    _dates(col.trigger),
                    _dates(col.last_met),
                    col.last_event.tolist(),
                    col.choice.tolist(),
                    rules,
                    col.applies.tolist(),
                    col.reason.tolist(),
                )
            )
        for j, ext in enumerate(self.frame.ext):
            out = []
            for (
                norm_id,
                status,
                due,
                met,
                event,
                trigger,
                last_met,
                last_event,
                option,
                rules,
                applies,
                reason,
            ) in lists:
                variant, rule = rules[option[j]] if applies[j] else ("standaard", "")
                e, last = event[j], last_event[j]
                out.append(
                    NormResult(
                        ext,
                        norm_id,
                        STATUSES[status[j]],
                        due[j],
                        met[j],
                        ids[e] if e != NONE else None,
                        variant,
                        rule,
                        trigger[j],
                        last_met[j],
                        ids[last] if last != NONE else None,
                        reason[j] or "",
                    )
                )
            yield out


def _dates(values: np.ndarray) -> list[dt.date | None]:
    """Date ordinals (NONE: no date) to dates, in numpy: NaT becomes None."""
    days = (values.astype(np.int64) - EPOCH).astype("datetime64[D]")
    days[values == NONE] = np.datetime64("NaT")
    return days.tolist()


def evaluate(
    measures: Any, as_of: dt.date, config: NormConfig, norms: tuple[Norm, ...] = CATALOGUE
) -> Iterator[Results]:
    """All norms for the measures (None: all; a queryset; or primary keys), as of a date, per
    loaded piece of measures (in primary-key order)."""
    org_pk = dict(Organisation.objects.values_list("external_id", "pk"))
    for frame in frames(measures, as_of):
        facts = Facts(frame, as_of.toordinal(), org_pk, dict(config.go_live))
        yield Results(frame, [column(n, facts, config) for n in norms])

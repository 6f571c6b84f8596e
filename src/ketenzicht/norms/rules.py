"""What the rule kinds share: the Dutch reasons, the status of one instance, go-live, cycles of
a recurring norm and the repeated-or-ruis signal filter. The rule kinds themselves live in
`kinds/` (one module per trigger kind, its Python and set-based versions side by side)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from ketenzicht.timeline.domain.codes import MEASURE_TYPES
from ketenzicht.timeline.domain.state import add_months

from .calendar import Term, WorkingCalendar
from .catalogue import FLAGS, RUIS, Norm, Recurrence, Trigger
from .compact import BITS, D, Ev
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


# One rule kind's Python interpreter: (norm, context, term, calendar, window) -> (every instance,
# index of the current one or None, Dutch reason when there is none).
Rule = Callable[
    [Norm, Context, Term, WorkingCalendar, "Term | None"], tuple[list[Inst], "int | None", str]
]

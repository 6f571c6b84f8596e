"""What every norm needs from one measure's timeline, computed once (`Context`), and which term
and variant apply to a norm on it (`term_for`)."""

from __future__ import annotations

import datetime as dt

from ketenzicht.timeline.domain.state import lapsed

from .calendar import Term
from .catalogue import FLAGS, HP_DECIDED, VAST, Match, Norm
from .compact import BITS, DATE2, TEXT, TYPE, D, Ev
from .config import NormConfig

VAST_BIT = FLAGS.bit(VAST)
HP_BIT = FLAGS.bit(HP_DECIDED)

_STRUCTURE = frozenset(
    {
        "measure_started",
        "measure_extended",
        "worker_assigned",
        "worker_unassigned",
        "handover",
        "measure_ended",
        "handelingsperspectief_decided",
    }
)


class Context:
    """What every norm needs from one measure's timeline, computed once."""

    __slots__ = (
        "by_type",
        "start",
        "start_ev",
        "start_gi",
        "gi",
        "ended",
        "periods",
        "vast_now",
        "first_colour",
        "as_of",
        "measure_type",
        "birth",
        "planned_end",
        "lapsed",
        "hp_decision",
        "go_live",
    )

    def __init__(
        self, measure_type: str, events: list[Ev], as_of: int, birth: dt.date | None = None
    ):
        self.measure_type = measure_type
        self.as_of = as_of
        self.birth = birth
        by_type: dict[str, list[Ev]] = {}
        self.start_ev: Ev | None = None
        self.start_gi = self.gi = None
        self.ended: int | None = None
        self.planned_end: int | None = None
        self.hp_decision: bool | None = None
        periods: list[tuple[int, int | None]] = []
        vast = False
        period_start = 0
        for e in events:
            t = e[TYPE]
            lst = by_type.get(t)
            if lst is None:
                by_type[t] = [e]
            else:
                lst.append(e)
            if t == "contact" or t not in _STRUCTURE:
                continue
            if t == "measure_started":
                self.start_ev = e
                self.start_gi = self.gi = e[TEXT]
                self.planned_end = e[DATE2]
                vast, period_start = False, e[D]
            elif t == "measure_extended":
                self.planned_end = e[DATE2]
            elif t == "handelingsperspectief_decided":
                self.hp_decision = bool(e[BITS] & HP_BIT)
            elif t == "worker_assigned":
                if e[BITS] & VAST_BIT:
                    if not vast:
                        periods.append((period_start, e[D] - 1))
                        vast = True
                elif vast:
                    vast, period_start = False, e[D]
            elif t == "worker_unassigned" or t == "handover":
                if t == "handover":
                    self.gi = e[TEXT]
                if vast:
                    vast, period_start = False, e[D]
            elif t == "measure_ended":
                self.ended = e[D]
        # Lapsed: the ruling's end date has passed without an extension or an end event; the
        # measure counts as ended on that (last) day.
        self.lapsed = lapsed(self.ended, self.planned_end, as_of)
        if self.lapsed:
            self.ended = self.planned_end
        if not vast and self.start_ev is not None:
            periods.append((period_start, self.ended))
        self.periods = [p for p in periods if p[1] is None or p[1] >= p[0]]
        self.vast_now = vast
        self.by_type = by_type
        self.start = self.start_ev[D] if self.start_ev is not None else None
        estimates = by_type.get("safety_estimate")
        self.first_colour = estimates[0][TEXT] if estimates else None
        self.go_live: int | None = None

    def matching(self, matches: tuple[Match, ...]) -> list[Ev]:
        """The events matching any of `matches`, in timeline order."""
        # Keyed by the tuple's identity (hashing the matches costs more); the entry keeps the
        # tuple alive, so its id cannot be reused while the entry exists.
        hit = _SPECS.get(id(matches))
        if hit is None or hit[0] is not matches:
            hit = _SPECS[id(matches)] = (
                matches,
                tuple((m.event_type, FLAGS.bit(m)) for m in matches),
            )
        specs = hit[1]
        if len(specs) == 1:
            event_type, bit = specs[0]
            lst = self.by_type.get(event_type, ())
            return [e for e in lst if e[BITS] & bit] if bit else list(lst)
        out: list[Ev] = []
        for event_type, bit in specs:
            lst = self.by_type.get(event_type, ())
            out.extend(e for e in lst if e[BITS] & bit) if bit else out.extend(lst)
        out.sort()
        return out


# Per tuple of matches: (event type, flag bit or 0) of each.
_SPECS: dict[int, tuple[tuple[Match, ...], tuple[tuple[str, int], ...]]] = {}


def rule_text(norm: Norm, variant: str, label: str, term: Term) -> str:
    # Keyed by the term's identity (cheaper to hash than the term); the entry keeps the term
    # alive, so its id cannot be reused while the entry exists.
    key = (norm.id, variant, id(term))
    hit = _RULE_TEXTS.get(key)
    if hit is None or hit[0] is not term:
        hit = _RULE_TEXTS[key] = (term, f"{label}: {norm.rule_text(term)}")
    return hit[1]


_RULE_TEXTS: dict[tuple[str, str, int], tuple[Term, str]] = {}


def term_for(norm: Norm, ctx: Context, config: NormConfig) -> tuple[Term, str, str]:
    """The term, variant and Dutch rule that apply to the norm on this measure: the standard,
    the setting, the GI's own term, or a profile variant (the last that applies)."""
    if not norm.configurable and not norm.variants:
        return norm.term, "standaard", rule_text(norm, "standaard", "Standaard", norm.term)
    term, variant, label = norm.term, "standaard", "Standaard"
    if norm.configurable:
        own = config.organisation_terms.get((ctx.gi, norm.id))
        if own is not None:
            term, variant, label = own, f"organisatie:{ctx.gi}", f"Instelling van {ctx.gi}"
        elif norm.id in config.terms:
            term, variant, label = config.terms[norm.id], "instelling", "Instelling"
    for v in norm.variants:
        if (
            ctx.measure_type not in v.excluded_types
            and ctx.first_colour in v.colours
            and works_under_hp(ctx.hp_decision, ctx.start_gi, config)
        ):
            term, variant, label = v.term, v.id, v.label
    return term, variant, rule_text(norm, variant, label, term)


def works_under_hp(decision: bool | None, start_gi: str | None, config: NormConfig) -> bool:
    """The case's own decision (the last `handelingsperspectief_decided`) where present, else
    the setting of the GI at the start."""
    return decision if decision is not None else config.works_under_hp(start_gi)


def go_live_ordinal(ctx: Context, config: NormConfig) -> int | None:
    """The go-live date of the GI executing the measure on the as-of date."""
    day = config.go_live.get(ctx.gi) if ctx.gi is not None else None
    return day.toordinal() if day is not None else None


def window_for(norm: Norm, config: NormConfig) -> Term | None:
    return config.windows.get(norm.id, norm.window)

"""The chain norms (`norms.chain_catalogue`) judged on one trajectory, in plain Python.

`evaluate` reads a trajectory's folded state (`chain.domain.fold` or `as_of` the day) and
returns, per chain norm, the status the measure norms use (`norms.results.Status`: met on time,
met late, open, overdue, not applicable) with the due date, computed with the norms calendar
(Dutch working days and public holidays). No Django, no queries: the one fact that lives outside
the trajectory (the end of a VOTS, on the measure's timeline) is an argument.

A trajectory closed before a norm was satisfied: the norm is overdue when its term ended before
the closure, otherwise not applicable (nobody can satisfy it any more).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ketenzicht.norms.calendar import Term, Unit, WorkingCalendar, default_calendar
from ketenzicht.norms.chain_catalogue import CHAIN_CATALOGUE, CHAIN_NORMS, ChainKind, ChainNorm
from ketenzicht.norms.results import STATUS_LABELS, Status
from ketenzicht.timeline.domain import codes

from .domain import TrajectoryState
from .events import TRAJECTORY_EVENT_TYPES

# The catalogue names trajectory event types by code (the norms layer cannot import this one):
# a typo fails here, when the chain is imported.
for _norm in CHAIN_CATALOGUE:
    assert _norm.trigger in TRAJECTORY_EVENT_TYPES, _norm.id
    assert _norm.kind is ChainKind.VOTS_LIMIT or _norm.satisfied_by in TRAJECTORY_EVENT_TYPES

VT_NORM, ACCEPT_NORM = "keten-veilig-thuis", "keten-regie-acceptatie"
# The norms whose overdue status `domain.flags` also signals (same terms, `flag_terms`).
FLAGGED = frozenset({VT_NORM, ACCEPT_NORM})


@dataclass(frozen=True)
class ChainNormResult:
    norm: ChainNorm
    status: Status
    due_date: dt.date | None = None
    met_date: dt.date | None = None
    rule: str = ""  # Dutch: the rule (term) the result was computed under
    reason: str = ""  # Dutch: why not applicable, or why it ended

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def applies(self) -> bool:
        return self.status is not Status.NOT_APPLICABLE


def term_of(norm: ChainNorm, terms: Mapping[str, Term] | None = None) -> Term:
    """The norm's term: the installation's (`NORMS_TERMS`) where configurable, else its own."""
    if norm.configurable and terms and norm.id in terms:
        return terms[norm.id]
    return norm.term


def flag_terms(terms: Mapping[str, Term] | None = None) -> dict[str, int]:
    """The working-day terms `domain.flags` takes, from the same norms (one meaning)."""
    out = {}
    for name, norm_id in (("accept_term", ACCEPT_NORM), ("vt_term", VT_NORM)):
        term = term_of(CHAIN_NORMS[norm_id], terms)
        if term.unit is not Unit.WORKING_DAYS:
            raise ValueError(f"NORMS_TERMS['{norm_id}']: de termijn is in werkdagen (bijv. 5wd).")
        out[name] = term.n
    return out


def _judge(
    norm: ChainNorm,
    term: Term,
    start: dt.date,
    end: dt.date | None,
    state: TrajectoryState,
    day: dt.date,
    calendar: WorkingCalendar,
) -> ChainNormResult:
    due = term.after(start, calendar)
    rule = norm.rule_text(term)
    if end is not None and end <= day:
        status = Status.MET_ON_TIME if end <= due else Status.MET_LATE
        return ChainNormResult(norm, status, due, end, rule)
    closed = state.closed_on
    if closed is not None and closed <= day:
        reason = f"Traject gesloten op {closed:%d-%m-%Y}."
        status = Status.OVERDUE if closed > due else Status.NOT_APPLICABLE
        return ChainNormResult(norm, status, due, None, rule, reason)
    status = Status.OVERDUE if day > due else Status.OPEN
    return ChainNormResult(norm, status, due, None, rule)


def _not_applicable(norm: ChainNorm, reason: str) -> ChainNormResult:
    return ChainNormResult(norm, Status.NOT_APPLICABLE, rule=norm.rule_text(), reason=reason)


def evaluate_one(
    norm: ChainNorm,
    state: TrajectoryState,
    day: dt.date,
    calendar: WorkingCalendar,
    terms: Mapping[str, Term] | None = None,
    vots_ended_on: dt.date | None = None,
) -> ChainNormResult:
    term = term_of(norm, terms)
    if state.opened_on is None:
        return _not_applicable(norm, "Geen zorgmelding.")
    if norm.kind is ChainKind.MILESTONE:
        start = state.milestones.get(norm.trigger)
        if start is None:
            return _not_applicable(norm, f"Nog geen {norm.trigger_text}.")
        end = state.milestones.get(norm.satisfied_by)
        return _judge(norm, term, start, end, state, day, calendar)
    if norm.kind is ChainKind.VT_INVOLVED:
        if state.vt_since is None:
            return _not_applicable(norm, "Veilig Thuis is niet betrokken.")
        # Closing the trajectory ends Veilig Thuis's involvement that day.
        end = state.vt_until or state.closed_on
        return _judge(norm, term, state.vt_since, end, state, day, calendar)
    if norm.kind is ChainKind.VOTS_LIMIT:
        if state.closure != "uitspraak" or state.measure_type != codes.VOTS:
            return _not_applicable(norm, "Geen uitspraak met een VOTS.")
        ruling = state.milestones["ruling"]
        due = term.after(ruling, calendar)
        rule = norm.rule_text(term)
        if vots_ended_on is not None and vots_ended_on <= day:
            status = Status.MET_ON_TIME if vots_ended_on <= due else Status.MET_LATE
            return ChainNormResult(norm, status, due, vots_ended_on, rule)
        return ChainNormResult(norm, Status.OVERDUE if day > due else Status.OPEN, due, None, rule)
    # REGIE_OFFER: only the handover pending now.
    if state.offer is None or not state.is_open:
        return _not_applicable(norm, "Geen openstaande overdracht van de regie.")
    return _judge(norm, term, state.offer.offered_on, None, state, day, calendar)


def evaluate(
    state: TrajectoryState,
    day: dt.date,
    calendar: WorkingCalendar | None = None,
    terms: Mapping[str, Term] | None = None,
    vots_ended_on: dt.date | None = None,
) -> list[ChainNormResult]:
    """Every chain norm on a trajectory whose state is folded as of `day`.

    `terms`: the installation's configured terms (`NormConfig.terms`); `vots_ended_on`: the day
    the VOTS the ruling imposed ended or became an OTS (from the measure's timeline)."""
    cal = calendar or default_calendar()
    return [evaluate_one(n, state, day, cal, terms, vots_ended_on) for n in CHAIN_CATALOGUE]


def overdue(results: list[ChainNormResult]) -> list[ChainNormResult]:
    return [r for r in results if r.status is Status.OVERDUE]

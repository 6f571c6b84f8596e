"""The meaning of a trajectory (traject): the chain before a measure, in plain Python.

`fold` reads a trajectory's events (cleaned payloads, see `chain.events`) in order and returns
its state: the link it has reached, who holds regie on the child's safety, a handover waiting
for acceptance, and how it ended (a ruling that starts a measure, or the voluntary framework).
It refuses what contradicts the trajectory, naming the event and the field in Dutch. Every
writer (screen, import, API, demo) goes through it (docs/decisions/0012-trajectories.md).

`flags` gives the regie signals of the Amersfoort audit's 'overbruggingsperiode' (003:1271-1277):
no regiehouder, or a handover the receiver has not accepted within a term. `lead_times` and
`waiting_at` give the lead times per link that the dashboards aggregate.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ketenzicht.norms.chain_catalogue import CHAIN_NORMS

from .events import SAME_DAY_ORDER, TRAJECTORY_EVENT_TYPES

# The links of the chain, in order: (code, Dutch label, event that starts it, event that ends it).
# "zorg_contact" runs from the concern to the youth protector's first contact on the measure's
# timeline; it is a lead time only (nobody 'waits at' it separately).
LINKS: tuple[tuple[str, str, str, str], ...] = (
    ("zorg_jbt", "Zorgmelding tot Jeugdbeschermingstafel", "concern_registered", "jbt_held"),
    ("jbt_verzoek", "Jeugdbeschermingstafel tot verzoek", "jbt_held", "investigation_requested"),
    (
        "verzoek_start",
        "Verzoek tot start raadsonderzoek",
        "investigation_requested",
        "investigation_started",
    ),
    ("onderzoek", "Raadsonderzoek", "investigation_started", "investigation_finished"),
    (
        "advies_verzoekschrift",
        "Advies tot verzoekschrift",
        "investigation_finished",
        "petition_filed",
    ),
    ("verzoekschrift_uitspraak", "Verzoekschrift tot uitspraak", "petition_filed", "ruling"),
)
FIRST_CONTACT_LINK = ("zorg_contact", "Zorgmelding tot eerste contact jeugdbeschermer")
LINK_LABELS: dict[str, str] = {code: label for code, label, _s, _e in LINKS} | dict(
    [FIRST_CONTACT_LINK]
)
WAITING_LINKS = tuple(code for code, *_rest in LINKS)

# The flags' terms in working days are the chain norms' defaults (`norms.chain_catalogue`);
# an installation's configured terms come through `chain.norms.flag_terms`.
DEFAULT_ACCEPT_TERM_WORKING_DAYS = CHAIN_NORMS["keten-regie-acceptatie"].term.n
DEFAULT_VT_TERM_WORKING_DAYS = CHAIN_NORMS["keten-veilig-thuis"].term.n


class TrajectoryError(ValueError):
    """A trajectory event that contradicts the trajectory. `field` names the field."""

    def __init__(self, event_id: str, field_name: str, message: str):
        super().__init__(f"event {event_id}: {message}")
        self.event_id = event_id
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class TrajectoryEvent:
    external_id: str
    event_type: str
    date: dt.date
    data: dict[str, Any]
    seq: int = 0


@dataclass(frozen=True)
class Regie:
    organisation: str | None = None
    worker: str | None = None
    since: dt.date | None = None


@dataclass(frozen=True)
class Offer:
    organisation: str
    worker: str | None
    offered_on: dt.date
    event_id: str


@dataclass(frozen=True)
class TrajectoryState:
    opened_on: dt.date | None = None
    municipality: str | None = None
    reported_by: str | None = None
    regie: Regie = field(default_factory=Regie)
    offer: Offer | None = None
    # The first date of each milestone event ("concern_registered" ... "ruling").
    milestones: dict[str, dt.date] = field(default_factory=dict)
    last_jbt_outcome: str | None = None
    # The Raad's advice at the end of its investigation ("ots", "gezag", "geen_maatregel").
    advice: str | None = None
    vt_since: dt.date | None = None
    vt_until: dt.date | None = None
    closed_on: dt.date | None = None
    closure: str | None = None  # "uitspraak" | "afgewezen" | "vrijwillig"
    measure: str | None = None
    measure_type: str | None = None
    regie_lost_on: dt.date | None = None
    # The Raad voor de Kinderbescherming the investigation request is addressed to.
    rvdk: str | None = None

    @property
    def is_open(self) -> bool:
        return self.opened_on is not None and self.closed_on is None

    @property
    def link(self) -> str | None:
        """The link the trajectory is at now: the last milestone reached names it."""
        if not self.is_open:
            return None
        current = None
        for code, _label, start, _end in LINKS:
            if start in self.milestones:
                current = code
        return current

    def next_step(self) -> str:
        """The next step in Dutch, for the worklists."""
        if not self.is_open:
            return "Geen (traject gesloten)"
        end = next(e for code, _label, _s, e in LINKS if code == self.link)
        if self.link == "jbt_verzoek" and self.last_jbt_outcome != "raadsonderzoek":
            return "Vrijwillig kader: traject sluiten of opnieuw bespreken"
        if self.waits_for_no_petition:
            return "Advies geen maatregel: traject sluiten (vrijwillig kader)"
        return TRAJECTORY_EVENT_TYPES[end].label

    @property
    def waits_for_no_petition(self) -> bool:
        """After the Raad advised no measure no petition follows: the trajectory waits at no
        link (and will not become a measure) until it is closed."""
        return self.link == "advies_verzoekschrift" and self.advice == "geen_maatregel"


Handler = Callable[["TrajectoryState", TrajectoryEvent], "TrajectoryState"]


def order_key(e: TrajectoryEvent) -> tuple[dt.date, int, int]:
    return (e.date, SAME_DAY_ORDER.get(e.event_type, 5), e.seq)


def fold(
    events: Iterable[TrajectoryEvent],
    worker_organisation: Callable[[str], str | None] | None = None,
) -> TrajectoryState:
    """The state of a trajectory after its events, or TrajectoryError on a contradiction.

    With `worker_organisation` (worker id -> organisation id) a regiehouder named as a person
    must work at the organisation that holds (or is offered) regie."""
    state = TrajectoryState()
    for e in sorted(events, key=order_key):
        if worker_organisation is not None:
            _check_worker(state, e, worker_organisation)
        state = _apply(state, e)
    return state


def _check_worker(
    s: TrajectoryState, e: TrajectoryEvent, worker_organisation: Callable[[str], str | None]
) -> None:
    pairs = {
        "concern_registered": ("regie_worker", e.data.get("regie_organisation")),
        "regie_offered": ("to_worker", e.data.get("to_organisation")),
        "regie_accepted": ("worker", s.offer.organisation if s.offer else None),
    }
    name, org = pairs.get(e.event_type, (None, None))
    worker = e.data.get(name) if name else None
    if worker is not None and org is not None and worker_organisation(worker) != org:
        raise _refuse(e, f"data.{name}", f"medewerker '{worker}' werkt niet bij '{org}'.")


def _refuse(e: TrajectoryEvent, name: str, message: str) -> TrajectoryError:
    label = TRAJECTORY_EVENT_TYPES[e.event_type].label
    return TrajectoryError(e.external_id, name, f"{label} ({e.date:%d-%m-%Y}): {message}")


def _apply(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    t, d = e.event_type, e.data
    if s.opened_on is None and t != "concern_registered":
        raise _refuse(e, "type", "een traject begint met een zorgmelding.")
    if t == "concern_registered":
        if s.opened_on is not None:
            raise _refuse(e, "type", "dit traject heeft al een zorgmelding.")
        org = d.get("regie_organisation")
        regie = Regie(org, d.get("regie_worker"), e.date if org else None)
        return replace(
            s,
            opened_on=e.date,
            municipality=d["municipality"],
            reported_by=d["reported_by"],
            regie=regie,
            milestones={t: e.date},
            regie_lost_on=None if org else e.date,
        )
    if s.closed_on is not None:
        raise _refuse(e, "date", f"het traject is op {s.closed_on:%d-%m-%Y} gesloten.")
    handler = _HANDLERS.get(t)
    s = handler(s, e) if handler else s
    if t in s.milestones:
        return s
    return replace(s, milestones={**s.milestones, t: e.date})


def _needs(s: TrajectoryState, e: TrajectoryEvent, before: str) -> None:
    if before not in s.milestones:
        wanted = TRAJECTORY_EVENT_TYPES[before].label.lower()
        raise _refuse(e, "type", f"eerst moet '{wanted}' op het traject staan.")


def _vt_involved(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    if s.vt_since is not None and s.vt_until is None:
        raise _refuse(e, "type", "Veilig Thuis is al betrokken.")
    return replace(s, vt_since=e.date, vt_until=None)


def _vt_handed_over(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    if s.vt_since is None or s.vt_until is not None:
        raise _refuse(e, "type", "Veilig Thuis is niet betrokken.")
    return replace(s, vt_until=e.date)


def _jbt(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    return replace(s, last_jbt_outcome=e.data["outcome"])


def _once(message: str, before: str | None = None) -> Handler:
    def handler(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
        if before is not None:
            _needs(s, e, before)
        if e.event_type in s.milestones:
            raise _refuse(e, "type", message)
        return s

    return handler


def _requested(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    s = _once("er is al een verzoek tot onderzoek.")(s, e)
    return replace(s, rvdk=e.data["rvdk"])


def _finished(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    s = _once("het raadsonderzoek is al afgerond.", "investigation_started")(s, e)
    return replace(s, advice=e.data["advice"])


def _hearing(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    _needs(s, e, "petition_filed")
    return s


def _ruling(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    granted = e.data["outcome"] == "maatregel"
    return replace(
        s,
        closed_on=e.date,
        closure="uitspraak" if granted else "afgewezen",
        measure=e.data.get("measure"),
        measure_type=e.data.get("measure_type"),
        offer=None,
    )


def _closed(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    return replace(s, closed_on=e.date, closure="vrijwillig", offer=None)


def _offered(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    if s.offer is not None:
        raise _refuse(
            e,
            "type",
            f"er wacht al een overdracht van de regie (sinds {s.offer.offered_on:%d-%m-%Y}).",
        )
    to_org, to_worker = e.data["to_organisation"], e.data.get("to_worker")
    if s.regie.organisation == to_org and s.regie.worker == to_worker:
        raise _refuse(e, "data.to_organisation", "dit is de huidige regiehouder.")
    return replace(s, offer=Offer(to_org, to_worker, e.date, e.external_id))


def _accepted(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    if s.offer is None:
        raise _refuse(e, "type", "er wacht geen overdracht van de regie.")
    regie = Regie(s.offer.organisation, e.data["worker"], e.date)
    return replace(s, regie=regie, offer=None, regie_lost_on=None)


def _declined(s: TrajectoryState, e: TrajectoryEvent) -> TrajectoryState:
    if s.offer is None:
        raise _refuse(e, "type", "er wacht geen overdracht van de regie.")
    return replace(s, offer=None)


_HANDLERS: dict[str, Handler] = {
    "vt_involved": _vt_involved,
    "vt_handed_over": _vt_handed_over,
    "jbt_held": _jbt,
    "investigation_requested": _requested,
    "investigation_started": _once("het raadsonderzoek is al gestart.", "investigation_requested"),
    "investigation_finished": _finished,
    "petition_filed": _once("er is al een verzoekschrift ingediend."),
    "hearing_held": _hearing,
    "ruling": _ruling,
    "closed_voluntary": _closed,
    "regie_offered": _offered,
    "regie_accepted": _accepted,
    "regie_declined": _declined,
}


def as_of(events: Sequence[TrajectoryEvent], day: dt.date) -> TrajectoryState:
    """The state on `day`: the events dated up to and including that day."""
    return fold(e for e in events if e.date <= day)


# --- regie flags -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    code: str  # "geen_regiehouder" | "overdracht_niet_geaccepteerd" | "veilig_thuis_termijn"
    since: dt.date
    message: str


def flags(
    state: TrajectoryState,
    day: dt.date,
    add_working_days: Callable[[dt.date, int], dt.date],
    accept_term: int = DEFAULT_ACCEPT_TERM_WORKING_DAYS,
    vt_term: int = DEFAULT_VT_TERM_WORKING_DAYS,
) -> list[Flag]:
    """The regie signals of an open trajectory on `day` (a state folded as of that day).

    - geen_regiehouder: nobody holds regie on the child's safety;
    - overdracht_niet_geaccepteerd: a handover not accepted within `accept_term` working days
      (flagged from the first day after the term);
    - veilig_thuis_termijn: Veilig Thuis involved longer than `vt_term` working days (003:795).
    """
    if not state.is_open:
        return []
    out: list[Flag] = []
    if state.regie.organisation is None:
        since = state.regie_lost_on or state.opened_on
        assert since is not None
        out.append(Flag("geen_regiehouder", since, "Niemand heeft de regie op de veiligheid."))
    if state.offer is not None:
        due = add_working_days(state.offer.offered_on, accept_term)
        if day > due:
            out.append(
                Flag(
                    "overdracht_niet_geaccepteerd",
                    due + dt.timedelta(days=1),
                    f"De overdracht van de regie van {state.offer.offered_on:%d-%m-%Y} is niet "
                    f"binnen {accept_term} werkdagen geaccepteerd.",
                )
            )
    if state.vt_since is not None and state.vt_until is None:
        due = add_working_days(state.vt_since, vt_term)
        if day > due:
            out.append(
                Flag(
                    "veilig_thuis_termijn",
                    due + dt.timedelta(days=1),
                    f"Veilig Thuis is langer dan {vt_term} werkdagen betrokken.",
                )
            )
    return out


# --- lead times --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadTime:
    link: str
    ended_on: dt.date
    days: int


def lead_times(state: TrajectoryState, first_contact: dt.date | None = None) -> list[LeadTime]:
    """The completed links of a trajectory, in calendar days (first start to first end).

    `first_contact` is the date of the youth protector's first contact on the measure the
    ruling started (from the measure's timeline), for the link "zorg_contact"."""
    m = state.milestones
    out = [
        LeadTime(code, m[end], (m[end] - m[start]).days)
        for code, _label, start, end in LINKS
        if start in m and end in m and m[end] >= m[start]
    ]
    opened = state.opened_on
    if first_contact is not None and opened is not None and state.closure == "uitspraak":
        out.append(LeadTime(FIRST_CONTACT_LINK[0], first_contact, (first_contact - opened).days))
    return out


@dataclass(frozen=True)
class Waiting:
    link: str
    since: dt.date
    days: int


def waiting_at(state: TrajectoryState, day: dt.date) -> Waiting | None:
    """Where an open trajectory waits on `day`: its current link and for how long (days since
    the milestone that started it). After a table whose last outcome was not 'raadsonderzoek',
    or the Raad's advice of no measure, the trajectory is in the voluntary framework and waits
    at no link."""
    link = state.link
    if link is None or state.waits_for_no_petition:
        return None
    if link == "jbt_verzoek" and state.last_jbt_outcome != "raadsonderzoek":
        return None
    start = next(s for code, _label, s, _e in LINKS if code == link)
    since = state.milestones[start]
    return Waiting(link, since, (day - since).days)


def median(values: Sequence[int]) -> float:
    v = sorted(values)
    n = len(v)
    if n == 0:
        raise ValueError("median of nothing")
    mid = n // 2
    return float(v[mid]) if n % 2 else (v[mid - 1] + v[mid]) / 2


def percentile_80(values: Sequence[int]) -> int:
    """The 80th percentile by nearest rank: the smallest value with at least 80% at or below."""
    v = sorted(values)
    if not v:
        raise ValueError("percentile of nothing")
    return v[math.ceil(0.8 * len(v)) - 1]

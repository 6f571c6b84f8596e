"""The state of a measure, folded from its events, and the rules that keep a timeline coherent.

`fold()` is the only place where the meaning of a timeline is decided: the importer, the web
services and the demo generator all call it before anything is stored, and the measure's
denormalised columns (start, planned end, GI, current worker...) are its output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import codes
from .events import EVENT_TYPES, SAME_DAY_ORDER


@dataclass(frozen=True)
class EventRecord:
    id: str
    type: str
    date: dt.date
    data: dict[str, Any]  # cleaned payload (dates parsed)
    seq: int  # registration order within the measure

    @property
    def sort_key(self) -> tuple[dt.date, int, int]:
        return (self.date, SAME_DAY_ORDER.get(self.type, 5), self.seq)


@dataclass(frozen=True)
class MeasureFacts:
    """What a measure is, apart from its events."""

    id: str
    measure_type: str
    birth_date: dt.date


class References(Protocol):
    """Lookups into the reference data the timeline points at (database or import file)."""

    def organisation_type(self, ext_id: str) -> str | None: ...
    def team_organisation(self, ext_id: str) -> str | None: ...
    def worker(self, ext_id: str) -> tuple[str, str | None] | None:
        """(organisation id, team id or None) of a worker, or None when unknown."""
        ...

    def municipality_exists(self, code: str) -> bool: ...


class TimelineError(ValueError):
    """An event that does not fit its timeline. Names the event and the field."""

    def __init__(self, event_id: str, field: str, message: str):
        super().__init__(f"event {event_id}, veld {field}: {message}")
        self.event_id = event_id
        self.field = field
        self.message = message


@dataclass
class MeasureState:
    start_date: dt.date | None = None
    ruling_date: dt.date | None = None
    planned_end: dt.date | None = None
    ended_on: dt.date | None = None
    end_reason: str | None = None
    gi: str | None = None
    team: str | None = None
    assignment: str = "niemand"  # vast | doorstroomteam | niemand
    worker: str | None = None
    assignment_since: dt.date | None = None
    extensions: int = 0
    superseded: set[str] = field(default_factory=set)
    seen: dict[str, EventRecord] = field(default_factory=dict)
    open_help: set[str] = field(default_factory=set)
    answered: set[str] = field(default_factory=set)
    # (event type, help request id) of the things a help request gets once (ONCE_PER_REQUEST)
    per_request: set[tuple[str, str]] = field(default_factory=set)
    escalation_rung: str | None = None  # current AVE rung, None when not escalated
    ruis_flags: tuple[str, ...] = ()
    last_date: dt.date | None = None

    def as_of_end(self) -> dt.date | None:
        """The last day of the measure: actual end, else the ruling's end date."""
        return self.ended_on or self.planned_end


def lapsed(ended_on: dt.date | None, planned_end: dt.date | None, day: dt.date) -> bool:
    """A running measure has lapsed by law on `day` when the ruling's end date (with its
    extensions) has passed with no end event (issue 12). The one statement of the rule: the norm
    engine, the measure rows and the reports all ask it."""
    return ended_on is None and planned_end is not None and planned_end < day


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar month arithmetic, clamped to the end of the month (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def fold(
    facts: MeasureFacts,
    events: Iterable[EventRecord],
    refs: References,
    today: dt.date,
) -> MeasureState:
    """Fold events into the measure's state, refusing anything that contradicts the timeline."""
    events = list(events)
    by_id: dict[str, EventRecord] = {}
    for e in events:
        if e.id in by_id:
            raise TimelineError(
                e.id, "id", f"het event-id '{e.id}' komt al voor bij deze maatregel."
            )
        by_id[e.id] = e
    for e in events:  # corrected or not, nothing on a timeline lies in the future
        if e.date > today:
            raise TimelineError(e.id, "date", f"de datum {e.date:%d-%m-%Y} ligt in de toekomst.")
    state = MeasureState()
    _collect_corrections(events, by_id, state)

    live = sorted((e for e in events if e.id not in state.superseded), key=lambda e: e.sort_key)
    starts = [e for e in live if e.type == "measure_started"]
    if not starts:
        first = live[0] if live else events[0]
        raise TimelineError(
            first.id,
            "type",
            "de tijdlijn van een maatregel begint met het event 'Maatregel gestart' (uitspraak).",
        )
    if len(starts) > 1:
        raise TimelineError(
            starts[1].id,
            "type",
            "deze maatregel is al gestart; een maatregel "
            "heeft één start. Registreer een nieuwe maatregel.",
        )
    start = starts[0]
    for e in live:
        if e is not start and e.date < start.date:
            raise TimelineError(
                e.id,
                "date",
                f"de datum {e.date:%d-%m-%Y} ligt vóór de start van de maatregel "
                f"({start.date:%d-%m-%Y}).",
            )
        if state.ended_on is not None and e.type != "correction":
            if e.type == "measure_ended":
                raise TimelineError(e.id, "type", "de maatregel is al beëindigd.")
            raise TimelineError(
                e.id,
                "date",
                f"de datum {e.date:%d-%m-%Y} ligt na het einde van de maatregel "
                f"({state.ended_on:%d-%m-%Y}).",
            )
        if (
            state.planned_end is not None
            and e.date > state.planned_end
            and e.type not in ("correction",)
        ):
            raise TimelineError(
                e.id,
                "date",
                f"de datum {e.date:%d-%m-%Y} ligt na de einddatum volgens de uitspraak "
                f"({state.planned_end:%d-%m-%Y}); registreer eerst een verlenging of het einde.",
            )
        _apply(facts, e, state, refs, today)
        state.seen[e.id] = e
        state.last_date = e.date
    return state


def _collect_corrections(
    events: list[EventRecord], by_id: dict[str, EventRecord], state: MeasureState
) -> None:
    for e in events:
        if e.type != "correction":
            continue
        target_id = e.data["corrects"]
        target = by_id.get(target_id)
        if target is None or target.seq > e.seq:
            raise TimelineError(
                e.id,
                "data.corrects",
                f"data.corrects: event '{target_id}' bestaat niet (eerder) bij deze maatregel.",
            )
        if target.type in ("measure_started", "correction"):
            label = EVENT_TYPES[target.type].label
            raise TimelineError(
                e.id,
                "data.corrects",
                f"data.corrects: een event '{label}' kan niet gecorrigeerd worden"
                + (
                    " (registreer de maatregel opnieuw)."
                    if target.type == "measure_started"
                    else "."
                ),
            )
        if target_id in state.superseded:
            raise TimelineError(
                e.id, "data.corrects", f"data.corrects: event '{target_id}' is al gecorrigeerd."
            )
        if e.date < target.date:
            raise TimelineError(
                e.id,
                "date",
                "een correctie kan niet gedateerd zijn vóór het event dat zij "
                f"corrigeert ({target.date:%d-%m-%Y}).",
            )
        state.superseded.add(target_id)


# What a help request gets at most once while it is live (a correction withdraws it): the rules
# the waiting screens keep, kept here so that an import or the API refuses what a screen refuses.
ONCE_PER_REQUEST = {
    "help_priority": "voorrang is al vastgelegd",
    "expert_table_registered": "is al aangemeld bij de experttafel",
    "municipality_consultation": "over deze aanvraag is al overlegd met de gemeente",
}


def _once_per_request(e: EventRecord, s: MeasureState) -> None:
    rule = ONCE_PER_REQUEST.get(e.type)
    if rule is None:
        return
    key = (e.type, e.data["request"])
    if key in s.per_request:
        raise TimelineError(e.id, "data.request", f"data.request: hulpaanvraag '{key[1]}': {rule}.")
    s.per_request.add(key)


def _ref_event(
    e: EventRecord, name: str, state: MeasureState, types: tuple[str, ...]
) -> EventRecord:
    ref = e.data[name]
    target = state.seen.get(ref)
    if target is None:
        why = (
            "is gecorrigeerd"
            if ref in state.superseded
            else "bestaat niet eerder bij deze maatregel"
        )
        raise TimelineError(e.id, f"data.{name}", f"data.{name}: event '{ref}' {why}.")
    if target.type not in types:
        wanted = " of ".join(f"'{EVENT_TYPES[t].label}'" for t in types)
        raise TimelineError(e.id, f"data.{name}", f"data.{name}: event '{ref}' is geen {wanted}.")
    return target


def _check_org(e: EventRecord, name: str, refs: References, wanted: str | None) -> None:
    ref = e.data.get(name)
    if ref is None:
        return
    org_type = refs.organisation_type(ref)
    if org_type is None:
        raise TimelineError(e.id, f"data.{name}", f"data.{name}: organisatie '{ref}' is onbekend.")
    if wanted and org_type != wanted:
        raise TimelineError(
            e.id,
            f"data.{name}",
            f"data.{name}: organisatie '{ref}' is geen {codes.ORGANISATION_TYPES[wanted]}.",
        )


def _check_team(e: EventRecord, name: str, refs: References, gi: str | None) -> None:
    ref = e.data.get(name)
    if ref is None:
        return
    owner = refs.team_organisation(ref)
    if owner is None:
        raise TimelineError(e.id, f"data.{name}", f"data.{name}: team '{ref}' is onbekend.")
    if owner != gi:
        raise TimelineError(
            e.id, f"data.{name}", f"data.{name}: team '{ref}' hoort niet bij GI '{gi}'."
        )


def _check_municipality(e: EventRecord, name: str, refs: References) -> None:
    ref = e.data.get(name)
    if ref is not None and not refs.municipality_exists(ref):
        raise TimelineError(e.id, f"data.{name}", f"data.{name}: gemeentecode '{ref}' is onbekend.")


def _apply(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    d = e.data
    t = e.type
    if t == "measure_started":
        if d["ruling_date"] > e.date:
            raise TimelineError(
                e.id,
                "data.ruling_date",
                "data.ruling_date: de uitspraak ligt na de startdatum van de maatregel.",
            )
        if e.date < facts.birth_date:
            raise TimelineError(e.id, "date", "de maatregel start vóór de geboortedatum.")
        family = codes.measure_family(facts.measure_type)
        max_age = codes.MAX_AGE_AT_START[family]
        if age_on(facts.birth_date, e.date) >= max_age:
            raise TimelineError(
                e.id,
                "date",
                f"de jeugdige is bij de start {age_on(facts.birth_date, e.date)} jaar; een "
                f"{codes.MEASURE_TYPES[facts.measure_type][1]} kan tot {max_age} jaar.",
            )
        end = d.get("end_date")
        if end is not None:
            if end <= e.date:
                raise TimelineError(
                    e.id, "data.end_date", "data.end_date: de einddatum ligt niet na de startdatum."
                )
            _check_term(e, "data.end_date", e.date, end, facts.measure_type)
        _check_org(e, "gi", refs, "gi")
        _check_org(e, "court", refs, "rechtbank")
        _check_team(e, "team", refs, d["gi"])
        s.start_date, s.ruling_date, s.planned_end = e.date, d["ruling_date"], end
        s.gi, s.team = d["gi"], d.get("team")
    elif t == "measure_extended":
        if s.planned_end is None:
            raise TimelineError(
                e.id, "type", "deze maatregel heeft geen einddatum om te verlengen."
            )
        if d["new_end_date"] <= s.planned_end:
            raise TimelineError(
                e.id,
                "data.new_end_date",
                f"data.new_end_date: de nieuwe einddatum ligt niet na de huidige einddatum "
                f"({s.planned_end:%d-%m-%Y}).",
            )
        _check_term(e, "data.new_end_date", s.planned_end, d["new_end_date"], facts.measure_type)
        s.planned_end = d["new_end_date"]
        s.extensions += 1
    elif t == "extension_requested":
        if s.planned_end is None:
            raise TimelineError(
                e.id, "type", "deze maatregel heeft geen einddatum om verlenging voor te verzoeken."
            )
        requested = d.get("requested_end_date")
        if requested is not None:
            if requested <= s.planned_end:
                raise TimelineError(
                    e.id,
                    "data.requested_end_date",
                    "data.requested_end_date: de verzochte einddatum ligt niet na de huidige "
                    f"einddatum ({s.planned_end:%d-%m-%Y}).",
                )
            _check_term(e, "data.requested_end_date", s.planned_end, requested, facts.measure_type)
        _check_org(e, "court", refs, "rechtbank")
    elif t == "measure_ended":
        allowed = codes.END_REASONS_BY_TYPE[facts.measure_type]
        if d["reason"] not in allowed:
            short = codes.MEASURE_TYPES[facts.measure_type][1]
            raise TimelineError(
                e.id,
                "data.reason",
                f"data.reason: reden {d['reason']} ({codes.END_REASONS[d['reason']]}) past niet "
                f"bij een {short} (toegestaan: {', '.join(allowed)}).",
            )
        s.ended_on, s.end_reason = e.date, d["reason"]
    elif t == "handover":
        _check_org(e, "to_gi", refs, "gi")
        if d["to_gi"] == s.gi:
            raise TimelineError(e.id, "data.to_gi", "data.to_gi: de maatregel ligt al bij deze GI.")
        _check_team(e, "to_team", refs, d["to_gi"])
        if d["received_on"] < e.date:
            raise TimelineError(
                e.id,
                "data.received_on",
                "data.received_on: de datum ontvangen ligt vóór de datum van overdragen.",
            )
        if d["received_on"] > today:
            raise TimelineError(
                e.id,
                "data.received_on",
                "data.received_on: de datum ontvangen ligt in de toekomst.",
            )
        s.gi, s.team = d["to_gi"], d.get("to_team")
        s.assignment, s.worker, s.assignment_since = "niemand", None, e.date
    elif t == "worker_assigned":
        _check_team(e, "team", refs, s.gi)
        if d["assignment"] == "vast":
            worker = refs.worker(d["worker"])
            if worker is None:
                raise TimelineError(
                    e.id, "data.worker", f"data.worker: medewerker '{d['worker']}' is onbekend."
                )
            if worker[0] != s.gi:
                raise TimelineError(
                    e.id,
                    "data.worker",
                    f"data.worker: medewerker '{d['worker']}' werkt niet bij de GI die de "
                    f"maatregel uitvoert ('{s.gi}').",
                )
            if s.assignment == "vast" and s.worker == d["worker"]:
                raise TimelineError(
                    e.id,
                    "data.worker",
                    f"data.worker: '{d['worker']}' is al de vaste jeugdzorgwerker.",
                )
            s.worker = d["worker"]
            s.team = d.get("team") or worker[1] or s.team
        else:
            s.worker = None
            s.team = d["team"]
        s.assignment, s.assignment_since = d["assignment"], e.date
    elif t == "worker_unassigned":
        if s.assignment == "niemand":
            raise TimelineError(e.id, "type", "er is op die datum niemand toegewezen.")
        s.assignment, s.worker, s.assignment_since = "niemand", None, e.date
    elif t == "help_requested":
        _check_org(e, "provider", refs, "jeugdhulpaanbieder")
    elif t in ("help_intake", "help_priority"):
        _ref_event(e, "request", s, ("help_requested",))
        _check_org(e, "provider", refs, "jeugdhulpaanbieder")
        _once_per_request(e, s)
    elif t == "expert_table_registered":
        if "request" in d:
            _ref_event(e, "request", s, ("help_requested",))
            _once_per_request(e, s)
        if "meeting_date" in d and d["meeting_date"] < e.date:
            raise TimelineError(
                e.id,
                "data.meeting_date",
                "data.meeting_date: de bespreking ligt vóór de aanmelding.",
            )
    elif t == "expert_table_decision":
        _ref_event(e, "registration", s, ("expert_table_registered",))
        _check_org(e, "provider", refs, "jeugdhulpaanbieder")
    elif t == "ruis_flags_set":
        s.ruis_flags = tuple(d.get("flags", ()))
    elif t == "escalated":
        if s.escalation_rung == d["rung"]:
            raise TimelineError(
                e.id, "data.rung", f"data.rung: de casus staat al op trede '{d['rung']}'."
            )
        s.escalation_rung = d["rung"]
    elif t == "deescalated":
        if s.escalation_rung is None:
            raise TimelineError(e.id, "type", "de casus is op die datum niet opgeschaald.")
        s.escalation_rung = d.get("rung")
    elif t == "help_started":
        _check_org(e, "provider", refs, "jeugdhulpaanbieder")
        if "request" in d:
            _ref_event(e, "request", s, ("help_requested",))
        s.open_help.add(e.id)
    elif t == "help_ended":
        target = _ref_event(e, "help", s, ("help_started",))
        if target.id not in s.open_help:
            raise TimelineError(
                e.id, "data.help", f"data.help: hulp '{target.id}' is al beëindigd."
            )
        s.open_help.discard(target.id)
    elif t == "municipality_consultation":
        _check_municipality(e, "municipality", refs)
        if "request" in d:
            _ref_event(e, "request", s, ("help_requested",))
            _once_per_request(e, s)
    elif t == "municipality_consultation_answer":
        target = _ref_event(e, "consultation", s, ("municipality_consultation",))
        if target.id in s.answered:
            raise TimelineError(
                e.id,
                "data.consultation",
                f"data.consultation: overleg '{target.id}' is al beantwoord.",
            )
        s.answered.add(target.id)
    elif t in ("safety_assessment", "case_discussion"):
        if "signal" in d:
            _ref_event(e, "signal", s, ("unsafety_signal",))
    elif t == "unsafety_signal":
        if "received_by" in d and refs.worker(d["received_by"]) is None:
            raise TimelineError(
                e.id,
                "data.received_by",
                f"data.received_by: medewerker '{d['received_by']}' is onbekend.",
            )
    elif t in ("placement_changed", "residence_changed"):
        _check_municipality(e, "stay_municipality", refs)
        _check_municipality(e, "responsible_municipality", refs)


def _check_term(e: EventRecord, name: str, start: dt.date, end: dt.date, measure_type: str) -> None:
    months = codes.MAX_TERM_MONTHS.get(measure_type)
    if months is not None and end > add_months(start, months):
        raise TimelineError(
            e.id,
            name,
            f"{name}: een {codes.MEASURE_TYPES[measure_type][1]} wordt voor ten hoogste "
            f"{months} maanden tegelijk uitgesproken "
            f"(uiterlijk {add_months(start, months):%d-%m-%Y}).",
        )


@dataclass
class YouthPlace:
    responsible_municipality: str
    stay_municipality: str
    placement_type: str


def current_place(initial: YouthPlace, events: Iterable[EventRecord]) -> YouthPlace:
    """The youth's current municipalities and placement from the registration values and the
    placement/residence events of all the youth's measures (corrected events excluded)."""
    place = YouthPlace(**vars(initial))
    for e in sorted(events, key=lambda e: (e.date, e.seq)):
        if e.type == "placement_changed":
            place.placement_type = e.data["placement_type"]
            place.stay_municipality = e.data.get("stay_municipality", place.stay_municipality)
        elif e.type == "residence_changed":
            place.responsible_municipality = e.data.get(
                "responsible_municipality", place.responsible_municipality
            )
            place.stay_municipality = e.data.get("stay_municipality", place.stay_municipality)
    return place

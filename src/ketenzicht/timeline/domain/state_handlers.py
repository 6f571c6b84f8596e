"""What each event type checks and changes in a measure's state: one handler per event type
(or group of types) in `HANDLERS`, called by `state.fold` for every live event in order.

Every event type of `events.EVENT_TYPES` is either in `HANDLERS` or in `NO_STATE_RULES`
(checked when this module is imported), so a new event type cannot be silently ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from . import codes
from .events import EVENT_TYPES
from .state_types import (
    EventRecord,
    MeasureFacts,
    MeasureState,
    References,
    TimelineError,
    add_months,
    age_on,
)

Handler = Callable[[MeasureFacts, EventRecord, MeasureState, References, dt.date], None]

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


# --------------------------------------------------------------------------- handlers


def _measure_started(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    d = e.data
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


def _measure_extended(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    d = e.data
    if s.planned_end is None:
        raise TimelineError(e.id, "type", "deze maatregel heeft geen einddatum om te verlengen.")
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


def _extension_requested(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    if s.planned_end is None:
        raise TimelineError(
            e.id, "type", "deze maatregel heeft geen einddatum om verlenging voor te verzoeken."
        )
    requested = e.data.get("requested_end_date")
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


def _measure_ended(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    reason = e.data["reason"]
    allowed = codes.END_REASONS_BY_TYPE[facts.measure_type]
    if reason not in allowed:
        short = codes.MEASURE_TYPES[facts.measure_type][1]
        raise TimelineError(
            e.id,
            "data.reason",
            f"data.reason: reden {reason} ({codes.END_REASONS[reason]}) past niet "
            f"bij een {short} (toegestaan: {', '.join(allowed)}).",
        )
    s.ended_on, s.end_reason = e.date, reason


def _handover(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    d = e.data
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


def _worker_assigned(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    d = e.data
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


def _worker_unassigned(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    if s.assignment == "niemand":
        raise TimelineError(e.id, "type", "er is op die datum niemand toegewezen.")
    s.assignment, s.worker, s.assignment_since = "niemand", None, e.date


def _help_requested(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    _check_org(e, "provider", refs, "jeugdhulpaanbieder")


def _help_intake_or_priority(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    _ref_event(e, "request", s, ("help_requested",))
    _check_org(e, "provider", refs, "jeugdhulpaanbieder")
    _once_per_request(e, s)


def _expert_table_registered(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    d = e.data
    if "request" in d:
        _ref_event(e, "request", s, ("help_requested",))
        _once_per_request(e, s)
    if "meeting_date" in d and d["meeting_date"] < e.date:
        raise TimelineError(
            e.id,
            "data.meeting_date",
            "data.meeting_date: de bespreking ligt vóór de aanmelding.",
        )


def _expert_table_decision(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    _ref_event(e, "registration", s, ("expert_table_registered",))
    _check_org(e, "provider", refs, "jeugdhulpaanbieder")


def _ruis_flags_set(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    s.ruis_flags = tuple(e.data.get("flags", ()))


def _escalated(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    rung = e.data["rung"]
    if s.escalation_rung == rung:
        raise TimelineError(e.id, "data.rung", f"data.rung: de casus staat al op trede '{rung}'.")
    s.escalation_rung = rung


def _deescalated(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    if s.escalation_rung is None:
        raise TimelineError(e.id, "type", "de casus is op die datum niet opgeschaald.")
    s.escalation_rung = e.data.get("rung")


def _help_started(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    _check_org(e, "provider", refs, "jeugdhulpaanbieder")
    if "request" in e.data:
        _ref_event(e, "request", s, ("help_requested",))
    s.open_help.add(e.id)


def _help_ended(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    target = _ref_event(e, "help", s, ("help_started",))
    if target.id not in s.open_help:
        raise TimelineError(e.id, "data.help", f"data.help: hulp '{target.id}' is al beëindigd.")
    s.open_help.discard(target.id)


def _municipality_consultation(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    _check_municipality(e, "municipality", refs)
    if "request" in e.data:
        _ref_event(e, "request", s, ("help_requested",))
        _once_per_request(e, s)


def _municipality_consultation_answer(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    target = _ref_event(e, "consultation", s, ("municipality_consultation",))
    if target.id in s.answered:
        raise TimelineError(
            e.id,
            "data.consultation",
            f"data.consultation: overleg '{target.id}' is al beantwoord.",
        )
    s.answered.add(target.id)


def _about_a_signal(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    if "signal" in e.data:
        _ref_event(e, "signal", s, ("unsafety_signal",))


def _unsafety_signal(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    d = e.data
    if "received_by" in d and refs.worker(d["received_by"]) is None:
        raise TimelineError(
            e.id,
            "data.received_by",
            f"data.received_by: medewerker '{d['received_by']}' is onbekend.",
        )


def _place_changed(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    _check_municipality(e, "stay_municipality", refs)
    _check_municipality(e, "responsible_municipality", refs)


HANDLERS: dict[str, Handler] = {
    "measure_started": _measure_started,
    "measure_extended": _measure_extended,
    "extension_requested": _extension_requested,
    "measure_ended": _measure_ended,
    "handover": _handover,
    "worker_assigned": _worker_assigned,
    "worker_unassigned": _worker_unassigned,
    "help_requested": _help_requested,
    "help_intake": _help_intake_or_priority,
    "help_priority": _help_intake_or_priority,
    "expert_table_registered": _expert_table_registered,
    "expert_table_decision": _expert_table_decision,
    "ruis_flags_set": _ruis_flags_set,
    "escalated": _escalated,
    "deescalated": _deescalated,
    "help_started": _help_started,
    "help_ended": _help_ended,
    "municipality_consultation": _municipality_consultation,
    "municipality_consultation_answer": _municipality_consultation_answer,
    "safety_assessment": _about_a_signal,
    "case_discussion": _about_a_signal,
    "unsafety_signal": _unsafety_signal,
    "placement_changed": _place_changed,
    "residence_changed": _place_changed,
}

# Event types that neither change the state nor are checked against it: their payload rules
# (events.clean_payload) and the fold's date rules are all they get. A correction's rules are
# in `state._collect_corrections`; a youth's place is folded by `state.current_place`.
NO_STATE_RULES: frozenset[str] = frozenset(
    {
        "handelingsperspectief_decided",
        "first_contact",
        "safety_estimate",
        "plan_of_approach",
        "plan_evaluation",
        "contact",
        "incident",
        "correction",
    }
)


def _check_coverage() -> None:
    """Every event type is handled or explicitly left alone; nothing else is in the tables."""
    both = HANDLERS.keys() & NO_STATE_RULES
    missing = EVENT_TYPES.keys() - HANDLERS.keys() - NO_STATE_RULES
    unknown = (HANDLERS.keys() | NO_STATE_RULES) - EVENT_TYPES.keys()
    if both or missing or unknown:
        raise RuntimeError(
            "state_handlers: every event type needs a handler in HANDLERS or a place in "
            f"NO_STATE_RULES (missing: {sorted(missing)}, in both: {sorted(both)}, "
            f"unknown: {sorted(unknown)})."
        )


_check_coverage()


def apply(
    facts: MeasureFacts, e: EventRecord, s: MeasureState, refs: References, today: dt.date
) -> None:
    """Check event `e` against the state so far and fold it in."""
    handler = HANDLERS.get(e.type)
    if handler is not None:
        handler(facts, e, s, refs, today)

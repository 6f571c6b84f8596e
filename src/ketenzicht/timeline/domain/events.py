"""Event types of a measure's timeline, declared as data.

Each event type lists its fields with a Dutch label, a kind and whether it is required. The same
declaration drives payload validation (here), the JSON Schema of the exchange format
(`ketenzicht.interop.schema`), the web forms and the Dutch rendering of the timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import codes


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str  # date | bool | text | code | codes | ref
    required: bool = True
    choices: dict[str, str] | None = None  # for code / codes
    ref: str | None = None  # for ref: worker | organisation | team | municipality | event
    ref_event_types: tuple[str, ...] = ()  # for ref=event: which types may be referenced
    ref_org_type: str | None = None  # for ref=organisation: required organisation type
    max_length: int = 2000


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    fields: tuple[Field, ...] = ()
    description: str = ""
    field_map: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_map", {f.name: f for f in self.fields})


PRESENT_CHOICES = {
    "jeugdige": "De jeugdige",
    "moeder": "Moeder",
    "vader": "Vader",
    "ouder": "Ouder",
    "pleegouder": "Pleegouder",
    "broer_zus": "Broer of zus",
    "netwerk": "Iemand uit het netwerk",
    "hulpverlener": "Hulpverlener",
    "tolk": "Tolk",
    "overig": "Overig",
}

_help_type = Field("help_type", "soort hulp", "code", choices=codes.HELP_TYPES)
_provider = Field(
    "provider",
    "jeugdhulpaanbieder",
    "ref",
    ref="organisation",
    ref_org_type="jeugdhulpaanbieder",
    required=False,
)
_signal_ref = Field(
    "signal", "signaal", "ref", ref="event", ref_event_types=("unsafety_signal",), required=False
)


def _request_ref(*, required: bool) -> Field:
    """The help request an event is about."""
    return Field(
        "request",
        "hulpaanvraag",
        "ref",
        ref="event",
        ref_event_types=("help_requested",),
        required=required,
    )


EVENT_TYPES: dict[str, EventType] = {
    t.code: t
    for t in (
        EventType(
            "measure_started",
            "Maatregel gestart (uitspraak)",
            (
                Field("ruling_date", "datum uitspraak", "date"),
                Field("end_date", "einddatum volgens uitspraak", "date", required=False),
                Field(
                    "gi", "gecertificeerde instelling", "ref", ref="organisation", ref_org_type="gi"
                ),
                Field("team", "team", "ref", ref="team", required=False),
                Field(
                    "court",
                    "rechtbank",
                    "ref",
                    ref="organisation",
                    ref_org_type="rechtbank",
                    required=False,
                ),
            ),
            "De maatregel gaat in op de datum van het event.",
        ),
        EventType(
            "measure_extended",
            "Maatregel verlengd",
            (Field("new_end_date", "nieuwe einddatum", "date"),),
        ),
        EventType(
            "extension_requested",
            "Verlenging verzocht",
            (
                Field("requested_end_date", "verzochte nieuwe einddatum", "date", required=False),
                Field(
                    "court",
                    "rechtbank",
                    "ref",
                    ref="organisation",
                    ref_org_type="rechtbank",
                    required=False,
                ),
            ),
            "Het verzoek tot verlenging is bij de kinderrechter ingediend; de datum van het event "
            "is de datum van indienen.",
        ),
        EventType(
            "handelingsperspectief_decided",
            "Besluit werken met het Handelingsperspectief",
            (
                Field("decision", "werken met het Handelingsperspectief", "bool"),
                Field("decided_by", "besloten door (directie)", "text", max_length=200),
            ),
            "Formeel besluit van de directie of in deze casus met het Handelingsperspectief wordt "
            "gewerkt (ja) of niet (nee); het laatste besluit geldt.",
        ),
        EventType(
            "measure_ended",
            "Maatregel beëindigd",
            (Field("reason", "reden beëindiging", "code", choices=codes.END_REASONS),),
            "De datum van het event is de laatste dag van de maatregel.",
        ),
        EventType(
            "handover",
            "Overdracht naar andere GI",
            (
                Field("to_gi", "ontvangende GI", "ref", ref="organisation", ref_org_type="gi"),
                Field("to_team", "ontvangend team", "ref", ref="team", required=False),
                Field("received_on", "datum ontvangen", "date"),
            ),
            "De datum van het event is de datum van overdragen.",
        ),
        EventType(
            "worker_assigned",
            "Medewerker toegewezen",
            (
                Field(
                    "assignment",
                    "soort toewijzing",
                    "code",
                    choices={k: v for k, v in codes.ASSIGNMENT_KINDS.items() if k != "niemand"},
                ),
                Field("worker", "jeugdzorgwerker", "ref", ref="worker", required=False),
                Field("team", "team", "ref", ref="team", required=False),
                Field(
                    "above_norm_reason",
                    "reden toewijzing boven de caseloadnorm",
                    "text",
                    required=False,
                ),
            ),
        ),
        EventType(
            "worker_unassigned",
            "Medewerker niet meer toegewezen",
            (Field("reason", "toelichting", "text", required=False),),
        ),
        EventType(
            "first_contact",
            "Eerste contact",
            (
                Field("with_child", "contact met de jeugdige", "bool"),
                Field("with_parents", "contact met ouders", "bool"),
                Field("mode", "vorm", "code", choices=codes.CONTACT_MODES),
            ),
        ),
        EventType(
            "safety_estimate",
            "Veiligheidsinschatting",
            (Field("colour", "kleur", "code", choices=codes.SAFETY_COLOURS),),
        ),
        EventType(
            "safety_assessment",
            "Veiligheidsbeoordeling",
            (
                Field("with_behavioural_scientist", "met gedragswetenschapper", "bool"),
                Field(
                    "colour",
                    "uitkomst (kleur)",
                    "code",
                    choices=codes.SAFETY_COLOURS,
                    required=False,
                ),
                _signal_ref,
            ),
        ),
        EventType(
            "plan_of_approach",
            "Plan van aanpak",
            (
                Field("child_involved", "jeugdige betrokken", "bool"),
                Field("parents_involved", "ouders betrokken", "bool"),
            ),
        ),
        EventType(
            "plan_evaluation",
            "Evaluatie plan van aanpak",
            (
                Field("child_involved", "jeugdige betrokken", "bool"),
                Field("parents_involved", "ouders betrokken", "bool"),
            ),
        ),
        EventType(
            "case_discussion",
            "Casusoverleg (MDO)",
            (
                Field("external_participant", "iemand van buiten de casus aanwezig", "bool"),
                Field("behavioural_scientist_present", "gedragswetenschapper aanwezig", "bool"),
                _signal_ref,
            ),
        ),
        EventType(
            "contact",
            "Contact",
            (
                Field("present", "aanwezigen", "codes", choices=PRESENT_CHOICES),
                Field("child_spoken_alone", "jeugdige alleen gesproken", "bool"),
                Field(
                    "not_alone_reason",
                    "reden niet alleen gesproken",
                    "code",
                    choices=codes.NOT_ALONE_REASONS,
                    required=False,
                ),
                Field("mode", "vorm", "code", choices=codes.CONTACT_MODES),
                Field("location", "locatie", "code", choices=codes.CONTACT_LOCATIONS),
            ),
        ),
        EventType(
            "help_requested",
            "Hulp aangevraagd",
            (
                _help_type,
                _provider,
                Field("urgent", "met spoed", "bool", required=False),
            ),
        ),
        EventType(
            "help_started",
            "Hulp gestart",
            (
                _help_type,
                Field(
                    "provider",
                    "jeugdhulpaanbieder",
                    "ref",
                    ref="organisation",
                    ref_org_type="jeugdhulpaanbieder",
                ),
                _request_ref(required=False),
            ),
        ),
        EventType(
            "help_ended",
            "Hulp beëindigd",
            (
                Field(
                    "help", "gestarte hulp", "ref", ref="event", ref_event_types=("help_started",)
                ),
                Field("reason", "toelichting", "text", required=False),
            ),
        ),
        EventType(
            "municipality_consultation",
            "Overleg met gemeente over inzet hulp",
            (
                Field("municipality", "gemeente", "ref", ref="municipality"),
                _help_type,
                _request_ref(required=False),
            ),
        ),
        EventType(
            "municipality_consultation_answer",
            "Antwoord gemeente op overleg",
            (
                Field(
                    "consultation",
                    "overleg",
                    "ref",
                    ref="event",
                    ref_event_types=("municipality_consultation",),
                ),
                Field("answer", "antwoord", "code", choices=codes.CONSULTATION_ANSWERS),
                Field("remark", "toelichting", "text", required=False),
            ),
        ),
        EventType(
            "unsafety_signal",
            "Signaal van onveiligheid",
            (
                Field("source", "bron", "code", choices=codes.SIGNAL_SOURCES),
                Field("severity", "ernst", "code", choices=codes.SEVERITIES),
                Field("description", "omschrijving", "text"),
                Field("received_by", "ontvangen door", "ref", ref="worker", required=False),
            ),
        ),
        EventType(
            "placement_changed",
            "Plaatsing gewijzigd",
            (
                Field("placement_type", "soort plaatsing", "code", choices=codes.PLACEMENT_TYPES),
                Field(
                    "stay_municipality",
                    "gemeente van verblijf",
                    "ref",
                    ref="municipality",
                    required=False,
                ),
            ),
        ),
        EventType(
            "residence_changed",
            "Woonplaats of verblijfplaats gewijzigd",
            (
                Field(
                    "responsible_municipality",
                    "verantwoordelijke gemeente",
                    "ref",
                    ref="municipality",
                    required=False,
                ),
                Field(
                    "stay_municipality",
                    "gemeente van verblijf",
                    "ref",
                    ref="municipality",
                    required=False,
                ),
            ),
        ),
        EventType(
            "help_intake",
            "Intake hulp",
            (
                _request_ref(required=True),
                _provider,
            ),
            "De jeugdhulpaanbieder heeft de intake gedaan; de hulp is nog niet gestart.",
        ),
        EventType(
            "help_priority",
            "Voorrang als schadelijk wachtende",
            (
                _request_ref(required=True),
                Field("reason", "reden voorrang", "text"),
            ),
            "Regionaal kader schadelijk wachtenden: een kind met een maatregel krijgt voorrang.",
        ),
        EventType(
            "expert_table_registered",
            "Aangemeld bij de Experttafel Complexe Zorg",
            (
                Field("reason", "waarom vastgelopen", "text"),
                _request_ref(required=False),
                Field("meeting_date", "datum bespreking", "date", required=False),
            ),
        ),
        EventType(
            "expert_table_decision",
            "Besluit Experttafel Complexe Zorg",
            (
                Field(
                    "registration",
                    "aanmelding",
                    "ref",
                    ref="event",
                    ref_event_types=("expert_table_registered",),
                ),
                Field("decision", "besluit", "text"),
                Field("help_type", "soort hulp", "code", choices=codes.HELP_TYPES, required=False),
                _provider,
            ),
        ),
        EventType(
            "ruis_flags_set",
            "Ruisdossier-kenmerken vastgelegd",
            (
                Field("flags", "kenmerken", "codes", choices=codes.RUIS_FLAGS, required=False),
                Field("remark", "toelichting", "text", required=False),
            ),
            "Geen kenmerken: het dossier is geen ruisdossier (meer).",
        ),
        EventType(
            "escalated",
            "Opgeschaald (AVE)",
            (
                Field("rung", "trede", "text", max_length=40),
                Field("reason", "reden", "text"),
            ),
            "De trede is een trede van de escalatieladder van de GI.",
        ),
        EventType(
            "deescalated",
            "Afgeschaald (AVE)",
            (
                Field("rung", "nieuwe trede", "text", required=False, max_length=40),
                Field("reason", "reden", "text"),
            ),
            "Zonder nieuwe trede is de casus niet meer opgeschaald.",
        ),
        EventType(
            "incident",
            "Calamiteit of ernstig incident",
            (
                Field("kind", "soort", "code", choices=codes.INCIDENT_KINDS),
                Field("summary", "wat er gebeurde (in grote lijnen)", "text", max_length=500),
            ),
        ),
        EventType(
            "correction",
            "Correctie",
            (
                Field("corrects", "gecorrigeerd event", "ref", ref="event"),
                Field("reason", "reden van de correctie", "text"),
            ),
            "Het gecorrigeerde event telt niet meer mee; het blijft zichtbaar in de historie.",
        ),
    )
}

# Events on the same date are ordered: a start before anything else, an end after everything.
SAME_DAY_ORDER = {"measure_started": 0, "measure_ended": 9}


class PayloadError(ValueError):
    """A payload that does not fit its event type. `field` is the offending field name."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def parse_date(value: Any, label: str, name: str) -> dt.date:
    if not isinstance(value, str):
        raise PayloadError(name, f"{label}: verwacht een datum als tekst (JJJJ-MM-DD).")
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(value)
    except ValueError:
        raise PayloadError(
            name, f"{label}: '{value}' is geen geldige datum (verwacht JJJJ-MM-DD)."
        ) from None


def _bad_date(value: str) -> dt.date:
    raise ValueError(value)


def clean_payload(
    event_type: str, data: Any, types: dict[str, EventType] | None = None
) -> dict[str, Any]:
    """Check a payload against its event type; return it with dates parsed.

    Raises PayloadError naming the first offending field. References are returned as given
    (external ids); their existence is checked by the caller, which knows the data set.
    `types` is the table of event types (default: a measure's; a trajectory passes its own).
    """
    spec = (EVENT_TYPES if types is None else types).get(event_type)
    if spec is None:
        raise PayloadError("type", f"type: onbekend eventtype '{event_type}'.")
    if not isinstance(data, dict):
        raise PayloadError("data", "data: verwacht een object met de gegevens van het event.")
    unknown = sorted(set(data) - set(spec.field_map))
    if unknown:
        raise PayloadError(
            f"data.{unknown[0]}",
            f"data.{unknown[0]}: onbekend veld voor '{spec.label}'.",
        )
    out: dict[str, Any] = {}
    for f in spec.fields:
        value = data.get(f.name)
        where = f"data.{f.name}"
        if value is None:
            if f.required:
                raise PayloadError(where, f"{where} ({f.label}): verplicht veld ontbreekt.")
            continue
        out[f.name] = _clean_value(f, value, where)
    _check_combinations(event_type, out)
    return out


def _clean_value(f: Field, value: Any, where: str) -> Any:
    label = f"{where} ({f.label})"
    if f.kind == "date":
        return parse_date(value, label, where)
    if f.kind == "bool":
        if not isinstance(value, bool):
            raise PayloadError(where, f"{label}: verwacht true of false, niet {value!r}.")
        return value
    if f.kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise PayloadError(where, f"{label}: verwacht een niet-lege tekst.")
        if len(value) > f.max_length:
            raise PayloadError(where, f"{label}: tekst is langer dan {f.max_length} tekens.")
        return value
    if f.kind == "code":
        assert f.choices is not None
        if not isinstance(value, str) or value not in f.choices:
            allowed = ", ".join(f.choices)
            raise PayloadError(
                where, f"{label}: onbekende waarde {value!r} (toegestaan: {allowed})."
            )
        return value
    if f.kind == "codes":
        assert f.choices is not None
        if not isinstance(value, list) or not value:
            raise PayloadError(where, f"{label}: verwacht een niet-lege lijst.")
        for item in value:
            if item not in f.choices:
                allowed = ", ".join(f.choices)
                raise PayloadError(
                    where, f"{label}: onbekende waarde {item!r} (toegestaan: {allowed})."
                )
        if len(set(value)) != len(value):
            raise PayloadError(where, f"{label}: een waarde staat er dubbel in.")
        return list(value)
    if f.kind == "ref":
        if not isinstance(value, str) or not value:
            raise PayloadError(where, f"{label}: verwacht een id als tekst.")
        return value
    raise AssertionError(f"unknown field kind {f.kind}")


def _check_combinations(event_type: str, data: dict[str, Any]) -> None:
    """Rules between fields of one event."""
    if event_type == "contact":
        present = data["present"]
        if data["child_spoken_alone"]:
            if present != ["jeugdige"]:
                raise PayloadError(
                    "data.child_spoken_alone",
                    "data.child_spoken_alone (jeugdige alleen gesproken): kan alleen 'ja' zijn "
                    "als de jeugdige de enige aanwezige was (naast de jeugdzorgwerker).",
                )
            if "not_alone_reason" in data:
                raise PayloadError(
                    "data.not_alone_reason",
                    "data.not_alone_reason: alleen invullen als de jeugdige niet alleen is "
                    "gesproken.",
                )
        elif "not_alone_reason" not in data:
            raise PayloadError(
                "data.not_alone_reason",
                "data.not_alone_reason (reden niet alleen gesproken): verplicht als de jeugdige "
                "niet alleen is gesproken.",
            )
    if event_type == "worker_assigned":
        if "above_norm_reason" in data and data["assignment"] != "vast":
            raise PayloadError(
                "data.above_norm_reason",
                "data.above_norm_reason: alleen bij toewijzing van een vaste jeugdzorgwerker.",
            )
        if data["assignment"] == "vast" and "worker" not in data:
            raise PayloadError(
                "data.worker",
                "data.worker (jeugdzorgwerker): verplicht bij toewijzing van een vaste "
                "jeugdzorgwerker.",
            )
        if data["assignment"] == "doorstroomteam":
            if "worker" in data:
                raise PayloadError(
                    "data.worker",
                    "data.worker: geen vaste jeugdzorgwerker invullen bij toewijzing aan het in- "
                    "en doorstroomteam.",
                )
            if "team" not in data:
                raise PayloadError(
                    "data.team",
                    "data.team (team): verplicht bij toewijzing aan het in- en doorstroomteam.",
                )
    if event_type == "residence_changed" and not data:
        raise PayloadError(
            "data.responsible_municipality",
            "data: vul de verantwoordelijke gemeente, de gemeente van verblijf of beide in.",
        )


def dump_payload(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON form of a cleaned payload (dates back to ISO text)."""
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}

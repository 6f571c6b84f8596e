"""Event types of a trajectory (traject): the chain before a measure, declared as data.

The declaration reuses the measure timeline's `Field`/`EventType` (ketenzicht.timeline.domain),
so the same machinery cleans payloads, generates the JSON Schema of the exchange format and the
recording forms. No Django here.

Sources: Veilig Thuis stays involved at most ten working days (003:795-800), the
Jeugdbeschermingstafel (003:801-812), the request for a Raad voor de Kinderbescherming
investigation (003:842-852), the VOTS of at most three months (003:553-557).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.events import EventType, Field, PayloadError, clean_payload

REPORTERS: dict[str, str] = {
    "wijkteam": "Wijkteam / lokaal team",
    "veilig_thuis": "Veilig Thuis",
    "politie": "Politie",
    "school": "School",
    "huisarts": "Huisarts of jeugdarts",
    "jeugdhulp": "Jeugdhulpaanbieder",
    "burger": "Burger of familie",
    "overig": "Overig",
}

JBT_OUTCOMES: dict[str, str] = {
    "raadsonderzoek": "Verzoek tot onderzoek door de Raad",
    "vrijwillig": "Verder in het vrijwillig kader",
    "opnieuw": "Opnieuw bespreken",
}

MANDATES: dict[str, str] = {
    "college": "College van B en W (gemeente)",
    "veilig_thuis": "Veilig Thuis",
    "jbt": "Jeugdbeschermingstafel",
    "rvdk": "Raad voor de Kinderbescherming (eigen beslissing)",
}

ADVICES: dict[str, str] = {
    "ots": "Verzoek ondertoezichtstelling",
    "gezag": "Verzoek beëindiging gezag (voogdij)",
    "geen_maatregel": "Geen maatregel",
}

RULING_OUTCOMES: dict[str, str] = {
    "maatregel": "Maatregel opgelegd",
    "afgewezen": "Verzoek afgewezen",
}


def _ref_org(name: str, label: str, org_type: str | None = None, *, required: bool = True) -> Field:
    return Field(name, label, "ref", ref="organisation", ref_org_type=org_type, required=required)


def _ref_worker(name: str, label: str, *, required: bool = True) -> Field:
    return Field(name, label, "ref", ref="worker", required=required)


TRAJECTORY_EVENT_TYPES: dict[str, EventType] = {
    t.code: t
    for t in (
        EventType(
            "concern_registered",
            "Zorg gemeld",
            (
                Field("reported_by", "melder", "code", choices=REPORTERS),
                Field("municipality", "gemeente (woonplaats jeugdige)", "ref", ref="municipality"),
                _ref_org("regie_organisation", "regiehouder (organisatie)", required=False),
                _ref_worker("regie_worker", "regiehouder (persoon)", required=False),
                Field("summary", "korte omschrijving", "text", required=False, max_length=500),
            ),
            "Het traject begint met de zorgmelding. Wie de regie op de veiligheid neemt, vult "
            "de regiehouder in; zonder regiehouder wordt het traject gesignaleerd.",
        ),
        EventType(
            "vt_involved",
            "Veilig Thuis betrokken",
            (_ref_org("organisation", "Veilig Thuis", "veilig_thuis"),),
            "Veilig Thuis blijft in een crisis ten hoogste tien werkdagen betrokken.",
        ),
        EventType(
            "vt_handed_over",
            "Veilig Thuis heeft overgedragen",
            (_ref_org("to_organisation", "overgedragen aan", required=False),),
        ),
        EventType(
            "preventive_consultation",
            "Preventief consult GI (bijvoorbeeld SAVE)",
            (_ref_org("organisation", "gecertificeerde instelling", "gi"),),
        ),
        EventType(
            "jbt_held",
            "Jeugdbeschermingstafel gehouden",
            (Field("outcome", "uitkomst", "code", choices=JBT_OUTCOMES),),
        ),
        EventType(
            "investigation_requested",
            "Verzoek tot onderzoek Raad voor de Kinderbescherming",
            (
                _ref_org("requested_by", "verzocht door"),
                Field("mandate", "op mandaat van", "code", choices=MANDATES),
                _ref_org("rvdk", "Raad voor de Kinderbescherming", "rvdk"),
            ),
        ),
        EventType(
            "investigation_started",
            "Raadsonderzoek gestart",
            (_ref_worker("investigator", "raadsonderzoeker", required=False),),
        ),
        EventType(
            "investigation_finished",
            "Raadsonderzoek afgerond (advies)",
            (Field("advice", "advies", "code", choices=ADVICES),),
        ),
        EventType(
            "petition_filed",
            "Verzoekschrift ingediend bij de kinderrechter",
            (_ref_org("court", "rechtbank", "rechtbank", required=False),),
        ),
        EventType("hearing_held", "Zitting kinderrechter", ()),
        EventType(
            "ruling",
            "Uitspraak kinderrechter",
            (
                Field("outcome", "uitspraak", "code", choices=RULING_OUTCOMES),
                Field(
                    "measure_type",
                    "soort maatregel (CBS-code)",
                    "code",
                    choices={k: v[0] for k, v in codes.MEASURE_TYPES.items()},
                    required=False,
                ),
                Field("measure", "maatregel", "ref", ref="measure", required=False),
            ),
            "Een uitspraak met maatregel (ook een VOTS) sluit het traject en koppelt het aan de "
            "maatregel die ermee begint.",
        ),
        EventType(
            "closed_voluntary",
            "Traject gesloten in het vrijwillig kader",
            (Field("reason", "toelichting", "text", required=False, max_length=500),),
        ),
        EventType(
            "regie_offered",
            "Regie overgedragen (wacht op acceptatie)",
            (
                _ref_org("to_organisation", "nieuwe regiehouder (organisatie)"),
                _ref_worker("to_worker", "nieuwe regiehouder (persoon)", required=False),
            ),
            "De regie op de veiligheid gaat pas over als de ontvanger accepteert; tot dan houdt "
            "de huidige regiehouder de regie.",
        ),
        EventType(
            "regie_accepted",
            "Regie geaccepteerd",
            (_ref_worker("worker", "regiehouder (persoon)"),),
        ),
        EventType(
            "regie_declined",
            "Regie niet geaccepteerd",
            (Field("reason", "reden", "text", max_length=500),),
        ),
    )
}

# Events on the same date: the concern first, the end of the trajectory last.
SAME_DAY_ORDER = {"concern_registered": 0, "ruling": 8, "closed_voluntary": 9}


def clean(event_type: str, data: Any) -> dict[str, Any]:
    """Clean a trajectory event's payload (dates parsed); PayloadError names the field."""
    if event_type not in TRAJECTORY_EVENT_TYPES:
        raise PayloadError("type", f"type: onbekend eventtype van een traject '{event_type}'.")
    out = clean_payload(event_type, data, TRAJECTORY_EVENT_TYPES)
    if event_type == "concern_registered" and "regie_worker" in out:
        if "regie_organisation" not in out:
            raise PayloadError(
                "data.regie_organisation",
                "data.regie_organisation (regiehouder, organisatie): verplicht als een "
                "regiehouder (persoon) is ingevuld.",
            )
    if event_type == "ruling":
        granted = out["outcome"] == "maatregel"
        for name in ("measure_type", "measure"):
            if granted and name not in out:
                raise PayloadError(
                    f"data.{name}",
                    f"data.{name}: verplicht als de kinderrechter een maatregel oplegt.",
                )
            if not granted and name in out:
                raise PayloadError(
                    f"data.{name}", f"data.{name}: alleen invullen als een maatregel is opgelegd."
                )
    return out


class References(Protocol):
    def organisation_type(self, ext_id: str) -> str | None: ...
    def worker(self, ext_id: str) -> tuple[str, str | None] | None: ...
    def municipality_exists(self, code: str) -> bool: ...


def check_references(
    event_type: str,
    data: dict[str, Any],
    refs: References,
    measure_exists: Callable[[str], bool],
) -> None:
    """Every id in a cleaned payload exists (and an organisation is of the declared type)."""
    for f in TRAJECTORY_EVENT_TYPES[event_type].fields:
        value = data.get(f.name)
        if value is None or f.kind != "ref":
            continue
        where = f"data.{f.name}"
        if f.ref == "organisation":
            kind = refs.organisation_type(value)
            if kind is None:
                raise PayloadError(where, f"{where}: organisatie '{value}' is onbekend.")
            if f.ref_org_type and kind != f.ref_org_type:
                wanted = codes.ORGANISATION_TYPES[f.ref_org_type]
                raise PayloadError(where, f"{where}: organisatie '{value}' is geen {wanted}.")
        elif f.ref == "worker" and refs.worker(value) is None:
            raise PayloadError(where, f"{where}: medewerker '{value}' is onbekend.")
        elif f.ref == "municipality" and not refs.municipality_exists(value):
            raise PayloadError(where, f"{where}: gemeentecode '{value}' is onbekend.")
        elif f.ref == "measure" and not measure_exists(value):
            raise PayloadError(where, f"{where}: maatregel '{value}' is onbekend.")

"""Record kinds of the exchange format (JSON Lines) and their field rules.

Version 1.2 (1.0 and 1.1 files still import: 1.1 added event types, 1.2 the record kinds
`staff_event` (issue 17), `trajectory` and `trajectory_event` (issue 18)). docs/exchange-format.md
describes the format for people; `schema.py` derives the JSON Schema file from these same
declarations, so the three cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum.nl import bsn as stdnum_bsn

from ketenzicht.capacity.domain.staff import REASONS, STAFF_EVENT_TYPES, STAFF_FUNCTIONS
from ketenzicht.chain.events import TRAJECTORY_EVENT_TYPES
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.events import EVENT_TYPES

FORMAT_NAME = "ketenzicht-uitwisseling"
FORMAT_VERSION = "1.2"
# Minor versions only add optional fields, codes, event types or record kinds: older ones still
# import.
SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")

# The order in which an export writes the kinds (and an import stores them).
KINDS = (
    "organisation",
    "team",
    "worker",
    "youth",
    "measure",
    "event",
    "staff_event",
    "trajectory",
    "trajectory_event",
)
KIND_LABELS = {
    "organisation": "organisatie",
    "team": "team",
    "worker": "medewerker",
    "youth": "jeugdige",
    "measure": "maatregel",
    "event": "event",
    "trajectory": "traject",
    "trajectory_event": "trajectevent",
    "staff_event": "personeelsfeit",
}

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
# [0-9], not \d: in Python \d also matches other scripts' digits (full-width, Arabic-Indic...).
GM_PATTERN = re.compile(r"^GM[0-9]{4}$")
BSN_PATTERN = re.compile(r"^[0-9]{9}$")


@dataclass(frozen=True)
class Spec:
    name: str
    kind: str  # id | text | date | datetime | bool | fte | code | ref | gm | bsn | network | object
    required: bool = True
    label: str = ""
    choices: dict[str, str] | None = None
    ref: str | None = None  # for ref: the record kind referenced


RECORDS: dict[str, tuple[Spec, ...]] = {
    "organisation": (
        Spec("id", "id", label="id"),
        Spec("name", "text", label="naam"),
        Spec("type", "code", label="soort organisatie", choices=codes.ORGANISATION_TYPES),
        Spec("municipality", "gm", required=False, label="gemeente (CBS-code)"),
        Spec("national", "bool", required=False, label="landelijk werkend"),
    ),
    "team": (
        Spec("id", "id", label="id"),
        Spec("organisation", "ref", label="organisatie", ref="organisation"),
        Spec("name", "text", label="naam"),
        Spec("cluster", "text", required=False, label="cluster"),
        Spec("doorstroomteam", "bool", required=False, label="in- en doorstroomteam"),
    ),
    "worker": (
        Spec("id", "id", label="id"),
        Spec("organisation", "ref", label="organisatie", ref="organisation"),
        Spec("team", "ref", required=False, label="team", ref="team"),
        Spec("given_name", "text", label="voornaam"),
        Spec("family_name", "text", label="achternaam"),
        Spec("role", "code", label="rol", choices=codes.WORKER_ROLES),
        Spec("fte", "fte", label="fte"),
    ),
    "youth": (
        Spec("id", "id", label="id"),
        Spec("bsn", "bsn", label="BSN"),
        Spec("given_name", "text", label="voornaam"),
        Spec("family_name", "text", label="achternaam"),
        Spec("birth_date", "date", label="geboortedatum"),
        Spec("responsible_municipality", "gm", label="verantwoordelijke gemeente"),
        Spec("stay_municipality", "gm", label="gemeente van verblijf"),
        Spec("placement_type", "code", label="plaatsing", choices=codes.PLACEMENT_TYPES),
        Spec("network", "network", required=False, label="gezin en netwerk"),
    ),
    "measure": (
        Spec("id", "id", label="id"),
        Spec("youth", "ref", label="jeugdige", ref="youth"),
        Spec(
            "measure_type",
            "code",
            label="soort maatregel (CBS-code)",
            choices={k: v[0] for k, v in codes.MEASURE_TYPES.items()},
        ),
        Spec("related_measure", "ref", required=False, label="hoort bij maatregel", ref="measure"),
    ),
    "event": (
        Spec("id", "id", label="id"),
        Spec("measure", "ref", label="maatregel", ref="measure"),
        Spec(
            "type",
            "code",
            label="soort event",
            choices={k: v.label for k, v in EVENT_TYPES.items()},
        ),
        Spec("date", "date", label="datum"),
        Spec("data", "object", label="gegevens"),
        Spec("recorded_at", "datetime", required=False, label="geregistreerd op"),
    ),
    # Version 1.2 (issue 18): the chain before a measure.
    "trajectory": (
        Spec("id", "id", label="id"),
        Spec("youth", "ref", label="jeugdige", ref="youth"),
        Spec("organisation", "ref", label="geregistreerd door (organisatie)", ref="organisation"),
    ),
    "trajectory_event": (
        Spec("id", "id", label="id"),
        Spec("trajectory", "ref", label="traject", ref="trajectory"),
        Spec(
            "type",
            "code",
            label="soort event",
            choices={k: v.label for k, v in TRAJECTORY_EVENT_TYPES.items()},
        ),
        Spec("date", "date", label="datum"),
        Spec("data", "object", label="gegevens"),
        Spec("recorded_at", "datetime", required=False, label="geregistreerd op"),
    ),
    # Issue 17: staff facts (docs/exchange-format.md, "Personeelsfeiten").
    "staff_event": (
        Spec("id", "id", label="id"),
        Spec("organisation", "ref", label="organisatie", ref="organisation"),
        Spec("type", "code", label="soort personeelsfeit", choices=STAFF_EVENT_TYPES),
        Spec("date", "date", label="datum"),
        Spec("worker", "ref", required=False, label="medewerker", ref="worker"),
        Spec("team", "ref", required=False, label="team", ref="team"),
        Spec("until", "date", required=False, label="tot en met"),
        Spec("fte", "fte", required=False, label="fte"),
        Spec("function", "code", required=False, label="functie", choices=STAFF_FUNCTIONS),
        Spec("reason", "code", required=False, label="reden", choices=REASONS),
        Spec("refers", "ref", required=False, label="verwijst naar", ref="staff_event"),
        Spec("recorded_at", "datetime", required=False, label="geregistreerd op"),
    ),
}

NETWORK_MEMBER = (
    Spec("relation", "code", label="relatie", choices=codes.RELATIONS),
    Spec("name", "text", label="naam"),
    Spec("has_authority", "bool", required=False, label="heeft gezag"),
)


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def clean_record(kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Check one record's fields; returns typed values. Raises FieldError for the first fault."""
    specs = RECORDS[kind]
    known = {s.name for s in specs} | {"kind"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise FieldError(unknown[0], f"onbekend veld voor een {KIND_LABELS[kind]}.")
    return _clean_fields(specs, raw, prefix="")


def _clean_fields(specs: tuple[Spec, ...], raw: dict[str, Any], prefix: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for s in specs:
        name = prefix + s.name
        value = raw.get(s.name)
        if value is None:
            if s.required:
                raise FieldError(name, f"verplicht veld ({s.label}) ontbreekt.")
            continue
        out[s.name] = _clean_value(s, value, name)
    return out


def _clean_value(s: Spec, value: Any, name: str) -> Any:
    if s.kind in ("id", "ref"):
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            raise FieldError(
                name,
                f"{value!r} is geen geldig id (letters, cijfers, . _ : -; hoogstens 64 tekens).",
            )
        return value
    if s.kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise FieldError(name, f"verwacht een niet-lege tekst, niet {value!r}.")
        if len(value) > 200:
            raise FieldError(name, "tekst is langer dan 200 tekens.")
        return value
    if s.kind == "bool":
        if not isinstance(value, bool):
            raise FieldError(name, f"verwacht true of false, niet {value!r}.")
        return value
    if s.kind == "date":
        if not isinstance(value, str) or len(value) != 10:
            raise FieldError(name, f"{value!r} is geen datum (verwacht JJJJ-MM-DD).")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise FieldError(
                name, f"{value!r} is geen geldige datum (verwacht JJJJ-MM-DD)."
            ) from None
    if s.kind == "datetime":
        try:
            parsed = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise FieldError(
                name,
                f"{value!r} is geen tijdstip met tijdzone "
                "(verwacht bijvoorbeeld 2025-03-01T09:30:00+01:00).",
            )
        return parsed
    if s.kind == "fte":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError(name, f"verwacht een getal, niet {value!r}.")
        if isinstance(value, float) and not math.isfinite(value):
            raise FieldError(name, f"verwacht een getal, niet {value}.")
        try:
            fte = Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise FieldError(name, f"{value!r} is geen geldig getal.") from None
        if not Decimal("0") < fte <= Decimal("1.5"):
            raise FieldError(name, f"fte {value} ligt niet tussen 0 en 1,5.")
        return fte
    if s.kind == "code":
        assert s.choices is not None
        if not isinstance(value, str) or value not in s.choices:
            raise FieldError(
                name, f"onbekende waarde {value!r} (toegestaan: {', '.join(s.choices)})."
            )
        return value
    if s.kind == "gm":
        if not isinstance(value, str) or not GM_PATTERN.fullmatch(value):
            raise FieldError(
                name, f"{value!r} is geen CBS-gemeentecode (verwacht GM en 4 cijfers)."
            )
        return value
    if s.kind == "bsn":
        if isinstance(value, str) and not BSN_PATTERN.fullmatch(value):
            # Full-width or other non-ASCII digits look like a BSN (and pass str.isdigit and
            # the elfproef of python-stdnum) but would get another keyed hash than the same
            # number in 0-9: a second youth with the same BSN, not found by searching.
            normal = unicodedata.normalize("NFKC", value)
            if normal != value and BSN_PATTERN.fullmatch(normal):
                raise FieldError(
                    name,
                    "het BSN bevat tekens die op cijfers lijken maar geen gewone cijfers 0-9 "
                    "zijn (bijvoorbeeld cijfers van volle breedte); een BSN bestaat uit 9 "
                    "cijfers 0-9 (als tekst).",
                )
        if not isinstance(value, str) or not BSN_PATTERN.fullmatch(value):
            raise FieldError(name, "een BSN bestaat uit 9 cijfers 0-9 (als tekst).")
        if not stdnum_bsn.is_valid(value):
            raise FieldError(name, "BSN voldoet niet aan de elfproef.")
        return value
    if s.kind == "object":
        if not isinstance(value, dict):
            raise FieldError(name, "verwacht een object.")
        return value
    if s.kind == "network":
        if not isinstance(value, list):
            raise FieldError(name, "verwacht een lijst van gezins- en netwerkleden.")
        members = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise FieldError(f"{name}[{i}]", "verwacht een object.")
            unknown = sorted(set(item) - {x.name for x in NETWORK_MEMBER})
            if unknown:
                raise FieldError(f"{name}[{i}].{unknown[0]}", "onbekend veld.")
            members.append(_clean_fields(NETWORK_MEMBER, item, prefix=f"{name}[{i}]."))
        return members
    raise AssertionError(s.kind)

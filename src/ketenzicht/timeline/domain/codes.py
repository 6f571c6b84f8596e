"""Code lists.

Measure types, placement authorisations and end reasons follow the CBS Beleidsinformatie Jeugd
data set (Regeling Jeugdwet, bijlage 2), so that counts reconcile with StatLine 82975NED
(jeugdbescherming) and 82977NED (jeugdreclassering). See docs/exchange-format.md for the source
and the reference year of each list.
"""

from enum import StrEnum


class Family(StrEnum):
    """Which part of the chain a measure type belongs to."""

    JEUGDBESCHERMING = "jeugdbescherming"
    JEUGDRECLASSERING = "jeugdreclassering"
    MACHTIGING = "machtiging"
    PREVENTIEF = "preventief"


# code -> (Dutch label, short label, family)
# Labels follow Regeling Jeugdwet bijlage 2 (Informatieprotocol Beleidsinformatie Jeugd), 4.1.1,
# 4.2.1 and 4.4; see docs/decisions/0003-cbs-code-lists.md. Codes marked "not in the source" are
# ours and await a decision.
MEASURE_TYPES: dict[str, tuple[str, str, Family]] = {
    "11": ("Ondertoezichtstelling", "OTS", Family.JEUGDBESCHERMING),
    "12": ("Voorlopige ondertoezichtstelling", "VOTS", Family.JEUGDBESCHERMING),
    "21": ("Voogdij", "voogdij", Family.JEUGDBESCHERMING),
    "22": ("Voorlopige voogdij", "voorlopige voogdij", Family.JEUGDBESCHERMING),
    "23": ("Tijdelijke voogdij", "tijdelijke voogdij", Family.JEUGDBESCHERMING),
    "31": ("Activiteiten in het preventief justitieel kader", "preventief", Family.PREVENTIEF),
    "41": (
        "Toezicht en begeleiding: gedwongen kader",
        "JR T&B gedwongen",
        Family.JEUGDRECLASSERING,
    ),
    "42": ("Toezicht en begeleiding: vrijwillig", "JR T&B vrijwillig", Family.JEUGDRECLASSERING),
    "50": ("Individuele trajectbegeleiding Harde Kern", "ITB Harde Kern", Family.JEUGDRECLASSERING),
    "51": ("Individuele trajectbegeleiding Criem", "ITB Criem", Family.JEUGDRECLASSERING),
    # Not in the source (the source has ITB Criem as 51); kept pending a decision.
    "52": (
        "Jeugdreclassering: intensieve trajectbegeleiding (ITB) CRIEM",
        "ITB CRIEM",
        Family.JEUGDRECLASSERING,
    ),
    "61": ("Scholings- en trainingsprogramma", "STP", Family.JEUGDRECLASSERING),
    "62": ("Gedragsbeïnvloedende maatregel", "GBM", Family.JEUGDRECLASSERING),
    "63": (
        "Voorbereiding gedragsbeïnvloedende maatregel, voorwaardelijke sepot, schorsing "
        "voorlopige hechtenis, voorwaardelijke invrijheidsstelling",
        "JR voorbereiding GBM e.a.",
        Family.JEUGDRECLASSERING,
    ),
    # 71 and 72 are not codes of the protocol text we could verify (see 0003); kept pending a
    # decision.
    "71": ("Machtiging gesloten jeugdhulp", "machtiging gesloten", Family.MACHTIGING),
    "72": ("Machtiging uithuisplaatsing", "machtiging uhp", Family.MACHTIGING),
}

OTS, VOTS, VOOGDIJ, VOORLOPIGE_VOOGDIJ, TIJDELIJKE_VOOGDIJ = "11", "12", "21", "22", "23"
MACHTIGING_GESLOTEN, MACHTIGING_UITHUISPLAATSING = "71", "72"

# Maximum term a court may impose or extend at once, in months (None: no statutory maximum
# that the system enforces). OTS: at most one year, extended by at most a year (art. 1:258 and
# 1:260 BW); VOTS: at most three months (art. 1:257 BW).
MAX_TERM_MONTHS: dict[str, int | None] = {OTS: 12, VOTS: 3, MACHTIGING_UITHUISPLAATSING: 12}

# Upper age bound (exclusive) at the start of a measure: youth protection ends at 18,
# youth probation can run until 23.
MAX_AGE_AT_START: dict[Family, int] = {
    Family.JEUGDBESCHERMING: 18,
    Family.MACHTIGING: 18,
    Family.PREVENTIEF: 18,
    Family.JEUGDRECLASSERING: 23,
}

# Regeling Jeugdwet bijlage 2, 4.3.2 "Reden beëindiging maatregel": the options differ per type of
# measure (01-06 (voorlopige) OTS, 11-15 (tijdelijke/voorlopige) voogdij, 21-26 jeugdreclassering,
# 31 preventief justitieel kader). Codes marked "not in the source" are ours.
END_REASONS: dict[str, str] = {
    # (voorlopige) ondertoezichtstelling
    "01": "Bereiken meerderjarigheid jeugdige",
    "02": "Tussentijdse opheffing",
    "03": "Niet verlengd",
    "04": "Beëindiging volgens plan",
    "05": "Gezagsbeëindigende maatregel",
    "06": "Overlijden jeugdige",
    # Not in the source; kept pending a decision.
    "07": "Voorlopige OTS overgegaan in OTS",
    # (tijdelijke/voorlopige) voogdij
    "11": "Bereiken meerderjarigheid jeugdige",
    "12": "Voogdij naar pleegouder",
    "13": "Voogdij naar contactpersoon oftewel burgervoogd",
    "14": "Herstel gezag",
    "15": "Overlijden jeugdige",
    # jeugdreclassering
    "21": "Beëindiging volgens plan",
    "22": "Tussentijdse opheffing",
    "23": "Overgang naar volwassen reclassering",
    "24": "Terugmelding",
    "25": "Nader besluit rechter",
    "26": "Overlijden jeugdige",
    # activiteiten in het preventief justitieel kader
    "31": "Einde activiteiten in het preventief justitieel kader",
    # Not in the source; kept pending a decision.
    "99": "Overige reden",
}

_OTS_REASONS = ("01", "02", "03", "04", "05", "06")
_VOOGDIJ_REASONS = ("11", "12", "13", "14", "15", "99")
_JR_REASONS = ("21", "22", "23", "24", "25", "26")
# Which end reasons fit which measure type: the source's list per kind of measure (bijlage 2,
# 4.3.2), plus our own 07 (VOTS became OTS) and 99 (voorlopige voogdij ended otherwise). The
# machtigingen 71/72 are our own codes and use the OTS list.
END_REASONS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "11": _OTS_REASONS,
    "12": (*_OTS_REASONS, "07"),
    "21": _VOOGDIJ_REASONS,
    "22": _VOOGDIJ_REASONS,
    "23": _VOOGDIJ_REASONS,
    "31": ("31",),
    **{code: _JR_REASONS for code, v in MEASURE_TYPES.items() if v[2] == Family.JEUGDRECLASSERING},
    "71": _OTS_REASONS,
    "72": _OTS_REASONS,
}

PLACEMENT_TYPES: dict[str, str] = {
    "thuis": "Thuis",
    "pleeggezin": "Pleeggezin",
    "gezinshuis": "Gezinshuis",
    "residentieel": "Residentieel",
    "gesloten": "Gesloten jeugdhulp",
    "zelfstandig": "Zelfstandig / begeleid wonen",
}

SAFETY_COLOURS: dict[str, str] = {"rood": "Rood", "oranje": "Oranje", "groen": "Groen"}

ORGANISATION_TYPES: dict[str, str] = {
    "gi": "Gecertificeerde instelling",
    "gemeente": "Gemeente",
    "veilig_thuis": "Veilig Thuis",
    "wijkteam": "Wijkteam / lokaal team",
    "rvdk": "Raad voor de Kinderbescherming",
    "jeugdhulpaanbieder": "Jeugdhulpaanbieder",
    "rechtbank": "Rechtbank",
}

WORKER_ROLES: dict[str, str] = {
    "jeugdzorgwerker": "Jeugdzorgwerker",
    "gedragswetenschapper": "Gedragswetenschapper",
    "teamleider": "Teamleider",
    "gebiedsmanager": "Gebiedsmanager",
    "bestuurder": "Bestuurder",
    "beleidsmedewerker": "Beleidsmedewerker",
    "functioneel_beheerder": "Functioneel beheerder",
    "privacy_officer": "Privacy officer",
    "medewerker": "Medewerker",
}

RELATIONS: dict[str, str] = {
    "moeder": "Moeder",
    "vader": "Vader",
    "ouder": "Ouder",
    "stiefouder": "Stiefouder",
    "pleegouder": "Pleegouder",
    "broer_zus": "Broer of zus",
    "grootouder": "Grootouder",
    "voogd": "Voogd",
    "netwerk": "Netwerk (overig)",
    "buur": "Buur",
    "leerkracht": "Leerkracht",
}

CONTACT_MODES: dict[str, str] = {
    "face_to_face": "Face-to-face",
    "telefoon": "Telefonisch",
    "video": "Beeldbellen",
}

CONTACT_LOCATIONS: dict[str, str] = {
    "thuis": "Thuis",
    "school": "School",
    "kantoor": "Kantoor GI",
    "verblijfplaats": "Verblijfplaats (pleeggezin/instelling)",
    "elders": "Elders",
}

NOT_ALONE_REASONS: dict[str, str] = {
    "te_jong": "Kind te jong of niet aanspreekbaar",
    "weigert": "Kind weigert",
    "ouder_weigert": "Ouder werkt niet mee",
    "kind_sliep": "Kind sliep",
    "niet_aanwezig": "Kind niet aanwezig",
    "overig": "Overige reden",
}

SIGNAL_SOURCES: dict[str, str] = {
    "school": "School",
    "veilig_thuis": "Veilig Thuis",
    "politie": "Politie",
    "huisarts": "Huisarts",
    "pleegzorg": "Pleegzorgaanbieder",
    "jeugdhulpaanbieder": "Jeugdhulpaanbieder",
    "netwerk": "Netwerk of familie",
    "kind": "Het kind zelf",
    "medewerker": "Eigen waarneming medewerker",
    "overig": "Overig",
}

SEVERITIES: dict[str, str] = {"laag": "Laag", "midden": "Midden", "hoog": "Hoog", "acuut": "Acuut"}

HELP_TYPES: dict[str, str] = {
    "ambulant": "Ambulante jeugdhulp",
    "pleegzorg": "Pleegzorg",
    "gezinshuis": "Gezinshuis",
    "residentieel": "Residentiële jeugdhulp",
    "gesloten": "Gesloten jeugdhulp",
    "jggz": "Jeugd-GGZ",
    "lvb": "Zorg voor jeugd met een (licht) verstandelijke beperking",
    "dagbehandeling": "Dagbehandeling",
    "overig": "Overige jeugdhulp",
}

CONSULTATION_ANSWERS: dict[str, str] = {
    "akkoord": "Akkoord",
    "akkoord_met_voorwaarden": "Akkoord met voorwaarden",
    "alternatief": "Alternatief voorgesteld",
    "niet_akkoord": "Niet akkoord",
}

ASSIGNMENT_KINDS: dict[str, str] = {
    "vast": "Vaste jeugdzorgwerker",
    "doorstroomteam": "In- en doorstroomteam",
    "niemand": "Niemand",
}


def measure_family(code: str) -> Family:
    return MEASURE_TYPES[code][2]


def measure_label(code: str) -> str:
    return MEASURE_TYPES[code][0]


# Ruisdossier: a case with one of these gets an extra safety check with priority (001:4098-4122).
RUIS_FLAGS: dict[str, str] = {
    "contact_kind_geblokkeerd": "Contact met het kind alleen wordt geblokkeerd",
    "geen_alternatieve_hypothese": "Alternatieve hypothese ontbreekt",
    "ketensamenwerking_moeizaam": "Samenwerking in de keten verloopt moeizaam",
    "juridische_strijd": "Juridische strijd",
    "contact_familie_geblokkeerd": "Contact met de biologische familie wordt geblokkeerd",
}

INCIDENT_KINDS: dict[str, str] = {
    "calamiteit": "Calamiteit",
    "ernstig_incident": "Ernstig incident",
}

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
MEASURE_TYPES: dict[str, tuple[str, str, Family]] = {
    "11": ("Ondertoezichtstelling", "OTS", Family.JEUGDBESCHERMING),
    "12": ("Voorlopige ondertoezichtstelling", "VOTS", Family.JEUGDBESCHERMING),
    "21": ("Voogdij", "voogdij", Family.JEUGDBESCHERMING),
    "22": ("Voorlopige voogdij", "voorlopige voogdij", Family.JEUGDBESCHERMING),
    "23": ("Tijdelijke voogdij", "tijdelijke voogdij", Family.JEUGDBESCHERMING),
    "31": ("Preventief justitieel kader", "preventief", Family.PREVENTIEF),
    "41": ("Jeugdreclassering: toezicht en begeleiding (vrijwillig kader)", "JR T&B vrijwillig",
           Family.JEUGDRECLASSERING),
    "42": ("Jeugdreclassering: toezicht en begeleiding (verplicht kader)", "JR T&B",
           Family.JEUGDRECLASSERING),
    "51": ("Jeugdreclassering: intensieve trajectbegeleiding (ITB) harde kern", "ITB harde kern",
           Family.JEUGDRECLASSERING),
    "52": ("Jeugdreclassering: intensieve trajectbegeleiding (ITB) CRIEM", "ITB CRIEM",
           Family.JEUGDRECLASSERING),
    "61": ("Jeugdreclassering: scholings- en trainingsprogramma (STP)", "STP",
           Family.JEUGDRECLASSERING),
    "62": ("Jeugdreclassering: gedragsbeïnvloedende maatregel (GBM)", "GBM",
           Family.JEUGDRECLASSERING),
    "63": ("Jeugdreclassering: overige maatregel", "JR overig", Family.JEUGDRECLASSERING),
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

END_REASONS: dict[str, str] = {
    "01": "Meerderjarigheid bereikt",
    "02": "Voortijdig opgeheven",
    "03": "Niet verlengd",
    "04": "Volgens plan beëindigd",
    "05": "Gezag beëindigd",
    "06": "Overlijden",
    "07": "Voorlopige OTS overgegaan in OTS",
    "99": "Overige reden",
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

"""Synthetic, reproducible demo data in the exchange format (docs/exchange-format.md).

`DemoGenerator(scale, seed, reference_date).records()` yields the records exactly as the lines of
an exchange file hold them: the header, then organisations, teams, workers, youths, measures and
events, the events of each measure in registration order. `chunks()` yields the same records in
groups that can each be imported on their own (reference data first, then the cases in groups
of youths), which keeps the memory of a national import bounded. Nothing here imports Django:
the data passes the same validation as every other import because `ketenzicht demo-data` feeds
it to `ketenzicht.interop.importer.import_lines`.

Determinism: the output depends only on (scale, seed, reference date) and the installed Faker
version. All randomness comes from `random.Random` instances seeded from those values (one for the
organisation, one per case and purpose, so a case does not depend on the order in which cases are
written) and from one `Faker("nl_NL")` instance seeded with `seed_instance`; no global random
state, and no iteration over sets or over dicts filled in a random order.

Scales (calibrated on ../shared/DOMAIN.md; municipality weights below are approximate CBS
population figures, with a surcharge for the big cities):

- ``small``: Haaglanden (9 municipalities): the Haaglanden cluster of Jeugdbescherming west and
  the William Schrikker Stichting's Haaglanden cases, about 350 active measures.
- ``region``: jeugdbeschermingsregio Zuidwest (Haaglanden, Holland Rijnland, Midden-Holland,
  Zuid-Holland Zuid), about 2,500 active measures; about 4 % of the children have no fixed
  youth protector (Haaglanden: about 100 of 2,500, 002:78-84).
- ``national``: every municipality in reference/data/municipalities.csv, about 40,000 active
  measures, WSS about 8,000 of them (001:503) with about 4.4 % without a fixed worker (353,
  001:522).

Every scale also holds the history: cases whose measures all ended in the two years before the
reference date (about 0.8 ended case per active case).

What the data holds, in short:

- Organisations: the regional GIs of the jeugdbeschermingsregio's in scale and the national ones
  (WSS, Leger des Heils JB&R), a gemeente for every municipality a child can live or stay in,
  courts, Raad voor de Kinderbescherming and Veilig Thuis per region, youth care providers
  (foster care, family homes, residential, ambulant per jeugdhulpregio; youth mental health per
  jeugdbeschermingsregio; one national LVB provider).
- Teams per GI and cluster (cluster = jeugdhulpregio for a regional GI, a province-like cluster
  for a national one) of about 170 active cases, and an in- en doorstroomteam per GI cluster
  (so a gebiedsmanager, whose scope is the cluster, sees the cases waiting there). Workers:
  jeugdzorgwerkers (fte 0.6-1.0, filled up to 12-15 cases per fte, a few above the norm),
  gedragswetenschappers, a teamleider per team, a gebiedsmanager per cluster, a bestuurder per
  GI, a beleidsmedewerker per gemeente. `DEMO_WORKERS` are fixed ids the demo accounts use.
- Cases: OTS (a third with a machtiging uithuisplaatsing, `related_measure` = the OTS; some
  preceded by a VOTS ending with 07), voogdij (some after an OTS ended with 05, or after a
  voorlopige voogdij), VOTS, voorlopige voogdij and jeugdreclassering (12-22 years). Terms follow
  the law (OTS at most 12 months per ruling, extended before the end date, never past the 18th
  birthday; VOTS at most three months); end reasons are those of the measure's family (01-07 OTS,
  11-15 voogdij, 21-25 jeugdreclassering).
- Timelines: start, assignment (fixed worker, in- en doorstroomteam, or nobody; worker changes and
  a few handovers between GIs), first contact, safety estimate and assessment, plan of approach,
  contacts every three to six weeks as structured facts, case discussions and plan evaluations
  twice a year, help requested -> municipality consulted -> answer -> help started -> ended
  (most within three months, a minority waits longer, some still wait), placements (often in
  another municipality than the responsible one), signals of unsafety (most followed up within
  five working days), residence changes, and a few corrections of contacts wrongly registered
  as "child spoken alone". Most norms are met in time, a realistic minority is not.
- Events of a measure are written in registration order: by date, except that a contact
  re-registered after a correction comes after the correction. `recorded_at` is the registration
  time (office hours, the same day or a few days later).

BSN: a documented test range, never a real person's number
----------------------------------------------------------
Burgerservicenummers that RvIG publishes for testing ("Test burgerservicenummers en A-nummers",
rvig.nl, the list used in the BRP test environments) lie in the range starting with **9999**, and
the iStandaarden chain test environment (KTO) prescribes test BSNs **999900006 to 999999990**.
The demo data draws its BSNs from that range: 9999xxxxx numbers that pass the elfproef, shuffled
per seed. The sub-range 99999xxxx is left for hand-made examples and tests (tests/builders.py uses
999990019 and 999990020), so demo data can be loaded next to them. That leaves 8,182 numbers:
enough for ``small`` and ``region`` (a few thousand youths), not for ``national`` (about 65,000
youths with the history). Beyond it the generator uses nine-digit strings with two leading zeros
(``00`` + 7 digits) that pass the elfproef: at most seven significant digits, while a BSN (like the
sofinummer before it) is an eight- or nine-digit number, eight-digit ones written with one leading
zero; so such a number cannot belong to anyone. RvIG's own BRP API test persons use numbers of
this form (000000012, 000000024, ...). `is_demo_bsn` recognises both ranges.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faker import Faker

from ketenzicht.interop.records import FORMAT_NAME, FORMAT_VERSION
from ketenzicht.timeline.domain.events import SAME_DAY_ORDER
from ketenzicht.timeline.domain.state import add_months

Record = dict[str, Any]
ONE_DAY = dt.timedelta(days=1)
MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parent.parent / "reference" / "data" / "municipalities.csv"
)

# --------------------------------------------------------------------------- BSN


TEST_BSN_PREFIX = "9999"  # RvIG test BSNs; 99999xxxx is kept free for hand-made examples
EXAMPLE_BSN_PREFIX = "99999"
OVERFLOW_BSN_PREFIX = "00"  # at most 7 significant digits: never a real BSN


def elfproef(number: str) -> bool:
    total = sum((9 - i) * int(c) for i, c in enumerate(number[:8])) - int(number[8])
    return len(number) == 9 and number.isdigit() and int(number) > 0 and total % 11 == 0


def is_demo_bsn(number: str) -> bool:
    """True for a BSN from one of the two ranges the demo data uses (see the module docstring)."""
    if not elfproef(number):
        return False
    if number.startswith(TEST_BSN_PREFIX):
        return not number.startswith(EXAMPLE_BSN_PREFIX)
    return number.startswith(OVERFLOW_BSN_PREFIX)


def bsn_sequence(seed: int) -> Iterator[str]:
    """Unique demo BSNs: the shuffled test range first, then the overflow range."""
    rng = random.Random(f"bsn:{seed}")
    test_range = [f"{n:09d}" for n in range(999_900_000, 999_990_000) if elfproef(f"{n:09d}")]
    rng.shuffle(test_range)
    yield from test_range
    # A fixed permutation of 0..9,999,999 (multiplier coprime to 10), so the overflow numbers do
    # not count up visibly.
    offset = rng.randrange(10_000_000)
    for i in range(10_000_000):
        candidate = f"{OVERFLOW_BSN_PREFIX}{(i * 7_919_993 + offset) % 10_000_000:07d}"
        if elfproef(candidate):
            yield candidate


# --------------------------------------------------------------------------- reference tables

# Approximate population in thousands (CBS, 2024), for the weight of each municipality.
POPULATION: dict[str, int] = {
    "GM0014": 238,
    "GM0034": 222,
    "GM0037": 32,
    "GM0047": 28,
    "GM0059": 28,
    "GM0060": 4,
    "GM0072": 16,
    "GM0074": 51,
    "GM0080": 126,
    "GM0085": 26,
    "GM0086": 30,
    "GM0088": 1,
    "GM0090": 56,
    "GM0093": 5,
    "GM0096": 1,
    "GM0098": 27,
    "GM0106": 69,
    "GM0109": 36,
    "GM0114": 108,
    "GM0118": 56,
    "GM0119": 35,
    "GM0141": 74,
    "GM0147": 24,
    "GM0148": 29,
    "GM0150": 103,
    "GM0153": 161,
    "GM0158": 24,
    "GM0160": 62,
    "GM0163": 36,
    "GM0164": 82,
    "GM0166": 55,
    "GM0168": 23,
    "GM0171": 48,
    "GM0173": 32,
    "GM0175": 18,
    "GM0177": 38,
    "GM0180": 18,
    "GM0183": 21,
    "GM0184": 22,
    "GM0189": 25,
    "GM0193": 132,
    "GM0197": 27,
    "GM0200": 167,
    "GM0202": 167,
    "GM0222": 59,
    "GM0228": 122,
    "GM0243": 49,
    "GM0268": 182,
    "GM0281": 43,
    "GM0294": 29,
    "GM0303": 43,
    "GM0307": 162,
    "GM0308": 25,
    "GM0310": 44,
    "GM0312": 15,
    "GM0313": 23,
    "GM0317": 9,
    "GM0321": 51,
    "GM0327": 31,
    "GM0331": 15,
    "GM0335": 14,
    "GM0342": 47,
    "GM0344": 374,
    "GM0351": 14,
    "GM0352": 24,
    "GM0353": 35,
    "GM0355": 66,
    "GM0356": 66,
    "GM0358": 33,
    "GM0362": 92,
    "GM0363": 933,
    "GM0376": 12,
    "GM0384": 32,
    "GM0385": 37,
    "GM0392": 165,
    "GM0394": 162,
    "GM0400": 57,
    "GM0402": 93,
    "GM0405": 75,
    "GM0406": 42,
    "GM0415": 12,
    "GM0417": 11,
    "GM0431": 10,
    "GM0437": 15,
    "GM0439": 93,
    "GM0451": 31,
    "GM0453": 69,
    "GM0479": 160,
    "GM0482": 20,
    "GM0484": 115,
    "GM0489": 50,
    "GM0502": 68,
    "GM0503": 106,
    "GM0505": 121,
    "GM0512": 38,
    "GM0513": 75,
    "GM0518": 567,
    "GM0523": 19,
    "GM0531": 32,
    "GM0534": 23,
    "GM0537": 67,
    "GM0542": 30,
    "GM0546": 128,
    "GM0547": 28,
    "GM0553": 24,
    "GM0556": 34,
    "GM0569": 30,
    "GM0575": 45,
    "GM0579": 26,
    "GM0589": 10,
    "GM0590": 33,
    "GM0597": 47,
    "GM0599": 670,
    "GM0603": 58,
    "GM0606": 81,
    "GM0610": 26,
    "GM0613": 26,
    "GM0622": 75,
    "GM0626": 26,
    "GM0627": 33,
    "GM0629": 27,
    "GM0632": 53,
    "GM0637": 127,
    "GM0638": 9,
    "GM0642": 45,
    "GM0654": 23,
    "GM0664": 39,
    "GM0677": 28,
    "GM0678": 13,
    "GM0687": 50,
    "GM0703": 23,
    "GM0715": 55,
    "GM0716": 27,
    "GM0717": 22,
    "GM0718": 45,
    "GM0736": 45,
    "GM0737": 32,
    "GM0748": 69,
    "GM0758": 186,
    "GM0765": 12,
    "GM0772": 243,
    "GM0785": 24,
    "GM0796": 160,
    "GM0828": 95,
    "GM0852": 17,
    "GM0855": 227,
    "GM0880": 17,
    "GM0882": 37,
    "GM0888": 16,
    "GM0899": 27,
    "GM0917": 87,
    "GM0928": 45,
    "GM0935": 123,
    "GM0938": 19,
    "GM0965": 10,
    "GM0971": 25,
    "GM0981": 10,
    "GM0983": 103,
    "GM0986": 12,
    "GM0994": 16,
    "GM0995": 83,
    "GM1509": 40,
    "GM1525": 38,
    "GM1581": 50,
    "GM1586": 30,
    "GM1621": 66,
    "GM1674": 78,
    "GM1676": 34,
    "GM1680": 26,
    "GM1681": 26,
    "GM1690": 24,
    "GM1695": 8,
    "GM1696": 24,
    "GM1699": 33,
    "GM1700": 34,
    "GM1701": 20,
    "GM1708": 45,
    "GM1714": 23,
    "GM1729": 14,
    "GM1730": 35,
    "GM1731": 34,
    "GM1735": 35,
    "GM1742": 39,
    "GM1773": 18,
    "GM1774": 27,
    "GM1783": 114,
    "GM1842": 20,
    "GM1859": 44,
    "GM1876": 37,
    "GM1883": 91,
    "GM1884": 28,
    "GM1891": 19,
    "GM1892": 46,
    "GM1895": 39,
    "GM1896": 23,
    "GM1900": 92,
    "GM1901": 36,
    "GM1903": 26,
    "GM1904": 66,
    "GM1916": 78,
    "GM1924": 52,
    "GM1926": 57,
    "GM1930": 86,
    "GM1931": 57,
    "GM1940": 53,
    "GM1942": 59,
    "GM1949": 47,
    "GM1950": 26,
    "GM1952": 61,
    "GM1954": 36,
    "GM1955": 36,
    "GM1961": 58,
    "GM1963": 89,
    "GM1966": 48,
    "GM1969": 65,
    "GM1970": 45,
    "GM1978": 45,
    "GM1979": 46,
    "GM1992": 70,
}
DEFAULT_POPULATION = 25  # for a municipality added to the CSV later

# Short codes for the jeugdhulpregio's (used in ids).
REGION_CODES: dict[str, str] = {
    "Haaglanden": "HGL",
    "Holland Rijnland": "HRL",
    "Midden-Holland": "MHL",
    "Zuid-Holland Zuid": "ZHZ",
    "Rijnmond": "RMD",
    "Amsterdam-Amstelland": "AMA",
    "Zaanstreek-Waterland": "ZWL",
    "Gooi en Vechtstreek": "GVS",
    "Zuid-Kennemerland": "ZKL",
    "IJmond": "IJM",
    "Kop van Noord-Holland": "KNH",
    "West-Friesland": "WFR",
    "Haarlemmermeer": "HLM",
    "Utrecht Stad": "UST",
    "Utrecht West": "UWS",
    "Lekstroom": "LKS",
    "Zuidoost Utrecht": "ZOU",
    "Amersfoort": "AMF",
    "Flevoland": "FLV",
    "Groningen": "GRN",
    "Drenthe": "DRE",
    "Friesland": "FRL",
    "Twente": "TWE",
    "IJsselland": "IJS",
    "Achterhoek": "ACH",
    "Centraal Gelderland": "CGL",
    "Rijk van Nijmegen": "RVN",
    "Midden-IJssel/Oost-Veluwe": "MIJ",
    "FoodValley": "FDV",
    "Noord-Veluwe": "NVL",
    "Rivierenland": "RVL",
    "Zuidoost-Brabant": "ZOB",
    "Hart van Brabant": "HVB",
    "West-Brabant Oost": "WBO",
    "West-Brabant West": "WBW",
    "Noordoost-Brabant": "NOB",
    "Zeeland": "ZLD",
    "Zuid-Limburg": "ZLB",
    "Noord-Limburg": "NLB",
}
JB_REGION_CODES: dict[str, str] = {
    "Zuidwest": "ZW",
    "Rijnmond": "RM",
    "Noord-Holland/Amsterdam": "NHA",
    "Utrecht & Flevoland": "UF",
    "Groningen & Drenthe": "GD",
    "Friesland": "FR",
    "Overijssel": "OV",
    "Gelderland": "GL",
    "Brabant": "BR",
    "Zeeland": "ZL",
    "Limburg": "LB",
}

# jeugdbeschermingsregio -> (id, name, seat) of the regional GI.
REGIONAL_GIS: dict[str, tuple[str, str, str]] = {
    "Zuidwest": ("GI-JBW", "Jeugdbescherming west", "GM0518"),
    "Rijnmond": ("GI-JBRR", "Jeugdbescherming Rotterdam Rijnmond", "GM0599"),
    "Noord-Holland/Amsterdam": ("GI-JBRA", "Jeugdbescherming Regio Amsterdam", "GM0363"),
    "Utrecht & Flevoland": ("GI-SVMN", "Samen Veilig Midden-Nederland", "GM0344"),
    "Groningen & Drenthe": ("GI-JBN", "Jeugdbescherming Noord", "GM0014"),
    "Friesland": ("GI-JBN", "Jeugdbescherming Noord", "GM0014"),
    "Overijssel": ("GI-JBOV", "Jeugdbescherming Overijssel", "GM0193"),
    "Gelderland": ("GI-JBGL", "Jeugdbescherming Gelderland", "GM0202"),
    "Brabant": ("GI-JBBR", "Jeugdbescherming Brabant", "GM0796"),
    "Zeeland": ("GI-INTV", "Intervence", "GM0687"),
    "Limburg": ("GI-BJZL", "Bureau Jeugdzorg Limburg", "GM0935"),
}
NATIONAL_GIS: dict[str, tuple[str, str]] = {
    "GI-WSS": ("William Schrikker Stichting", "GM0363"),
    "GI-LJR": ("Leger des Heils Jeugdbescherming & Reclassering", "GM0034"),
}
# Share of the active measures of a region executed by each national GI (WSS: about 8,000 of
# 40,000 nationally).
NATIONAL_SHARE = {"GI-WSS": 0.20, "GI-LJR": 0.07}
# Clusters of the national GIs, by jeugdbeschermingsregio.
NATIONAL_CLUSTERS: dict[str, str] = {
    "Zuidwest": "Zuid-Holland",
    "Rijnmond": "Zuid-Holland",
    "Noord-Holland/Amsterdam": "Noord-Holland",
    "Utrecht & Flevoland": "Utrecht",
    "Groningen & Drenthe": "Noord",
    "Friesland": "Noord",
    "Overijssel": "Oost",
    "Gelderland": "Oost",
    "Brabant": "Zuid",
    "Zeeland": "Zuid",
    "Limburg": "Limburg",
}
CLUSTER_CODES = {
    "Zuid-Holland": "ZH",
    "Noord-Holland": "NH",
    "Utrecht": "UT",
    "Noord": "NO",
    "Oost": "OO",
    "Zuid": "ZU",
    "Limburg": "LI",
}
# Share of a GI's active cases without a fixed worker at the reference date.
WITHOUT_WORKER_RATE = {
    "GI-JBW": 0.04,
    "GI-WSS": 0.044,
    "GI-JBRR": 0.05,
    "GI-JBRA": 0.055,
    "GI-SVMN": 0.03,
    "GI-JBN": 0.02,
    "GI-JBOV": 0.025,
    "GI-JBGL": 0.03,
    "GI-JBBR": 0.035,
    "GI-INTV": 0.02,
    "GI-BJZL": 0.03,
    "GI-LJR": 0.03,
}
# Of those: in the in- en doorstroomteam (the rest: nobody at all, like WSS's 353, 001:522).
DOORSTROOM_SHARE = {"GI-WSS": 0.5}
DEFAULT_DOORSTROOM_SHARE = 0.85

COURTS: dict[str, tuple[str, str]] = {
    "RB-DH": ("Rechtbank Den Haag", "GM0518"),
    "RB-RT": ("Rechtbank Rotterdam", "GM0599"),
    "RB-AMS": ("Rechtbank Amsterdam", "GM0363"),
    "RB-NH": ("Rechtbank Noord-Holland", "GM0392"),
    "RB-MNE": ("Rechtbank Midden-Nederland", "GM0344"),
    "RB-NNL": ("Rechtbank Noord-Nederland", "GM0014"),
    "RB-OVE": ("Rechtbank Overijssel", "GM0193"),
    "RB-GLD": ("Rechtbank Gelderland", "GM0202"),
    "RB-OBR": ("Rechtbank Oost-Brabant", "GM0796"),
    "RB-ZWB": ("Rechtbank Zeeland-West-Brabant", "GM0758"),
    "RB-LIM": ("Rechtbank Limburg", "GM0935"),
}
COURT_BY_JB_REGION = {
    "Zuidwest": "RB-DH",
    "Rijnmond": "RB-RT",
    "Noord-Holland/Amsterdam": "RB-NH",
    "Utrecht & Flevoland": "RB-MNE",
    "Groningen & Drenthe": "RB-NNL",
    "Friesland": "RB-NNL",
    "Overijssel": "RB-OVE",
    "Gelderland": "RB-GLD",
    "Brabant": "RB-OBR",
    "Zeeland": "RB-ZWB",
    "Limburg": "RB-LIM",
}
COURT_BY_REGION = {
    "Zuid-Holland Zuid": "RB-RT",
    "Amsterdam-Amstelland": "RB-AMS",
    "Gooi en Vechtstreek": "RB-MNE",
    "Hart van Brabant": "RB-ZWB",
    "West-Brabant Oost": "RB-ZWB",
    "West-Brabant West": "RB-ZWB",
}
RVDK_BY_JB_REGION = {
    "Zuidwest": "Zuidwest-Nederland",
    "Rijnmond": "Zuidwest-Nederland",
    "Zeeland": "Zuidwest-Nederland",
    "Noord-Holland/Amsterdam": "Noordwest-Nederland",
    "Utrecht & Flevoland": "Midden-Nederland",
    "Groningen & Drenthe": "Noord-Nederland",
    "Friesland": "Noord-Nederland",
    "Overijssel": "Oost-Nederland",
    "Gelderland": "Oost-Nederland",
    "Brabant": "Zuid-Nederland",
    "Limburg": "Zuid-Nederland",
}
VEILIG_THUIS_NAMES = {"Holland Rijnland": "Hollands Midden", "Midden-Holland": "Hollands Midden"}

# Invented names for residential youth care providers, one per region.
RESIDENTIAL_NAMES = (
    "De Linde",
    "Het Baken",
    "De Meander",
    "Het Anker",
    "De Wissel",
    "Het Kompas",
    "De Waterlelie",
    "Vlinderhof",
    "De Hoeve",
    "Het Palet",
    "De Boei",
    "Zonnehuis",
    "De Bongerd",
    "Het Rietland",
    "De Vuurtoren",
    "Eikenhof",
    "De Brug",
    "Het Veer",
    "De Esch",
    "Lindenhout",
    "De Kering",
    "Het Duin",
    "De Horst",
    "Het Wiel",
    "De Zevensprong",
    "Parkzicht",
    "De Kade",
    "Het Lover",
    "De Regenboog",
    "Het Beekdal",
    "De Uiterwaard",
    "Het Hoogeland",
    "De Akker",
    "Het Klooster",
    "De Stuw",
    "De Heide",
    "Het Wad",
    "De Berk",
    "Het Zwanenhuis",
    "De Molen",
    "Het Venster",
    "De Tuinen",
    "Het Haventje",
    "De Polder",
    "Het Bos",
)

ESCALATIONS = (
    "Geen zicht op veiligheid: ouders houden afspraken af.",
    "Passende hulp komt niet op gang; de wachttijd is te lang.",
    "Herhaalde signalen van onveiligheid zonder verbetering.",
    "Samenwerking met de ketenpartners loopt vast.",
)
SIGNALS: tuple[tuple[str, str, str], ...] = (
    ("school", "midden", "School meldt blauwe plekken op de armen van de jeugdige."),
    ("school", "laag", "De jeugdige is vaak afwezig en komt zonder ontbijt op school."),
    ("politie", "hoog", "Politie meldt huiselijk geweld op het adres van de ouders."),
    ("veilig_thuis", "hoog", "Veilig Thuis meldt een nieuwe melding over partnergeweld."),
    ("kind", "hoog", "De jeugdige vertelt dat vader hem heeft geslagen."),
    ("pleegzorg", "midden", "Pleegouder meldt dat de jeugdige is weggelopen en één nacht weg was."),
    ("huisarts", "midden", "Huisarts maakt zich zorgen over het gewicht van de jeugdige."),
    ("netwerk", "midden", "Oma meldt dat moeder weer drinkt als de kinderen thuis zijn."),
    (
        "jeugdhulpaanbieder",
        "hoog",
        "Hulpverlener stuurt een foto van letsel dat zij bij de jeugdige zag.",
    ),
    ("medewerker", "acuut", "Bij het huisbezoek trof de jeugdzorgwerker de kinderen alleen aan."),
    ("overig", "laag", "Buren melden geschreeuw en ruzie in de nachtelijke uren."),
    ("jeugdhulpaanbieder", "midden", "De jeugdige is niet meer op de dagbehandeling verschenen."),
)
UNASSIGN_REASONS = (
    "Jeugdzorgwerker uit dienst",
    "Jeugdzorgwerker langdurig ziek",
    "Jeugdzorgwerker met zwangerschapsverlof",
)
HELP_END_REASONS = (
    "Doelen behaald",
    "Hulp voortijdig gestopt",
    "Overgang naar een andere hulpvorm",
)
CONSULTATION_REMARKS = {
    "akkoord_met_voorwaarden": "Akkoord, met tussenevaluatie na drie maanden.",
    "alternatief": "De gemeente stelt een lichtere vorm van hulp voor via het wijkteam.",
    "niet_akkoord": "Niet akkoord: eerst de inzet van het lokale team afwachten.",
}
PRIORITY_REASONS = (
    "Onveilige thuissituatie; zonder hulp dreigt een crisisplaatsing.",
    "Jeugdige gaat niet meer naar school en raakt in een isolement.",
    "Ouders kunnen de zorg niet meer aan; het netwerk is uitgeput.",
    "Ernstige gedragsproblemen; de huidige hulp is niet passend.",
)
EXPERT_REASONS = (
    "Geen passende plek beschikbaar na drie afwijzingen van aanbieders.",
    "Complexe combinatie van LVB en trauma; geen aanbieder neemt de jeugdige aan.",
    "Wachtlijst gesloten jeugdhulp; overbrugging loopt vast.",
)
EXPERT_DECISIONS = (
    ("Overbruggingszorg via een gezinshuis in de regio; zorgaanbieder gevonden.", "gezinshuis"),
    ("Maatwerkarrangement met dagbehandeling en ambulante hulp.", "dagbehandeling"),
    ("Plaatsing met voorrang bij residentiële jeugdhulp.", "residentieel"),
)
RUIS_REMARKS = (
    "Ouders houden contact met het kind alleen tegen.",
    "Casus met juridische procedures tussen de ouders.",
    "Samenwerking met school en hulpverlening verloopt stroef.",
)
CORRECTION_REASONS = (
    "Moeder was bij het gesprek aanwezig; de jeugdige is niet alleen gesproken.",
    "De jeugdige sliep tijdens het bezoek; er is niet met de jeugdige alleen gesproken.",
    "Pleegmoeder zat erbij; ten onrechte geregistreerd als alleen gesproken.",
)

# Kind of case (the main measure) per type of GI, for active and for ended cases.
ACTIVE_KINDS = {
    "regional": {"ots": 49, "voogdij": 33, "vots": 3, "vv": 1.5, "jr": 13.5},
    "GI-WSS": {"ots": 53, "voogdij": 35, "vots": 2, "vv": 1, "jr": 9},
    "GI-LJR": {"ots": 26, "voogdij": 13, "vots": 1, "vv": 0, "jr": 60},
}
ENDED_KINDS = {
    "regional": {"ots": 50, "voogdij": 10, "vots": 8, "vv": 2, "jr": 30},
    "GI-WSS": {"ots": 55, "voogdij": 12, "vots": 6, "vv": 2, "jr": 25},
    "GI-LJR": {"ots": 25, "voogdij": 6, "vots": 3, "vv": 0, "jr": 66},
}
JR_TYPES = (("41", 70), ("42", 8), ("50", 3), ("51", 3), ("61", 8), ("62", 4), ("63", 4))
# Age in years at the start of the case, weights for 0, 1, 2, ...
AGE_WEIGHTS = {
    "ots": (6, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 6, 5, 3),
    "vots": (8, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 5, 3),
    "voogdij": (9, 7, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 3, 2),
    "vv": (10, 6, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 3),
    "jr": (0,) * 12 + (2, 4, 7, 9, 10, 9, 7, 4, 3, 2, 1),
}
JR_HELP = ("ambulant", "jggz", "overig", "dagbehandeling")
CARE_HELP = ("ambulant", "ambulant", "ambulant", "jggz", "jggz", "dagbehandeling", "overig")
PLACEMENT_HELP = {
    "pleeggezin": "pleegzorg",
    "gezinshuis": "gezinshuis",
    "residentieel": "residentieel",
}
FTE_CHOICES = (0.6, 0.67, 0.72, 0.78, 0.8, 0.83, 0.89, 0.9, 1.0)
FTE_WEIGHTS = (1, 1, 1, 1, 3, 1, 2, 2, 5)

# Workers the demo accounts are linked to (ketenzicht.demo.users). They exist at every scale:
# every scale holds the Haaglanden cluster of Jeugdbescherming west.
DEMO_GI = "GI-JBW"
DEMO_CLUSTER = "Haaglanden"
DEMO_GEMEENTE = "GEM-0518"
DEMO_WORKERS = {
    "bestuurder": "JBW-W00001",
    "gebiedsmanager": "JBW-W00002",
    "teamleider": "JBW-W00003",
    "gedragswetenschapper": "JBW-W00004",
    "jeugdzorgwerker": "JBW-W00005",
    "functioneel_beheerder": "JBW-W00006",
    "privacy_officer": "JBW-W00007",
    "beleidsmedewerker": "GEM-0518-W01",
}
DEMO_CASELOAD = 14
# The national GI that also executes a measure of one JB west child (a child known at two GIs).
SECOND_GI = "GI-WSS"
TEAM_SIZE = 170  # active cases per team (about 12 jeugdzorgwerkers)


@dataclass(frozen=True)
class Scale:
    name: str
    label: str
    regions: tuple[str, ...] | None  # jeugdhulpregio's (None: all)
    jb_regions: tuple[str, ...] | None  # or jeugdbeschermingsregio's
    active_measures: int
    national_gis: tuple[str, ...]
    stay_pool: tuple[str, ...] | None  # jeugdbeschermingsregio's where children may stay
    history_days: int = 730
    history_ratio: float = 0.8  # ended cases per active case
    chunk_cases: int = 4000


SCALES: dict[str, Scale] = {
    "small": Scale(
        "small", "Haaglanden", ("Haaglanden",), None, 350, ("GI-WSS",), ("Zuidwest", "Rijnmond")
    ),
    "region": Scale(
        "region",
        "jeugdbeschermingsregio Zuidwest",
        None,
        ("Zuidwest",),
        2500,
        ("GI-WSS", "GI-LJR"),
        ("Zuidwest", "Rijnmond"),
    ),
    "national": Scale("national", "Nederland", None, None, 40000, ("GI-WSS", "GI-LJR"), None),
}


# --------------------------------------------------------------------------- small helpers


@dataclass(frozen=True)
class Muni:
    code: str
    name: str
    region: str  # jeugdhulpregio
    jb_region: str  # jeugdbeschermingsregio
    weight: float


def load_municipalities(path: Path = MUNICIPALITIES_CSV) -> list[Muni]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        pop = POPULATION.get(row["cbs_code"], DEFAULT_POPULATION)
        # Children with a measure are more frequent in the big cities.
        factor = 1.35 if pop >= 150 else 1.15 if pop >= 75 else 1.0
        out.append(
            Muni(
                row["cbs_code"],
                row["name"],
                row["jeugdhulpregio"],
                row["jeugdbeschermingsregio"],
                pop * factor,
            )
        )
    return sorted(out, key=lambda m: m.code)


def region_code(region: str) -> str:
    if region in REGION_CODES:
        return REGION_CODES[region]
    letters = "".join(c for c in region.upper() if c.isalnum())
    return f"{letters[:3]}{len(region)}"


class Weighted:
    """Weighted choice with a precomputed cumulative table."""

    def __init__(self, items: list[Any], weights: list[float]):
        self.items = items
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> Any:
        return self.items[
            min(bisect_right(self.cum, rng.random() * self.total), len(self.items) - 1)
        ]


def demo_go_live(reference_date: dt.date) -> dt.date:
    """The demo GIs' go-live date (Organisation.go_live_date): 1 January of the year before the
    reference date. The last full year (the council report's), the dashboard's four quarters
    and everything after lie after it, and no worklist item is older than that (issue 12)."""
    return dt.date(reference_date.year - 1, 1, 1)


def pick(rng: random.Random, table: dict[str, float]) -> str:
    r = rng.random() * sum(table.values())
    for key, weight in table.items():
        r -= weight
        if r < 0:
            return key
    return key


def birthday(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February
        return birth.replace(year=birth.year + years, day=28)


def years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def d(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# --------------------------------------------------------------------------- plans


class MPlan:
    """One measure of a case: its type, dates and ruling periods."""

    __slots__ = (
        "id",
        "type",
        "start",
        "ruling",
        "ends",
        "ext_dates",
        "end",
        "reason",
        "related",
        "court",
    )

    def __init__(self, mid: str, mtype: str, start: dt.date):
        self.id = mid
        self.type = mtype
        self.start = start
        self.ruling = start
        self.ends: list[dt.date] = []  # end date of the ruling, then after each extension
        self.ext_dates: list[dt.date] = []
        self.end: dt.date | None = None
        self.reason: str | None = None
        self.related: str | None = None
        self.court: str | None = None

    def planned_end_at(self, day: dt.date) -> dt.date | None:
        if not self.ends:
            return None
        return self.ends[bisect_right(self.ext_dates, day)]


class Case:
    """One child's case: the skeleton decided up front; events are made when written."""

    __slots__ = (
        "no",
        "active",
        "kind",
        "gi_kind",
        "birth",
        "sex",
        "muni",
        "stay",
        "placement",
        "start",
        "final",
        "measures",
        "main",
        "machtiging",
        "handover",
        "place",
        "residence",
        "colour",
        "u",
        "gi0",
        "gi1",
        "team0",
        "team1",
        "assign",
        "current",
        "bsn",
        "flags",
        "adults",
        "second",
    )

    def __init__(self, no: int, active: bool):
        self.no = no
        self.active = active
        self.measures: list[MPlan] = []
        self.main: list[MPlan] = []
        self.machtiging: MPlan | None = None
        self.handover: tuple[dt.date, dt.date, str] | None = None  # handed over, received, to GI
        self.place: tuple[dt.date, str, str, dt.date | None] | None = None
        self.residence: tuple[dt.date, str, str | None] | None = None
        self.gi1: str | None = None
        self.team0 = self.team1 = ""
        self.assign: list[tuple] = []
        self.current: tuple | None = None  # assignment at the reference date
        self.flags: tuple[str, ...] = ()
        # A measure of the same child executed by another GI: (measure, GI, team, worker).
        self.second: tuple[MPlan, str, str, str] | None = None

    @property
    def youth_id(self) -> str:
        return f"Y-{self.no:06d}"

    def gi_at(self, day: dt.date) -> str:
        if self.handover and day >= self.handover[0]:
            return self.gi1  # type: ignore[return-value]
        return self.gi0

    def team_at(self, day: dt.date) -> str:
        if self.handover and day >= self.handover[0]:
            return self.team1
        return self.team0

    @property
    def final_gi(self) -> str:
        return self.gi1 or self.gi0

    @property
    def final_team(self) -> str:
        return self.team1 or self.team0


@dataclass
class TeamInfo:
    id: str
    gi: str
    cluster: str
    name: str
    doorstroom: bool = False


@dataclass
class WorkerInfo:
    id: str
    org: str
    team: str | None
    given: str
    family: str
    role: str
    fte: float
    capacity: int = 0
    caseload: int = 0


class _Ev:
    __slots__ = ("date", "reg", "order", "k", "type", "data", "id")

    def __init__(self, date, reg, order, k, type_, data):
        self.date, self.reg, self.order, self.k, self.type, self.data = (
            date,
            reg,
            order,
            k,
            type_,
            data,
        )
        self.id = ""


class _Timeline:
    """The events of one measure while they are being made; written in registration order."""

    def __init__(self) -> None:
        self.events: list[_Ev] = []

    def add(
        self, date: dt.date, type_: str, data: dict[str, Any], reg: dt.date | None = None
    ) -> _Ev:
        ev = _Ev(date, reg or date, SAME_DAY_ORDER.get(type_, 5), len(self.events), type_, data)
        self.events.append(ev)
        return ev


def _summer_time(day: dt.date) -> bool:
    """Central European Summer Time on this day (for office hours)."""

    def last_sunday(month: int) -> dt.date:
        last = dt.date(day.year, month, 31)
        return last - d((last.weekday() + 1) % 7)

    return last_sunday(3) <= day < last_sunday(10)


# --------------------------------------------------------------------------- the generator


class DemoGenerator:
    def __init__(self, scale: str = "small", seed: int = 1, reference_date: dt.date | None = None):
        if scale not in SCALES:
            raise ValueError(f"onbekende schaal {scale!r} (kies uit {', '.join(SCALES)})")
        self.scale = SCALES[scale]
        self.seed = seed
        self.today = reference_date or dt.date.today()
        self.rng = random.Random(f"demo:{seed}:{scale}")
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        person = self.fake.provider("faker.providers.person")
        self.first_f: tuple[str, ...] = tuple(person.first_names_female)
        self.first_m: tuple[str, ...] = tuple(person.first_names_male)
        self.last: tuple[str, ...] = tuple(
            n for n in person.last_names if " van " not in n and not n.endswith("dr")
        )
        self.stats: dict[str, int] = {}
        self._offset_cache: dict[dt.date, str] = {}
        self._built = False

    # ------------------------------------------------------------------ public

    def records(self, on_case: Callable[[], None] | None = None) -> Iterator[Record]:
        """Every record, in the order of an exchange file (header first). `on_case` is called
        after the events of each case (for a progress bar)."""
        self._build()
        self.stats["events"] = 0
        yield self.header()
        yield from self.reference_records()
        for case in self.cases:
            yield self._youth_record(case)
        for case in self.cases:
            yield from self._measure_records(case)
        for case in self.cases:
            yield from self._event_records(case)
            if on_case is not None:
                on_case()

    def chunks(self) -> Iterator[tuple[list[Record], int]]:
        """(records, number of cases) per importable group: reference data first, then groups
        of cases with their youths, measures and events. Each group starts with a header."""
        self._build()
        self.stats["events"] = 0
        yield [self.header(), *self.reference_records()], 0
        size = self.scale.chunk_cases
        for i in range(0, len(self.cases), size):
            group = self.cases[i : i + size]
            out: list[Record] = [self.header()]
            out.extend(self._youth_record(c) for c in group)
            for c in group:
                out.extend(self._measure_records(c))
            for c in group:
                out.extend(self._event_records(c))
            yield out, len(group)

    @property
    def case_count(self) -> int:
        self._build()
        return len(self.cases)

    def summary(self) -> dict[str, int]:
        """Counts decided by the generator (events: once all records have been made)."""
        self._build()
        return dict(self.stats)

    @staticmethod
    def header() -> Record:
        return {"kind": "header", "format": FORMAT_NAME, "version": FORMAT_VERSION}

    # ------------------------------------------------------------------ build

    def _build(self) -> None:
        if self._built:
            return
        all_munis = load_municipalities()
        self.muni_by_code = {m.code: m for m in all_munis}
        s = self.scale
        if s.regions is not None:
            munis = [m for m in all_munis if m.region in s.regions]
        elif s.jb_regions is not None:
            munis = [m for m in all_munis if m.jb_region in s.jb_regions]
        else:
            munis = list(all_munis)
        self.munis = munis
        self.muni_pick = Weighted(munis, [m.weight for m in munis])
        pool = (
            all_munis
            if s.stay_pool is None
            else [m for m in all_munis if m.jb_region in s.stay_pool or m in munis]
        )
        self.pool = pool
        self.by_region: dict[str, Weighted] = {}
        self.by_jb_region: dict[str, Weighted] = {}
        for m in pool:
            self.by_region.setdefault(m.region, Weighted([], []))
            self.by_jb_region.setdefault(m.jb_region, Weighted([], []))
        for m in pool:
            for table, key in ((self.by_region, m.region), (self.by_jb_region, m.jb_region)):
                w = table[key]
                w.items.append(m)
                w.total += m.weight
                w.cum.append(w.total)
        self.pool_pick = Weighted(pool, [m.weight for m in pool])
        self._organisations()
        self._plan_cases()
        self._teams()
        self._workers_and_assignments()
        self._child_at_two_gis()
        self._bsns()
        self._count()
        self._built = True

    # ------------------------------------------------------------------ organisations

    def _organisations(self) -> None:
        orgs: dict[str, Record] = {}
        used_jb = []
        for m in self.munis:
            if m.jb_region not in used_jb:
                used_jb.append(m.jb_region)
        self.regional_gi: dict[str, str] = {}
        for jb in used_jb:
            fallback = (
                f"GI-{JB_REGION_CODES.get(jb, 'X')}",
                f"Jeugdbescherming {jb}",
                self.munis[0].code,
            )
            gid, name, seat = REGIONAL_GIS.get(jb, fallback)
            self.regional_gi[jb] = gid
            orgs.setdefault(
                gid,
                {
                    "kind": "organisation",
                    "id": gid,
                    "name": name,
                    "type": "gi",
                    "municipality": seat,
                },
            )
        for gid in self.scale.national_gis:
            name, seat = NATIONAL_GIS[gid]
            orgs[gid] = {
                "kind": "organisation",
                "id": gid,
                "name": name,
                "type": "gi",
                "municipality": seat,
                "national": True,
            }
        self.gi_names = {gid: r["name"] for gid, r in orgs.items()}
        # Courts, Raad voor de Kinderbescherming, Veilig Thuis.
        regions = []
        for m in self.munis:
            if m.region not in regions:
                regions.append(m.region)
        courts = []
        for region in regions:
            jb = next(m.jb_region for m in self.munis if m.region == region)
            court = COURT_BY_REGION.get(region) or COURT_BY_JB_REGION.get(jb, "RB-DH")
            if court not in courts:
                courts.append(court)
        self.court_of_region = {
            region: COURT_BY_REGION.get(region)
            or COURT_BY_JB_REGION.get(
                next(m.jb_region for m in self.munis if m.region == region), "RB-DH"
            )
            for region in regions
        }
        for court in sorted(courts):
            name, seat = COURTS[court]
            orgs[court] = {
                "kind": "organisation",
                "id": court,
                "name": name,
                "type": "rechtbank",
                "municipality": seat,
            }
        rvdk_done = []
        for jb in used_jb:
            region_name = RVDK_BY_JB_REGION.get(jb, jb)
            if region_name in rvdk_done:
                continue
            rvdk_done.append(region_name)
            rid = "RVDK-" + "".join(w[0] for w in region_name.replace("-", " ").split()).upper()
            orgs[rid] = {
                "kind": "organisation",
                "id": rid,
                "name": f"Raad voor de Kinderbescherming, regio {region_name}",
                "type": "rvdk",
            }
        vt_done = []
        for region in regions:
            vt_name = VEILIG_THUIS_NAMES.get(region, region)
            if vt_name in vt_done:
                continue
            vt_done.append(vt_name)
            vid = "VT-" + region_code(region)
            seat = max((m for m in self.munis if m.region == region), key=lambda m: m.weight)
            orgs[vid] = {
                "kind": "organisation",
                "id": vid,
                "name": f"Veilig Thuis {vt_name}",
                "type": "veilig_thuis",
                "municipality": seat.code,
            }
        # Youth care providers: per region foster care, family homes, residential and ambulant
        # care; per jeugdbeschermingsregio youth mental health; one national LVB provider.
        self.providers: dict[tuple[str, str], str] = {}
        for i, region in enumerate(regions):
            code = region_code(region)
            seat = max((m for m in self.munis if m.region == region), key=lambda m: m.weight)
            res_name = RESIDENTIAL_NAMES[(i * 7 + self.seed) % len(RESIDENTIAL_NAMES)]
            for suffix, name, help_types in (
                ("PLZ", f"Pleegzorg {region}", ("pleegzorg",)),
                ("GZH", f"Gezinshuizen {region}", ("gezinshuis",)),
                ("RES", f"{res_name} Jeugdhulp", ("residentieel", "gesloten")),
                ("AMB", f"Gezinsbegeleiding {region}", ("ambulant", "dagbehandeling", "overig")),
            ):
                pid = f"JHA-{code}-{suffix}"
                orgs[pid] = {
                    "kind": "organisation",
                    "id": pid,
                    "name": name,
                    "type": "jeugdhulpaanbieder",
                    "municipality": seat.code,
                }
                for h in help_types:
                    self.providers[(region, h)] = pid
        for jb in used_jb:
            pid = f"JHA-JGZ-{JB_REGION_CODES.get(jb, 'X')}"
            seat = max((m for m in self.munis if m.jb_region == jb), key=lambda m: m.weight)
            orgs[pid] = {
                "kind": "organisation",
                "id": pid,
                "name": f"Jeugd-GGZ {jb}",
                "type": "jeugdhulpaanbieder",
                "municipality": seat.code,
            }
            for region in regions:
                if any(m.region == region and m.jb_region == jb for m in self.munis):
                    self.providers[(region, "jggz")] = pid
        orgs["JHA-LVB"] = {
            "kind": "organisation",
            "id": "JHA-LVB",
            "name": "LVB Zorg Nederland",
            "type": "jeugdhulpaanbieder",
            "municipality": "GM0344",
            "national": True,
        }
        for region in regions:
            self.providers[(region, "lvb")] = "JHA-LVB"
        # A gemeente organisation for every municipality a child can live or stay in.
        for m in self.pool:
            gid = f"GEM-{m.code[2:]}"
            orgs[gid] = {
                "kind": "organisation",
                "id": gid,
                "name": f"Gemeente {m.name}",
                "type": "gemeente",
                "municipality": m.code,
            }
        self.orgs = orgs

    # ------------------------------------------------------------------ cases

    def _plan_cases(self) -> None:
        s = self.scale
        # Each active case has one main measure and, with a placement, a machtiging: aim at the
        # active measures, not the cases.
        n_active = round(s.active_measures / 1.12)
        n_ended = round(n_active * s.history_ratio)
        cases = []
        no = 0
        for active in [True] * n_active + [False] * n_ended:
            no += 1
            cases.append(self._plan_case(no, active))
        self.cases = cases

    def _case_rng(self, case_no: int, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.scale.name}:{case_no}:{purpose}")

    def _pick_gi(self, rng: random.Random, muni: Muni) -> str:
        r = rng.random()
        for gid in self.scale.national_gis:
            share = NATIONAL_SHARE[gid]
            if r < share:
                return gid
            r -= share
        return self.regional_gi[muni.jb_region]

    def _age_days(self, rng: random.Random, kind: str) -> int:
        weights = AGE_WEIGHTS[kind]
        years = pick(rng, {str(i): w for i, w in enumerate(weights)})
        return int(years) * 365 + rng.randrange(365)

    def _plan_case(self, no: int, active: bool) -> Case:
        rng = self._case_rng(no, "plan")
        c = Case(no, active)
        c.muni = self.muni_pick.pick(rng)
        c.gi0 = self._pick_gi(rng, c.muni)
        c.gi_kind = c.gi0 if c.gi0 in NATIONAL_GIS else "regional"
        kinds = ACTIVE_KINDS if active else ENDED_KINDS
        c.kind = pick(rng, kinds[c.gi_kind])
        c.sex = "f" if rng.random() < 0.48 else "m"
        c.u = rng.random()
        c.colour = pick(rng, {"rood": 15, "oranje": 45, "groen": 40})
        today = self.today
        c.final = today if active else today - d(rng.randint(1, self.scale.history_days))
        getattr(self, f"_plan_{c.kind}")(c, rng)
        c.start = c.main[0].start
        c.final = c.main[-1].end or today
        c.measures = list(c.main)
        if c.machtiging:
            c.measures.append(c.machtiging)
        for m in c.measures:
            m.court = self.court_of_region.get(c.muni.region, "RB-DH")
            if rng.random() < 0.2 and m.type != "72":
                m.ruling = m.start - d(rng.choice((1, 2, 3, 7)))
        self._plan_extras(c, rng)
        return c

    # Measures are numbered per case: M-<case>-<n>.
    def _new_measure(self, c: Case, mtype: str, start: dt.date) -> MPlan:
        m = MPlan(
            f"M-{c.no:06d}-{len(c.main) + 1 + (1 if mtype == '72' else 0) * 10}", mtype, start
        )
        return m

    def _periods(
        self,
        m: MPlan,
        rng: random.Random,
        until: dt.date,
        cap: dt.date | None = None,
        extend_months: int = 12,
    ) -> None:
        """Ruling periods from m.start until `until` is covered (extensions before each end)."""
        if not m.ends:
            months = 12 if rng.random() < 0.8 else rng.choice((6, 9))
            first = add_months(m.start, months) - ONE_DAY
            if cap is not None:
                first = min(first, cap)
            m.ends = [max(first, m.start + ONE_DAY)]
        while m.ends[-1] < until:
            old = m.ends[-1]
            months = extend_months if rng.random() < 0.85 else 6
            new = add_months(old, months)
            if cap is not None:
                new = min(new, cap)
            if new <= old:
                break
            lower = (m.ext_dates[-1] if m.ext_dates else m.start) + ONE_DAY
            ext = max(old - d(rng.randint(1, 30)), lower)
            if ext > old:
                break
            m.ext_dates.append(ext)
            m.ends.append(new)

    def _sample_ots_length(self, rng: random.Random, active: bool) -> int:
        r = rng.random()
        if active:
            return (
                rng.randint(0, 364)
                if r < 0.45
                else rng.randint(365, 1094)
                if r < 0.8
                else rng.randint(1095, 2190)
            )
        return (
            rng.randint(60, 364)
            if r < 0.4
            else rng.randint(365, 1094)
            if r < 0.8
            else rng.randint(1095, 2190)
        )

    def _young_enough(
        self, rng: random.Random, birth: dt.date, horizon: dt.date, start: dt.date
    ) -> dt.date:
        """`birth`, or a later one when the child would turn 18 within a month of `horizon`
        (a protection measure ends at 18); never after `start`."""
        if birthday(birth, 18) > horizon + d(30):
            return birth
        later = years_ago(horizon, 18) + d(rng.randint(31, 700))
        return min(later, start)

    def _plan_ots(
        self,
        c: Case,
        rng: random.Random,
        until: dt.date | None = None,
        reason: str | None = None,
        birth: dt.date | None = None,
        placed: bool = False,
    ) -> None:
        """An OTS, possibly preceded by a VOTS. With `until`, `reason` and `birth` (a voogdij
        case) the OTS ends on `until` with that reason, with an out-of-home placement when
        `placed`."""
        today = self.today
        age = self._age_days(rng, "ots")
        if until is not None:
            end_target: dt.date | None = until
            length = rng.randint(365, 1100)
        elif c.active:
            end_target = None
            length = self._sample_ots_length(rng, True)
        else:
            end_target = c.final
            length = self._sample_ots_length(rng, False)
        horizon = end_target or today
        if reason is None and not c.active:
            reason = pick(rng, {"04": 56, "03": 14, "02": 14, "01": 12, "06": 0.3})
        if birth is not None:
            length = max(0, min(length, (horizon - birth).days - 30))
        elif reason == "01":
            # The OTS ends on the day before the 18th birthday.
            birth = years_ago(horizon + ONE_DAY, 18)
            length = max(0, min(length, (horizon - birth).days - 30))
        else:
            birth = horizon - d(age + length)
            if birthday(birth, 18) <= horizon + d(30):
                birth = years_ago(horizon, 18) + d(rng.randint(31, 3 * 365))
                length = max(0, min(length, (horizon - birth).days - 1))
        start = horizon - d(length)
        c.birth = birth
        if rng.random() < 0.15 and (start - birth).days > 100:
            v_len = rng.randint(14, 85)
            vstart = start - d(v_len + 1)
            vots = self._new_measure(c, "12", vstart)
            vots.ends = [add_months(vstart, 3) - ONE_DAY]
            vots.end, vots.reason = start - ONE_DAY, "07"
            c.main.append(vots)
        ots = self._new_measure(c, "11", start)
        cap = birthday(birth, 18) - ONE_DAY
        self._periods(ots, rng, horizon, cap=cap)
        if end_target is not None:
            end = end_target
            if reason in ("03", "04"):
                # The term ran out (04) or the extension was refused (03): the planned end.
                end = ots.ends[-1]
                if end >= today:
                    reason, end = "02", end_target
            ots.end, ots.reason = end, reason
        c.main.append(ots)
        # Out-of-home placement with a machtiging uithuisplaatsing, for about a third.
        final = ots.end or today
        if (placed or rng.random() < 0.3) and (final - start).days > 20:
            crisis = rng.random() < 0.2
            when = start if crisis else start + d(rng.randint(14, (final - start).days))
            ptype = self._placement(
                rng, {"pleeggezin": 55, "gezinshuis": 18, "residentieel": 27}, (when - birth).days
            )
            home = None
            if until is None and rng.random() < 0.4:
                home = when + d(rng.randint(120, 720))
                if home > final:
                    home = None
            c.place = (when, ptype, self._stay_muni(rng, c.muni).code, home)
            self._plan_machtiging(c, rng, ots, when, home, crisis)

    def _plan_machtiging(
        self,
        c: Case,
        rng: random.Random,
        ots: MPlan,
        placed: dt.date,
        home: dt.date | None,
        crisis: bool,
    ) -> None:
        mstart = placed if crisis else max(ots.start, placed - d(rng.randint(0, 10)))
        m = MPlan(f"M-{c.no:06d}-{len(c.main) + 10}", "72", mstart)
        m.related = ots.id
        ots_final = ots.ends[-1]
        first = min(ots.planned_end_at(mstart), add_months(mstart, 12) - ONE_DAY)  # type: ignore
        m.ends = [max(first, mstart + ONE_DAY)]
        if home is not None and (ots.end is None or home < ots.end):
            until, reason = home, "02"
        elif ots.end is not None:
            until = ots.end
            reason = ots.reason if ots.reason in ("01", "02", "03", "04", "05") else "04"
        else:
            until, reason = self.today, None
        self._periods(m, rng, until, cap=ots_final)
        if reason is not None:
            m.end, m.reason = until, reason
            if reason in ("03", "04") and m.end < m.ends[-1]:
                m.reason = "02"
        if m.ends[-1] < until:  # could not cover the period: stop at its planned end
            m.end, m.reason = m.ends[-1], "03"
        c.machtiging = m

    @staticmethod
    def _placement(rng: random.Random, weights: dict[str, float], age_days: int) -> str:
        """A type of out-of-home placement; young children go to a foster family or family
        home, not to a residential group."""
        if age_days < 4 * 365:
            weights = {k: w for k, w in weights.items() if k != "residentieel"}
        return pick(rng, weights)

    def _plan_vots(self, c: Case, rng: random.Random) -> None:
        today = self.today
        age = self._age_days(rng, "vots")
        if c.active:
            start = today - d(rng.randint(0, 85))
        else:
            start = c.final - d(rng.randint(14, 88))
        horizon = today if c.active else c.final
        c.birth = self._young_enough(rng, start - d(age), horizon, start)
        m = self._new_measure(c, "12", start)
        m.ends = [add_months(start, 3) - ONE_DAY]
        if not c.active:
            m.end = min(c.final, m.ends[0])
            m.reason = pick(rng, {"02": 50, "04": 35, "03": 15})
            if m.reason in ("03", "04"):
                m.end = m.ends[0]
                if m.end >= today:
                    m.end, m.reason = c.final, "02"
        c.main.append(m)

    def _plan_vv(self, c: Case, rng: random.Random) -> None:
        today = self.today
        age = self._age_days(rng, "vv")
        if c.active:
            start = today - d(rng.randint(0, 150))
        else:
            start = c.final - d(rng.randint(20, 200))
        horizon = today if c.active else c.final
        c.birth = self._young_enough(rng, start - d(age), horizon, start)
        m = self._new_measure(c, "22", start)
        if not c.active:
            m.end, m.reason = c.final, pick(rng, {"14": 60, "99": 40})
        c.main.append(m)
        c.placement = self._placement(
            rng, {"pleeggezin": 60, "residentieel": 25, "gezinshuis": 15}, (start - c.birth).days
        )

    def _plan_voogdij(self, c: Case, rng: random.Random) -> None:
        today = self.today
        age = self._age_days(rng, "voogdij")
        if c.active:
            span = min(age - 30, 9 * 365) if age > 60 else 0
            length = int(span * rng.random() ** 1.3)
            start = today - d(length)
            birth = start - d(age - length) if age > length else start - d(rng.randint(30, 300))
            if birthday(birth, 18) <= today:
                birth = years_ago(today, 17) - d(rng.randint(0, 300))
                start = max(start, birth + d(30))
            reason = None
        else:
            reason = pick(rng, {"11": 62, "12": 18, "13": 4, "14": 12, "15": 0.3})
            length = rng.randint(180, 6 * 365)
            if reason == "11":
                birth = years_ago(c.final + ONE_DAY, 18)
                length = min(length, (c.final - birth).days - 60)
            else:
                birth = c.final - d(length + age)
                if birthday(birth, 18) <= c.final:
                    birth = years_ago(c.final, 17) - d(rng.randint(0, 200))
                    length = min(length, (c.final - birth).days - 60)
            start = c.final - d(max(length, 30))
        c.birth = birth
        r = rng.random()
        if r < 0.18 and (start - birth).days > 500:
            # OTS ended by a gezagsbeëindigende maatregel (05), then voogdij.
            self._plan_ots(c, rng, until=start - ONE_DAY, reason="05", birth=birth, placed=True)
            c.placement = "thuis"
        elif r < 0.28 and (start - birth).days > 130:
            vv_len = rng.randint(30, 120)
            vv = self._new_measure(c, "22", start - d(vv_len + 1))
            vv.end, vv.reason = start - ONE_DAY, "99"
            c.main.append(vv)
            c.placement = self._placement(
                rng,
                {"pleeggezin": 65, "residentieel": 20, "gezinshuis": 15},
                (vv.start - birth).days,
            )
        else:
            c.placement = pick(
                rng,
                {
                    "pleeggezin": 62,
                    "gezinshuis": 15,
                    "residentieel": 13,
                    "thuis": 6,
                    "zelfstandig": 4,
                },
            )
            if c.placement == "zelfstandig" and (today - birth).days < 16 * 365:
                c.placement = "pleeggezin"
            if c.placement == "residentieel" and (start - birth).days < 4 * 365:
                c.placement = "pleeggezin"
        m = self._new_measure(c, "21", start)
        if not c.active:
            m.end, m.reason = c.final, reason
        c.main.append(m)
        # A change of placement (e.g. foster family to family home) for some.
        final = m.end or today
        if c.place is None and rng.random() < 0.15 and (final - start).days > 120:
            placed = start + d(rng.randint(60, (final - start).days))
            ptype = self._placement(
                rng, {"gezinshuis": 50, "residentieel": 30, "pleeggezin": 20}, (placed - birth).days
            )
            c.place = (placed, ptype, self._stay_muni(rng, c.muni).code, None)

    def _plan_jr(self, c: Case, rng: random.Random) -> None:
        today = self.today
        age = self._age_days(rng, "jr")
        if c.active:
            length = rng.randint(0, 420)
            start = today - d(length)
        else:
            length = rng.randint(90, 540)
            start = c.final - d(length)
        c.birth = start - d(age)
        mtype = pick(rng, dict(JR_TYPES))
        m = self._new_measure(c, mtype, start)
        m.ends = [add_months(start, rng.choice((6, 9, 12))) - ONE_DAY]
        horizon = today if c.active else c.final
        self._periods(m, rng, horizon, extend_months=6)
        if not c.active:
            reason = pick(rng, {"21": 60, "22": 18, "23": 6, "24": 10, "25": 6})
            if reason == "23" and (c.final - c.birth).days < 18 * 365:
                reason = "21"
            m.end = c.final
            if reason == "21":
                m.end = m.ends[-1]
                if m.end >= today:
                    m.end, reason = c.final, "22"
            m.reason = reason
        c.main.append(m)
        c.placement = "zelfstandig" if age >= 18 * 365 and rng.random() < 0.3 else "thuis"

    def _stay_muni(self, rng: random.Random, muni: Muni) -> Muni:
        r = rng.random()
        if r < 0.6:
            return muni
        if r < 0.88:
            return self.by_region[muni.region].pick(rng)
        table = self.by_jb_region.get(muni.jb_region)
        return (table or self.pool_pick).pick(rng) if r < 0.95 else self.pool_pick.pick(rng)

    def _plan_extras(self, c: Case, rng: random.Random) -> None:
        if not hasattr(c, "placement"):
            c.placement = "thuis"
        c.stay = c.muni if c.placement == "thuis" else self._stay_muni(rng, c.muni)
        if c.placement == "zelfstandig":
            c.stay = c.muni
        first_main = c.main[0]
        final = c.main[-1].end or self.today
        starts = {m.start for m in c.measures}
        # Handover between GIs, now and then.
        if rng.random() < 0.025 and (final - first_main.start).days > 150:
            when = first_main.start + d(rng.randint(60, (final - first_main.start).days - 30))
            while when in starts:
                when += ONE_DAY
            if when < final:
                if c.gi0 == "GI-WSS" or c.gi0 == "GI-LJR":
                    to = self.regional_gi[c.muni.jb_region]
                else:
                    others = [g for g in self.scale.national_gis if g != c.gi0]
                    to = others[0] if others else None
                if to and to != c.gi0:
                    received = min(when + d(rng.randint(0, 14)), final, self.today)
                    c.handover = (when, received, to)
                    c.gi1 = to
        # The family moves to another municipality, now and then.
        if rng.random() < 0.04 and (final - first_main.start).days > 60:
            when = first_main.start + d(rng.randint(30, (final - first_main.start).days))
            new = self.by_jb_region[c.muni.jb_region].pick(rng)
            if new.code != c.muni.code and when <= final:
                placed = c.placement != "thuis" or (c.place and c.place[0] <= when)
                c.residence = (when, new.code, None if placed else new.code)
        # Household present at home visits.
        c.adults = rng.choice(
            (("moeder",), ("moeder",), ("moeder", "vader"), ("vader",), ("moeder",), ("ouder",))
        )
        flags = []
        if rng.random() < 0.12:
            flags.append("miss_alone")
        c.flags = tuple(flags)

    # ------------------------------------------------------------------ teams and workers

    def _cluster(self, gi: str, muni: Muni) -> str:
        if gi in NATIONAL_GIS:
            return NATIONAL_CLUSTERS.get(muni.jb_region, muni.jb_region)
        return muni.region

    def _teams(self) -> None:
        # Active cases per (GI, cluster) at the reference date decide the number of teams.
        load: dict[tuple[str, str], int] = {}
        for c in self.cases:
            keys = [(c.gi0, self._cluster(c.gi0, c.muni))]
            if c.gi1:
                keys.append((c.gi1, self._cluster(c.gi1, c.muni)))
            for k in keys:
                load.setdefault(k, 0)
            if c.active:
                key = keys[-1]
                load[key] += 1
        # Demo cluster first, so the designated workers get their fixed ids.
        order = sorted(load, key=lambda k: (k != (DEMO_GI, DEMO_CLUSTER), k))
        self.teams: dict[str, TeamInfo] = {}
        self.cluster_teams: dict[tuple[str, str], list[str]] = {}
        self.cluster_munis: dict[tuple[str, str], tuple[list[str], list[float], float]] = {}
        self.idt: dict[tuple[str, str], str] = {}
        for key in order:
            gi, cluster = key
            n = max(1, math.ceil(load[key] / TEAM_SIZE))
            munis = sorted(
                (m for m in self.munis if self._cluster(gi, m) == cluster),
                key=lambda m: (-m.weight, m.code),
            )
            if not munis:
                munis = sorted(
                    (m for m in self.pool if self._cluster(gi, m) == cluster),
                    key=lambda m: (-m.weight, m.code),
                )
            cum, total = [], 0.0
            for m in munis:
                cum.append(total)
                total += m.weight
            self.cluster_munis[key] = ([m.code for m in munis], cum, total)
            gcode = gi.removeprefix("GI-")
            ccode = (CLUSTER_CODES.get(cluster) if gi in NATIONAL_GIS else None) or region_code(
                cluster
            )
            ids = []
            names = self._team_names(munis, cum, total, n)
            for i in range(n):
                tid = f"{gcode}-T-{ccode}-{i + 1:02d}"
                self.teams[tid] = TeamInfo(tid, gi, cluster, names[i])
                ids.append(tid)
            self.cluster_teams[key] = ids
            tid = f"{gcode}-T-{ccode}-IDT"
            self.teams[tid] = TeamInfo(
                tid, gi, cluster, f"In- en doorstroomteam {cluster}", doorstroom=True
            )
            self.idt[key] = tid
        for c in self.cases:
            c.team0 = self._team_for(c.gi0, c.muni, c.u)
            if c.gi1:
                c.team1 = self._team_for(c.gi1, c.muni, c.u)

    @staticmethod
    def _team_names(munis: list[Muni], cum: list[float], total: float, n: int) -> list[str]:
        names = []
        for i in range(n):
            lo, hi = total * i / n, total * (i + 1) / n
            covered = [
                m.name
                for m, start in zip(munis, cum, strict=True)
                if start < hi and start + m.weight > lo
            ]
            label = " / ".join(covered[:3]) + (" e.o." if len(covered) > 3 else "")
            names.append(f"Team {label}")
        seen: dict[str, int] = {}
        for name in names:
            seen[name] = seen.get(name, 0) + 1
        counter: dict[str, int] = {}
        out = []
        for name in names:
            if seen[name] > 1:
                counter[name] = counter.get(name, 0) + 1
                name = f"{name} {'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[counter[name] - 1]}"
            out.append(name)
        return out

    def _team_for(self, gi: str, muni: Muni, u: float) -> str:
        key = (gi, self._cluster(gi, muni))
        codes_, cum, total = self.cluster_munis[key]
        teams = self.cluster_teams[key]
        try:
            i = codes_.index(muni.code)
            pos = (cum[i] + u * self.muni_by_code[muni.code].weight) / total
        except ValueError:
            pos = u
        return teams[min(int(pos * len(teams)), len(teams) - 1)]

    def _new_worker(
        self, org: str, team: str | None, role: str, fte: float, wid: str | None = None
    ) -> WorkerInfo:
        if wid is None:
            prefix = org.removeprefix("GI-")
            self._worker_no[prefix] = self._worker_no.get(prefix, 0) + 1
            wid = f"{prefix}-W{self._worker_no[prefix]:05d}"
        female = self.rng.random() < 0.78  # most youth care professionals are women
        given = self.fake.first_name_female() if female else self.fake.first_name_male()
        w = WorkerInfo(wid, org, team, given, self.fake.last_name(), role, fte)
        self.workers.append(w)
        return w

    def _fte(self) -> float:
        return self.rng.choices(FTE_CHOICES, FTE_WEIGHTS)[0]

    def _workers_and_assignments(self) -> None:
        rng = self.rng
        self.workers: list[WorkerInfo] = []
        # Reserved numbers 1-7 at JB west for the demo accounts.
        self._worker_no = {"JBW": 7}
        # 1. Who has no fixed worker at the reference date: per GI a share of the active cases,
        # preferring recent, orange and green cases (red is assigned first, 001:603-610).
        by_gi: dict[str, list[Case]] = {}
        for c in self.cases:
            if c.active:
                by_gi.setdefault(c.final_gi, []).append(c)
        for gi in sorted(by_gi):
            active = by_gi[gi]
            target = round(WITHOUT_WORKER_RATE.get(gi, 0.035) * len(active))
            keyed = []
            for c in active:
                main = c.main[-1]
                if main.type not in ("11", "21"):
                    continue
                recent = (self.today - main.start).days < 150
                w = (3.0 if recent else 1.0) * (0.2 if c.colour == "rood" else 1.0)
                keyed.append((rng.random() ** (1 / w), c.no, c))
            keyed.sort(key=lambda x: (-x[0], x[1]))
            door_share = DOORSTROOM_SHARE.get(gi, DEFAULT_DOORSTROOM_SHARE)
            for _, _, c in keyed[:target]:
                c.current = ("door",) if rng.random() < door_share else ("none",)
        # 2. Teams: workers enough for the fixed caseloads (12-15 per fte, some above the norm).
        team_cases: dict[str, list[Case]] = {tid: [] for tid in self.teams}
        waiting: dict[str, int] = {}  # doorstroomteam -> its cases at the reference date
        for c in self.cases:
            if c.active and c.current is None:
                team_cases[c.final_team].append(c)
            elif c.active and c.current == ("door",):
                idt = self.idt[(c.final_gi, self._cluster(c.final_gi, c.muni))]
                waiting[idt] = waiting.get(idt, 0) + 1
        self.team_workers: dict[str, list[WorkerInfo]] = {}
        gis_done: list[str] = []
        clusters_done: list[tuple[str, str]] = []
        for tid, info in self.teams.items():
            gi = info.gi
            demo_team = tid == self.cluster_teams.get((DEMO_GI, DEMO_CLUSTER), [None])[0]
            if gi not in gis_done:
                gis_done.append(gi)
                wid = DEMO_WORKERS["bestuurder"] if gi == DEMO_GI else None
                self._new_worker(gi, None, "bestuurder", 1.0, wid)
                if gi == DEMO_GI:
                    self._new_worker(
                        gi,
                        None,
                        "functioneel_beheerder",
                        0.8,
                        DEMO_WORKERS["functioneel_beheerder"],
                    )
                    self._new_worker(
                        gi, None, "privacy_officer", 0.6, DEMO_WORKERS["privacy_officer"]
                    )
            if (gi, info.cluster) not in clusters_done:
                clusters_done.append((gi, info.cluster))
                wid = (
                    DEMO_WORKERS["gebiedsmanager"]
                    if (gi, info.cluster) == (DEMO_GI, DEMO_CLUSTER)
                    else None
                )
                self._new_worker(gi, None, "gebiedsmanager", 1.0, wid)
            self._new_worker(
                gi, tid, "teamleider", 1.0, DEMO_WORKERS["teamleider"] if demo_team else None
            )
            if demo_team:
                self._new_worker(
                    gi, tid, "gedragswetenschapper", 0.9, DEMO_WORKERS["gedragswetenschapper"]
                )
            jzw: list[WorkerInfo] = []
            cases = team_cases[tid]
            if info.doorstroom:
                for _ in range(max(2, round(waiting.get(tid, 0) / 40))):
                    jzw.append(self._new_worker(gi, tid, "jeugdzorgwerker", self._fte()))
            else:
                if demo_team:
                    w = self._new_worker(
                        gi, tid, "jeugdzorgwerker", 1.0, DEMO_WORKERS["jeugdzorgwerker"]
                    )
                    w.capacity = DEMO_CASELOAD
                    jzw.append(w)
                i = 0
                for c in cases:
                    while i < len(jzw) and jzw[i].caseload >= jzw[i].capacity:
                        i += 1
                    if i == len(jzw):
                        w = self._new_worker(gi, tid, "jeugdzorgwerker", self._fte())
                        factor = 1.15 if rng.random() < 0.12 else 1.0
                        w.capacity = max(4, round(w.fte * rng.uniform(12, 15) * factor))
                        jzw.append(w)
                    jzw[i].caseload += 1
                    c.current = ("vast", jzw[i].id)
                if not jzw:  # a team with only history still had workers
                    jzw.append(self._new_worker(gi, tid, "jeugdzorgwerker", self._fte()))
            n_gw = max(1, round(len(jzw) / 7)) - (1 if demo_team else 0)
            for _ in range(n_gw):
                self._new_worker(gi, tid, "gedragswetenschapper", self._fte())
            self.team_workers[tid] = jzw
        # Beleidsmedewerkers at the municipalities (one each).
        for oid, org in self.orgs.items():
            if org["type"] == "gemeente":
                self._new_worker(oid, None, "beleidsmedewerker", 0.9, f"{oid}-W01")
        # 3. Flags that make the demo jeugdzorgwerker's list show overdue work.
        demo_cases = [
            c
            for c in self.cases
            if c.active and c.current == ("vast", DEMO_WORKERS["jeugdzorgwerker"])
        ]
        self._force_demo_flags(demo_cases)
        # 4. Each case's history of assignments.
        for c in self.cases:
            self._plan_assignments(c)

    def _force_demo_flags(self, cases: list[Case]) -> None:
        eligible = [
            c
            for c in cases
            if c.main[-1].type in ("11", "21")
            and (self.today - c.birth).days > 6 * 365
            and (self.today - c.main[-1].start).days > 200
        ]
        for i, c in enumerate(eligible[:4]):
            extra = ("miss_alone", "miss_alone", "help_waiting", "signal_open")[i]
            c.flags = tuple(f for f in c.flags if f != extra) + (extra,)

    def _random_worker(self, rng: random.Random, team: str, exclude: str | None = None) -> str:
        pool = [w.id for w in self.team_workers.get(team, []) if w.id != exclude]
        if not pool:
            pool = [w.id for w in self.team_workers.get(team, [])]
        return rng.choice(pool)

    def _plan_assignments(self, c: Case) -> None:
        """The case's assignments over time as (date, kind, worker, team, note) entries, the
        last of which gives the assignment at the reference date (c.current)."""
        rng = self._case_rng(c.no, "assign")
        final = c.main[-1].end or self.today
        entries: list[tuple] = []
        segments = [(c.start, c.gi0, c.team0, c.handover[0] - ONE_DAY if c.handover else final)]
        if c.handover:
            segments.append((c.handover[1], c.gi1, c.team1, final))
        for si, (seg_start, gi, team, seg_end) in enumerate(segments):
            if si == 1:
                entries.append((c.handover[0], "handover", c.gi1, c.team1, c.handover[1]))
            if seg_start > seg_end:
                continue
            idt = self.idt[(gi, self._cluster(gi, c.muni))]
            delay = rng.choice((0, 0, 1, 1, 1, 2, 3))
            first = seg_start + d(min(delay, (seg_end - seg_start).days))
            last_segment = si == len(segments) - 1
            if last_segment and c.active:
                goal = c.current
            elif rng.random() < 0.08 and last_segment:
                goal = ("door",)
            else:
                goal = ("vast", self._random_worker(rng, team))
            span = (seg_end - first).days
            if goal[0] == "vast":
                r = rng.random()
                if r < 0.6 or span < 30:
                    entries.append((first, "vast", goal[1], None, None))
                elif r < 0.78:
                    wait = min(rng.randint(14, 120), span - 7)
                    entries.append((first, "door", None, idt, None))
                    entries.append((first + d(wait), "vast", goal[1], None, None))
                else:
                    before = self._random_worker(rng, team, exclude=goal[1])
                    change = first + d(rng.randint(7, span - 1))
                    entries.append((first, "vast", before, None, None))
                    if before == goal[1]:
                        continue
                    if rng.random() < 0.3 and (change - first).days > 20:
                        gap = rng.randint(7, min(30, (change - first).days - 1))
                        left = change - d(gap)
                        if rng.random() < 0.5:
                            entries.append((left, "none", None, None, rng.choice(UNASSIGN_REASONS)))
                        else:
                            entries.append((left, "door", None, idt, None))
                    entries.append((change, "vast", goal[1], None, None))
            elif goal[0] == "door":
                if span < 150 or rng.random() < 0.5:
                    entries.append((first, "door", None, idt, None))
                else:
                    moved = final - d(rng.randint(7, min(240, span - 7)))
                    entries.append((first, "vast", self._random_worker(rng, team), None, None))
                    entries.append((moved, "door", None, idt, None))
            else:  # nobody at the reference date
                if span < 120 and rng.random() < 0.6:
                    pass  # never assigned yet
                elif span < 20:
                    pass
                else:
                    left = final - d(rng.randint(7, min(200, span - 7)))
                    entries.append((first, "vast", self._random_worker(rng, team), None, None))
                    entries.append((left, "none", None, None, rng.choice(UNASSIGN_REASONS)))
        entries.sort(key=lambda e: e[0])
        c.assign = entries
        if not c.active:
            state = ("none",)
            for e in entries:
                state = {
                    "vast": ("vast", e[2]),
                    "door": ("door",),
                    "none": ("none",),
                    "handover": ("none",),
                }[e[1]]
            c.current = state

    # ------------------------------------------------------------------ a child at two GIs

    def _child_at_two_gis(self) -> None:
        """One child known at two GIs (issue 11, finding 4): a running OTS at Jeugdbescherming
        west (preferably of the demo jeugdzorgwerker) and a jeugdreclassering executed by the
        William Schrikker Stichting. Each GI's users see and act on their own measure only.
        Its own random stream, so no other case changes."""
        if SECOND_GI not in self.scale.national_gis:
            return
        own = ("vast", DEMO_WORKERS["jeugdzorgwerker"])
        candidates = [
            c
            for c in self.cases
            if c.active
            and c.gi0 == DEMO_GI
            and c.handover is None
            and c.main[-1].type == "11"
            and c.main[-1].end is None
            and 13 * 365 <= (self.today - c.birth).days < 17 * 365
            and (self.today - c.main[-1].start).days > 120
        ]
        candidates.sort(key=lambda c: (c.current != own, c.no))
        for c in candidates:
            key = (SECOND_GI, self._cluster(SECOND_GI, c.muni))
            if key not in self.cluster_teams:
                continue
            rng = self._case_rng(c.no, "second-gi")
            team = self._team_for(SECOND_GI, c.muni, c.u)
            if not self.team_workers.get(team):
                continue
            start = self.today - d(rng.randint(60, 150))
            m = MPlan(f"M-{c.no:06d}-{len(c.main) + 1}", "41", start)
            m.ends = [add_months(start, 12) - ONE_DAY]
            m.court = c.main[-1].court
            c.second = (m, SECOND_GI, team, self._random_worker(rng, team))
            return

    def _second_gi_timeline(self, c: Case, rng: random.Random) -> _Timeline:
        """The other GI's measure: start, a fixed worker of its own team, first contact, safety
        estimate, plan of approach, a case discussion and contacts every three to five weeks."""
        m, gi, team, worker = c.second  # type: ignore[misc]
        tl = _Timeline()
        start, today = m.start, self.today
        tl.add(
            start,
            "measure_started",
            {
                "ruling_date": m.ruling.isoformat(),
                "end_date": m.ends[0].isoformat(),
                "gi": gi,
                "team": team,
                "court": m.court,
            },
        )
        tl.add(start + d(1), "worker_assigned", {"assignment": "vast", "worker": worker})
        first = start + d(rng.randint(2, 4))
        tl.add(
            first,
            "first_contact",
            {"with_child": True, "with_parents": True, "mode": "face_to_face"},
        )
        tl.add(first, "safety_estimate", {"colour": "oranje"})
        plan = start + d(rng.randint(20, 40))
        tl.add(plan, "plan_of_approach", {"child_involved": True, "parents_involved": True})
        tl.add(
            start + d(rng.randint(45, 58)),
            "case_discussion",
            {"external_participant": False, "behavioural_scientist_present": True},
        )
        t = first + d(rng.randint(14, 21))
        while t <= today:
            alone = rng.random() < 0.85
            data: dict[str, Any] = {
                "present": ["jeugdige"] if alone else ["jeugdige", "moeder"],
                "child_spoken_alone": alone,
                "mode": "face_to_face",
                "location": rng.choice(("thuis", "kantoor", "school")),
            }
            if not alone:
                data["not_alone_reason"] = rng.choice(("weigert", "overig"))
            tl.add(t, "contact", data)
            t += d(rng.randint(21, 35))
        return tl

    # ------------------------------------------------------------------ BSN and counts

    def _bsns(self) -> None:
        seq = bsn_sequence(self.seed)
        for c in self.cases:
            c.bsn = next(seq)

    def _count(self) -> None:
        active_measures = without = youths_without = 0
        for c in self.cases:
            act = [m for m in c.measures if m.end is None]
            active_measures += len(act)
            if c.second is not None:
                active_measures += 1
            if act and c.current[0] != "vast":
                without += len(act)
                youths_without += 1
        self.stats = {
            "organisations": len(self.orgs),
            "teams": len(self.teams),
            "workers": len(self.workers),
            "youths": len(self.cases),
            "measures": sum(len(c.measures) + (c.second is not None) for c in self.cases),
            "active_measures": active_measures,
            "active_without_fixed_worker": without,
            "youths_without_fixed_worker": youths_without,
            "active_youths": sum(1 for c in self.cases if c.active),
        }

    # ------------------------------------------------------------------ reference records

    def reference_records(self) -> Iterator[Record]:
        for oid in sorted(self.orgs):
            yield self.orgs[oid]
        for tid, t in self.teams.items():
            rec: Record = {
                "kind": "team",
                "id": tid,
                "organisation": t.gi,
                "name": t.name,
                "cluster": t.cluster,
            }
            if t.doorstroom:
                rec["doorstroomteam"] = True
            yield rec
        for w in self.workers:
            rec = {"kind": "worker", "id": w.id, "organisation": w.org}
            if w.team:
                rec["team"] = w.team
            rec.update(
                {"given_name": w.given, "family_name": w.family, "role": w.role, "fte": w.fte}
            )
            yield rec

    # ------------------------------------------------------------------ youth and measures

    def _youth_record(self, c: Case) -> Record:
        rng = self._case_rng(c.no, "youth")
        family = rng.choice(self.last)
        given = rng.choice(self.first_f if c.sex == "f" else self.first_m)
        network = []
        voogdij = any(m.type in ("21", "22") for m in c.main if m.start <= c.start)
        mother_family = family if rng.random() < 0.6 else rng.choice(self.last)
        authority = c.main[0].type not in ("21", "22")
        if "moeder" in c.adults or "ouder" in c.adults or rng.random() < 0.7:
            network.append(
                {
                    "relation": "moeder",
                    "name": f"{rng.choice(self.first_f)} {mother_family}",
                    "has_authority": authority,
                }
            )
        if "vader" in c.adults or rng.random() < 0.45:
            network.append(
                {
                    "relation": "vader",
                    "name": f"{rng.choice(self.first_m)} {family}",
                    "has_authority": authority and rng.random() < 0.7,
                }
            )
        if voogdij:
            network.append(
                {"relation": "voogd", "name": self.gi_names[c.gi0], "has_authority": True}
            )
        if c.placement in ("pleeggezin",):
            pf = rng.choice(self.last)
            network.append(
                {
                    "relation": "pleegouder",
                    "name": f"{rng.choice(self.first_f)} {pf}",
                    "has_authority": False,
                }
            )
        if rng.random() < 0.35:
            network.append(
                {
                    "relation": "grootouder",
                    "name": f"{rng.choice(self.first_f)} {mother_family}",
                    "has_authority": False,
                }
            )
        if rng.random() < 0.25:
            network.append(
                {
                    "relation": "broer_zus",
                    "name": f"{rng.choice(self.first_f + self.first_m)} {family}",
                    "has_authority": False,
                }
            )
        rec: Record = {
            "kind": "youth",
            "id": c.youth_id,
            "bsn": c.bsn,
            "given_name": given,
            "family_name": family,
            "birth_date": c.birth.isoformat(),
            "responsible_municipality": c.muni.code,
            "stay_municipality": c.stay.code,
            "placement_type": c.placement,
        }
        if network:
            rec["network"] = network
        return rec

    def _measure_records(self, c: Case) -> Iterator[Record]:
        for m in c.measures:
            rec: Record = {
                "kind": "measure",
                "id": m.id,
                "youth": c.youth_id,
                "measure_type": m.type,
            }
            if m.related:
                rec["related_measure"] = m.related
            yield rec
        if c.second is not None:
            yield {
                "kind": "measure",
                "id": c.second[0].id,
                "youth": c.youth_id,
                "measure_type": c.second[0].type,
            }

    # ------------------------------------------------------------------ events

    def _event_records(self, c: Case) -> Iterator[Record]:
        rng = self._case_rng(c.no, "events")
        ctx = _CaseContext(self, c, rng)
        for m in c.measures:
            tl = _Timeline()
            if m.type == "72":
                ctx.machtiging_events(tl, m)
            else:
                ctx.main_events(tl, m)
            yield from self._write_events(tl, m, rng)
        if c.second is not None:
            own = self._case_rng(c.no, "second-gi-events")
            yield from self._write_events(self._second_gi_timeline(c, own), c.second[0], own)

    def _offset(self, day: dt.date) -> str:
        off = self._offset_cache.get(day)
        if off is None:
            off = self._offset_cache[day] = "+02:00" if _summer_time(day) else "+01:00"
        return off

    def _write_events(self, tl: _Timeline, m: MPlan, rng: random.Random) -> Iterator[Record]:
        events = sorted(tl.events, key=lambda e: (e.reg, e.order, e.k))
        for n, e in enumerate(events, start=1):
            e.id = f"{m.id}-{n:03d}"
        last_day, last_minute = None, 0
        today = self.today
        self.stats["events"] += len(events)
        for e in events:
            # Registered the same day mostly, sometimes a few days later; never before the
            # previous registration of this measure, never after the reference date.
            delay = 0 if rng.random() < 0.72 else rng.choice((1, 1, 2, 3, 5))
            day = min(e.reg + d(delay), today)
            if last_day is not None and day < last_day:
                day = last_day
            if day == last_day:
                minute = min(last_minute + rng.randint(1, 40), 23 * 60 + 59)
            else:
                minute = rng.randint(8 * 60, 17 * 60)
            last_day, last_minute = day, minute
            data = {k: (v.id if isinstance(v, _Ev) else v) for k, v in e.data.items()}
            yield {
                "kind": "event",
                "id": e.id,
                "measure": m.id,
                "type": e.type,
                "date": e.date.isoformat(),
                "data": data,
                "recorded_at": f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00"
                f"{self._offset(day)}",
            }


class _CaseContext:
    """Everything about one case over time, for making its events."""

    def __init__(self, gen: DemoGenerator, c: Case, rng: random.Random):
        self.gen = gen
        self.c = c
        self.rng = rng
        self.today = gen.today
        self.assign_dates = [e[0] for e in c.assign]

    # -- state over time

    def assignment_at(self, day: dt.date, inclusive: bool = True) -> tuple:
        entries = self.c.assign
        i = (bisect_right if inclusive else bisect_left)(self.assign_dates, day)
        if i == 0:
            return ("none",)
        e = entries[i - 1]
        if e[1] == "vast":
            return ("vast", e[2])
        if e[1] == "door":
            return ("door", e[3])
        return ("none",)

    def responsible_at(self, day: dt.date) -> str:
        r = self.c.residence
        return r[1] if r and day >= r[0] else self.c.muni.code

    def placement_at(self, day: dt.date) -> str:
        p = self.c.place
        if p and day >= p[0]:
            if p[3] is not None and day >= p[3]:
                return "thuis"
            return p[1]
        return self.c.placement

    def age_at(self, day: dt.date) -> int:
        return (day - self.c.birth).days // 365

    def provider(self, help_type: str) -> str:
        region = self.gen.muni_by_code[self.responsible_at(self.today)].region
        found = self.gen.providers.get((region, help_type))
        if found is None:
            found = self.gen.providers.get((self.c.muni.region, help_type))
        if found is None:
            found = self.gen.providers.get((self.c.muni.region, "ambulant"), "JHA-LVB")
        return found

    # -- the machtiging uithuisplaatsing: start, assignments, extensions, handover, end

    def machtiging_events(self, tl: _Timeline, m: MPlan) -> None:
        final = m.end or self.today
        tl.add(m.start, "measure_started", self._start_data(m))
        self._assignment_events(tl, m.start, final)
        for when, new_end in zip(m.ext_dates, m.ends[1:], strict=True):
            tl.add(when, "measure_extended", {"new_end_date": new_end.isoformat()})
        if m.end is not None:
            tl.add(m.end, "measure_ended", {"reason": m.reason})

    def _start_data(self, m: MPlan) -> dict[str, Any]:
        c = self.c
        data: dict[str, Any] = {"ruling_date": m.ruling.isoformat()}
        if m.ends:
            data["end_date"] = m.ends[0].isoformat()
        data["gi"] = c.gi_at(m.start)
        data["team"] = c.team_at(m.start)
        data["court"] = m.court
        return data

    def _assignment_events(self, tl: _Timeline, start: dt.date, final: dt.date) -> None:
        """Mirror the case's assignments (and handover) onto one measure."""
        c = self.c
        state: tuple = ("none",)
        prior = self.assignment_at(start, inclusive=False)
        if prior[0] != "none":
            self._emit_assignment(tl, start, prior)
            state = prior
        for e in c.assign:
            when, kind = e[0], e[1]
            if when < start or when > final:
                continue
            if kind == "handover":
                if when > start:
                    data = {"to_gi": e[2], "to_team": e[3], "received_on": e[4].isoformat()}
                    tl.add(when, "handover", data)
                state = ("none",)
            elif kind == "vast":
                if state != ("vast", e[2]):
                    self._emit_assignment(tl, when, ("vast", e[2]))
                    state = ("vast", e[2])
            elif kind == "door":
                if state != ("door", e[3]):
                    self._emit_assignment(tl, when, ("door", e[3]))
                    state = ("door", e[3])
            elif state[0] != "none":
                tl.add(when, "worker_unassigned", {"reason": e[4]})
                state = ("none",)

    @staticmethod
    def _emit_assignment(tl: _Timeline, when: dt.date, state: tuple) -> None:
        if state[0] == "vast":
            tl.add(when, "worker_assigned", {"assignment": "vast", "worker": state[1]})
        else:
            tl.add(when, "worker_assigned", {"assignment": "doorstroomteam", "team": state[1]})

    # -- a main measure: OTS, VOTS, voogdij, voorlopige voogdij or jeugdreclassering

    def main_events(self, tl: _Timeline, m: MPlan) -> None:
        c, rng = self.c, self.rng
        start = m.start
        final = m.end or self.today
        protection = m.type in ("11", "12")
        guardianship = m.type in ("21", "22")
        probation = not (protection or guardianship)
        lapse = self._lapse(m)
        if lapse is not None:
            final = lapse  # the last extension was never registered: lapsed after this day
        tl.add(start, "measure_started", self._start_data(m))
        extensions = list(zip(m.ext_dates, m.ends[1:], strict=True))
        if lapse is not None:
            extensions = extensions[:-1]
        for when, new_end in extensions:
            tl.add(when, "measure_extended", {"new_end_date": new_end.isoformat()})
        self._extension_requests(tl, m, extensions, lapse)
        self._hp_decision(tl, m, final)
        self._assignment_events(tl, start, final)
        never_assigned = not c.assign or c.assign[0][0] > final
        # First contact with child and parents and a first safety estimate (Besluit Jeugdwet,
        # norm 1a.3: within 5 days; Handelingsperspectief: colour within 5 working days): most in
        # time, a minority later or incomplete.
        r = rng.random()
        delay = (
            rng.randint(0, 4)
            if r < 0.82
            else rng.randint(5, 12)
            if r < 0.95
            else rng.randint(13, 40)
        )
        first_contact: dt.date | None = start + d(delay)
        if never_assigned and rng.random() < 0.5:
            first_contact = None
        if first_contact and first_contact <= final:
            adult_child = probation and self.age_at(first_contact) >= 18
            tl.add(
                first_contact,
                "first_contact",
                {
                    "with_child": rng.random() < 0.95,
                    "with_parents": rng.random() < (0.7 if guardianship or adult_child else 0.95),
                    "mode": pick(rng, {"face_to_face": 85, "telefoon": 10, "video": 5}),
                },
            )
        colour = c.colour if protection else pick(rng, {"rood": 8, "oranje": 40, "groen": 52})
        est = start + d(rng.randint(0, 6) if rng.random() < 0.85 else rng.randint(7, 20))
        if est <= final and not (never_assigned and rng.random() < 0.5):
            tl.add(est, "safety_estimate", {"colour": colour})
        if not probation:
            # Safety assessment with the behavioural scientist (HP: within two weeks), then
            # a yearly one.
            ass = start + d(rng.randint(3, 14) if rng.random() < 0.8 else rng.randint(15, 45))
            if ass <= final:
                outcome = (
                    colour
                    if rng.random() < 0.7
                    else pick(rng, {"rood": 15, "oranje": 45, "groen": 40})
                )
                tl.add(
                    ass,
                    "safety_assessment",
                    {"with_behavioural_scientist": rng.random() < 0.92, "colour": outcome},
                )
            t = start + d(rng.randint(330, 400))
            while t <= final:
                tl.add(
                    t,
                    "safety_assessment",
                    {
                        "with_behavioural_scientist": rng.random() < 0.85,
                        "colour": pick(rng, {"rood": 8, "oranje": 40, "groen": 52}),
                    },
                )
                t += d(rng.randint(330, 400))
        # Plan of approach with child and parents (norm 1b.3: within 6 weeks), then evaluations
        # every half year.
        r = rng.random()
        plan_day = start + d(rng.randint(14, 42) if r < 0.8 else rng.randint(43, 120))
        if plan_day <= final:
            young = self.age_at(plan_day) < 4
            tl.add(
                plan_day,
                "plan_of_approach",
                {
                    "child_involved": rng.random() < (0.6 if young else 0.92),
                    "parents_involved": rng.random() < 0.92,
                },
            )
            t = plan_day + d(rng.randint(150, 200))
            while t <= final:
                tl.add(
                    t,
                    "plan_evaluation",
                    {
                        "child_involved": self.age_at(t) >= 4 and rng.random() < 0.8,
                        "parents_involved": rng.random() < 0.85,
                    },
                )
                t += d(rng.randint(150, 210))
        # Case discussion (MDO) at least twice a year; now and then one is skipped.
        t = start + d(rng.randint(45, 150))
        while t <= final:
            if rng.random() > 0.08:
                tl.add(
                    t,
                    "case_discussion",
                    {
                        "external_participant": rng.random() < 0.3,
                        "behavioural_scientist_present": rng.random() < 0.85,
                    },
                )
            t += d(rng.randint(150, 190))
        # Contacts.
        self._contacts(tl, m, first_contact or start + d(7), final, probation, guardianship)
        # Help.
        self._help(tl, m, start, final, probation)
        self._waiting_case(tl, m, start, final, probation)
        # Signals of unsafety, most of them followed by an assessment or case discussion within
        # five working days.
        if not probation or rng.random() < 0.3:
            self._signals(tl, m, start, final)
        # Residence change of the family.
        res = c.residence
        if res and start <= res[0] <= final and res[0] > start:
            data = {"responsible_municipality": res[1]}
            if res[2]:
                data["stay_municipality"] = res[2]
            tl.add(res[0], "residence_changed", data)
        if m.end is not None:
            tl.add(m.end, "measure_ended", {"reason": m.reason})

    # -- issue 12: extension requests, the Handelingsperspectief per case, lapsed measures.
    # Each has its own random stream, so the other draws of the demo do not shift.

    def _lapse(self, m: MPlan) -> dt.date | None:
        """A few running OTS whose last extension was never registered: lapsed weeks ago (the
        red flag *Maatregel verlopen*). Only cases with nothing else after that day."""
        c = self.c
        if m is not c.main[-1] or m.end is not None or m.type != "11" or len(m.ends) < 2:
            return None
        old = m.ends[-2]
        if not (self.today - d(120) <= old < self.today - d(7)) or c.flags or c.second:
            return None
        if any(x.related == m.id for x in c.measures) or any(e[0] > old for e in c.assign):
            return None
        if c.residence and c.residence[0] > old:
            return None
        if c.place and (c.place[0] > old or (c.place[3] is not None and c.place[3] > old)):
            return None
        return old if self.gen._case_rng(c.no, "lapse").random() < 0.05 else None

    def _extension_requests(
        self,
        tl: _Timeline,
        m: MPlan,
        extensions: list[tuple[dt.date, dt.date]],
        lapse: dt.date | None,
    ) -> None:
        """The request for extension filed with the court (norm verlenging-voorbereid: ten
        weeks before the end date, 001:2319-2322): before every registered extension, mostly on
        time; for a running measure also once its current end date comes near."""
        if not m.ends:
            return
        rng = self.gen._case_rng(self.c.no, f"extension-request:{m.id}")
        court = {"court": m.court} if m.court else {}
        lower = m.start
        for i, (when, new_end) in enumerate(extensions):
            day = self._request_day(rng, m.ends[i], lower, when)
            if day is not None:
                data = {"requested_end_date": new_end.isoformat(), **court}
                tl.add(day, "extension_requested", data)
            lower = when
        if m.end is None and lapse is None:
            day = self._request_day(rng, m.ends[-1], lower, m.ends[-1])
            if day is not None and day <= self.today and rng.random() < 0.9:
                tl.add(day, "extension_requested", dict(court))

    @staticmethod
    def _request_day(
        rng: random.Random, end: dt.date, after: dt.date, before: dt.date
    ) -> dt.date | None:
        """Mostly before the due date (end - 10 weeks), a minority late; strictly between the
        event that set the end date and the extension it asks for (None: no room)."""
        due = end - d(70)
        day = due - d(rng.randint(0, 40)) if rng.random() < 0.8 else due + d(rng.randint(1, 50))
        day = max(min(day, before - ONE_DAY), after + ONE_DAY)
        return day if after < day < before else None

    def _hp_decision(self, tl: _Timeline, m: MPlan, final: dt.date) -> None:
        """The directorate's formal decision to work under the Handelingsperspectief in a case
        (001:563-572): mostly WSS OTS cases that start without a fixed worker; now and then a
        case elsewhere, and sometimes the decision is no. Not for VOTS and guardianship."""
        c = self.c
        if m.type != "11":
            return
        rng = self.gen._case_rng(c.no, f"hp:{m.id}")
        gi = c.gi_at(m.start)
        waiting = self.assignment_at(m.start)[0] != "vast"
        share = (0.75 if gi == "GI-WSS" else 0.05) if waiting else 0.0
        if rng.random() >= share:
            return
        day = m.start + d(rng.randint(2, 10))
        if day <= final:
            name = self.gen.orgs.get(gi, {}).get("name", gi)
            tl.add(
                day,
                "handelingsperspectief_decided",
                {"decision": rng.random() < 0.9, "decided_by": f"Directie {name}"},
            )

    def _contacts(
        self,
        tl: _Timeline,
        m: MPlan,
        begin: dt.date,
        final: dt.date,
        probation: bool,
        guardianship: bool,
    ) -> None:
        c, rng = self.c, self.rng
        miss_alone = "miss_alone" in c.flags
        alone_p = 0.05 if miss_alone else 0.88
        t = begin + d(rng.randint(7, 21))
        stable = m.start + d(365)  # a guardianship in a stable placement needs fewer visits
        contacts: list[_Ev] = []
        while t <= final:
            state = self.assignment_at(t)
            if state[0] == "vast":
                interval = (
                    rng.randint(28, 49) if guardianship and t > stable else rng.randint(21, 42)
                )
                mode = pick(rng, {"face_to_face": 84, "telefoon": 9, "video": 7})
            elif state[0] == "door":
                interval = rng.randint(32, 44)
                mode = pick(rng, {"telefoon": 60, "video": 15, "face_to_face": 25})
            else:
                interval = rng.randint(60, 150)
                mode = pick(rng, {"telefoon": 70, "face_to_face": 30})
            contacts.append(tl.add(t, "contact", self._contact_data(t, mode, alone_p, probation)))
            t += d(interval)
        # A contact wrongly registered as "child spoken alone", corrected, then registered again
        # as it happened (001:2727-2735).
        if contacts and rng.random() < 0.03:
            wrong = contacts[rng.randrange(len(contacts))]
            placement = self.placement_at(wrong.date)
            adult = (
                "pleegouder"
                if placement in ("pleeggezin", "gezinshuis")
                else ("hulpverlener" if placement in ("residentieel", "gesloten") else c.adults[0])
            )
            wrong.data = {
                "present": ["jeugdige"],
                "child_spoken_alone": True,
                "mode": "face_to_face",
                "location": wrong.data["location"],
            }
            when = min(wrong.date + d(rng.randint(1, 10)), final)
            reason = (
                CORRECTION_REASONS[2]
                if adult == "pleegouder"
                else rng.choice(CORRECTION_REASONS[:2])
            )
            tl.add(when, "correction", {"corrects": wrong, "reason": reason}, reg=when)
            tl.add(
                wrong.date,
                "contact",
                {
                    "present": ["jeugdige", adult],
                    "child_spoken_alone": False,
                    "not_alone_reason": "kind_sliep" if "sliep" in reason else "overig",
                    "mode": "face_to_face",
                    "location": wrong.data["location"],
                },
                reg=when,
            )

    def _contact_data(
        self, t: dt.date, mode: str, alone_p: float, probation: bool
    ) -> dict[str, Any]:
        rng = self.rng
        age = self.age_at(t)
        placement = self.placement_at(t)
        if placement in ("pleeggezin", "gezinshuis"):
            adults, home = ["pleegouder"], "verblijfplaats"
        elif placement in ("residentieel", "gesloten"):
            adults, home = ["hulpverlener"], "verblijfplaats"
        elif placement == "zelfstandig":
            adults, home = [], "verblijfplaats"
        else:
            adults, home = list(self.c.adults), "thuis"
        r = rng.random()
        can_alone = age >= 4 and mode != "telefoon"
        if mode == "face_to_face":
            location = home
        else:
            location = "kantoor"
        if can_alone and r < alone_p:
            if mode == "face_to_face":
                location = pick(
                    rng,
                    {
                        home: 50,
                        "school": 25 if 5 <= age < 18 else 0,
                        "kantoor": 30 if probation else 10,
                        "elders": 8,
                    },
                )
            return {
                "present": ["jeugdige"],
                "child_spoken_alone": True,
                "mode": mode,
                "location": location,
            }
        if r < alone_p + (1 - alone_p) * 0.55 and (mode != "telefoon" or age >= 12):
            present = ["jeugdige", *adults] if adults else ["jeugdige", "hulpverlener"]
            if rng.random() < 0.05:
                present.append("tolk")
            if rng.random() < 0.06 and "broer_zus" not in present:
                present.append("broer_zus")
            if age < 4:
                reason = "te_jong"
            else:
                reason = pick(
                    rng,
                    {
                        "overig": 45,
                        "ouder_weigert": 18,
                        "weigert": 20,
                        "kind_sliep": 10 if age < 10 and home == "thuis" else 0,
                        "te_jong": 0,
                    },
                )
            return {
                "present": present,
                "child_spoken_alone": False,
                "not_alone_reason": reason,
                "mode": mode,
                "location": location,
            }
        present = adults or ["hulpverlener"]
        return {
            "present": list(present),
            "child_spoken_alone": False,
            "not_alone_reason": "niet_aanwezig",
            "mode": mode,
            "location": location,
        }

    def _help(
        self, tl: _Timeline, m: MPlan, start: dt.date, final: dt.date, probation: bool
    ) -> None:
        c, rng = self.c, self.rng
        place = c.place
        if place and start <= place[0] <= final and not probation:
            help_type = PLACEMENT_HELP[place[1]]
            self._help_chain(tl, start, final, help_type, started=place[0], placement=place)
        if m.type in ("21", "22") and self.placement_at(start) in PLACEMENT_HELP:
            # The placement of a child under guardianship continues: registered at the start,
            # after consulting the municipality.
            help_type = PLACEMENT_HELP[self.placement_at(start)]
            cons = tl.add(
                start,
                "municipality_consultation",
                {"municipality": self.responsible_at(start), "help_type": help_type},
            )
            answer_day = start + d(self._waiting_rng().randint(1, 14))
            if answer_day <= min(final, self.today):
                tl.add(
                    answer_day,
                    "municipality_consultation_answer",
                    {"consultation": cons, "answer": "akkoord"},
                )
            tl.add(
                start,
                "help_started",
                {"help_type": help_type, "provider": self.provider(help_type)},
            )
        lvb = c.final_gi == "GI-WSS"
        n = 0 if rng.random() < 0.15 else 1 if rng.random() < 0.65 else 2
        if m.type == "12":
            n = 0  # a VOTS lasts weeks; help is arranged under the OTS that follows
        if "help_waiting" in c.flags and m is c.main[-1]:
            req = self.today - d(rng.randint(100, 180))
            if req >= start:
                self._help_chain(
                    tl, start, final, "lvb" if lvb else "jggz", request=req, started=None
                )
        for i in range(n):
            if probation:
                help_type = rng.choice(JR_HELP)
            elif lvb and rng.random() < 0.5:
                help_type = "lvb"
            else:
                help_type = rng.choice(CARE_HELP)
            # The first help is asked for in the first weeks; appropriate help starts within
            # three months for most (norm 2.2), a minority waits longer (002:125-135).
            req = start + d(rng.randint(3, 35) if i == 0 else rng.randint(60, 300))
            if req > final:
                continue
            wait = rng.randint(10, 60) if rng.random() < 0.72 else rng.randint(91, 300)
            self._help_chain(tl, start, final, help_type, request=req, started=req + d(wait))

    def _help_chain(
        self,
        tl: _Timeline,
        start: dt.date,
        final: dt.date,
        help_type: str,
        *,
        started: dt.date | None,
        request: dt.date | None = None,
        placement: tuple | None = None,
    ) -> None:
        rng = self.rng
        if request is None:
            request = max(start, started - d(rng.randint(7, 60)))  # type: ignore[operator]
        if request > final:
            return
        provider = self.provider(help_type)
        req_data: dict[str, Any] = {"help_type": help_type}
        if rng.random() < 0.6:
            req_data["provider"] = provider
        if placement is not None and placement[0] == start or rng.random() < 0.12:
            req_data["urgent"] = True
        req = tl.add(request, "help_requested", req_data)
        # Consultation of the municipality (norm 2.3), mostly before the help starts.
        if rng.random() < 0.92:
            consult_day = request + d(rng.randint(0, 14))
            if consult_day <= final:
                cons = tl.add(
                    consult_day,
                    "municipality_consultation",
                    {
                        "municipality": self.responsible_at(consult_day),
                        "help_type": help_type,
                        "request": req,
                    },
                )
                answer_day = consult_day + d(rng.randint(1, 21))
                if answer_day <= final:
                    answer = pick(
                        rng,
                        {
                            "akkoord": 76,
                            "akkoord_met_voorwaarden": 12,
                            "alternatief": 7,
                            "niet_akkoord": 5,
                        },
                    )
                    data = {"consultation": cons, "answer": answer}
                    if answer in CONSULTATION_REMARKS:
                        data["remark"] = CONSULTATION_REMARKS[answer]
                    tl.add(answer_day, "municipality_consultation_answer", data)
                    if answer == "niet_akkoord" and placement is None:
                        return
        self._waiting_for_help(tl, req, request, started, final, provider)
        if started is None or started > final:
            return  # still waiting
        begun = tl.add(
            started, "help_started", {"help_type": help_type, "provider": provider, "request": req}
        )
        if placement is not None:
            tl.add(
                started,
                "placement_changed",
                {"placement_type": placement[1], "stay_municipality": placement[2]},
            )
            home = placement[3]
            if home is not None and home <= final:
                tl.add(home, "help_ended", {"help": begun, "reason": HELP_END_REASONS[0]})
                tl.add(
                    home,
                    "placement_changed",
                    {"placement_type": "thuis", "stay_municipality": self.responsible_at(home)},
                )
            elif (
                self.c.main[-1].end is not None
                and final == self.c.main[-1].end
                and (self.c.main[-1].type not in ("21", "22"))
            ):
                tl.add(final, "help_ended", {"help": begun, "reason": "Maatregel beëindigd"})
            return
        ended = started + d(rng.randint(90, 450))
        if ended <= final:
            tl.add(
                ended,
                "help_ended",
                {
                    "help": begun,
                    "reason": pick(
                        rng,
                        {HELP_END_REASONS[0]: 60, HELP_END_REASONS[1]: 20, HELP_END_REASONS[2]: 20},
                    ),
                },
            )
        elif final < self.today:
            tl.add(final, "help_ended", {"help": begun, "reason": "Maatregel beëindigd"})

    def _waiting_rng(self) -> random.Random:
        """A separate random stream for the waiting events (intake, priority, expert table,
        ruisdossier), so that adding them shifts none of the case's other draws."""
        rng = getattr(self, "_wrng", None)
        if rng is None:
            rng = self._wrng = self.gen._case_rng(self.c.no, "waiting")
        return rng

    def _waiting_for_help(
        self,
        tl: _Timeline,
        req: _Ev,
        request: dt.date,
        started: dt.date | None,
        final: dt.date,
        provider: str,
    ) -> None:
        """Intake, priority as schadelijk wachtende and the Experttafel Complexe Zorg for one
        help request (002:149-155, 004:185-200)."""
        rng = self._waiting_rng()
        end = min(final, self.today)
        waits = started is None or started > end
        if not waits:
            span = (started - request).days  # type: ignore[operator]
            if span > 3 and rng.random() < 0.75:
                intake = request + d(rng.randint(1, max(1, span - 1)))
                tl.add(intake, "help_intake", {"request": req, "provider": provider})
            return
        waited = (end - request).days
        if waited > 10 and rng.random() < 0.5:
            intake = request + d(rng.randint(7, min(60, waited)))
            tl.add(intake, "help_intake", {"request": req, "provider": provider})
        if final < self.today:
            return  # the measure ended while the child waited
        if waited > 75 and rng.random() < 0.55:
            when = request + d(rng.randint(60, min(waited, 150)))
            tl.add(when, "help_priority", {"request": req, "reason": rng.choice(PRIORITY_REASONS)})
        if waited > 110 and rng.random() < 0.3:
            registered = request + d(rng.randint(90, waited))
            meeting = registered + d(rng.randint(7, 28))
            reason = rng.choice(EXPERT_REASONS)
            reg = tl.add(
                registered,
                "expert_table_registered",
                {"reason": reason, "request": req, "meeting_date": meeting.isoformat()},
            )
            if meeting <= self.today:
                decision, help_type = rng.choice(EXPERT_DECISIONS)
                tl.add(
                    meeting,
                    "expert_table_decision",
                    {"registration": reg, "decision": decision, "help_type": help_type},
                )

    def _waiting_case(
        self, tl: _Timeline, m: MPlan, start: dt.date, final: dt.date, probation: bool
    ) -> None:
        """Ruisdossiers (001:4098-4122): some protection cases get their flags, a few of them
        are cleared after the extra safety check; cases waiting for a worker more often. A case
        waiting for a worker now also gets a recent safety re-estimate by the in- en
        doorstroomteam (the team's periodic check), so the waiting list shows every colour."""
        if probation or m is not self.c.main[-1] or (final - start).days < 40:
            return
        from ketenzicht.timeline.domain.codes import RUIS_FLAGS

        rng = self._waiting_rng()
        waiting = self.c.active and self.c.current[0] != "vast"
        if waiting and rng.random() < 0.6:
            when = max(start, self.today - d(rng.randint(3, 30)))
            colour = pick(rng, {"rood": 40, "oranje": 35, "groen": 25})
            tl.add(when, "safety_estimate", {"colour": colour})
        if rng.random() >= (0.35 if waiting else 0.04):
            return
        when = start + d(rng.randint(30, (final - start).days))
        flags = rng.sample(sorted(RUIS_FLAGS), rng.choice((1, 1, 2)))
        tl.add(when, "ruis_flags_set", {"flags": flags, "remark": rng.choice(RUIS_REMARKS)})
        cleared = when + d(rng.randint(20, 120))
        if not waiting and cleared <= final and rng.random() < 0.3:
            tl.add(
                cleared,
                "ruis_flags_set",
                {"remark": "Extra veiligheidscheck gedaan; geen ruisdossier meer."},
            )

    def _signals(self, tl: _Timeline, m: MPlan, start: dt.date, final: dt.date) -> None:
        c, rng = self.c, self.rng
        span = (final - start).days
        forced = "signal_open" in c.flags and m is c.main[-1]
        n = 0
        if span > 20:
            n = 0 if rng.random() < 0.75 else 1 if rng.random() < 0.8 else 2
        days = sorted(start + d(rng.randint(14, span)) for _ in range(n))
        for i, when in enumerate(days + ([self.today - d(rng.randint(2, 12))] if forced else [])):
            if when > final:
                continue
            source, severity, text = rng.choice(SIGNALS)
            data: dict[str, Any] = {"source": source, "severity": severity, "description": text}
            state = self.assignment_at(when)
            if state[0] == "vast" and rng.random() < 0.8:
                data["received_by"] = state[1]
            signal = tl.add(when, "unsafety_signal", data)
            last = forced and i == len(days)
            r = rng.random()
            if last or r > 0.9:
                continue  # no follow-up
            follow = when + d(rng.randint(0, 4) if r < 0.8 else rng.randint(8, 30))
            if follow > final:
                continue
            if rng.random() < 0.6:
                tl.add(
                    follow,
                    "safety_assessment",
                    {
                        "with_behavioural_scientist": True,
                        "colour": pick(rng, {"rood": 35, "oranje": 45, "groen": 20}),
                        "signal": signal,
                    },
                )
            else:
                tl.add(
                    follow,
                    "case_discussion",
                    {
                        "external_participant": rng.random() < 0.4,
                        "behavioural_scientist_present": True,
                        "signal": signal,
                    },
                )
        self._crisis_events(tl, m, start, final)

    def _crisis_events(self, tl: _Timeline, m: MPlan, start: dt.date, final: dt.date) -> None:
        """Issue 6: a few ruisdossiers and repeated signals (tegenkracht needed, mostly given)
        and escalations along the demo AVE ladder (demo/crisis.py). Its own random stream, so
        the other draws of the demo do not shift."""
        from ketenzicht.timeline.domain.codes import RUIS_FLAGS

        c = self.c
        rng = self.gen._case_rng(c.no, "crisis")
        if m is not c.main[-1] or final < self.today or (self.today - start).days < 90:
            return
        final = self.today
        r = rng.random()
        if r < 0.08:
            first = start + d(rng.randint(20, (final - start).days - 45))
            if r < 0.04:  # a ruisdossier, then a signal
                flags = rng.sample(sorted(RUIS_FLAGS), rng.randint(1, 2))
                tl.add(first, "ruis_flags_set", {"flags": flags})
            else:  # a first signal, then another one within weeks
                source, severity, text = rng.choice(SIGNALS)
                data = {"source": source, "severity": severity, "description": text}
                tl.add(first, "unsafety_signal", data)
            when = first + d(rng.randint(3, 40))
            source, severity, text = rng.choice(SIGNALS)
            data = {"source": source, "severity": severity, "description": text}
            signal = tl.add(when, "unsafety_signal", data)
            follow = when + d(rng.randint(1, 12))
            if rng.random() < 0.7 and follow <= final:
                tl.add(
                    follow,
                    "case_discussion",
                    {
                        "external_participant": True,
                        "behavioural_scientist_present": True,
                        "signal": signal,
                    },
                )
        if rng.random() < 0.05:
            when = self.today - d(rng.randint(2, 80))
            if when <= start:
                return
            tl.add(when, "escalated", {"rung": "teamleider", "reason": rng.choice(ESCALATIONS)})
            for rung in ("gebiedsmanager", "bestuur"):
                when = when + d(rng.randint(1, 10))
                if rng.random() > 0.35 or when > self.today:
                    break
                tl.add(when, "escalated", {"rung": rung, "reason": rng.choice(ESCALATIONS)})


def generate(
    scale: str = "small", seed: int = 1, reference_date: dt.date | None = None
) -> Iterator[Record]:
    """Shorthand for DemoGenerator(...).records()."""
    return DemoGenerator(scale, seed, reference_date).records()


__all__ = [
    "DEMO_WORKERS",
    "DemoGenerator",
    "SCALES",
    "bsn_sequence",
    "elfproef",
    "generate",
    "is_demo_bsn",
]

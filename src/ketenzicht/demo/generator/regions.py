"""Municipalities, regions and the scales of the demo data.

The population table lives in data/population.csv (loaded once, at import)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parent.parent.parent / "reference" / "data" / "municipalities.csv"
)
# Approximate population in thousands (CBS, 2024), for the weight of each municipality.
POPULATION_CSV = PACKAGE_DATA / "population.csv"


def _load_population(path: Path = POPULATION_CSV) -> dict[str, int]:
    with open(path, encoding="utf-8", newline="") as f:
        return {row["cbs_code"]: int(row["population_thousands"]) for row in csv.DictReader(f)}


POPULATION: dict[str, int] = _load_population()
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

"""Reference tables of the demo data: GIs, courts, Raad voor de Kinderbescherming, Veilig Thuis,
providers, the case mix per type of GI, and the fixed demo workers. Nothing but data."""

from __future__ import annotations

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
    # The chain before the measure (issue 18): generator/chain.py.
    "wijkteam": "WT-0518-W01",
    "veilig_thuis": "VT-HGL-W01",
    "rvdk": "RVDK-ZN-W01",
}
DEMO_CASELOAD = 14
# The national GI that also executes a measure of one JB west child (a child known at two GIs).
SECOND_GI = "GI-WSS"
TEAM_SIZE = 170  # active cases per team (about 12 jeugdzorgwerkers)

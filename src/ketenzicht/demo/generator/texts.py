"""Dutch texts the demo data puts into events: signals, reasons, remarks. Nothing but data."""

from __future__ import annotations

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

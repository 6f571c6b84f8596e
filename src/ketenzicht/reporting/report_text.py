"""The words of a council report: the summary, generated from the published values only (a
suppressed number never leaks through a sentence), and the method section."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ketenzicht.norms.catalogue import CATALOGUE
from ketenzicht.publication import min_denominator, periods
from ketenzicht.publication.suppression import TOTAL, Table

from .areas import Area
from .chain_figures import method_text as chain_method
from .report_tables import dmy, share_on_time


@dataclass
class MethodItem:
    figure: str
    how: str


def _area_row(table: Table, area: Area) -> str:
    """The row (or the total) that stands for the whole area."""
    return TOTAL if len(area.municipalities) > 1 else area.municipalities[0][0]


def _short(text: str) -> str:
    if text.startswith("<"):
        return f"minder dan {text[1:]}"
    return "niet gepubliceerd" if text == "x" else text


def _count_words(text: str, noun: str) -> str:
    if text.startswith("<"):
        return f"minder dan {text[1:]} {noun}"
    if text == "x":
        return f"een niet gepubliceerd aantal {noun} (om kleine aantallen te beschermen)"
    return f"{text} {noun}"


def summary(area, first, last, dates, tables, sup) -> list[str]:
    """The summary sentences, from published values only."""
    out = []
    kids = tables["kinderen"]
    row = _area_row(kids, area)
    now = kids.cell(row, last.isoformat())
    start = dates[0]
    then = kids.cell(row, start.isoformat())
    sentence = (
        f"Op {dmy(last)} hadden {_count_words(now, 'kinderen')} uit de {area.title} een "
        f"kinderbeschermings- of jeugdreclasseringsmaatregel"
    )
    if now.isdigit() and then.isdigit():
        a, b = int(then), int(now)
        if a:
            change = 100 * (b - a) / a
            trend = "meer" if b > a else "minder" if b < a else "evenveel"
            sentence += (
                f"; op {dmy(start)} waren dat er {a} ({abs(change):.0f}% {trend})"
                if trend != "evenveel"
                else f", evenveel als op {dmy(start)}"
            )
    out.append(sentence + ".")
    norms = tables["normen"]
    total_due = norms.total_value(TOTAL, TOTAL)
    share = share_on_time(norms, TOTAL, sup)
    if share is not None:
        out.append(
            f"Van de {total_due} keer dat in de periode een wettelijke of inspectienorm verviel, "
            f"werd die in {share:.0f}% van de gevallen op tijd gehaald."
        )
        worst = []
        for n in CATALOGUE:
            s = share_on_time(norms, n.id, sup)
            if s is not None:
                worst.append((s, n.title))
        if worst:
            s, title = min(worst)
            out.append(f"Het minst vaak op tijd gehaald: ‘{title}’ ({s:.0f}%).")
    else:
        out.append("Er vervielen te weinig normen in de periode om een percentage te tonen.")
    zonder = tables["zonder_vaste"]
    z_now = zonder.cell(row, last.isoformat())
    z_then = zonder.cell(row, start.isoformat())
    out.append(
        f"Zonder vaste jeugdbeschermer waren op {dmy(last)} "
        f"{_count_words(z_now, 'kinderen')} (op {dmy(start)}: {_short(z_then)})."
    )
    lang = tables["hulp"].cell(row, "lang")
    out.append(
        f"Op {dmy(last)} wachtten {_count_words(lang, 'hulpvragen')} langer dan de norm van "
        "drie maanden op passende hulp."
    )
    n = tables["incidenten"].cell(TOTAL, "aantal")
    out.append(
        f"In de periode zijn {_count_words(n, 'calamiteiten of ernstige incidenten')} gemeld."
    )
    return out


def method(area: Area, first: dt.date, last: dt.date, t: int) -> list[MethodItem]:
    """How each figure was made."""
    return [
        MethodItem(
            "Gebied en bevolking",
            f"Alle maatregelen van kinderen voor wie een gemeente van de {area.title} "
            "verantwoordelijk is (woonplaatsbeginsel, volgens de huidige registratie), bij alle "
            "GI's die hun gegevens in Ketenzicht leveren. Het rapport van een gemeente is een "
            "deel van dat van haar jeugdhulpregio: dezelfde cijfers staan er hetzelfde in.",
        ),
        MethodItem(
            "Peildata",
            f"De laatste dag vóór de periode ({dmy(periods.previous_month_end(first))}), de "
            f"laatste dag van elk kwartaal erin, en het einde ({dmy(last)}): altijd de laatste dag "
            "van een maand. Een maatregel loopt op een peildatum als hij op of vóór "
            "die dag begon en niet vóór die dag eindigde; de datums komen uit de tijdlijn "
            "(uitspraak, beëindiging).",
        ),
        MethodItem(
            "Kinderen",
            "Ieder kind telt één keer per peildatum, ook met meer maatregelen. Verblijf: de "
            "gemeente van verblijf volgens de laatste plaatsing op de tijdlijn; ‘verblijft in de "
            "gemeente terwijl een andere gemeente verantwoordelijk is’ telt per gemeente van "
            "verblijf.",
        ),
        MethodItem(
            "Maatregelen naar soort",
            "Lopende maatregelen op de laatste peildatum, gegroepeerd naar de CBS-codes van "
            "Beleidsinformatie Jeugd.",
        ),
        MethodItem(
            "Normen",
            "Elke keer dat een norm in de periode verviel (eenmalige normen één keer, "
            "terugkerende normen per termijn, signalen per signaal), getoetst door de "
            f"normengine op de dag dat het rapport is gemaakt (niet op {dmy(last)}: zo is een "
            "kwartaal precies de som van zijn maanden). ‘Op tijd’: vóór of op de vervaldatum "
            "gehaald. Wat nog binnen de termijn loopt of niet van toepassing is, telt niet "
            "mee. De normen en hun termijnen staan hieronder.",
        ),
        MethodItem(
            "Zonder vaste jeugdbeschermer",
            "Kinderen met een lopende maatregel die een jeugdbeschermer nodig heeft, die aan "
            "het eind van de peildatum door niemand of door het in- en doorstroomteam werden "
            "gehouden, volgens de toewijzingen op de tijdlijn (correcties meegenomen).",
        ),
        MethodItem(
            "Wachten op hulp",
            "Per hulpvraag: wachtend als de hulp op de laatste peildatum nog niet is gestart en "
            "de maatregel nog loopt; ‘langer dan de norm’ als de termijn van norm 2.2 "
            "(passende hulp binnen 3 maanden, instelbaar) is verstreken.",
        ),
        MethodItem(
            "Overleg met de gemeente",
            "Events ‘overleg met gemeente over inzet hulp’ in de periode met die gemeente.",
        ),
        MethodItem(
            "Calamiteiten en aanbevelingen",
            "Gemelde calamiteiten en ernstige incidenten in de periode (zonder oefeningen); "
            "aanbevelingen uit evaluaties die op de laatste peildatum niet zijn afgerond.",
        ),
        MethodItem(
            "Continuïteit",
            "Kinderbeschermingsmaatregelen (OTS, VOTS, voogdij) van jeugdigen uit de regio die "
            f"op {dmy(last)} en een jaar eerder liepen, bij de GI die de maatregel nu uitvoert; "
            "de verandering in een jaar tegen de afgesproken drempel.",
        ),
        *capacity_method(last, t),
        MethodItem("Keten vóór de maatregel", chain_method(t)),
        MethodItem(
            "Kleine aantallen",
            f"Aantallen van 1 tot en met {t - 1} staan er als ‘<{t}’; 0 wordt wel getoond. "
            "Een ‘x’ is een aantal dat is weggelaten zodat een klein aantal niet uit totalen of "
            "uit een andere tabel in dit rapport kan worden teruggerekend. Percentages staan er "
            f"alleen als teller en noemer gepubliceerd zijn en de noemer minstens "
            f"{min_denominator()} is. Het rapport gaat altijd over een vaste periode (een "
            "kalendermaand, -kwartaal of -jaar) en de kleinere vaste perioden erin zijn samen "
            "onderdrukt: wie rapporten over een maand, het kwartaal en het jaar naast elkaar legt "
            "of van elkaar aftrekt, kan geen klein aantal terugrekenen. Geen kind is "
            "herkenbaar: er staan geen namen, geboortedatums of dossiernummers in dit rapport.",
        ),
    ]


def capacity_method(last: dt.date, t: int) -> list[MethodItem]:
    """How the capacity section's figures were made (issue 17, item 5)."""
    md = min_denominator()
    return [
        MethodItem(
            "Capaciteit: welke teams",
            f"Per GI de teams die aan het eind van de peildatum ({dmy(last)} en een jaar eerder) "
            "een lopende maatregel van een jeugdige uit de regio hielden, het in- en "
            "doorstroomteam inbegrepen. De medewerkers van zo'n team werken voor al zijn "
            "jeugdigen, ook die van buiten de regio: fte en vraag zijn die van de hele teams. "
            "Alles volgt uit de personeelsfeiten (in en uit dienst, fte, functie, afwezigheid) "
            "en de toewijzingen op de tijdlijn, teruggespeeld tot die dag.",
        ),
        MethodItem(
            "Fte beschikbaar",
            "Het contract-fte van de jeugdzorgwerkers in dienst op de peildatum, min het fte "
            "van wie die dag ziek of met verlof was; medewerkers in opleiding en ondersteunend "
            "personeel tellen niet mee. In hele fte.",
        ),
        MethodItem(
            "Caseloadnorm",
            "Het aantal jeugdigen per fte dat de GI op de peildatum als norm had (de eigen norm "
            "van de GI, anders de landelijke: 1:12 sinds 2024). Bij ‘Totaal’ het gemiddelde, "
            "gewogen naar fte.",
        ),
        MethodItem(
            "Capaciteit (jeugdigen)",
            "Beschikbare fte × caseloadnorm: hoeveel jeugdigen de teams volgens de norm kunnen "
            "begeleiden. In hele jeugdigen.",
        ),
        MethodItem(
            "Vraag (jeugdigen)",
            "Jeugdigen met een lopende maatregel die een jeugdbeschermer nodig heeft, die de "
            "teams van de GI op de peildatum hielden (ook wie wachtte op een vaste "
            "jeugdbeschermer). Een aantal kinderen: onderdrukt als elk aantal, per peildatum; "
            "het totaal is de som van de GI's. Fte, capaciteit en tekort van het totaal zijn "
            "uit de onafgeronde cijfers van de GI's berekend en kunnen 1 verschillen van de "
            "som van de afgeronde.",
        ),
        MethodItem(
            "Tekort",
            "Vraag min capaciteit, in jeugdigen en gedeeld door de norm in fte (hele getallen); "
            "negatief is ruimte over. Alleen waar de vraag gepubliceerd is: anders zou de vraag "
            "uit tekort en capaciteit volgen.",
        ),
        MethodItem(
            "Verzuim 12 mnd",
            "Ziektedagen gewogen naar fte, gedeeld door de dagen in dienst gewogen naar fte, in "
            "de twaalf maanden tot de peildatum, van alle medewerkers van de teams; in hele "
            "procenten.",
        ),
        MethodItem(
            "Medewerkers beschermen",
            "Fte en verzuim zijn geen aantallen kinderen, maar gaan over medewerkers: het fte "
            "van een heel kleine groep of zijn verzuim wijst iemand aan (wie ziek is). Daarom: "
            f"fte, capaciteit en tekort alleen voor een groep van minstens {t} "
            f"jeugdzorgwerkers, verzuim alleen voor een groep van minstens {md} medewerkers, "
            "afgerond op hele fte, jeugdigen en procenten; anders staat er een ‘x’. Het totaal "
            "van alle GI's staat er alleen als de cijfers van elke GI er staan (anders volgt "
            "het weggelaten cijfer uit het totaal min de andere). Afwezig fte en het "
            "contract-fte worden niet apart getoond.",
        ),
    ]

"""The chain norms (ketennormen), as data: terms on a *trajectory* (the chain before a measure,
docs/decisions/0012-trajectories.md), not on a measure.

They live next to the per-measure `catalogue.CATALOGUE`, not in it: the engine (`engine`,
`columns`, `loader`) evaluates that catalogue over measures' timelines, set-based; these norms
are evaluated over a trajectory's folded state by `ketenzicht.chain.norms` (pure Python, the same
`Term` and working-day calendar). Decision: docs/decisions/0015-chain-norms.md.

What starts a norm's clock and what satisfies it is named with trajectory event type codes
(`chain.events`); `chain.norms` checks them against the declared types when it is imported (the
norms layer cannot import the chain layer). The set of kinds is closed: `chain.norms`
interprets each one; everything else (terms, sources, texts) is data.

Where the seeds give no term, the default is Ketenzicht's own choice, configurable per
installation (`NORMS_TERMS`, like the configurable measure norms), and `default_note` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .calendar import Term, Unit


class ChainKind(StrEnum):
    # From the first date of the `trigger` milestone to the first date of `satisfied_by`.
    MILESTONE = "milestone"
    # Veilig Thuis's (last) involvement: from `vt_involved` to `vt_handed_over` (or the end of
    # the trajectory).
    VT_INVOLVED = "vt_involved"
    # A ruling that imposes a VOTS: from the ruling to the end of the VOTS measure (ended, or
    # turned into an OTS), read from the measure's timeline.
    VOTS_LIMIT = "vots_limit"
    # The pending handover of regie: from `regie_offered` to its acceptance (or refusal).
    REGIE_OFFER = "regie_offer"


@dataclass(frozen=True)
class ChainNorm:
    id: str
    title: str  # Dutch
    source: str  # Dutch: law, audit, or "keuze van Ketenzicht"
    seed_ref: str  # lines in shared/seeds ("" when the seeds give no term)
    kind: ChainKind
    trigger: str  # trajectory event type that starts the clock
    satisfied_by: str  # trajectory event type (or, for VOTS_LIMIT, a measure event) that ends it
    trigger_text: str  # Dutch, lower case ("Nog geen {trigger_text}.")
    satisfied_text: str  # Dutch, lower case
    term: Term
    configurable: bool = False
    default_note: str = ""  # Dutch, lower case: why this default, when the seeds give no term
    phrase: str = "binnen {term}"  # Dutch; {term} is the term's label
    explanation: str = ""  # Dutch

    def rule_text(self, term: Term | None = None) -> str:
        return self.phrase.format(term=(term or self.term).label())


CHAIN_CATALOGUE: tuple[ChainNorm, ...] = (
    ChainNorm(
        id="keten-veilig-thuis",
        title="Veilig Thuis ten hoogste tien werkdagen betrokken",
        source="Rekenkameronderzoek Amersfoort: in een crisis blijft Veilig Thuis maximaal tien "
        "werkdagen betrokken",
        seed_ref="003:795-800",
        kind=ChainKind.VT_INVOLVED,
        trigger="vt_involved",
        satisfied_by="vt_handed_over",
        trigger_text="Veilig Thuis betrokken (de laatste keer)",
        satisfied_text="Veilig Thuis heeft overgedragen, of het traject is gesloten",
        term=Term(10, Unit.WORKING_DAYS),
        phrase="overgedragen binnen {term} na de betrokkenheid",
        explanation="Telt de laatste periode waarin Veilig Thuis betrokken is. Sluit het traject "
        "terwijl Veilig Thuis nog betrokken is, dan eindigt de betrokkenheid op die dag.",
    ),
    ChainNorm(
        id="keten-start-raadsonderzoek",
        title="Start van het raadsonderzoek na het verzoek",
        source="Wachttijd bij de Raad voor de Kinderbescherming na het verzoek tot onderzoek "
        "(knelpunt uit het rekenkameronderzoek Amersfoort); de termijn is een keuze van "
        "Ketenzicht",
        seed_ref="003:1271-1277",
        kind=ChainKind.MILESTONE,
        trigger="investigation_requested",
        satisfied_by="investigation_started",
        trigger_text="verzoek tot onderzoek Raad voor de Kinderbescherming",
        satisfied_text="raadsonderzoek gestart",
        term=Term(10, Unit.WORKING_DAYS),
        configurable=True,
        default_note="de documenten geven geen termijn, standaard 10 werkdagen",
        phrase="gestart binnen {term} na het verzoek",
        explanation="Sluit het traject voordat het onderzoek start (bijvoorbeeld met een VOTS, "
        "waarna de Raad onderzoekt tijdens de maatregel), dan is de norm niet van toepassing.",
    ),
    ChainNorm(
        id="keten-duur-raadsonderzoek",
        title="Duur van het raadsonderzoek",
        source="Duur van het raadsonderzoek; de documenten noemen alleen de drie maanden van "
        "de VOTS waarin de Raad onderzoekt, de termijn is een keuze van Ketenzicht",
        seed_ref="003:553-557",
        kind=ChainKind.MILESTONE,
        trigger="investigation_started",
        satisfied_by="investigation_finished",
        trigger_text="start van het raadsonderzoek",
        satisfied_text="raadsonderzoek afgerond (advies)",
        term=Term(3, Unit.MONTHS),
        configurable=True,
        default_note="de documenten geven geen termijn voor een gewoon raadsonderzoek, "
        "standaard 3 maanden (zo lang als de Raad onderzoekt tijdens een VOTS)",
        phrase="afgerond binnen {term} na de start",
    ),
    ChainNorm(
        id="keten-vots-drie-maanden",
        title="VOTS ten hoogste drie maanden",
        source="Burgerlijk Wetboek art. 1:257 (voorlopige ondertoezichtstelling ten hoogste "
        "drie maanden); rekenkameronderzoek Amersfoort",
        seed_ref="003:553-557",
        kind=ChainKind.VOTS_LIMIT,
        trigger="ruling",
        satisfied_by="measure_ended",
        trigger_text="uitspraak kinderrechter met een VOTS",
        satisfied_text="VOTS beëindigd of omgezet in een OTS (tijdlijn van de maatregel)",
        term=Term(3, Unit.MONTHS),
        phrase="beëindigd of omgezet binnen {term} na de uitspraak",
        explanation="Alleen voor een traject dat eindigt in een uitspraak met een VOTS; het einde "
        "staat op de tijdlijn van de maatregel.",
    ),
    ChainNorm(
        id="keten-regie-acceptatie",
        title="Overdracht van de regie geaccepteerd",
        source="Regie op de veiligheid tijdens de overbruggingsperiode (rekenkameronderzoek "
        "Amersfoort); de termijn is een keuze van Ketenzicht",
        seed_ref="003:1271-1277",
        kind=ChainKind.REGIE_OFFER,
        trigger="regie_offered",
        satisfied_by="regie_accepted",
        trigger_text="regie overgedragen (de openstaande overdracht)",
        satisfied_text="regie geaccepteerd of niet geaccepteerd",
        term=Term(5, Unit.WORKING_DAYS),
        configurable=True,
        default_note="de documenten geven geen termijn, standaard 5 werkdagen",
        phrase="beantwoord binnen {term} na de overdracht",
        explanation="Alleen de overdracht die nu openstaat; tot de acceptatie houdt de huidige "
        "regiehouder de regie.",
    ),
)

CHAIN_NORMS: dict[str, ChainNorm] = {n.id: n for n in CHAIN_CATALOGUE}
CHAIN_CONFIGURABLE = tuple(n.id for n in CHAIN_CATALOGUE if n.configurable)

"""The norms, as data: one catalogue that the engine, `ketenzicht norms list`, the case page and
docs/norms.md all read.

A norm says which measures it applies to, what starts its clock (the trigger), what satisfies it
(event types with conditions on the payload), its term, whether it recurs, and its variants. The
set of trigger kinds is closed (the engine interprets each one); everything else is data.
References like 001:1405-1425 point to lines in the source documents (shared/seeds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.events import EVENT_TYPES

from .calendar import Term, Unit

# Measure types per family (CBS codes). Placement authorisations (71, 72) and the preventive
# justice framework (31) carry no norms of their own: the norms are checked on the (V)OTS or
# the probation measure an authorisation belongs to.
JEUGDBESCHERMING = frozenset(
    c for c, (_, _, fam) in codes.MEASURE_TYPES.items() if fam is codes.Family.JEUGDBESCHERMING
)
JEUGDRECLASSERING = frozenset(
    c for c, (_, _, fam) in codes.MEASURE_TYPES.items() if fam is codes.Family.JEUGDRECLASSERING
)
OTS_AND_JR = frozenset({codes.OTS}) | JEUGDRECLASSERING
# Excluded from the Handelingsperspectief way of working (001:572): guardianship and VOTS.
HP_EXCLUDED = frozenset(
    {codes.VOTS, codes.VOOGDIJ, codes.VOORLOPIGE_VOOGDIJ, codes.TIJDELIJKE_VOOGDIJ}
)


class Trigger(StrEnum):
    MEASURE_START = "measure_start"  # the start of the measure
    FIRST_EVENT = "first_event"  # the first event matching `trigger_match` (e.g. the first plan)
    EACH_EVENT = "each_event"  # every event matching `trigger_match` (each signal, each help)
    NO_FIXED_WORKER = "no_fixed_worker"  # each period in which there is no fixed worker
    PLANNED_END = "planned_end"  # each end date of the ruling (the start's, each extension's)


class TriggerFilter(StrEnum):
    """Which trigger events of an EACH_EVENT norm count (closed set, like the triggers)."""

    # A signal with another signal on the measure within the norm's window before it, or a
    # signal while the case is a ruisdossier (the last ruis_flags_set before it has flags).
    REPEATED_OR_RUIS = "repeated_or_ruis"


class Recurrence(StrEnum):
    ONCE = "once"
    AFTER_LAST = "after_last"  # due again one term after the last satisfying event


class Relation(StrEnum):
    """How a satisfying event relates to an EACH_EVENT trigger."""

    ANY = "any"  # any matching event on or after the trigger
    REFERS_TO_TRIGGER = "refers_to_trigger"  # its `signal` field names the trigger event
    SAME_HELP_TYPE = "same_help_type"  # same help type; may precede the trigger


TRIGGER_LABELS = {
    Trigger.MEASURE_START: "start van de maatregel",
    Trigger.FIRST_EVENT: "eerste {event}",
    Trigger.EACH_EVENT: "elk(e) {event}",
    Trigger.NO_FIXED_WORKER: "elke periode zonder vaste jeugdzorgwerker",
    Trigger.PLANNED_END: "einddatum van de maatregel (per uitspraak en verlenging)",
}


# A condition value meaning "the (list) field is present and not empty".
NONEMPTY = "*niet-leeg*"


@dataclass(frozen=True)
class Match:
    """An event type, optionally with conditions on its payload (field == value; a list field
    with the value NONEMPTY: not empty)."""

    event_type: str
    conditions: tuple[tuple[str, bool | str], ...] = ()

    def __post_init__(self) -> None:
        spec = EVENT_TYPES[self.event_type]  # KeyError for a typo in the catalogue
        for name, _ in self.conditions:
            assert name in spec.field_map, f"{self.event_type} has no field {name}"

    def describe(self) -> str:
        spec = EVENT_TYPES[self.event_type]
        if not self.conditions:
            return spec.label
        parts = []
        for name, value in self.conditions:
            f = spec.field_map[name]
            shown = (
                ("ja" if value else "nee")
                if isinstance(value, bool)
                else "niet leeg"
                if value == NONEMPTY
                else ((f.choices or {}).get(value, value))
            )
            parts.append(f"{f.label}: {shown}")
        return f"{spec.label} ({', '.join(parts)})"


@dataclass(frozen=True)
class Variant:
    """A profile variant with its own term (e.g. the Handelingsperspectief for orange/green)."""

    id: str
    label: str  # Dutch
    term: Term
    source: str
    seed_ref: str
    colours: frozenset[str]  # colour of the first safety estimate for which it applies
    excluded_types: frozenset[str] = HP_EXCLUDED


@dataclass(frozen=True)
class Norm:
    id: str
    title: str  # Dutch
    source: str  # Dutch: law article, inspection norm, local agreement
    seed_ref: str  # lines in shared/seeds
    applies_to: frozenset[str]  # CBS measure types
    trigger: Trigger
    satisfied_by: tuple[Match, ...]
    term: Term
    recurrence: Recurrence = Recurrence.ONCE
    trigger_match: Match | None = None  # FIRST_EVENT / EACH_EVENT
    relation: Relation = Relation.ANY
    variants: tuple[Variant, ...] = ()
    configurable: bool = False  # term may be set per organisation (NormSetting) or in settings
    window: Term | None = None  # PLANNED_END: how long before the due date events count;
    # REPEATED_OR_RUIS: how far back an earlier signal makes a signal "repeated" (configurable)
    trigger_filter: TriggerFilter | None = None  # EACH_EVENT only
    no_trigger_reason: str = ""  # Dutch: not applicable when no trigger (event) counts
    # MEASURE_START norms only: the norm starts at the later of the measure's start and the
    # child's birthday at this age, and does not apply while the child is younger.
    min_age: int | None = None
    phrase: str = "binnen {term}"  # Dutch; {term} is the term's label
    explanation: str = ""  # Dutch: how the engine reads the norm

    def rule_text(self, term: Term) -> str:
        return self.phrase.format(term=term.label())

    def trigger_text(self) -> str:
        label = TRIGGER_LABELS[self.trigger]
        if self.trigger_match is not None:
            label = label.format(event=self.trigger_match.describe().lower())
        return label

    def satisfied_text(self) -> str:
        return " of ".join(m.describe() for m in self.satisfied_by)

    def recurrence_text(self, term: Term | None = None) -> str:
        if self.recurrence is Recurrence.ONCE:
            return (
                "eenmalig" if self.trigger is not Trigger.EACH_EVENT else "eenmalig per aanleiding"
            )
        return f"steeds binnen {(term or self.term).label()} na het laatste voldoende event"

    def applies_to_text(self) -> str:
        return ", ".join(codes.MEASURE_TYPES[t][1] for t in sorted(self.applies_to))


HP_FIRST_CONVERSATION = Variant(
    id="hp-oranje-groen",
    label="Handelingsperspectief (kleur oranje of groen)",
    term=Term(10, Unit.WORKING_DAYS),
    source="Werkinstructie Handelingsperspectief (WSS JB&JR), zoals beschreven door de inspecties",
    seed_ref="001:588-598",
    colours=frozenset({"oranje", "groen"}),
)

CATALOGUE: tuple[Norm, ...] = (
    Norm(
        id="1a.3-eerste-contact",
        title="Eerste contact met jeugdige en ouders",
        source="Besluit Jeugdwet (contact binnen vijf dagen); Toetsingskader inspecties norm 1a.3",
        seed_ref="001:1405-1425",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.MEASURE_START,
        satisfied_by=(Match("first_contact", (("with_child", True), ("with_parents", True))),),
        term=Term(5, Unit.DAYS),
        variants=(HP_FIRST_CONVERSATION,),
        phrase="binnen {term} na de start van de maatregel",
        explanation="Alleen een eerste contact waarin zowel de jeugdige als de ouders gesproken "
        "zijn telt. Onder het Handelingsperspectief geldt bij kleur oranje of groen (eerste "
        "veiligheidsinschatting) 10 werkdagen; niet voor VOTS en voogdij.",
    ),
    Norm(
        id="hp-veiligheidsinschatting",
        title="Veiligheidsinschatting (kleurcode)",
        source="Toetsingskader inspecties norm 1a.3 (eerste inschatting van de veiligheid); "
        "Handelingsperspectief: binnen vijf werkdagen met beslisboom",
        seed_ref="001:588-592",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.MEASURE_START,
        satisfied_by=(Match("safety_estimate"),),
        term=Term(5, Unit.WORKING_DAYS),
        phrase="binnen {term} na de start van de maatregel",
    ),
    Norm(
        id="hp-veiligheidsbeoordeling",
        title="Veiligheidsbeoordeling met gedragswetenschapper",
        source="Handelingsperspectief: veiligheidsbeoordeling binnen twee weken",
        seed_ref="001:600",
        applies_to=JEUGDBESCHERMING,
        trigger=Trigger.MEASURE_START,
        satisfied_by=(Match("safety_assessment", (("with_behavioural_scientist", True),)),),
        term=Term(2, Unit.WEEKS),
        phrase="binnen {term} na de start van de maatregel",
        explanation="Alleen een beoordeling samen met een gedragswetenschapper telt.",
    ),
    Norm(
        id="1b.3-plan-van-aanpak",
        title="Plan van aanpak (gedragen koers) met jeugdige en ouders",
        source="Toetsingskader inspecties norm 1b.3",
        seed_ref="001:1866-1870; 003:925",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.MEASURE_START,
        satisfied_by=(
            Match("plan_of_approach", (("child_involved", True), ("parents_involved", True))),
        ),
        term=Term(6, Unit.WEEKS),
        phrase="binnen {term} na de start van de maatregel",
        explanation="Alleen een plan waarbij jeugdige en ouders betrokken zijn telt.",
    ),
    Norm(
        id="2.2-passende-hulp",
        title="Passende hulp gestart",
        source="Toetsingskader inspecties norm 2.2 (inspectienorm, geen wettelijke termijn)",
        seed_ref="001:2218-2224; 002:127",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.MEASURE_START,
        satisfied_by=(Match("help_started"),),
        term=Term(3, Unit.MONTHS),
        configurable=True,
        phrase="binnen {term} na de start van de maatregel",
    ),
    Norm(
        id="2.3-afstemming-gemeente",
        title="Afstemming met de gemeente vóór de inzet van hulp",
        source="Toetsingskader inspecties norm 2.3 (overleg met de gemeente van de woonplaats)",
        seed_ref="001:2410-2425",
        # Not when the help follows directly from a criminal decision (001:2424): no youth
        # probation.
        applies_to=JEUGDBESCHERMING,
        trigger=Trigger.EACH_EVENT,
        trigger_match=Match("help_started"),
        relation=Relation.SAME_HELP_TYPE,
        satisfied_by=(Match("municipality_consultation"),),
        term=Term(0, Unit.DAYS),
        phrase="vóór of op de startdatum van de hulp",
        explanation="Per gestarte hulp: er is overlegd met de gemeente over dezelfde soort hulp, "
        "uiterlijk op de dag dat de hulp start. Overleg daarna telt als te laat.",
    ),
    Norm(
        id="3.1-kind-alleen",
        title="Jeugdige alleen gesproken (kind-alleen-contact)",
        source="Toetsingskader inspecties norm 3.1; interne norm van de GI",
        seed_ref="001:2610-2740",
        applies_to=JEUGDBESCHERMING,
        trigger=Trigger.MEASURE_START,
        satisfied_by=(Match("contact", (("child_spoken_alone", True),)),),
        term=Term(6, Unit.WEEKS),
        recurrence=Recurrence.AFTER_LAST,
        configurable=True,
        phrase="ten minste elke {term}",
        min_age=4,
        # The age limit: 001:2727-2735 (references stay in code and docs, not in the UI).
        explanation="Alleen een contact dat als 'jeugdige alleen gesproken' is vastgelegd telt; "
        "een gecorrigeerd contact telt niet. Geldt vanaf de vierde verjaardag: een jonger kind "
        "kan niet alleen gesproken worden; de eerste termijn loopt vanaf die verjaardag.",
    ),
    Norm(
        id="3.3-casusoverleg",
        title="Casusoverleg (ten minste twee keer per jaar)",
        source="Toetsingskader inspecties norm 3.3",
        seed_ref="001:3124; 001:3190-3194",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.MEASURE_START,
        satisfied_by=(Match("case_discussion"),),
        term=Term(6, Unit.MONTHS),
        recurrence=Recurrence.AFTER_LAST,
        phrase="ten minste elke {term}",
    ),
    Norm(
        id="3.3-evaluatie-plan",
        title="Evaluatie van het plan van aanpak",
        source="Toetsingskader inspecties norm 3.3",
        seed_ref="001:3124-3130",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.FIRST_EVENT,
        trigger_match=Match("plan_of_approach"),
        satisfied_by=(Match("plan_evaluation"), Match("plan_of_approach")),
        term=Term(6, Unit.MONTHS),
        recurrence=Recurrence.AFTER_LAST,
        phrase="ten minste elke {term} na het plan of de vorige evaluatie",
        explanation="Telt vanaf het eerste plan van aanpak; een evaluatie of een nieuw plan "
        "(bijstelling) start de volgende termijn.",
    ),
    Norm(
        id="team-contact",
        title="Zonder vaste jeugdzorgwerker: contact met gezin",
        source="Werkwijze in- en doorstroomteam (zaken zonder vaste jeugdzorgwerker)",
        seed_ref="001:546-552",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.NO_FIXED_WORKER,
        satisfied_by=(Match("contact"), Match("first_contact")),
        term=Term(6, Unit.WEEKS),
        recurrence=Recurrence.AFTER_LAST,
        phrase="ten minste elke {term} zolang er geen vaste jeugdzorgwerker is",
        explanation="Geldt zolang de zaak bij het in- en doorstroomteam of bij niemand ligt; de "
        "termijn loopt vanaf het begin van die periode.",
    ),
    Norm(
        id="team-casusoverleg",
        title="Zonder vaste jeugdzorgwerker: casusoverleg",
        source="Werkwijze in- en doorstroomteam (zaken zonder vaste jeugdzorgwerker)",
        seed_ref="001:546-552",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.NO_FIXED_WORKER,
        satisfied_by=(Match("case_discussion"),),
        term=Term(6, Unit.MONTHS),
        recurrence=Recurrence.AFTER_LAST,
        phrase="ten minste elke {term} zolang er geen vaste jeugdzorgwerker is",
    ),
    Norm(
        id="3.6-signaal-beoordeeld",
        title="Signaal van onveiligheid beoordeeld",
        source="Toetsingskader inspecties norm 3.6 (handelen op signalen van onveiligheid)",
        seed_ref="001:3529-3540",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.EACH_EVENT,
        trigger_match=Match("unsafety_signal"),
        relation=Relation.REFERS_TO_TRIGGER,
        satisfied_by=(Match("safety_assessment"), Match("case_discussion")),
        term=Term(5, Unit.WORKING_DAYS),
        configurable=True,
        phrase="binnen {term} na het signaal",
        explanation="Per signaal: een veiligheidsbeoordeling of casusoverleg dat naar dat signaal "
        "verwijst. De termijn is instelbaar.",
    ),
    Norm(
        id="3.6-tegenkracht",
        title="Tegenkracht bij herhaald signaal of ruisdossier",
        source="Toetsingskader inspecties norm 3.6; aanbeveling na calamiteitenonderzoek: "
        "structurele tegenkracht en multidisciplinaire toetsing; extra veiligheidscheck in "
        "ruisdossiers",
        seed_ref="000:456-457; 001:4096-4122",
        applies_to=JEUGDBESCHERMING | JEUGDRECLASSERING,
        trigger=Trigger.EACH_EVENT,
        trigger_match=Match("unsafety_signal"),
        trigger_filter=TriggerFilter.REPEATED_OR_RUIS,
        window=Term(3, Unit.MONTHS),
        relation=Relation.REFERS_TO_TRIGGER,
        satisfied_by=(Match("case_discussion", (("external_participant", True),)),),
        term=Term(10, Unit.WORKING_DAYS),
        configurable=True,
        phrase="binnen {term} na het signaal",
        no_trigger_reason="geen herhaald signaal en geen signaal in een ruisdossier",
        explanation="Per signaal dat binnen 3 maanden (instelbaar) na een eerder signaal komt, of "
        "dat binnenkomt terwijl de casus een ruisdossier is (laatste vastlegging van "
        "ruisdossier-kenmerken vóór het signaal heeft kenmerken): een casusoverleg met iemand van "
        "buiten de casus (tegenkracht) dat naar dat signaal verwijst.",
    ),
    Norm(
        id="verlenging-voorbereid",
        title="Verlenging of beëindiging voorbereid",
        source="Besluit over het vervolg tien weken voor het einde van de maatregel "
        "(werkafspraak, zoals beschreven door de inspecties)",
        seed_ref="001:2319-2322",
        applies_to=OTS_AND_JR,
        trigger=Trigger.PLANNED_END,
        satisfied_by=(Match("extension_requested"), Match("measure_extended")),
        term=Term(10, Unit.WEEKS),
        configurable=True,
        window=Term(3, Unit.MONTHS),
        phrase="{term} vóór de einddatum van de maatregel",
        explanation="Per einddatum (uitspraak of verlenging): het verzoek tot verlenging bij de "
        "kinderrechter, of de verlenging zelf. De uiterste datum ligt nooit vóór de dag waarop "
        "de einddatum bekend werd (de start of de verlenging): bij een korte uitspraak is het "
        "die dag.",
    ),
)

NORMS: dict[str, Norm] = {n.id: n for n in CATALOGUE}
CONFIGURABLE = tuple(n.id for n in CATALOGUE if n.configurable)


@dataclass(frozen=True)
class FlagRegistry:
    """Every payload condition the catalogue uses gets one bit; the engine's compact events carry
    the bits, computed in Python from a payload or in SQL from the JSON column."""

    matches: tuple[Match, ...] = field(default_factory=tuple)

    @cached_property
    def _bits(self) -> dict[Match, int]:
        return {m: 1 << i for i, m in enumerate(self.matches)}

    def bit(self, match: Match) -> int:
        return 0 if not match.conditions else self._bits[match]


# Internal conditions the engine needs besides the catalogue's.
VAST = Match("worker_assigned", (("assignment", "vast"),))
RUIS = Match("ruis_flags_set", (("flags", NONEMPTY),))  # the case is (now) a ruisdossier
# The directorate decided to work under the Handelingsperspectief in this case (001:563).
HP_DECIDED = Match("handelingsperspectief_decided", (("decision", True),))


def _registry() -> FlagRegistry:
    seen: list[Match] = [VAST, RUIS, HP_DECIDED]
    for norm in CATALOGUE:
        for m in (*norm.satisfied_by, norm.trigger_match):
            if m is not None and m.conditions and m not in seen:
                seen.append(m)
    return FlagRegistry(tuple(seen))


FLAGS = _registry()

# The one payload field per event type the engine keeps as text, and the one kept as a date.
TEXT_FIELD = {
    "measure_started": "gi",
    "handover": "to_gi",
    "safety_estimate": "colour",
    "help_started": "help_type",
    "municipality_consultation": "help_type",
    "safety_assessment": "signal",
    "case_discussion": "signal",
}
DATE_FIELD = {"measure_started": "end_date", "measure_extended": "new_end_date"}
STRUCTURE_TYPES = (
    "ruis_flags_set",
    "handelingsperspectief_decided",
    "measure_started",
    "measure_extended",
    "measure_ended",
    "handover",
    "worker_assigned",
    "worker_unassigned",
    "safety_estimate",
)
RELEVANT_TYPES: frozenset[str] = frozenset(STRUCTURE_TYPES) | frozenset(
    m.event_type for n in CATALOGUE for m in (*n.satisfied_by, n.trigger_match) if m is not None
)

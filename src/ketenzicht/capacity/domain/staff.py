"""Staff facts (personeelsfeiten): dated, append-only facts about workers and vacancies, and the
one function that decides whether a set of them is coherent (`check`), used by every writer
(the importer, the API's batches, the demo data through the importer).

A worker's history is a sequence of facts: in dienst (with fte, function and team), fte changed,
function (and/or team) changed, absent from/until (sick leave or leave; an absence without an end
is closed later by an "einde afwezigheid" fact), uit dienst (with a reason). A vacancy is opened
for a team (fte and function) and filled or withdrawn later. No Django here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

STAFF_EVENT_TYPES: dict[str, str] = {
    "in_dienst": "In dienst getreden",
    "uit_dienst": "Uit dienst getreden",
    "fte_gewijzigd": "Fte gewijzigd",
    "functie_gewijzigd": "Functie of team gewijzigd",
    "afwezig": "Afwezig (verzuim of verlof)",
    "afwezig_einde": "Einde afwezigheid",
    "vacature_geopend": "Vacature geopend",
    "vacature_vervuld": "Vacature vervuld",
    "vacature_ingetrokken": "Vacature ingetrokken",
}
# The function a worker has in the capacity figures. Only a jeugdzorgwerker carries a caseload;
# a worker in opleiding (zij-instroom) and a supporting worker are counted apart.
STAFF_FUNCTIONS: dict[str, str] = {
    "jeugdzorgwerker": "Jeugdzorgwerker",
    "ondersteunend": "Ondersteunend (o.a. zorgcoördinator, ondersteunend jeugdbeschermer)",
    "in_opleiding": "In opleiding / zij-instroom",
}
LEAVE_REASONS: dict[str, str] = {
    "eigen_verzoek": "Op eigen verzoek",
    "einde_contract": "Einde contract",
    "pensioen": "Pensioen",
    "ontslag": "Ontslag door werkgever",
    "overig": "Overig",
}
ABSENCE_KINDS: dict[str, str] = {
    "ziekte": "Ziekteverzuim",
    "verlof": "Verlof (zwangerschap, ouderschap, onbetaald)",
}
REASONS: dict[str, str] = {**LEAVE_REASONS, **ABSENCE_KINDS}

WORKER_TYPES = frozenset(
    ("in_dienst", "uit_dienst", "fte_gewijzigd", "functie_gewijzigd", "afwezig", "afwezig_einde")
)
VACANCY_TYPES = frozenset(("vacature_geopend", "vacature_vervuld", "vacature_ingetrokken"))
# Same-day order: joining first, leaving last (as a timeline's start and end).
SAME_DAY_ORDER = {
    "in_dienst": 0,
    "vacature_geopend": 0,
    "afwezig_einde": 7,
    "vacature_vervuld": 7,
    "vacature_ingetrokken": 7,
    "uit_dienst": 9,
}


@dataclass(frozen=True)
class StaffFact:
    """One staff fact as the exchange format holds it (references are external ids)."""

    id: str
    organisation: str
    type: str
    date: dt.date
    worker: str | None = None
    team: str | None = None
    until: dt.date | None = None
    fte: Decimal | None = None
    function: str | None = None
    reason: str | None = None
    refers: str | None = None
    seq: int = 0  # registration order (the order of the file, then of storage)


class StaffError(ValueError):
    def __init__(self, fact_id: str, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.fact_id = fact_id
        self.field = field
        self.message = message


def ordered(facts: Iterable[StaffFact]) -> list[StaffFact]:
    return sorted(facts, key=lambda f: (f.date, SAME_DAY_ORDER.get(f.type, 5), f.seq))


@dataclass
class _WorkerState:
    employed: bool = False
    open_absences: dict[str, dt.date] = field(default_factory=dict)  # id -> from (no end yet)
    last_absence: tuple[str, dt.date] | None = None  # the latest closed absence: (id, last day)


def check(facts: Iterable[StaffFact], worker_org: dict[str, str], team_org: dict[str, str]):
    """Refuse the first fact (in date order) that contradicts the others: raises StaffError
    naming the fact and the field, in Dutch. `worker_org` and `team_org` give the organisation
    of every known worker and team (external ids)."""
    workers: dict[str, _WorkerState] = defaultdict(_WorkerState)
    vacancies: dict[str, tuple[str, dt.date]] = {}  # open: id -> (team, opened)
    for f in ordered(facts):
        _check_fields(f, worker_org, team_org)
        if f.type in VACANCY_TYPES:
            _check_vacancy(f, vacancies)
            continue
        assert f.worker is not None
        w = workers[f.worker]
        if f.type == "in_dienst":
            if w.employed:
                raise StaffError(f.id, "type", f"medewerker '{f.worker}' is al in dienst.")
            w.employed = True
            continue
        if not w.employed:
            raise StaffError(
                f.id,
                "worker",
                f"medewerker '{f.worker}' is op {f.date:%d-%m-%Y} niet in dienst "
                "(een personeelsfeit begint met 'In dienst getreden').",
            )
        if f.type == "uit_dienst":
            w.employed = False
            for aid in w.open_absences:
                w.last_absence = (aid, f.date)
            if w.last_absence is not None and w.last_absence[1] > f.date:
                w.last_absence = (w.last_absence[0], f.date)  # absences end with the service
            w.open_absences.clear()
        elif f.type == "afwezig":
            if f.until is not None and f.until < f.date:
                raise StaffError(f.id, "until", "de einddatum ligt vóór de begindatum.")
            if w.open_absences:
                other = next(iter(w.open_absences))
                raise StaffError(
                    f.id, "date", f"de afwezigheid '{other}' van deze medewerker loopt nog."
                )
            if w.last_absence is not None and f.date <= w.last_absence[1]:
                other, last = w.last_absence
                raise StaffError(
                    f.id,
                    "date",
                    f"de afwezigheid overlapt met afwezigheid '{other}' "
                    f"(tot en met {last:%d-%m-%Y}).",
                )
            if f.until is None:
                w.open_absences[f.id] = f.date
            else:
                w.last_absence = (f.id, f.until)
        elif f.type == "afwezig_einde":
            if f.refers not in w.open_absences:
                raise StaffError(
                    f.id,
                    "refers",
                    f"'{f.refers}' is geen lopende afwezigheid (zonder einddatum) "
                    "van deze medewerker.",
                )
            if f.date < w.open_absences[f.refers]:
                raise StaffError(f.id, "date", "het einde ligt vóór het begin van de afwezigheid.")
            del w.open_absences[f.refers]
            w.last_absence = (f.refers, f.date)


def _check_fields(f: StaffFact, worker_org: dict[str, str], team_org: dict[str, str]) -> None:
    if f.type in WORKER_TYPES:
        if f.worker is None:
            raise StaffError(f.id, "worker", "verplicht bij dit soort personeelsfeit.")
        if worker_org.get(f.worker) != f.organisation:
            raise StaffError(
                f.id, "worker", f"medewerker '{f.worker}' hoort niet bij '{f.organisation}'."
            )
    elif f.team is None:
        raise StaffError(f.id, "team", "verplicht bij een vacature.")
    if f.team is not None and team_org.get(f.team) != f.organisation:
        raise StaffError(f.id, "team", f"team '{f.team}' hoort niet bij '{f.organisation}'.")
    needs = {
        "in_dienst": ("fte", "function"),
        "fte_gewijzigd": ("fte",),
        "functie_gewijzigd": ("function",),
        "vacature_geopend": ("fte", "function"),
        "uit_dienst": ("reason",),
        "afwezig": ("reason",),
        "afwezig_einde": ("refers",),
        "vacature_vervuld": ("refers",),
        "vacature_ingetrokken": ("refers",),
    }[f.type]
    for name in needs:
        if getattr(f, name) is None:
            raise StaffError(f.id, name, "verplicht bij dit soort personeelsfeit.")
    if f.type == "uit_dienst" and f.reason not in LEAVE_REASONS:
        raise StaffError(
            f.id, "reason", f"reden uit dienst is een van: {', '.join(LEAVE_REASONS)}."
        )
    if f.type == "afwezig" and f.reason not in ABSENCE_KINDS:
        raise StaffError(
            f.id, "reason", f"soort afwezigheid is een van: {', '.join(ABSENCE_KINDS)}."
        )
    if f.until is not None and f.type != "afwezig":
        raise StaffError(f.id, "until", "een einddatum hoort alleen bij een afwezigheid.")


def _check_vacancy(f: StaffFact, vacancies: dict[str, tuple[str, dt.date]]) -> None:
    if f.type == "vacature_geopend":
        vacancies[f.id] = (f.team or "", f.date)
        return
    opened = vacancies.get(f.refers or "")
    if opened is None or opened[0] != f.team:
        raise StaffError(
            f.id, "refers", f"'{f.refers}' is geen openstaande vacature van team '{f.team}'."
        )
    del vacancies[f.refers or ""]

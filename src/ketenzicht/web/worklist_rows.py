"""The rows of a worklist (own or team): the norm engine's results in the order of
`norms.priority` (risk first, or oldest first), the filters both lists share, the per-worker
summary and the CSV (issue 16). Views are in `worklists`."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q

from ketenzicht.norms.catalogue import CATALOGUE, NORMS
from ketenzicht.norms.engine import NormResult, Status
from ketenzicht.norms.priority import (
    OLDEST,
    RISK,
    SORTS,
    is_open_signal,
    oldest_first,
    risk_order,
    severity_rank,
    worklist_items,
)
from ketenzicht.norms.selectors import load_weights, results_for_measures, signal_severities
from ketenzicht.timeline.domain.codes import MEASURE_TYPES, SEVERITIES
from ketenzicht.timeline.models import Measure

WITHIN_DAYS = 7
PAGE_SIZE = 50

SIGNAL, OVERDUE, OPEN = "signaal", "overdue", "open"
STATUS_FILTERS = {
    SIGNAL: "Open signalen van onveiligheid",
    OVERDUE: "Termijn verstreken",
    OPEN: "Open, binnen de termijn",
}


@dataclass
class Row:
    result: NormResult
    measure: Measure
    norm_title: str
    days: int  # days overdue (positive) or days left (zero or positive)
    severity: str | None = None  # signal norms: the signal's severity code
    weight: int = 0

    @property
    def severity_label(self) -> str:
        return SEVERITIES.get(self.severity or "", "")

    @property
    def is_signal(self) -> bool:
        return is_open_signal(self.result)


def build_rows(
    measures: list[Measure], as_of, sort: str = RISK, results: list | None = None
) -> tuple[list[Row], list]:
    """(worklist rows in the chosen order, every result of the measures). `results`: the
    measures' results when the caller has them already (the case page)."""
    if not measures:
        return [], []
    by_id = {m.external_id: m for m in measures}
    pks = [m.pk for m in measures]
    if results is None:
        results = [r for rs in results_for_measures(pks, as_of).values() for r in rs]
    items = worklist_items(results, as_of, WITHIN_DAYS)
    severities = signal_severities(pks, as_of) if any(is_open_signal(r) for r in items) else {}
    weights = load_weights()

    def severity_of(r: NormResult) -> int:
        return severity_rank(severities.get((r.measure_id, r.trigger_date)))

    def weight_of(r: NormResult) -> int:
        gi = by_id[r.measure_id].gi
        return weights.of(r.norm_id, gi.external_id if gi else None)

    ordered = oldest_first(items) if sort == OLDEST else risk_order(items, severity_of, weight_of)
    rows = []
    for r in ordered:
        days = (
            (as_of - r.due_date).days if r.status is Status.OVERDUE else (r.due_date - as_of).days
        )
        rows.append(
            Row(
                r,
                by_id[r.measure_id],
                NORMS[r.norm_id].title,
                days,
                severities.get((r.measure_id, r.trigger_date)) if is_open_signal(r) else None,
                weight_of(r),
            )
        )
    return rows, results


class WorklistFilter(forms.Form):
    """The filters of *Mijn werklijst*; the team overview adds the worker filters."""

    sort = forms.ChoiceField(label="Volgorde", required=False, choices=list(SORTS.items()))
    norm = forms.ChoiceField(
        label="Norm",
        required=False,
        choices=[("", "Alle normen"), *[(n.id, n.title) for n in CATALOGUE]],
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Alle"), *STATUS_FILTERS.items()]
    )
    child = forms.CharField(
        label="Jeugdige (naam of dossiernummer)", required=False, max_length=100
    )
    measure_type = forms.ChoiceField(
        label="Soort maatregel",
        required=False,
        choices=[("", "Alle maatregelen"), *[(k, v[0]) for k, v in MEASURE_TYPES.items()]],
    )


class TeamFilter(WorklistFilter):
    worker = forms.ChoiceField(label="Jeugdzorgwerker", required=False)
    no_fixed_worker = forms.BooleanField(
        label="Alleen zonder vaste jeugdzorgwerker", required=False
    )

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [
            ("", "Alle medewerkers"),
            *[(w.external_id, str(w)) for w in workers],
        ]


def chosen(form: forms.Form) -> dict:
    return form.cleaned_data if form.is_valid() else {}


def filter_measures(qs, data: dict):
    """The filters on the measure (child, measure type, worker): applied before evaluation."""
    child = (data.get("child") or "").strip()
    if child:  # a dossier number, or every word in the child's name
        cond = Q(youth__external_id__iexact=child) | Q(external_id__iexact=child)
        name = Q()
        for word in child.split():
            name &= Q(youth__given_name__icontains=word) | Q(youth__family_name__icontains=word)
        cond |= name
        qs = qs.filter(cond)
    if data.get("measure_type"):
        qs = qs.filter(measure_type=data["measure_type"])
    if data.get("worker"):
        qs = qs.filter(worker__external_id=data["worker"])
    if data.get("no_fixed_worker"):
        qs = qs.exclude(assignment="vast")
    return qs


def filter_rows(rows: list[Row], data: dict) -> list[Row]:
    """The filters on the result (norm, status): applied after evaluation."""
    if data.get("norm"):
        rows = [r for r in rows if r.result.norm_id == data["norm"]]
    status = data.get("status")
    if status == SIGNAL:
        rows = [r for r in rows if r.is_signal]
    elif status in (OVERDUE, OPEN):
        rows = [r for r in rows if r.result.status == status]
    return rows


@dataclass
class WorkerSummary:
    worker_id: str
    name: str
    measures: int
    signals: int = 0
    soon: int = 0
    overdue: int = 0


def per_worker(measures: list[Measure], rows: list[Row]) -> list[WorkerSummary]:
    """The team overview's per-worker view: per fixed worker (and "zonder vaste"), how many
    measures, open signals, items due soon and overdue items."""
    out: dict[str, WorkerSummary] = {}

    def key(m: Measure) -> str:
        return m.worker.external_id if m.worker and m.assignment == "vast" else ""

    for m in measures:
        k = key(m)
        if k not in out:
            out[k] = WorkerSummary(k, str(m.worker) if k else "Zonder vaste jeugdzorgwerker", 0)
        out[k].measures += 1
    for r in rows:
        s = out[key(r.measure)]
        if r.is_signal:
            s.signals += 1
        elif r.result.status is Status.OVERDUE:
            s.overdue += 1
        else:
            s.soon += 1
    return sorted(out.values(), key=lambda s: (s.worker_id == "", s.name))


CSV_HEADER = [
    "Dossiernummer",
    "Jeugdige",
    "Maatregel",
    "Norm",
    "Ernst signaal",
    "Uiterlijk",
    "Status",
    "Dagen te laat (-) of nog (+)",
    "Jeugdzorgwerker",
]


def csv_rows(rows: list[Row]):
    for r in rows:
        m = r.measure
        yield [
            m.external_id,
            m.youth.full_name,
            m.type_short,
            r.norm_title,
            r.severity_label,
            r.result.due_date.isoformat(),
            r.result.status_label,
            -r.days if r.result.status is Status.OVERDUE else r.days,
            str(m.worker) if m.worker and m.assignment == "vast" else "geen vaste",
        ]

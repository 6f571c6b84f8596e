"""Worklists and the case page's norms panel: views over the norm engine's results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.shortcuts import render
from django.utils import timezone

from ketenzicht.access import policy
from ketenzicht.access.decorators import require
from ketenzicht.access.services import log_access
from ketenzicht.norms.catalogue import CATALOGUE, NORMS
from ketenzicht.norms.engine import STATUS_LABELS, NormResult, Status
from ketenzicht.norms.selectors import actionable, results_for_measures
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.models import Measure
from ketenzicht.widgets import DateInput

WITHIN_DAYS = 7


@dataclass
class LapsedRow:
    """A measure whose ruling end date passed with no extension and no end event."""

    measure: Measure
    days: int  # days since the end date


def _lapsed(measures, as_of) -> list[LapsedRow]:
    """Red flag first on every worklist: the registration is missing or the protection lapsed
    unnoticed. Its norms stop at the end date (engine)."""
    out = [LapsedRow(m, (as_of - m.planned_end_date).days) for m in measures if m.lapsed_on(as_of)]
    out.sort(key=lambda r: (r.measure.planned_end_date, r.measure.external_id))
    return out


@dataclass
class Row:
    result: NormResult
    measure: Measure
    norm_title: str
    days: int  # days overdue (positive) or days left (zero or positive)


def _rows(measures, as_of) -> tuple[list[Row], list[NormResult]]:
    by_id = {m.external_id: m for m in measures}
    pks = [m.pk for m in measures]
    if not pks:
        return [], []
    results = [r for rs in results_for_measures(pks, as_of).values() for r in rs]
    rows = []
    for r in actionable(results, as_of, WITHIN_DAYS):
        days = (
            (as_of - r.due_date).days if r.status is Status.OVERDUE else (r.due_date - as_of).days
        )
        rows.append(Row(r, by_id[r.measure_id], NORMS[r.norm_id].title, days))
    return rows, results


def _active(qs):
    return qs.filter(ended_on__isnull=True, start_date__isnull=False).select_related(
        "youth", "worker", "team"
    )


@require("worklist.own")
def my_worklist(request):
    as_of = timezone.localdate()
    measures = list(
        _active(policy.visible_measures(request.user).filter(worker__user=request.user))
    )
    rows, _ = _rows(measures, as_of)
    lapsed = _lapsed(measures, as_of)
    log_access(request, {m.youth_id: m.youth for m in measures}.values(), "view", "werklijst")
    overdue = sum(r.result.status is Status.OVERDUE for r in rows)
    return render(
        request,
        "web/worklist.html",
        {
            "rows": rows,
            "lapsed": lapsed,
            "as_of": as_of,
            "within": WITHIN_DAYS,
            "may_record": True,  # own cases: the jeugdzorgwerker records on them
            "measure_count": len(measures),
            "overdue": overdue,
            "soon": len(rows) - overdue,
        },
    )


class TeamFilter(forms.Form):
    norm = forms.ChoiceField(
        label="Norm",
        required=False,
        choices=[("", "Alle normen"), *[(n.id, n.title) for n in CATALOGUE]],
    )
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


@require("worklist.team")
def team_worklist(request):
    as_of = timezone.localdate()
    scope = _active(policy.visible_measures(request.user))
    workers = Worker.objects.filter(pk__in=scope.exclude(worker=None).values("worker_id"))
    form = TeamFilter(request.GET or None, workers=workers)
    chosen = form.cleaned_data if form.is_valid() else {}
    if chosen.get("worker"):
        scope = scope.filter(worker__external_id=chosen["worker"])
    if chosen.get("no_fixed_worker"):
        scope = scope.exclude(assignment="vast")
    measures = list(scope)
    rows, results = _rows(measures, as_of)
    lapsed = _lapsed(measures, as_of)
    if chosen.get("norm"):
        rows = [r for r in rows if r.result.norm_id == chosen["norm"]]
        results = [r for r in results if r.norm_id == chosen["norm"]]
    counts: dict[str, Counter] = {}
    for r in results:
        counts.setdefault(r.norm_id, Counter())[r.status] += 1
    table = [(NORMS[nid], counts[nid]) for nid in NORMS if nid in counts]
    log_access(
        request,
        {r.measure.youth_id: r.measure.youth for r in [*rows, *lapsed]}.values(),
        "view",
        "teamwerklijst",
    )
    return render(
        request,
        "web/team_worklist.html",
        {
            "form": form,
            "rows": rows,
            "lapsed": lapsed,
            "as_of": as_of,
            "within": WITHIN_DAYS,
            "may_record": policy.has_permission(request.user, "case.record"),
            "table": table,
            "measure_count": len(measures),
            "without_fixed": sum(m.assignment != "vast" for m in measures),
            "statuses": [(s, STATUS_LABELS[s]) for s in Status],
        },
    )


def norms_panel(measures, as_of):
    """[(measure, [(norm, result)])] for the case page: every norm of every active measure."""
    active = [m for m in measures if m.ended_on is None and m.start_date is not None]
    if not active:
        return []
    results = results_for_measures([m.pk for m in active], as_of)
    return [(m, [(NORMS[r.norm_id], r) for r in results.get(m.external_id, [])]) for m in active]


GROUPINGS = {"gi": "GI", "team": "Team", "municipality": "Verantwoordelijke gemeente"}


class KpiFilter(forms.Form):
    group = forms.ChoiceField(
        label="Per", choices=list(GROUPINGS.items()), initial="team", required=False
    )
    first = forms.DateField(label="Periode vanaf", required=False, widget=DateInput)
    last = forms.DateField(label="Periode tot en met", required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("last") and data["first"] > data["last"]:
            raise forms.ValidationError("De periode begint na het einde.")
        return data


def _quarter(day):
    first = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return first


@require("worklist.team")
def kpi_view(request):
    """Per norm and group: the share met on time among the instances that fell due in the
    period (from the same engine as the worklists; measures in the user's scope)."""
    from ketenzicht.norms.selectors import instances_for_measures, kpis

    as_of = timezone.localdate()
    form = KpiFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    group = data.get("group") or "team"
    last = data.get("last") or as_of
    first = data.get("first") or _quarter(last)
    measures = list(
        policy.visible_measures(request.user).select_related(
            "gi", "team", "youth__responsible_municipality"
        )
    )
    label_of = {}
    for m in measures:
        label_of[m.external_id] = {
            "gi": m.gi.name if m.gi else "—",
            "team": m.team.name if m.team else "—",
            "municipality": m.youth.responsible_municipality.name,
        }[group]
    grouped: dict[str, list] = {}
    if measures:
        for inst in instances_for_measures([m.pk for m in measures], min(last, as_of)):
            grouped.setdefault(label_of[inst.measure_id], []).append(inst)
    groups = sorted(grouped)
    per_group = {label: kpis(grouped[label], first, last) for label in groups}
    # One row per norm, one column per group: norm titles are long, groups are few.
    rows = [(norm, [(label, per_group[label][norm.id]) for label in groups]) for norm in CATALOGUE]
    return render(
        request,
        "web/kpi.html",
        {
            "form": form,
            "rows": rows if groups else [],
            "groups": groups,
            "first": first,
            "last": last,
            "group_label": GROUPINGS[group],
            "measure_count": len(measures),
        },
    )

"""Worklists and the case page's norms panel: views over the norm engine's results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ketenzicht import csvsafe, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.access.services import log_access
from ketenzicht.norms.catalogue import CATALOGUE, NORMS
from ketenzicht.norms.engine import STATUS_LABELS, Status
from ketenzicht.norms.priority import RISK
from ketenzicht.norms.selectors import results_for_measures
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.models import Measure
from ketenzicht.widgets import DateInput

from .worklist_rows import (
    CSV_HEADER,
    PAGE_SIZE,
    WITHIN_DAYS,
    TeamFilter,
    WorklistFilter,
    build_rows,
    chosen,
    csv_rows,
    filter_measures,
    filter_rows,
    per_worker,
)


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


def _active(qs):
    return qs.filter(ended_on__isnull=True, start_date__isnull=False).select_related(
        "youth", "worker", "team", "gi"
    )


def _page(request, rows, lapsed, subject: str):
    """One page of the list; the children shown on it (and the lapsed ones) are logged."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    shown = [*page, *lapsed]
    log_access(
        request, {r.measure.youth_id: r.measure.youth for r in shown}.values(), "view", subject
    )
    return page


def _csv(request, rows, name: str, subject: str):
    """The filtered list as CSV (every page), logged as an export of each child in it."""
    as_of = peildatum.from_request(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{as_of:%Y%m%d}.csv"'
    response.write("\ufeff")
    out = csvsafe.writer(response)
    out.writerow(CSV_HEADER)
    out.writerows(csv_rows(rows))
    log_access(
        request, {r.measure.youth_id: r.measure.youth for r in rows}.values(), "export", subject
    )
    return response


def _my_rows(request):
    as_of = peildatum.from_request(request)
    form = WorklistFilter(request.GET or None)
    data = chosen(form)
    own = _active(policy.visible_measures(request.user).filter(worker__user=request.user))
    measures = list(filter_measures(own, data))
    rows, _ = build_rows(measures, as_of, data.get("sort") or RISK)
    return form, measures, filter_rows(rows, data), as_of


@require_screen("web:worklist")
def my_worklist(request):
    form, measures, rows, as_of = _my_rows(request)
    lapsed = _lapsed(measures, as_of)
    page = _page(request, rows, lapsed, "werklijst")
    signals = sum(r.is_signal for r in rows)
    overdue = sum(not r.is_signal and r.result.status is Status.OVERDUE for r in rows)
    return render(
        request,
        "web/worklist.html",
        {
            "form": form,
            "rows": page,
            "page": page,
            "lapsed": lapsed,
            "as_of": as_of,
            "within": WITHIN_DAYS,
            "may_record": True,  # own cases: the jeugdzorgwerker records on them
            "measure_count": len(measures),
            "overdue": overdue,
            "signals": signals,
            "soon": len(rows) - overdue - signals,
            "csv_url": reverse("web:worklist_csv"),
        },
    )


@require("worklist.own")
def my_worklist_csv(request):
    _, _, rows, _ = _my_rows(request)
    return _csv(request, rows, "werklijst", "werklijst (CSV)")


def _team_rows(request):
    as_of = peildatum.from_request(request)
    scope = _active(policy.visible_measures(request.user))
    workers = Worker.objects.filter(pk__in=scope.exclude(worker=None).values("worker_id"))
    form = TeamFilter(request.GET or None, workers=workers)
    data = chosen(form)
    measures = list(filter_measures(scope, data))
    rows, results = build_rows(measures, as_of, data.get("sort") or RISK)
    return form, data, measures, filter_rows(rows, data), results, as_of


@require_screen("web:team_worklist")
def team_worklist(request):
    form, data, measures, rows, results, as_of = _team_rows(request)
    lapsed = _lapsed(measures, as_of)
    if data.get("norm"):
        results = [r for r in results if r.norm_id == data["norm"]]
    counts: dict[str, Counter] = {}
    for r in results:
        counts.setdefault(r.norm_id, Counter())[r.status] += 1
    table = [(NORMS[nid], counts[nid]) for nid in NORMS if nid in counts]
    page = _page(request, rows, lapsed, "teamwerklijst")
    return render(
        request,
        "web/team_worklist.html",
        {
            "form": form,
            "rows": page,
            "page": page,
            "row_count": len(rows),
            "lapsed": lapsed,
            "as_of": as_of,
            "within": WITHIN_DAYS,
            "may_record": policy.has_permission(request.user, "case.record"),
            "table": table,
            "per_worker": per_worker(measures, rows),
            "measure_count": len(measures),
            "without_fixed": sum(m.assignment != "vast" for m in measures),
            "statuses": [(s, STATUS_LABELS[s]) for s in Status],
            "csv_url": reverse("web:team_worklist_csv"),
        },
    )


@require("worklist.team")
def team_worklist_csv(request):
    rows = _team_rows(request)[3]
    return _csv(request, rows, "teamwerklijst", "teamwerklijst (CSV)")


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


@require_screen("web:kpi")
def kpi_view(request):
    """Per norm and group: the share met on time among the instances that fell due in the
    period (from the same engine as the worklists; measures in the user's scope)."""
    from ketenzicht.norms.selectors import kpis_by_group

    as_of = peildatum.from_request(request)
    form = KpiFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    group = data.get("group") or "team"
    last = data.get("last") or as_of
    first = data.get("first") or _quarter(last)
    label = {
        "gi": "gi__name",
        "team": "team__name",
        "municipality": "youth__responsible_municipality__name",
    }[group]
    measures = list(policy.visible_measures(request.user).values_list("pk", label))
    label_of = {pk: name or "—" for pk, name in measures}
    per_group = kpis_by_group(label_of, min(last, as_of), first, last) if measures else {}
    groups = list(per_group)
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

"""The Capaciteit screen (issue 17) and its CSV: thin views; the policy decides which teams
(`policy.capacity_teams`), the selectors and the pure domain compute."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render

from ketenzicht import csvsafe, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.timeline.domain import codes

from . import selectors

COLUMNS = (
    ("fte_contract", "Fte jeugdzorgwerkers"),
    ("fte_absent", "Fte afwezig"),
    ("fte_available", "Fte beschikbaar"),
    ("fte_training", "Fte in opleiding"),
    ("fte_support", "Fte ondersteunend"),
    ("demand", "Vraag (jeugdigen)"),
    ("norm", "Caseloadnorm"),
    ("caseload", "Caseload per fte"),
    ("capacity", "Capaciteit (jeugdigen)"),
    ("gap_children", "Tekort (jeugdigen)"),
    ("gap_fte", "Tekort (fte)"),
    ("turnover", "Uitstroom 12 mnd (%)"),
    ("sick_rate", "Verzuim 12 mnd (%)"),
)


class CapacityForm(forms.Form):
    per = forms.ChoiceField(label="Per", choices=list(selectors.GROUPINGS.items()), required=False)


def _cell(value) -> str:
    """Dutch notation, one decimal; an empty cell when a figure has no meaning (no fte)."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{Decimal(value).quantize(Decimal('0.1'))}".replace(".", ",")


def _table(request):
    as_of = peildatum.from_request(request)
    form = CapacityForm(request.GET or None)
    by = (form.cleaned_data.get("per") if form.is_valid() else "") or "team"
    rows = selectors.capacity_table(policy.capacity_teams(request.user), as_of, by)
    table = [
        (r.key, r.label, [_cell(getattr(r.row, name)) for name, _ in COLUMNS], r.row) for r in rows
    ]
    return form, as_of, by, table


@require_screen("capacity:capacity")
def capacity(request):
    form, as_of, by, table = _table(request)
    query = f"per={by}&peildatum={as_of.isoformat()}"
    return render(
        request,
        "capacity/capacity.html",
        {
            "form": form,
            "as_of": as_of,
            "group_label": selectors.GROUPINGS[by],
            "columns": [label for _, label in COLUMNS],
            "table": table,
            "norms": selectors.norm_history(),
            "csv_query": query,
        },
    )


@require("capacity.view")
def capacity_csv(request):
    form, as_of, by, table = _table(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="capaciteit-{by}-{as_of:%Y%m%d}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csvsafe.writer(response)
    writer.writerow([selectors.GROUPINGS[by], *[label for _, label in COLUMNS]])
    for _, label, cells, _ in table:
        writer.writerow([label, *cells])
    return response


@require("capacity.view")
def continuity_csv(request):
    """Measures per type per month, the 12-month change and the P&Q revenue of the user's GIs
    (`policy.continuity_organisations`: board and gebiedsmanager), as on the dashboard."""
    organisations = policy.continuity_organisations(request.user)
    if not organisations:
        raise Http404("Geen GI om cijfers over continuïteit van te tonen.")
    as_of = peildatum.from_request(request)
    c = selectors.continuity_for(organisations, as_of)
    types = sorted({t for m in c.months for t in m.counts})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="continuiteit-{as_of:%Y%m%d}.csv"'
    response.write("\ufeff")
    writer = csvsafe.writer(response)
    writer.writerow(
        ["maand (einde)"]
        + [codes.MEASURE_TYPES[t][1] for t in types]
        + [
            "kinderbeschermingsmaatregelen",
            "verandering 12 maanden (%)",
            "opbrengst (euro)",
            "waarvan vaste kosten (euro)",
        ]
    )
    for m in c.months:
        writer.writerow(
            [m.end.isoformat()]
            + [m.counts.get(t, 0) for t in types]
            + [
                m.counted,
                _cell(100 * m.change) if m.change is not None else "—",
                _cell(m.revenue),
                _cell(m.fixed),
            ]
        )
    return response

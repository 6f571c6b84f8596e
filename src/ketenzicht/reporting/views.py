"""Dashboards, the council report (HTML, PDF, CSV) and the inspection export. Thin views:
the policy decides who sees what (`areas_for`, `visible_measures`), figures and report do the
work, every list of cases is logged."""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from ketenzicht import clock, csvsafe, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.access.services import log_access
from ketenzicht.norms.catalogue import CATALOGUE
from ketenzicht.norms.engine import STATUS_LABELS
from ketenzicht.norms.selectors import results_for_measures
from ketenzicht.publication import periods
from ketenzicht.reference.models import Region

from . import figures
from .chain_figures import csv_tables as chain_csv_tables, for_report as chain_for_report
from .charts import Series, line_chart
from .continuity import continuity_section
from .report import Area, build_report, municipality_area, region_area

# --------------------------------------------------------------------------- scope


def areas_for(user) -> list[Area]:
    """The areas a user may make a council report or dashboard for (the policy decides which
    municipalities; each brings its jeugdhulpregio)."""
    munis = policy.report_municipalities(user)
    seen: set[str] = set()
    areas: list[Area] = []
    regions: dict[int, Region] = {}
    for m in munis:
        if m.cbs_code not in seen:
            seen.add(m.cbs_code)
            areas.append(municipality_area(m))
        regions.setdefault(m.jeugdhulpregio_id, m.jeugdhulpregio)
    region_areas = [region_area(r) for r in sorted(regions.values(), key=lambda r: r.name)]
    return region_areas + sorted(areas, key=lambda a: a.name)


PERIOD_HELP = (
    "Een afgelopen kalendermaand, kwartaal of jaar. Vrije perioden kunnen niet: twee rapporten "
    "die één dag verschillen, zouden van elkaar afgetrokken kleine aantallen verraden."
)
PERIOD_CHOICE_ERROR = (
    "Kies een periode uit de lijst: een afgelopen kalendermaand, kwartaal of kalenderjaar."
)
FREE_PERIOD_ERROR = (
    "Een vrije periode (van/tot) kan niet. Kies een afgelopen kalendermaand, kwartaal of "
    "kalenderjaar: zo kunnen twee rapporten niet van elkaar worden afgetrokken om kleine "
    "aantallen terug te rekenen."
)


def period_choices(today: dt.date) -> list:
    """Grouped choices (years, quarters, months) of the fixed periods that have ended."""
    done = periods.completed(today)
    groups = (("jaar", "Kalenderjaren"), ("kwartaal", "Kwartalen"), ("maand", "Maanden"))
    return [(title, [(p.key, p.label) for p in done if p.kind == kind]) for kind, title in groups]


class ReportForm(forms.Form):
    """Area and a fixed period (issue 11, finding 3): the council report is public, so every
    user, GI roles included, gets the same fixed periods; the server accepts nothing else."""

    gebied = forms.ChoiceField(label="Gemeente of regio")
    periode = forms.ChoiceField(
        label="Periode",
        help_text=PERIOD_HELP,
        error_messages={"invalid_choice": PERIOD_CHOICE_ERROR},
    )

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gebied"].choices = [(a.key, a.title) for a in areas]
        self.fields["periode"].choices = period_choices(clock.today())

    def clean_periode(self) -> periods.Period:
        found = periods.parse(self.cleaned_data["periode"])
        if found is None or not periods.is_completed(found, clock.today()):
            raise forms.ValidationError(PERIOD_CHOICE_ERROR)
        return found


def default_period() -> periods.Period:
    return periods.latest(clock.today(), "kwartaal")


def _report_from_request(request, areas: list[Area], fixed: Area | None = None):
    """(form, report or None). Parameters come from the query string, defaults fill the rest;
    invalid input gives the form with a Dutch error naming the field. A free period (van/tot)
    is refused unless it is exactly a fixed period."""
    choices = [fixed] if fixed else areas
    data = {
        "gebied": choices[0].key if choices else "",
        "periode": default_period().key,
    }
    data.update({k: request.GET[k] for k in ("gebied", "periode") if request.GET.get(k)})
    if fixed:
        data["gebied"] = fixed.key
    free = None
    if request.GET.get("van") or request.GET.get("tot"):
        free = FREE_PERIOD_ERROR
        try:
            first = dt.date.fromisoformat(request.GET.get("van", ""))
            last = dt.date.fromisoformat(request.GET.get("tot", ""))
        except ValueError:
            pass
        else:
            found = periods.for_dates(first, last)
            if found is not None:  # an old link that names a fixed period: fine
                data["periode"], free = found.key, None
    form = ReportForm(data, areas=choices)
    if free:
        form.is_valid()
        form.add_error("periode", free)
        return form, None
    if not choices or not form.is_valid():
        return form, None
    area = next(a for a in choices if a.key == form.cleaned_data["gebied"])
    return form, build_report(area, form.cleaned_data["periode"], today=clock.today())


# --------------------------------------------------------------------------- council report


def report_sections(report) -> list:
    """[(section, [chart markup])]: our SVG is built from escaped text (charts._e)."""
    if report is None:
        return []
    return [(s, [mark_safe(c) for c in s.charts]) for s in report.sections]  # noqa: S308


def csv_query(report) -> str:
    """The query string that names exactly this report (its area and fixed period), for its
    "Deze tabel als CSV" links: the CSV must export the table it sits under, never another
    area's (issue 16: the municipal dashboard's links, without parameters, fell back to the
    first area of the user, the region)."""
    return urlencode({"gebied": report.area.key, "periode": report.period.key})


def _report_context(report, form=None, **extra):
    return {
        "form": form,
        "report": report,
        "sections": report_sections(report),
        "query": csv_query(report) if report is not None else None,
        **extra,
    }


@require_screen("reporting:council_report")
def council_report(request):
    areas = areas_for(request.user)
    form, report = _report_from_request(request, areas)
    return render(
        request,
        "reporting/council_report.html",
        _report_context(report, form, areas=areas, chain=_chain(report)),
    )


@require("report.council")
def council_report_pdf(request):
    from .pdf import report_pdf

    form, report = _report_from_request(request, areas_for(request.user))
    if report is None:
        raise Http404("Geen rapport: controleer gebied en periode.")
    response = HttpResponse(report_pdf(report, _chain(report)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(report)}"'
    return response


def pdf_filename(report) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in report.area.name.lower()).strip("-")
    return f"raadsrapportage-{slug}-{report.period.key.lower()}.pdf"


def _number(cell: str) -> str | int:
    """A negative whole number as a number (the capacity gap: "-13" is room for 13), so the
    spreadsheet reads a number and csvsafe, which escapes text starting with "-", leaves it."""
    return int(cell) if cell.startswith("-") and cell[1:].isdigit() else cell


def write_csv(report, out, table_id: str | None = None, chain=None) -> None:
    """One table wide (as shown), or every table long: tabel;rij;kolom;waarde. `chain`: the
    chain's lead-time tables (`chain_figures`), after the report's own."""
    writer = csvsafe.writer(out)
    extra = chain_csv_tables(chain) if chain is not None else []
    if table_id:
        for tid, _title, header, rows in extra:
            if tid == table_id:
                writer.writerows([header, *rows])
                return
        table = report.table(table_id)
        if table is None:
            raise Http404("Onbekende tabel.")
        writer.writerow(table.header())
        for label, cells in table.display_rows():
            writer.writerow([label, *map(_number, cells)])
        return
    writer.writerow(["tabel", "rij", "kolom", "waarde"])
    for table in report.tables:
        header = table.header()[1:]
        for label, cells in table.display_rows():
            for col, cell in zip(header, cells, strict=True):
                writer.writerow([table.title, label, col, _number(cell)])
    for _tid, title, header, rows in extra:
        for label, *cells in rows:
            for col, cell in zip(header[1:], cells, strict=True):
                writer.writerow([title, label, col, cell])


@require("report.council")
def council_report_csv(request):
    form, report = _report_from_request(request, areas_for(request.user))
    if report is None:
        raise Http404("Geen rapport: controleer gebied en periode.")
    table_id = request.GET.get("tabel") or None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = pdf_filename(report).removesuffix(".pdf") + (f"-{table_id}" if table_id else "")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    write_csv(report, response, table_id, _chain(report))
    return response


# --------------------------------------------------------------------------- municipal dashboards


@require_screen("reporting:municipality")
def municipality_dashboard(request):
    m = policy.municipality(request.user)
    area = municipality_area(m) if m else None
    form, report = _report_from_request(request, [area] if area else [], fixed=area)
    return render(
        request,
        "reporting/municipality.html",
        _report_context(report, form, kind="gemeente", chain=_chain(report)),
    )


def _chain(report):
    """The lead times of the chain before the measure (issue 18) beside the report."""
    return chain_for_report(report, clock.today()) if report else None


@require_screen("reporting:region")
def region_dashboard(request):
    m = policy.municipality(request.user)
    area = region_area(m.jeugdhulpregio) if m else None
    form, report = _report_from_request(request, [area] if area else [], fixed=area)
    return render(
        request,
        "reporting/municipality.html",
        _report_context(report, form, kind="regio", chain=_chain(report)),
    )


# --------------------------------------------------------------------------- GI board


class BoardForm(forms.Form):
    per = forms.ChoiceField(
        label="Per",
        choices=[
            ("team", "Team"),
            ("cluster", "Cluster"),
            ("gi", "GI"),
            ("gemeente", "Verantwoordelijke gemeente"),
        ],
        required=False,
    )


@require_screen("reporting:gi_board")
def gi_board(request):
    as_of = peildatum.from_request(request)
    form = BoardForm(request.GET or None)
    by = (form.cleaned_data.get("per") if form.is_valid() else "") or "team"
    board = figures.gi_board(policy.visible_measures(request.user), as_of, by)
    date_labels = [f"{d.day}-{d.month}-{d.year}" for d in board.dates]
    top = sorted(board.rows, key=lambda r: -(r.cells["lopend"].count or 0))[:6]
    specs = [
        ("grafiek-lopend", "Lopende maatregelen per peildatum", date_labels, board.running_trend),
        (
            "grafiek-zonder-vaste",
            "Kinderen zonder vaste jeugdzorgwerker per peildatum",
            date_labels,
            board.without_trend,
        ),
    ]
    q_labels = [f"{a.day}-{a.month} t/m {b.day}-{b.month}-{b.year}" for a, b in board.quarters]
    specs.append(
        ("grafiek-normen", "Normen op tijd gehaald per kwartaal", q_labels, board.norm_trend)
    )
    # (visible caption, chart): the SVG's own <title> is for assistive technology only.
    charts = [
        (
            title,
            mark_safe(  # noqa: S308 - our own escaped SVG
                line_chart(
                    chart_id,
                    title,
                    labels,
                    [Series(r.label, trend[r.label]) for r in top],
                    percent=chart_id == "grafiek-normen",
                )
            ),
        )
        for chart_id, title, labels, trend in specs
    ]
    columns = [(f, figures.FIGURES[f]) for f in figures.BOARD_FIGURES]
    return render(
        request,
        "reporting/gi_board.html",
        {
            "form": form,
            "board": board,
            "by": by,
            "group_label": figures.GROUPINGS[by],
            "columns": columns,
            "charts": charts,
            "shown": [r.label for r in top],
            "continuity": continuity_section(request.user, as_of),  # issue 17
        },
    )


@require("dashboard.gi")
def drilldown(request):
    """The measures behind one number of the GI board (within the user's scope)."""
    as_of = peildatum.from_request(request)
    figure = request.GET.get("figuur", "lopend")
    by = request.GET.get("per", "team")
    if figure not in figures.FIGURES or by not in figures.GROUPINGS:
        raise Http404("Onbekend cijfer.")
    group = request.GET.get("groep") or None
    scope = policy.visible_measures(request.user)
    measures = list(
        figures.measures_behind(scope, figure, by, group, as_of)
        .filter(pk__in=scope.values("pk"))
        .select_related("youth", "team", "worker", "gi")
        .order_by("team__name", "external_id")
    )
    log_access(
        request,
        {m.youth_id: m.youth for m in measures}.values(),
        "view",
        f"onderbouwing dashboard: {figures.FIGURES[figure].title}",
    )
    group_label = "alle groepen"
    if group:
        rows = figures.load_rows(scope.filter(pk__in=[m.pk for m in measures])[:1])
        group_label = figures.group_of(rows[0], by)[1] if rows else group
    return render(
        request,
        "reporting/drilldown.html",
        {
            "figure": figures.FIGURES[figure],
            "measures": measures,
            "as_of": as_of,
            "group_label": group_label,
            "by_label": figures.GROUPINGS[by],
        },
    )


# --------------------------------------------------------------------------- inspection export


class InspectionForm(forms.Form):
    steekproef = forms.IntegerField(
        label="Aantal dossiers in de steekproef", min_value=1, max_value=200, initial=30
    )
    seed = forms.IntegerField(
        label="Startgetal van de steekproef",
        min_value=0,
        initial=1,
        help_text="Met hetzelfde startgetal krijgt u dezelfde steekproef.",
    )


def inspection_sample(scope, size: int, seed: int, as_of: dt.date):
    """A reproducible random sample of the measures running on as_of in the scope."""
    running = list(
        scope.filter(start_date__lte=as_of, ended_on__isnull=True)
        .select_related("youth", "team", "gi")
        .order_by("external_id")
    )
    rng = random.Random(seed)
    sample = rng.sample(running, min(size, len(running)))
    return sorted(sample, key=lambda m: m.external_id)


@require_screen("reporting:inspection_export")
def inspection_export(request):
    as_of = clock.today()
    form = InspectionForm(request.GET or None)
    if not (request.GET.get("download") and form.is_valid()):
        if not request.GET:
            form = InspectionForm(initial={"steekproef": 30, "seed": 1})
        return render(request, "reporting/inspection.html", {"form": form, "as_of": as_of})
    scope = policy.visible_measures(request.user)
    sample = inspection_sample(
        scope, form.cleaned_data["steekproef"], form.cleaned_data["seed"], as_of
    )
    results = results_for_measures([m.pk for m in sample], as_of) if sample else {}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="inspectie-steekproef-{as_of:%Y%m%d}.csv"'
    )
    response.write("\ufeff")
    writer = csvsafe.writer(response)
    header = ["nr", "dossiernummer", "soort maatregel", "GI", "team", "start", "toewijzing"]
    for n in CATALOGUE:
        header += [f"{n.id} status", f"{n.id} vervaldatum", f"{n.id} gehaald op"]
    writer.writerow(header)
    for i, m in enumerate(sample, start=1):
        by_norm = {r.norm_id: r for r in results.get(m.external_id, [])}
        row = [
            i,
            m.external_id,
            m.get_measure_type_display(),
            m.gi.name if m.gi else "",
            m.team.name if m.team else "",
            m.start_date.isoformat() if m.start_date else "",
            m.get_assignment_display(),
        ]
        for n in CATALOGUE:
            r = by_norm.get(n.id)
            row += (
                [
                    STATUS_LABELS[r.status],
                    r.due_date.isoformat() if r.due_date else "",
                    r.met_date.isoformat() if r.met_date else "",
                ]
                if r
                else ["", "", ""]
            )
        writer.writerow(row)
    log_access(
        request,
        {m.youth_id: m.youth for m in sample}.values(),
        "export",
        f"inspectie-export (steekproef {len(sample)}, startgetal {form.cleaned_data['seed']})",
    )
    return response

"""The Prognose screen (issue 17, item 4): the waiting list (children without a fixed youth
protector) and the caseload 3, 6 and 12 months ahead, with a scenario, the chart, the table and
its CSV, and the backtest of the model. Thin: the policy decides the teams
(`policy.capacity_teams`, as the Capaciteit screen), `capacity.forecast_selectors` and the pure
`capacity.domain.forecast` compute. Figures about groups, never about one child."""

from __future__ import annotations

import math

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from ketenzicht import csvsafe, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.capacity.domain.forecast import HORIZONS, Scenario
from ketenzicht.capacity.forecast_selectors import GROUPINGS, GroupForecast, forecasts
from ketenzicht.timeline.domain.state_types import add_months

from .charts import Band, Series, line_chart

MONTH_NAMES = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()


def _range_error(low: object, high: object) -> dict[str, str]:
    """Dutch messages; the error summary and the field put the field's label before them."""
    text = f"vul een getal in van {low} tot en met {high}."
    return {
        "invalid": "vul een getal in (bijvoorbeeld 4 of 2,5).",
        "min_value": text,
        "max_value": text,
        "max_decimal_places": "gebruik hoogstens één cijfer achter de komma.",
        "max_digits": text,
        "max_whole_digits": text,
        "invalid_choice": "kies een maand uit de lijst.",
    }


def _number(label: str, help_text: str, low: int, high: int, whole: bool = False):
    """An optional number field with Dutch messages (one decimal, Dutch comma)."""
    common = {
        "label": label,
        "help_text": help_text,
        "min_value": low,
        "max_value": high,
        "required": False,
        "error_messages": _range_error(low, high),
    }
    if whole:
        return forms.IntegerField(**common)
    return forms.DecimalField(decimal_places=1, localize=True, **common)


class ScenarioForm(forms.Form):
    per = forms.ChoiceField(label="Per", choices=list(GROUPINGS.items()), required=False)
    fte = _number(
        "Extra fte jeugdzorgwerkers", "Bijvoorbeeld 4 (of −2 voor minder fte).", -100, 500
    )
    vanaf = forms.TypedChoiceField(
        label="Vanaf maand",
        coerce=int,
        required=False,
        empty_value=1,
        error_messages=_range_error(1, 12),
    )
    instroom = _number(
        "Instroom nieuwe maatregelen (% meer of minder)",
        "Bijvoorbeeld 10 voor 10 % meer instroom, −20 voor 20 % minder.",
        -90,
        300,
        whole=True,
    )
    norm = _number(
        "Caseloadnorm (jeugdigen per fte)", "Leeg: de norm die op de peildatum geldt.", 1, 40
    )
    verzuim = _number(
        "Ziekteverzuim terug naar (%)", "Leeg: het verzuim van het afgelopen jaar.", 0, 50
    )

    def __init__(self, data, as_of):
        super().__init__(data)
        self.fields["vanaf"].choices = [
            (m, _month(add_months(as_of, m))) for m in range(1, HORIZONS[-1] + 1)
        ]

    def scenario(self) -> Scenario | None:
        if not self.is_valid():
            return None
        d = self.cleaned_data
        return Scenario(
            extra_fte=float(d["fte"] or 0),
            from_month=d["vanaf"] or 1,
            inflow_pct=float(d["instroom"] or 0),
            norm=float(d["norm"]) if d["norm"] is not None else None,
            sick_pct=float(d["verzuim"]) if d["verzuim"] is not None else None,
        )


def _month(day) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _n(x: float | None, decimals: int = 0) -> str:
    if x is None or math.isnan(x):
        return "—"
    return f"{float(x):.{decimals}f}".replace(".", ",")


COLUMNS = (
    "Over",
    "Wachtenden P10",
    "Wachtenden P50",
    "Wachtenden P90",
    "Wachtenden P50 zonder scenario",
    "Vraag (jeugdigen) P50",
    "Fte beschikbaar P50",
    "Caseload per fte P50",
)


def _rows(g: GroupForecast, as_of) -> list[list[str]]:
    s = g.series
    last = len(s.days) - 1
    now = [
        f"nu ({as_of:%d-%m-%Y})",
        *[str(s.waiting(last))] * 4,
        str(s.demand(last)),
        _n(s.available[last], 1),
        _n(s.demand(last) / s.available[last], 1) if s.available[last] else "—",
    ]
    rows = [now]
    for h in HORIZONS:
        base = g.baseline[h - 1]
        m = (g.scenario or g.baseline)[h - 1]
        rows.append(
            [
                f"{h} maanden ({_month(add_months(as_of, h))})",
                _n(m.waiting.p10),
                _n(m.waiting.p50),
                _n(m.waiting.p90),
                _n(base.waiting.p50),
                _n(m.demand.p50),
                _n(m.available.p50, 1),
                _n(m.caseload.p50, 1),
            ]
        )
    return rows


def _rounded(name: str, values: list[float | None]) -> Series:
    return Series(name, values, [_n(v) for v in values])


def describe(scenario: Scenario, as_of) -> str:
    """The scenario in words, as the screen shows it."""
    parts = []
    if scenario.extra_fte:
        fte = f"{scenario.extra_fte:+g}".replace(".", ",")
        parts.append(f"{fte} fte vanaf {_month(add_months(as_of, scenario.from_month))}")
    if scenario.inflow_pct:
        parts.append(f"instroom {scenario.inflow_pct:+g} %")
    if scenario.norm is not None:
        parts.append(f"caseloadnorm {scenario.norm:g}".replace(".", ","))
    if scenario.sick_pct is not None:
        parts.append(f"ziekteverzuim {scenario.sick_pct:g} %".replace(".", ","))
    return "; ".join(parts)


PER = {"gi": "per GI", "cluster": "per cluster", "totaal": "alle teams samen"}


def _chart(g: GroupForecast, as_of) -> str:
    s = g.series
    history = list(range(len(s.days) - 13, len(s.days)))
    months = [add_months(as_of, k) for k in range(-12, HORIZONS[-1] + 1)]
    labels = [
        f"{MONTH_NAMES[d.month - 1][:3]} {d:%y}" if i % 3 == 0 else "" for i, d in enumerate(months)
    ]
    actual: list[float | None] = [float(s.waiting(k)) for k in history] + [None] * 12
    pad: list[float | None] = [None] * 12 + [float(s.waiting(history[-1]))]
    base = pad + [m.waiting.p50 for m in g.baseline]
    chosen = g.scenario or g.baseline
    series = [Series("Werkelijk (tijdlijn)", actual), _rounded("Prognose P50", base)]
    if g.scenario:
        series.append(_rounded("Met scenario P50", pad + [m.waiting.p50 for m in g.scenario]))
    band = Band(
        "P10–P90" + (" met scenario" if g.scenario else ""),
        pad + [m.waiting.p10 for m in chosen],
        pad + [m.waiting.p90 for m in chosen],
    )
    desc = (
        f"Wachtenden in {g.label}: de afgelopen twaalf maanden "
        + ", ".join(f"{_month(d)} {s.waiting(k)}" for d, k in zip(months, history, strict=False))
        + ". Prognose (P10, P50, P90): "
        + "; ".join(
            f"{_month(add_months(as_of, m.month))} {_n(m.waiting.p10)}, {_n(m.waiting.p50)}, "
            f"{_n(m.waiting.p90)}"
            for m in chosen
        )
        + "."
    )
    svg = line_chart(
        f"prognose-{g.key}",
        f"Jeugdigen zonder vaste jeugdbeschermer, {g.label}",
        labels,
        series,
        width=760,
        height=340,
        desc=desc,
        band=band,
        point_labels=False,
    )
    return mark_safe(svg)  # noqa: S308 - our own escaped SVG


def _backtest(g: GroupForecast) -> list[dict]:
    return [
        {
            "horizon": b.horizon,
            "n": len(b.errors),
            "mae": _n(b.mae, 1) if b.mae is not None else "—",
            "mean": _n(b.mean_actual, 1) if b.mean_actual is not None else "—",
            "covered": b.covered,
            "naive": _n(b.naive_mae, 1) if b.naive_mae is not None else "—",
        }
        for b in g.backtests
    ]


def _compute(request, with_backtest: bool = True):
    as_of = peildatum.from_request(request)
    form = ScenarioForm(request.GET or None, as_of)
    valid = form.is_valid() if request.GET else True
    by = (form.cleaned_data.get("per") if valid and request.GET else "") or "gi"
    scenario = form.scenario() if request.GET and valid else None
    teams = policy.capacity_teams(request.user)
    groups = forecasts(teams, as_of, by, scenario, with_backtest=with_backtest) if valid else []
    return form, valid, as_of, by, scenario, groups


@require_screen("reporting:forecast")
def forecast(request):
    form, valid, as_of, by, scenario, groups = _compute(request)
    query = request.GET.copy()
    query["peildatum"] = as_of.isoformat()
    return render(
        request,
        "reporting/forecast.html",
        {
            "form": form,
            "valid": valid,
            "as_of": as_of,
            "per": PER[by],
            "scenario": describe(scenario, as_of) if scenario and not scenario.is_baseline else "",
            "columns": COLUMNS,
            "groups": [(g, _chart(g, as_of), _rows(g, as_of), _backtest(g)) for g in groups],
            "csv_query": query.urlencode(),
        },
    )


@require("capacity.view")
def forecast_csv(request):
    form, valid, as_of, by, _, groups = _compute(request, with_backtest=False)
    if not valid:
        return HttpResponse(
            "Ongeldig scenario: " + "; ".join(e for errs in form.errors.values() for e in errs),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="prognose-{by}-{as_of:%Y%m%d}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csvsafe.writer(response)
    writer.writerow([GROUPINGS[by], *COLUMNS])
    for g in groups:
        for row in _rows(g, as_of):
            writer.writerow([g.label, *row])
    return response

"""Counts per reference date and the effects of waiting (issue #5): numbers only, for GI
roles in their scope and for a municipality over its own children (the published, suppressed
table)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

from ketenzicht import clock, csvsafe, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.publication import (
    min_denominator as publication_min_denominator,
    periods,
    threshold as publication_threshold,
)
from ketenzicht.widgets import DateInput

from .. import domain, published, selectors

# ------------------------------------------------------------------ counts per reference date


class CountsForm(forms.Form):
    """Free dates for GI roles (exact figures of their own cases); for a municipal user the
    last days of past months only (fixed reference dates, `ketenzicht.publication.periods`)."""

    peildatum = forms.DateField(label="Peildatum", required=False, widget=DateInput)
    per = forms.ChoiceField(
        label="Reeks per",
        required=False,
        choices=[
            ("gi", "GI"),
            ("region", "Jeugdbeschermingsregio"),
            ("municipality", "Verantwoordelijke gemeente"),
            ("cluster", "Cluster"),
            ("team", "Team"),
        ],
    )
    van = forms.DateField(label="Reeks vanaf", required=False, widget=DateInput)
    tot = forms.DateField(label="Reeks tot en met", required=False, widget=DateInput)
    stap = forms.ChoiceField(
        label="Elke",
        required=False,
        choices=[("quarter", "eerste dag van het kwartaal"), ("month", "eerste dag van de maand")],
    )

    def __init__(self, *args, municipal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipal = municipal
        if municipal:
            ends = periods.recent_month_ends(clock.today())
            choices = [(d.isoformat(), d.strftime("%d-%m-%Y")) for d in ends]
            message = (
                "kies een datum uit de lijst: cijfers voor uw gemeente zijn er alleen op de "
                "laatste dag van een afgelopen maand."
            )
            for name, label in (
                ("peildatum", "Peildatum"),
                ("van", "Reeks vanaf"),
                ("tot", "Reeks tot en met"),
            ):
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    required=False,
                    choices=[("", "—"), *choices] if name == "van" else choices,
                    coerce=dt.date.fromisoformat,
                    empty_value=None,
                    error_messages={"invalid_choice": f"{label}: {message}"},
                )
            del self.fields["per"]
            self.fields["stap"].choices = [
                ("quarter", "laatste dag van het kwartaal"),
                ("month", "laatste dag van de maand"),
            ]

    def clean(self):
        data = super().clean()
        today = clock.today()
        for name, label in (("peildatum", "Peildatum"), ("tot", "Reeks tot en met")):
            if data.get(name) and data[name] > today:
                self.add_error(name, f"{label}: ligt in de toekomst.")
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("van", "Reeks vanaf: ligt na 'Reeks tot en met'.")
        if data.get("van") and data.get("tot") and (data["tot"] - data["van"]).days > 3700:
            self.add_error("van", "Reeks vanaf: kies een reeks van hoogstens tien jaar.")
        return data


def _counts_params(request):
    today = clock.today()
    municipal = policy.is_municipal(request.user)
    if municipal:
        last_end = periods.previous_month_end(today)
        default_first = periods.previous_month_end(dt.date(last_end.year - 1, last_end.month, 1))
        initial = {"peildatum": last_end, "van": default_first, "tot": last_end}
    else:
        default_first = dt.date(today.year - 1, today.month, 1)
        initial = {"peildatum": today, "van": default_first, "tot": today}
    form = CountsForm(
        request.GET or None,
        initial={**initial, "stap": "quarter"},
        municipal=municipal,
    )
    data = form.cleaned_data if form.is_valid() else {}
    last = data.get("tot") or initial["tot"]
    first = data.get("van") or (
        periods.previous_month_end(dt.date(last.year - 1, last.month, 1))
        if municipal
        else dt.date(last.year - 1, last.month, 1)
    )
    return form, {
        "peildatum": data.get("peildatum") or initial["peildatum"],
        "per": data.get("per") or "gi",
        "first": first,
        "last": last,
        "stap": data.get("stap") or "quarter",
        "valid": form.is_valid() or not request.GET,
    }


def _counts_scope(user):
    """(measures, municipality code or None): a municipal official counts the children of
    their own municipality (responsible on each day) over all GIs; GI roles their scope."""
    if policy.is_municipal(user):
        muni = policy.municipality(user)
        return None, (muni.cbs_code if muni else "")
    return policy.waiting_scope(user), None


def _municipal_row(user, days: list[dt.date]) -> tuple[str, str, list[str]] | None:
    """The user's municipality's row of the published table (the council report's table
    'Kinderen zonder vaste jeugdbeschermer', suppressed over the whole jeugdhulpregio)."""
    muni = policy.municipality(user)
    if muni is None or not days:
        return None
    (table,) = published.suppressed(
        published.without_fixed_worker_table(published.universe(muni), days)
    )
    return muni.cbs_code, muni.name, [table.cell(muni.cbs_code, d.isoformat()) for d in days]


def _series(user, p) -> tuple[list[dt.date], list[tuple[str, str, list]], list]:
    """(days, [(key, label, counts per day)], totals per day)."""
    measures, muni = _counts_scope(user)
    if muni is not None:
        if not p["valid"]:
            return [], [], []
        days = periods.month_ends(p["first"], p["last"], p["stap"])
        if p["last"] not in days:
            days.append(p["last"])
        row = _municipal_row(user, days)
        return days, ([row] if row else []), (list(row[2]) if row else [])
    days = domain.reference_dates(p["first"], p["last"], p["stap"])
    if p["last"] not in days:
        days.append(p["last"])
    by = p["per"]
    both = selectors.without_fixed_worker_groupings(days, (by, "total"), measures)
    grouped, total = both[by], both["total"]
    labels = selectors.group_labels(by)
    keys = sorted({k for counts in grouped.values() for k in counts})
    totals = [total[d][domain.TOTAL_KEY] for d in days]
    rows = [(k, labels.get(k, k), [grouped[d].get(k, 0) for d in days]) for k in keys]
    rows.sort(key=lambda r: r[1])
    return days, rows, totals


@require_screen("care:counts")
def counts(request):
    """Children without a fixed youth protector on a reference date, per GI, region and
    responsible municipality, and a time series (reconstructed from the events)."""
    form, p = _counts_params(request)
    measures, muni = _counts_scope(request.user)
    on_day = []
    day = p["peildatum"]
    if muni is not None:
        row = _municipal_row(request.user, [day]) if p["valid"] else None
        items = [(row[1], row[0], row[2][0])] if row else []
        on_day.append(("Verantwoordelijke gemeente", "Uw gemeente", items))
    total = None
    if muni is None:
        found = selectors.without_fixed_worker_groupings(
            [day], ("gi", "region", "municipality", "total"), measures
        )
        for by, title, caption in (
            ("gi", "GI", "Per GI"),
            ("region", "Jeugdbeschermingsregio", "Per jeugdbeschermingsregio"),
            ("municipality", "Verantwoordelijke gemeente", "Per verantwoordelijke gemeente"),
        ):
            labels = selectors.group_labels(by)
            items = sorted((labels.get(k, k), k, n) for k, n in found[by][day].items())
            on_day.append((title, caption, items))
        total = found["total"][day][domain.TOTAL_KEY]
    days, rows, totals = _series(request.user, p)
    return render(
        request,
        "care/counts.html",
        {
            "form": form,
            "peildatum": day,
            "on_day": on_day,
            "total": total,
            "days": days,
            "rows": rows,
            "totals": totals,
            "municipal": muni is not None,
            "small": publication_threshold(),
            "csv_query": request.GET.urlencode(),
        },
    )


@require("waiting.counts")
def counts_csv(request):
    form, p = _counts_params(request)
    if not p["valid"]:
        return HttpResponse(
            "Ongeldige keuze: " + "; ".join(e for errs in form.errors.values() for e in errs),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    days, rows, totals = _series(request.user, p)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="zonder-vaste-jeugdbeschermer-{p["last"]:%Y%m%d}.csv"'
    )
    response.write("\ufeff")
    out = csvsafe.writer(response)
    out.writerow(["Code", "Groep", *[f"{d:%d-%m-%Y}" for d in days]])
    for key, label, values in rows:
        out.writerow([key, label, *values])
    out.writerow(["", "Totaal (elke jeugdige één keer)", *totals])
    return response


# ------------------------------------------------------------------ effects of waiting


@require_screen("care:effects")
def effects(request):
    as_of = peildatum.from_request(request)
    if policy.is_municipal(request.user):
        muni = policy.municipality(request.user)
        scope = policy.municipal_measures(request.user)
        scope_label = f"jeugdigen van gemeente {muni.name}" if muni else "geen gemeente"
    else:
        scope = policy.waiting_scope(request.user)
        scope_label = "maatregelen in uw werkgebied"
    groups = published.effects_shown(selectors.effects(scope, as_of))
    return render(
        request,
        "care/effects.html",
        {
            "groups": groups,
            "as_of": as_of,
            "scope_label": scope_label,
            "waited_days": domain.WAITED_DAYS,
            "small": publication_threshold(),
            "min_denominator": publication_min_denominator(),
        },
    )

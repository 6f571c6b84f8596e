"""Screens for waiting (issue #5): the waiting list for a youth protector (monitorlijst),
assignment, counts per reference date, the effects of waiting, waiting for help (priority list,
expert table) and the consultation with the municipality.

Every view declares one permission (`@require`), reads through an explicit scope (the policy's
`visible_measures`, widened for a team's teamleider and gedragswetenschapper to the in- en
doorstroomteam of their cluster, from which they assign) and logs the children it shows.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ketenzicht import clock, csvsafe, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.access.models import Role
from ketenzicht.access.services import log_access
from ketenzicht.norms.catalogue import NORMS
from ketenzicht.publication import (
    min_denominator as publication_min_denominator,
    periods,
    threshold as publication_threshold,
)
from ketenzicht.reference.models import Municipality, Organisation, Worker
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.state import age_on
from ketenzicht.timeline.models import Event, Youth
from ketenzicht.widgets import DateInput

from . import domain, published, selectors, services
from .services import CareError

# ------------------------------------------------------------------ the waiting list


@require_screen("care:waiting_list")
def waiting_list(request):
    as_of = peildatum.from_request(request)
    rows = selectors.waiting_list(policy.waiting_scope(request.user), as_of)
    log_access(
        request, {r.measure.youth_id: r.measure.youth for r in rows}.values(), "view", "wachtlijst"
    )
    return render(
        request,
        "care/waiting_list.html",
        {
            "rows": rows,
            "lapsed_count": sum(r.lapsed for r in rows),
            "as_of": as_of,
            "explanation": domain.ORDER_EXPLANATION,
            "may_assign": policy.has_permission(request.user, "waiting.assign"),
            "may_ruis": policy.has_permission(request.user, "waiting.ruis"),
            "ruis_labels": codes.RUIS_FLAGS,
            "colours": codes.SAFETY_COLOURS,
        },
    )


class AssignForm(forms.Form):
    worker = forms.ChoiceField(label="Jeugdzorgwerker", widget=forms.RadioSelect)
    above_norm_reason = forms.CharField(
        label="Reden boven de caseloadnorm",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Verplicht als de jeugdzorgwerker met deze jeugdige boven de caseloadnorm komt.",
    )

    def __init__(self, *args, loads=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [(c.worker_id, f"{c.name} ({c.team})") for c in loads]


def _team_ids(user) -> set[int]:
    return {g.team_id for g in policy.grants(user) if g.role == Role.TEAMLEIDER and g.team_id}


@require("waiting.assign")
def assign(request):
    """A teamleider assigns a fixed worker of their team to a case from the waiting list."""
    ext = request.GET.get("maatregel") or request.POST.get("maatregel")
    if not ext:
        return redirect("care:waiting_list")
    measure = (
        policy.waiting_scope(request.user)
        .select_related("youth", "gi", "team")
        .filter(external_id=ext)
        .first()
    )
    if measure is None:
        raise Http404("Maatregel onbekend of buiten uw werkgebied.")
    today = clock.today()
    team_ids = _team_ids(request.user)
    own = set(Worker.objects.filter(team_id__in=team_ids).values_list("pk", flat=True))
    loads = [c for c in selectors.caseloads(measure.gi, today) if c.worker_pk in own]
    form = AssignForm(request.POST or None, loads=loads)
    if request.method == "POST" and form.is_valid():
        worker = Worker.objects.get(external_id=form.cleaned_data["worker"])
        try:
            services.assign_worker(
                measure,
                worker,
                by=request.user,
                today=today,
                above_norm_reason=form.cleaned_data["above_norm_reason"],
            )
        except CareError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            log_access(request, [measure.youth], "change", "toewijzing vaste jeugdzorgwerker")
            messages.success(
                request,
                f"{worker} is de vaste jeugdzorgwerker van {measure.youth.full_name} "
                f"({measure.type_short}).",
            )
            return redirect("care:waiting_list")
    log_access(request, [measure.youth], "view", "toewijzen")
    return render(
        request,
        "care/assign.html",
        {
            "measure": measure,
            "loads": loads,
            "form": form,
            "norm": measure.gi.caseload_norm if measure.gi else None,
        },
    )


class RuisForm(forms.Form):
    flags = forms.MultipleChoiceField(
        label="Kenmerken",
        required=False,
        choices=list(codes.RUIS_FLAGS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="Geen kenmerken: de zaak is geen ruisdossier (meer).",
    )
    remark = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@require("waiting.ruis")
def ruis(request):
    """Ruisdossier flags of a case on the waiting list (001:4098-4122): an extra safety check
    with priority; the flags move the case up within its colour."""
    ext = request.GET.get("maatregel") or request.POST.get("maatregel")
    if not ext:
        return redirect("care:waiting_list")
    measure = (
        policy.waiting_scope(request.user).select_related("youth").filter(external_id=ext).first()
    )
    if measure is None:
        raise Http404("Maatregel onbekend of buiten uw werkgebied.")
    last = (
        measure.events.filter(event_type="ruis_flags_set", corrected_by__isnull=True)
        .order_by("-date", "-seq")
        .first()
    )
    current = list(last.data.get("flags", [])) if last else []
    form = RuisForm(request.POST or None, initial={"flags": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_ruis_flags(
                measure,
                form.cleaned_data["flags"],
                form.cleaned_data["remark"],
                by=request.user,
                today=clock.today(),
            )
        except CareError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            log_access(request, [measure.youth], "change", "ruisdossier")
            messages.success(
                request, f"Ruisdossier-kenmerken van {measure.youth.full_name} vastgelegd."
            )
            return redirect("care:waiting_list")
    log_access(request, [measure.youth], "view", "ruisdossier")
    return render(request, "care/ruis.html", {"measure": measure, "form": form, "last": last})


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
    grouped = selectors.without_fixed_worker_counts(days, by, measures)
    labels = selectors.group_labels(by)
    keys = sorted({k for counts in grouped.values() for k in counts})
    total = selectors.without_fixed_worker_counts(days, "total", measures)
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
    else:
        for by, title, caption in (
            ("gi", "GI", "Per GI"),
            ("region", "Jeugdbeschermingsregio", "Per jeugdbeschermingsregio"),
            ("municipality", "Verantwoordelijke gemeente", "Per verantwoordelijke gemeente"),
        ):
            grouped = selectors.without_fixed_worker_counts([day], by, measures)[day]
            labels = selectors.group_labels(by)
            items = sorted((labels.get(k, k), k, n) for k, n in grouped.items())
            on_day.append((title, caption, items))
    total = (
        None
        if muni is not None
        else selectors.without_fixed_worker_counts([day], "total", measures)[day][domain.TOTAL_KEY]
    )
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


# ------------------------------------------------------------------ waiting for help


def _org_names() -> dict[str, str]:
    return dict(Organisation.objects.values_list("external_id", "name"))


class PriorityForm(forms.Form):
    request = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reden voorrang", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ExpertForm(forms.Form):
    request = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Waarom vastgelopen", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    meeting_date = forms.DateField(label="Datum bespreking", required=False, widget=DateInput)


class DecisionForm(forms.Form):
    registration = forms.CharField(widget=forms.HiddenInput)
    decision = forms.CharField(
        label="Besluit", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    help_type = forms.ChoiceField(
        label="Soort hulp",
        required=False,
        choices=[("", "—"), *codes.HELP_TYPES.items()],
    )
    provider = forms.ModelChoiceField(
        label="Jeugdhulpaanbieder",
        required=False,
        queryset=Organisation.objects.filter(type="jeugdhulpaanbieder"),
        empty_label="—",
    )


def _first_error(form: forms.Form) -> str:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        return f"{label}: {errors[0]}" if label else errors[0]
    return "Ongeldige invoer."


def _help_context(request, as_of):
    scope = policy.visible_measures(request.user)
    waits = selectors.help_waits(as_of, scope)
    youths = Youth.objects.in_bulk({w.youth_pk for w in waits})
    mtypes = {c: v[1] for c, v in codes.MEASURE_TYPES.items()}
    for w in waits:
        w.youth = youths[w.youth_pk]  # type: ignore[attr-defined]
        w.measure_short = mtypes[w.measure_type]  # type: ignore[attr-defined]
    return scope, waits


@require_screen("care:help")
def help_view(request):
    as_of = peildatum.from_request(request)
    _, waits = _help_context(request, as_of)
    waiting = [w for w in waits if w.waiting]
    priority = selectors.priority_list(waits)
    shown = {w.youth_pk: w.youth for w in waiting}  # type: ignore[attr-defined]
    log_access(request, shown.values(), "view", "wachten op hulp")
    norm = NORMS[selectors.HELP_NORM]
    return render(
        request,
        "care/help.html",
        {
            "as_of": as_of,
            "summary": selectors.wait_summary(waits),
            "priority": priority,
            "waiting": sorted(waiting, key=lambda w: -w.waiting_days),
            "orgs": _org_names(),
            "help_types": codes.HELP_TYPES,
            "answers": codes.CONSULTATION_ANSWERS,
            "norm": norm,
            "may_manage": policy.has_permission(request.user, "help.manage"),
            "may_consult": policy.has_permission(request.user, "consultation.send"),
        },
    )


@require("help.manage")
@require_POST
def give_priority(request):
    return _record_from_form(
        request,
        PriorityForm(request.POST),
        lambda d, **kw: services.record_priority(d["request"], d["reason"], **kw),
        subject="voorrang schadelijk wachtende",
        success="Voorrang vastgelegd op de tijdlijn.",
        back="care:help",
    )


def _record_from_form(request, form, record, *, subject, success, back, done=None):
    """The shape of the help screens' POSTs: check the form, append the event through
    `record(cleaned_data, scope=..., by=..., today=...)` (scoped on the server), log the child
    and say so; any refusal goes back to `back` with its Dutch message."""
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(back)
    try:
        event = record(
            form.cleaned_data,
            scope=policy.visible_measures(request.user),
            by=request.user,
            today=clock.today(),
        )
    except CareError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    log_access(request, [event.measure.youth], "change", subject)
    messages.success(request, success)
    return redirect(done or back)


@require("help.manage")
@require_POST
def expert_register(request):
    return _record_from_form(
        request,
        ExpertForm(request.POST),
        lambda d, **kw: services.register_expert_table(
            d["request"], d["reason"], d.get("meeting_date"), **kw
        ),
        subject="aanmelding experttafel",
        success="Aangemeld bij de Experttafel Complexe Zorg.",
        back="care:help",
        done="care:expert_table",
    )


@require("help.list")
def expert_table(request):
    """The Experttafel Complexe Zorg: registered stuck cases, agenda and decisions."""
    as_of = peildatum.from_request(request)
    _, waits = _help_context(request, as_of)
    registered = [w for w in waits if w.expert_table]
    registered.sort(key=lambda w: (w.expert_meeting or dt.date.max, w.requested_on))
    log_access(
        request,
        {w.youth_pk: w.youth for w in registered}.values(),  # type: ignore[attr-defined]
        "view",
        "experttafel",
    )
    return render(
        request,
        "care/expert_table.html",
        {
            "rows": registered,
            "as_of": as_of,
            "orgs": _org_names(),
            "help_types": codes.HELP_TYPES,
            "may_manage": policy.has_permission(request.user, "help.manage"),
            "decision_form": DecisionForm(),
        },
    )


@require("help.manage")
@require_POST
def expert_decision(request):
    return _record_from_form(
        request,
        DecisionForm(request.POST),
        lambda d, **kw: services.record_expert_decision(
            d["registration"], d["decision"], d.get("help_type") or "", d.get("provider"), **kw
        ),
        subject="besluit experttafel",
        success="Besluit van de experttafel vastgelegd op de tijdlijn.",
        back="care:expert_table",
    )


@require("consultation.send")
@require_POST
def send_consultation(request):
    try:
        event = services.send_consultation(
            request.POST.get("request", ""),
            scope=policy.visible_measures(request.user),
            by=request.user,
            today=clock.today(),
        )
    except CareError as exc:
        messages.error(request, exc.message)
    else:
        log_access(request, [event.measure.youth], "change", "afstemming gemeente")
        muni = Municipality.objects.get(cbs_code=event.data["municipality"])
        messages.success(request, f"Verzoek tot afstemming verstuurd aan gemeente {muni.name}.")
    return redirect(reverse("care:help") + "#wachtend")


# ------------------------------------------------------------------ the municipality's side


class AnswerForm(forms.Form):
    consultation = forms.CharField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label="Antwoord", choices=list(codes.CONSULTATION_ANSWERS.items()), widget=forms.RadioSelect
    )
    remark = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


ANSWERED_SHOWN = 25


def _consultation_rows(muni_code: str, today: dt.date):
    """Minimal data per consultation: no name, no BSN; age, measure type, help type, GI.
    Open ones first (oldest first), then the latest answered ones."""
    events = list(
        services.consultations_for(muni_code)
        .select_related("measure__youth", "measure__gi")
        .order_by("date", "seq")
    )
    answers = {
        e.data["consultation"]: e
        for e in Event.objects.filter(
            event_type="municipality_consultation_answer",
            corrected_by__isnull=True,
            measure_id__in={e.measure_id for e in events},
        )
    }
    rows = []
    for e in events:
        m = e.measure
        rows.append(
            {
                "id": e.external_id,
                "date": e.date,
                "age": age_on(m.youth.birth_date, today),
                "measure": m.type_short,
                "help_type": codes.HELP_TYPES.get(e.data["help_type"], e.data["help_type"]),
                "gi": m.gi.name if m.gi else "—",
                "answer": answers.get(e.external_id),
                "youth": m.youth,
                "running": m.ended_on is None,
            }
        )
    # An open consultation on a measure that has ended needs no answer any more.
    open_rows = [r for r in rows if r["answer"] is None and r["running"]]
    answered = sorted((r for r in rows if r["answer"] is not None), key=lambda r: r["date"])
    return open_rows + answered[::-1][:ANSWERED_SHOWN]


@require_screen("care:consultations")
def consultations(request):
    muni = policy.municipality(request.user)
    today = clock.today()
    rows = _consultation_rows(muni.cbs_code, today) if muni else []
    log_access(
        request, {r["youth"].pk: r["youth"] for r in rows}.values(), "view", "afstemming gemeente"
    )
    return render(
        request,
        "care/consultations.html",
        {
            "rows": rows,
            "municipality": muni,
            "answers": codes.CONSULTATION_ANSWERS,
            "form": AnswerForm(),
            "open_count": sum(r["answer"] is None for r in rows),
        },
    )


@require("consultation.answer")
@require_POST
def answer(request):
    muni = policy.municipality(request.user)
    form = AnswerForm(request.POST)
    if muni is None:
        messages.error(request, "Uw account hoort niet bij een gemeente.")
    elif not form.is_valid():
        messages.error(request, _first_error(form))
    else:
        try:
            event = services.answer_consultation(
                form.cleaned_data["consultation"],
                form.cleaned_data["answer"],
                form.cleaned_data["remark"],
                municipality_code=muni.cbs_code,
                by=request.user,
                today=clock.today(),
            )
        except CareError as exc:
            messages.error(request, exc.message)
        else:
            log_access(request, [event.measure.youth], "change", "antwoord afstemming gemeente")
            messages.success(request, "Uw antwoord is vastgelegd.")
    return redirect("care:consultations")

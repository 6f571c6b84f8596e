"""Waiting for help (issue #5): the priority list, the expert table (Experttafel Complexe Zorg)
and the consultation the GI sends to the municipality."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ketenzicht import clock, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.access.services import log_access
from ketenzicht.norms.catalogue import NORMS
from ketenzicht.reference.models import Municipality, Organisation
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.models import Youth
from ketenzicht.widgets import DateInput

from .. import selectors, services
from ..services import CareError

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

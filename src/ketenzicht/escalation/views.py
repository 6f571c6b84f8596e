"""Thin views for signals and escalations (AVE); the incident screens are in `incident_views`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from ketenzicht import clock, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.access.services import log_access
from ketenzicht.norms.catalogue import NORMS
from ketenzicht.norms.priority import SIGNAL_NORMS
from ketenzicht.norms.selectors import actionable, results_for_measures
from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.domain.state import TimelineError
from ketenzicht.timeline.models import Event, Youth

from . import ave, forms, selectors

MUNICIPAL = policy.ESCALATION_MUNICIPAL_ROLES


def _form_error(form, exc) -> None:
    """Put a domain error (PayloadError/TimelineError) on the form field it names."""
    name = exc.field.removeprefix("data.")
    target = {"signal": None}.get(name, name)
    if target in form.fields:
        form.add_error(target, exc.message)
    else:
        form.add_error(None, exc.message)


# --------------------------------------------------------------------------- escalations


@require_screen("escalation:escalations")
def escalations(request):
    rows = selectors.open_escalations(
        policy.escalation_list_scope(request.user, selectors.escalated_to_roles)
    )
    municipal_only = not (policy.roles(request.user) - MUNICIPAL)
    log_access(
        request,
        {r.measure.youth_id: r.measure.youth for r in rows}.values(),
        "view",
        "escalaties",
    )
    return render(
        request,
        "escalation/escalations.html",
        {"rows": rows, "municipal_only": municipal_only, "today": clock.today()},
    )


@require_screen("escalation:signals")
def signals(request):
    as_of = peildatum.from_request(request)
    measures = list(
        policy.visible_measures(request.user)
        .filter(ended_on__isnull=True, start_date__isnull=False)
        .select_related("youth", "worker", "team")
    )
    by_id = {m.external_id: m for m in measures}
    results = [
        r
        for rs in results_for_measures([m.pk for m in measures], as_of).values()
        for r in rs
        if r.norm_id in SIGNAL_NORMS
    ]
    rows = [(r, by_id[r.measure_id], NORMS[r.norm_id]) for r in actionable(results, as_of, 7)]
    log_access(request, {m.youth_id: m.youth for _, m, _ in rows}.values(), "view", "signalen")
    return render(request, "escalation/signals.html", {"rows": rows, "as_of": as_of})


def _case(request, external_id):
    """The youth and the running measures the user may act on, per measure (issue 11, finding
    4): in their scope, or of their own GI after breaking the glass; never another GI's."""
    youth = (
        Youth.objects.select_related("responsible_municipality", "stay_municipality")
        .filter(external_id=external_id)
        .first()
    )
    if youth is None or policy.case_access(request.user, youth)[0] is None:
        raise Http404("Geen dossier gevonden dat u mag inzien.")
    visible = policy.visible_measures_of(request.user, youth)
    measures = [
        m
        for m in visible.filter(ended_on__isnull=True, start_date__isnull=False)
        .select_related("gi", "youth")
        .order_by("start_date", "pk")
        if policy.may_act_on_measure(request.user, m)
    ]
    return youth, measures


def _chosen(request, measures, external_id):
    """The measure a form names, checked again on the server: one of `measures` and one the
    user may act on (a forged POST with another GI's measure is refused)."""
    measure = next((m for m in measures if m.external_id == external_id), None)
    if measure is None or not policy.may_act_on_measure(request.user, measure):
        raise Http404("Geen maatregel gevonden waarop u mag handelen.")
    return measure


@require("escalation.manage")
def case_escalation(request, external_id):
    youth, measures = _case(request, external_id)
    ladder = selectors.ladder_for(measures[0].gi) if measures else None
    rungs = list(ladder.rungs.all()) if ladder else []
    up = forms.EscalateForm(
        request.POST if request.POST.get("action") == "up" else None,
        measures=measures,
        rungs=rungs,
        prefix="up",
        initial={"date": clock.today()},
    )
    down = forms.DeescalateForm(
        request.POST if request.POST.get("action") == "down" else None,
        measures=measures,
        rungs=rungs,
        prefix="down",
        initial={"date": clock.today()},
    )
    form = up if request.POST.get("action") == "up" else down
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        measure = _chosen(request, measures, d["measure"])
        try:
            if form is up:
                ave.escalate(measure, d["rung"], d["reason"], d["date"], user=request.user)
            else:
                ave.deescalate(
                    measure, d["rung"] or None, d["reason"], d["date"], user=request.user
                )
        except (PayloadError, TimelineError) as exc:
            _form_error(form, exc)
        else:
            log_access(request, [youth], "edit", "escalatie vastgelegd")
            messages.success(request, "De escalatie is vastgelegd op de tijdlijn.")
            return redirect("escalation:case", external_id=external_id)
    labels = {r.key: r.label for r in rungs}
    history = [
        (e, labels.get(e.data.get("rung"), e.data.get("rung")))
        for e in Event.objects.filter(
            measure__in=measures, event_type__in=selectors.ESCALATION_TYPES
        ).order_by("date", "seq")
    ]
    measure_rungs = [(m, selectors.current_rung(m)) for m in measures]
    log_access(request, [youth], "view", "escalatie")
    return render(
        request,
        "escalation/case.html",
        {
            "youth": youth,
            "measures": measures,
            "measure_rungs": measure_rungs,
            "rungs": rungs,
            "ladder": ladder,
            "history": history,
            "up": up,
            "down": down,
            # A link only to a screen the role may use (the gedragswetenschapper escalates but
            # does not register incidents).
            "may_register_incident": policy.has_permission(request.user, "incident.register"),
        },
    )

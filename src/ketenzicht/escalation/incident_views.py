"""Screens for incidents and crisis communication: registering an incident with its urgent
report (after a confirmation), the incident list and page, follow-up messages, the review and
its recommendations, exercises, and the public acknowledgement page of a recipient."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ketenzicht import clock
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.access.services import client_address, log_access
from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.domain.state import TimelineError

from . import forms, learning, rounds, selectors, services
from .models import Incident, Recommendation
from .views import MUNICIPAL, _case, _chosen, _form_error

# --------------------------------------------------------------------------- incidents


CONFIRM_SALT = "escalation.incident-confirm"
CONFIRM_MAX_AGE = 30 * 60  # seconds between showing the confirmation and sending


def _fingerprint(request, measure, data) -> str:
    """What the user confirmed: this user, this measure and exactly these field values."""
    values = {k: str(v) for k, v in sorted(data.items())}
    raw = json.dumps([request.user.pk, measure.pk, values], sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


def _confirmed(request, measure, data) -> bool:
    try:
        signed = signing.loads(
            request.POST.get("bevestiging", ""), salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE
        )
    except signing.BadSignature:  # also SignatureExpired
        return False
    return signed == _fingerprint(request, measure, data)


@require("incident.register")
def incident_new(request, external_id):
    """Two steps (issue 11, finding 9): the form is checked (also for names, BSN-like numbers
    and the date of birth in the free texts) and shown back with the urgent report exactly as
    it will be sent and who will be alarmed; only the confirmation registers the incident and
    writes the outbox. Nothing is stored before the confirmation."""
    youth, measures = _case(request, external_id)
    step = request.POST.get("step", "controleren")
    form = forms.IncidentForm(
        request.POST or None,
        measures=measures,
        youth=youth,
        initial={"occurred_on": clock.today()},
    )
    if request.method == "POST" and form.is_valid() and step != "aanpassen":
        d = form.cleaned_data
        measure = _chosen(request, measures, d["measure"])
        fields = {k: d[k] for k in ("kind", "summary", "occurred_on", "spokesperson", "contact")}
        if step == "versturen" and _confirmed(request, measure, d):
            try:
                incident = services.register_incident(measure, **fields, user=request.user)
            except (PayloadError, TimelineError) as exc:
                _form_error(form, exc)
            else:
                log_access(request, [youth], "edit", f"incident {incident.number} geregistreerd")
                messages.success(
                    request, "Het incident is geregistreerd; de spoedmelding wordt nu verstuurd."
                )
                return redirect("escalation:incident", incident=incident.pk)
        else:
            alarmed, missing = services.recipients(measure)
            log_access(request, [youth], "view", "incident registreren (controle)")
            return render(
                request,
                "escalation/incident_confirm.html",
                {
                    "youth": youth,
                    "form": form,
                    "report": services.preview_report(measure, **fields),
                    "alarmed": alarmed,
                    "missing": missing,
                    "timeout": int(rounds.rota_timeout().total_seconds() // 60),
                    "confirmation": signing.dumps(
                        _fingerprint(request, measure, d), salt=CONFIRM_SALT
                    ),
                },
            )
    log_access(request, [youth], "view", "incident registreren")
    return render(request, "escalation/incident_new.html", {"youth": youth, "form": form})


@require_screen("escalation:incidents")
def incident_list(request):
    qs = Incident.objects.filter(policy.incident_scope(request.user)).select_related(
        "gi", "responsible_municipality", "stay_municipality"
    )
    now = timezone.now()
    real = [selectors.dashboard(i, now) for i in qs.filter(exercise=False)[:100]]
    drills = [selectors.dashboard(i, now) for i in qs.filter(exercise=True)[:50]]
    return render(request, "escalation/incidents.html", {"real": real, "drills": drills})


def _incident(request, pk) -> Incident:
    found = (
        Incident.objects.filter(policy.incident_scope(request.user), pk=pk)
        .select_related("gi", "responsible_municipality", "stay_municipality", "measure__youth")
        .first()
    )
    if found is None:
        raise Http404("Geen incident gevonden dat u mag inzien.")
    return found


def _incident_context(request, inc, follow_up_form=None) -> dict:
    may_follow = inc.ended_at is None and policy.may_follow_up(request.user, inc)
    return {
        "incident": inc,
        "report": services.report_of(inc),
        "dash": selectors.dashboard(inc),
        "missing": services.target_rotas(
            inc.gi, inc.responsible_municipality, inc.stay_municipality
        )[1],
        "may_review": policy.has_permission(request.user, "incident.review") and not inc.exercise,
        "link_hours": int(rounds.ack_link_lifetime().total_seconds() // 3600),
        "may_end": policy.has_permission(request.user, "exercise.manage")
        and inc.exercise
        and inc.ended_at is None,
        "follow_ups": inc.follow_ups.select_related("sent_by"),
        "follow_up_form": (follow_up_form or forms.FollowUpForm()) if may_follow else None,
    }


@require("incident.view")
def incident_detail(request, incident):
    inc = _incident(request, incident)
    services.log_view(inc, request.user, client_address(request))
    return render(request, "escalation/incident.html", _incident_context(request, inc))


@require("incident.follow_up")
@require_POST
def follow_up(request, incident):
    """A follow-up to the incident's rotas through the outbox, setting its status (open, onder
    controle, gesloten; closing ends the acknowledgement links)."""
    inc = _incident(request, incident)
    if not policy.may_follow_up(request.user, inc):
        raise Http404("Geen incident gevonden waarop u een vervolgbericht mag sturen.")
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        try:
            sent = rounds.post_follow_up(inc, user=request.user, **form.cleaned_data)
        except PayloadError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                f"Vervolgbericht verstuurd naar de roosters; status: {sent.get_status_display()}."
                + (" De bevestigingslinks werken niet meer." if sent.status == "gesloten" else ""),
            )
            return redirect("escalation:incident", incident=inc.pk)
    inc.refresh_from_db()
    context = _incident_context(request, inc, form)
    return render(request, "escalation/incident.html", context, status=400)


@require("incident.review")
def review(request, incident):
    inc = _incident(request, incident)
    if inc.exercise:
        raise Http404("Een oefening heeft geen evaluatie.")
    existing = getattr(inc, "review", None)
    action = request.POST.get("action")
    if request.method == "POST" and action == "close_incident":
        # Closing ends the crisis communication: no more rota escalation, links expire.
        if services.close_incident(inc, user=request.user):
            messages.success(
                request,
                "Het incident is afgesloten: de roosters worden niet verder gealarmeerd en de "
                "bevestigingslinks werken niet meer.",
            )
        return redirect("escalation:incident", incident=inc.pk)
    review_form = forms.ReviewForm(
        request.POST if action == "review" else None,
        prefix="review",
        initial={"held_on": existing.held_on, "findings": existing.findings}
        if existing
        else {"held_on": clock.today()},
    )
    rec_form = forms.RecommendationForm(
        request.POST if action == "recommendation" else None, prefix="rec"
    )
    close_form = forms.CloseRecommendationForm(
        request.POST if action == "close" else None, prefix="close"
    )
    form = {"review": review_form, "recommendation": rec_form, "close": close_form}.get(action)
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if form is review_form:
                learning.record_review(
                    inc, held_on=d["held_on"], findings=d["findings"], user=request.user
                )
            elif form is rec_form:
                if existing is None:
                    raise PayloadError("text", "Leg eerst de evaluatie vast.")
                learning.add_recommendation(existing, **d)
            else:
                rec = get_object_or_404(Recommendation, pk=d["recommendation"], review=existing)
                learning.close_recommendation(rec, on=clock.today(), note=d["closing_note"])
        except PayloadError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Opgeslagen.")
            return redirect("escalation:review", incident=inc.pk)
    return render(
        request,
        "escalation/review.html",
        {
            "incident": inc,
            "review": existing,
            "recommendations": existing.recommendations.all() if existing else [],
            "review_form": review_form,
            "rec_form": rec_form,
            "close_form": close_form,
        },
    )


@require_screen("escalation:recommendations")
def recommendations(request):
    org = policy.organisation(request.user)
    municipal = bool(policy.roles(request.user) & MUNICIPAL)
    if municipal:
        codes = [org.municipality.cbs_code] if org and org.municipality_id else []
        recs = selectors.open_recommendations(municipalities=codes)
    else:
        recs = selectors.open_recommendations(organisation=org)
    return render(
        request,
        "escalation/recommendations.html",
        {"recommendations": recs, "today": clock.today()},
    )


# --------------------------------------------------------------------------- exercises


@require_screen("escalation:exercises")
def exercises(request):
    form = forms.ExerciseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            inc = services.start_exercise(user=request.user, **d)
        except PayloadError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "De oefening is gestart; de OEFENING-meldingen gaan nu uit.")
            return redirect("escalation:incident", incident=inc.pk)
    drills = [
        selectors.dashboard(i)
        for i in Incident.objects.filter(exercise=True).select_related(
            "gi", "responsible_municipality", "stay_municipality"
        )[:50]
    ]
    return render(request, "escalation/exercises.html", {"form": form, "drills": drills})


@require("exercise.manage")
@require_POST
def exercise_end(request, incident):
    inc = get_object_or_404(Incident, pk=incident, exercise=True)
    services.end_exercise(inc, user=request.user)
    messages.success(request, "De oefening is afgesloten. Hieronder het verslag.")
    return redirect("escalation:incident", incident=inc.pk)


# --------------------------------------------------------------------------- acknowledgement


def acknowledge(request, token):
    """No login: the token in the mail is the key, and it shows the urgent report only. GET
    shows the report with one button; the POST records the acknowledgement (a link scanner that
    fetches the link does not acknowledge for the recipient)."""
    note = rounds.notification_for_token(token)
    if note is None:
        raise Http404("Deze bevestigingslink is onbekend.")
    if rounds.link_expired(note):
        # Closed incident or an old link: nothing of the report is shown, nothing recorded.
        return render(
            request,
            "escalation/acknowledge_expired.html",
            {
                "closed": note.incident.ended_at is not None,
                "hours": int(rounds.ack_link_lifetime().total_seconds() // 3600),
                "exercise": note.incident.exercise,
            },
            status=410,
        )
    address = client_address(request)
    if request.method == "POST":
        rounds.acknowledge(note, address=address)
        return redirect("escalation:acknowledge", token=token)
    services.log_view(note.incident, None, address, who=note.member.name)
    return render(
        request,
        "escalation/acknowledge.html",
        {"note": note, "report": services.report_of(note.incident)},
    )

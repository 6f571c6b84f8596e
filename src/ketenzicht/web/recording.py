"""Recording an event from the case page (issue 12): one form per event type, generated from the
event type declaration (`timeline.domain.events.EVENT_TYPES`), appended through the timeline's
one write path (`timeline.services.append_event`), which validates it against the whole timeline
with fold(). A new event type needs no form code: its declaration gives the fields, labels,
choices, help text and validation.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from ketenzicht import clock
from ketenzicht.access import policy
from ketenzicht.access.decorators import require
from ketenzicht.access.services import log_access
from ketenzicht.care.selectors import caseloads
from ketenzicht.norms.catalogue import NONEMPTY, NORMS
from ketenzicht.reference.models import Municipality, Organisation, Team, Worker
from ketenzicht.timeline.domain.events import EVENT_TYPES, EventType, Field, PayloadError
from ketenzicht.timeline.domain.state import TimelineError
from ketenzicht.timeline.models import Event, Measure
from ketenzicht.timeline.services import append_event
from ketenzicht.widgets import DateInput

# Event types with a screen of their own (they do more than append an event), or that are not a
# GI's to record: no generated form (the choice page links to the escalation screen).
OWN_SCREENS = frozenset(
    {
        "measure_started",  # a new measure arrives with the ruling (import or API)
        "incident",  # urgent report to the rotas (escalation app)
        "escalated",  # checked against the AVE ladder (escalation app)
        "deescalated",
        "municipality_consultation_answer",  # the municipality answers in its own screen
    }
)
RECORDABLE: dict[str, EventType] = {
    code: t for code, t in EVENT_TYPES.items() if code not in OWN_SCREENS
}
DATE_FIELD = "event_date"


def _ref_choices(f: Field, measure: Measure) -> list[tuple[str, str]]:
    if f.ref == "worker":
        rows = Worker.objects.filter(organisation_id=measure.gi_id).order_by(
            "family_name", "given_name"
        )
        return [(w.external_id, f"{w.given_name} {w.family_name}") for w in rows]
    if f.ref == "team":
        rows = Team.objects.filter(organisation_id=measure.gi_id).order_by("name")
        return [(t.external_id, t.name) for t in rows]
    if f.ref == "organisation":
        orgs = Organisation.objects.order_by("name")
        if f.ref_org_type:
            orgs = orgs.filter(type=f.ref_org_type)
        return [(o.external_id, o.name) for o in orgs]
    if f.ref == "municipality":
        return list(Municipality.objects.order_by("name").values_list("cbs_code", "name"))
    if f.ref == "event":
        events = Event.live.filter(measure=measure)
        if f.ref_event_types:
            events = events.filter(event_type__in=f.ref_event_types)
        else:  # a correction: any event but a correction or the start of the measure
            events = events.exclude(event_type__in=("correction", "measure_started"))
        return [
            (e.external_id, f"{EVENT_TYPES[e.event_type].label}, {e.date:%d-%m-%Y}")
            for e in events.order_by("-date", "-seq")
        ]
    raise ValueError(f.ref)


def _form_field(f: Field, measure: Measure) -> forms.Field:
    label = f.label[:1].upper() + f.label[1:]
    if f.kind == "bool":
        return forms.BooleanField(label=label, required=False)
    if f.kind == "date":
        return forms.DateField(label=label, required=f.required, widget=DateInput)
    if f.kind == "text":
        return forms.CharField(
            label=label,
            required=f.required,
            max_length=f.max_length,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    if f.kind == "codes":
        return forms.MultipleChoiceField(
            label=label,
            required=f.required,
            choices=list((f.choices or {}).items()),
            widget=forms.CheckboxSelectMultiple,
        )
    choices = list((f.choices or {}).items()) if f.kind == "code" else _ref_choices(f, measure)
    return forms.ChoiceField(label=label, required=f.required, choices=[("", "—"), *choices])


class EventForm(forms.Form):
    """Base of the generated forms: the event date, then the declared fields."""

    event_type: EventType
    measure: Measure

    def payload(self) -> dict[str, Any]:
        """The cleaned values in the exchange format's representation (what clean_payload
        reads): dates as ISO text, absent optional values left out."""
        data: dict[str, Any] = {}
        for f in self.event_type.fields:
            value = self.cleaned_data.get(f.name)
            if f.kind == "bool":
                data[f.name] = bool(value)
            elif value not in (None, "", []):
                data[f.name] = value.isoformat() if f.kind == "date" else value
        return data


def event_form_class(event_type: EventType, measure: Measure) -> type[EventForm]:
    """The form for one event type on one measure, built from the declaration."""
    fields: dict[str, forms.Field] = {
        DATE_FIELD: forms.DateField(
            label="Datum",
            widget=DateInput,
            help_text=event_type.description or None,
        )
    }
    for f in event_type.fields:
        fields[f.name] = _form_field(f, measure)
    attrs = {**fields, "event_type": event_type, "measure": measure}
    return type(f"{event_type.code.title().replace('_', '')}Form", (EventForm,), attrs)


def record_event(form: EventForm, *, by, today) -> Event | None:
    """Append the form's event; on a refusal the Dutch message lands on the field it names (or
    above the form) and nothing is stored."""
    if not form.is_valid() or not _caseload_allows(form, today):
        return None
    try:
        return append_event(
            form.measure,
            form.event_type.code,
            form.cleaned_data[DATE_FIELD],
            form.payload(),
            recorded_by=by,
            today=today,
        )
    except (PayloadError, TimelineError) as exc:
        field, message = _on_field(form, exc.field, exc.message)
        form.add_error(field, message)
        return None


def _caseload_allows(form: EventForm, today) -> bool:
    """A fixed worker above the organisation's caseload norm only with a reason: the rule of the
    waiting screen's assignment (care.services.assign_worker), for every assignment recorded
    in the app. It depends on the worker's other cases, so it is no fold() rule."""
    data = form.payload()
    if form.event_type.code != "worker_assigned" or data.get("assignment") != "vast":
        return True
    if data.get("above_norm_reason") or "worker" not in data:
        return True
    load = next(
        (c for c in caseloads(form.measure.gi, today) if c.worker_id == data["worker"]), None
    )
    if load is None or not load.above_after:
        return True
    per = f"{load.per_fte_after:.1f}".replace(".", ",") if load.per_fte_after else "?"
    form.add_error(
        "above_norm_reason",
        f"{load.name} komt met deze jeugdige op {per} jeugdigen per fte, boven de caseloadnorm "
        f"van {load.norm}. Geef een reden op.",
    )
    return False


def _on_field(form: EventForm, where: str, message: str) -> tuple[str | None, str]:
    """The form field a fold() error names ("data.x", "date"), and its message without the
    technical key (the label is on the screen already)."""
    if where == "date":
        return DATE_FIELD, message
    name = where.removeprefix("data.")
    if name not in form.fields or name == DATE_FIELD:
        return None, message
    if message.startswith(f"{where} ("):
        message = message.removeprefix(f"{where} (").replace(")", "", 1)
    else:
        message = message.removeprefix(f"{where}: ")
    return name, message[:1].upper() + message[1:]


def _measure_for_recording(request, external_id: str, measure_id: str) -> Measure:
    measure = get_object_or_404(
        Measure.objects.select_related("youth", "gi", "team", "worker"),
        external_id=measure_id,
        youth__external_id=external_id,
    )
    if not policy.may_record_on(request.user, measure):
        # The same answer as an unknown measure: nothing is revealed.
        raise Http404("Geen maatregel gevonden waarop u mag vastleggen.")
    return measure


@require("case.record")
def record(request, external_id: str, measure_id: str):
    measure = _measure_for_recording(request, external_id, measure_id)
    code = request.POST.get("soort") or request.GET.get("soort") or ""
    case_url = reverse("web:case", args=[external_id])
    if not code:
        options = [
            (t, policy.record_refusal(request.user, measure, t.code)) for t in RECORDABLE.values()
        ]
        return render(
            request,
            "web/record_choose.html",
            {"measure": measure, "options": options, "case_url": case_url},
        )
    event_type = RECORDABLE.get(code)
    if event_type is None:
        raise Http404("Onbekende soort gebeurtenis.")
    refusal = policy.record_refusal(request.user, measure, code)
    if refusal:
        raise PermissionDenied(refusal)
    today = clock.today()
    form_class = event_form_class(event_type, measure)
    if request.method == "POST":
        form = form_class(request.POST)
        event = record_event(form, by=request.user, today=today)
        if event is not None:
            log_access(request, [measure.youth], "change", f"vastgelegd: {event_type.label}")
            messages.success(
                request, f"{event_type.label} van {event.date:%d-%m-%Y} is vastgelegd."
            )
            return redirect(f"{case_url}#tijdlijn")
    else:
        form = form_class(initial=_prefill(request, event_type, today))
    return render(
        request,
        "web/record.html",
        {"measure": measure, "event_type": event_type, "form": form, "case_url": case_url},
    )


def _prefill(request, event_type: EventType, today) -> dict[str, Any]:
    """Initial values from the query string (a worklist row knows what is asked: e.g. a contact
    with the child spoken alone), and today as the date."""
    initial: dict[str, Any] = {DATE_FIELD: today}
    for f in event_type.fields:
        if f.name not in request.GET:
            continue
        values = request.GET.getlist(f.name)
        if f.kind == "bool":
            initial[f.name] = values[-1] in ("1", "true", "ja", "on")
        elif f.kind == "codes":
            initial[f.name] = values
        else:
            initial[f.name] = values[-1]
    return initial


def record_url_for_norm(norm_id: str, measure: Measure, user) -> str:
    """The form that meets a norm, prefilled: the first event type that satisfies it and that
    the user's roles may record, with the values its conditions ask (e.g. a contact with the
    child spoken alone). "" when none of them is the user's to record (the safety assessment
    for a jeugdzorgwerker). The measure itself is in the worklist's scope already."""
    held = policy.roles(user)
    matches = [
        m
        for m in NORMS[norm_id].satisfied_by
        if m.event_type in RECORDABLE
        and held & policy.RECORD_ONLY_BY.get(m.event_type, policy.PERMISSIONS["case.record"])
    ]
    url = reverse("web:record", args=[measure.youth.external_id, measure.external_id])
    if not matches:
        return ""
    match = matches[0]
    query: list[tuple[str, str]] = [("soort", match.event_type)]
    for name, value in match.conditions:
        if isinstance(value, bool):
            query.append((name, "1" if value else "0"))
        elif value != NONEMPTY:
            query.append((name, value))
    if ("child_spoken_alone", "1") in query:
        query.append(("present", "jeugdige"))  # alone: the child is the only one present
    return f"{url}?{urlencode(query)}"

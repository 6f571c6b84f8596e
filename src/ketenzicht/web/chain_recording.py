"""Recording on a trajectory (issue 18): the concern that opens one, the steps of the chain and
the handover of regie, with forms generated from the declarations (`chain.events`) and stored
through the one write path (`chain.services.open_trajectory`/`record`), which refuses in Dutch
what contradicts the trajectory. Who may record what: `policy.trajectory_record_refusal`.

The youth of a new trajectory is identified by BSN: a youth already known (to any GI) is
linked without showing anything of it, provided the birth date matches; otherwise a new youth
record is made with the BSN, name and birth date the worker gives."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from stdnum.nl import bsn as stdnum_bsn

from ketenzicht import clock
from ketenzicht.access import policy
from ketenzicht.access.decorators import require
from ketenzicht.access.services import log_access
from ketenzicht.chain import domain, norms as chain_norms, selectors, services
from ketenzicht.chain.domain import TrajectoryError
from ketenzicht.chain.events import TRAJECTORY_EVENT_TYPES
from ketenzicht.chain.models import Trajectory
from ketenzicht.crypto import bsn_hash
from ketenzicht.norms.calendar import default_calendar
from ketenzicht.norms.configured import settings_config
from ketenzicht.reference.models import Municipality, Organisation, Worker
from ketenzicht.timeline.domain.events import EventType, Field, PayloadError
from ketenzicht.timeline.models import Measure, Youth
from ketenzicht.widgets import DateInput

from .recording import DATE_FIELD, _on_field

# The steps recorded on an open trajectory, in the order of the chain.
STEPS = [code for code in TRAJECTORY_EVENT_TYPES if code != "concern_registered"]
# Left out of the forms: the receiver names the person when accepting.
NOT_ON_FORM = {"regie_offered": {"to_worker"}}


def _ref_choices(f: Field, org: Organisation | None, youth: Youth | None) -> list:
    if f.ref == "worker":
        rows = Worker.objects.filter(organisation=org).order_by("family_name", "given_name")
        return [(w.external_id, f"{w.given_name} {w.family_name}") for w in rows]
    if f.ref == "organisation":
        orgs = Organisation.objects.exclude(type="gemeente").order_by("name")
        if f.ref_org_type:
            orgs = orgs.filter(type=f.ref_org_type)
        return [(o.external_id, o.name) for o in orgs]
    if f.ref == "municipality":
        return list(Municipality.objects.order_by("name").values_list("cbs_code", "name"))
    if f.ref == "measure":
        rows = Measure.objects.filter(youth=youth).order_by("-start_date", "external_id")
        return [(m.external_id, f"{m.get_measure_type_display()} ({m.external_id})") for m in rows]
    raise ValueError(f.ref)


def _form_field(f: Field, org: Organisation | None, youth: Youth | None) -> forms.Field:
    label = f.label[:1].upper() + f.label[1:]
    if f.kind == "text":
        return forms.CharField(
            label=label,
            required=f.required,
            max_length=f.max_length,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    choices = list((f.choices or {}).items()) if f.kind == "code" else _ref_choices(f, org, youth)
    return forms.ChoiceField(label=label, required=f.required, choices=[("", "—"), *choices])


class StepForm(forms.Form):
    """Base of the generated forms: the date, then the declared fields."""

    event_type: EventType

    def payload(self) -> dict[str, Any]:
        return {
            f.name: self.cleaned_data[f.name]
            for f in self.event_type.fields
            if self.cleaned_data.get(f.name) not in (None, "")
        }


def step_form_class(
    event_type: EventType, org: Organisation | None, youth: Youth | None, base=StepForm
) -> type[StepForm]:
    fields: dict[str, forms.Field] = {
        DATE_FIELD: forms.DateField(
            label="Datum", widget=DateInput, help_text=event_type.description or None
        )
    }
    skip = NOT_ON_FORM.get(event_type.code, set())
    for f in event_type.fields:
        if f.name not in skip:
            fields[f.name] = _form_field(f, org, youth)
    name = f"{event_type.code.title().replace('_', '')}Form"
    return type(name, (base,), {**fields, "event_type": event_type})


def _refusal_on_form(form: forms.Form, exc: PayloadError | TrajectoryError) -> None:
    field, message = _on_field(form, exc.field, exc.message)  # type: ignore[arg-type]
    form.add_error(field, message)


def trajectory_in_scope(request, trajectory_id: str) -> Trajectory:
    """The trajectory if the user sees it (`trajectory_filter`); 404 otherwise, as an unknown
    one: nothing is revealed."""
    found = Trajectory.objects.filter(policy.trajectory_filter(request.user))
    return get_object_or_404(
        found.select_related("youth", "municipality", "organisation"), external_id=trajectory_id
    )


# --------------------------------------------------------------------------- a new trajectory


class NewTrajectoryForm(StepForm):
    """The youth (by BSN) and the concern."""

    bsn = forms.CharField(label="BSN van de jeugdige", max_length=9, min_length=9)
    given_name = forms.CharField(label="Voornaam", max_length=100)
    family_name = forms.CharField(label="Achternaam", max_length=150)
    birth_date = forms.DateField(label="Geboortedatum", widget=DateInput)

    def clean_bsn(self) -> str:
        value = self.cleaned_data["bsn"].strip()
        if not (value.isascii() and value.isdigit() and len(value) == 9):
            raise forms.ValidationError("Een BSN bestaat uit 9 cijfers.")
        if not stdnum_bsn.is_valid(value):
            raise forms.ValidationError("Dit BSN voldoet niet aan de elfproef.")
        return value

    def youth(self) -> Youth | None:
        """The known youth with this BSN; a ValidationError on the BSN when the birth date does
        not match (a typing error, or another child)."""
        known = Youth.objects.filter(bsn_hash=bsn_hash(self.cleaned_data["bsn"])).first()
        if known is not None and known.birth_date != self.cleaned_data["birth_date"]:
            self.add_error(
                "bsn",
                "Bij dit BSN is een jeugdige met een andere geboortedatum bekend. Controleer "
                "het BSN en de geboortedatum.",
            )
            raise forms.ValidationError("mismatch")
        return known


@require("trajectory.open")
def trajectory_new(request):
    org = policy.opening_organisation(request.user)
    event_type = TRAJECTORY_EVENT_TYPES["concern_registered"]
    form_class = step_form_class(event_type, org, None, base=NewTrajectoryForm)
    today = clock.today()
    if request.method == "POST":
        form = form_class(request.POST)
        trajectory = _open(request, form, org, today) if form.is_valid() else None
        if trajectory is not None:
            messages.success(request, "De zorgmelding is vastgelegd; het traject is geopend.")
            return redirect("web:trajectory", trajectory.external_id)
    else:
        form = form_class(initial={DATE_FIELD: today, "regie_organisation": org.external_id})
    return render(
        request,
        "web/trajectory_new.html",
        {"form": form, "organisation": org, "back_url": reverse("web:trajectories")},
    )


def _open(request, form, org, today) -> Trajectory | None:
    try:
        known = form.youth()
    except forms.ValidationError:
        return None
    data = form.payload()
    try:
        with transaction.atomic():
            youth = known or _new_youth(form.cleaned_data, data.get("municipality"))
            trajectory = services.open_trajectory(
                youth,
                org,
                form.cleaned_data[DATE_FIELD],
                data,
                recorded_by=request.user,
                today=today,
            )
    except (PayloadError, TrajectoryError) as exc:
        _refusal_on_form(form, exc)
        return None
    log_access(request, [trajectory.youth], "change", "vastgelegd: zorgmelding (nieuw traject)")
    return trajectory


def _new_youth(cleaned: dict[str, Any], municipality_code: str | None) -> Youth:
    muni = Municipality.objects.filter(cbs_code=municipality_code).first()
    if muni is None:
        raise PayloadError("data.municipality", "data.municipality: kies een gemeente.")
    youth = Youth(
        external_id=services.next_id("Y"),
        given_name=cleaned["given_name"].strip(),
        family_name=cleaned["family_name"].strip(),
        birth_date=cleaned["birth_date"],
        registered_responsible_municipality=muni,
        registered_stay_municipality=muni,
        registered_placement_type="thuis",
        responsible_municipality=muni,
        stay_municipality=muni,
        placement_type="thuis",
    )
    youth.set_bsn(cleaned["bsn"])
    youth.save()
    return youth


# --------------------------------------------------------------------------- one trajectory


@require("trajectory.list")
def trajectory_detail(request, trajectory_id: str):
    trajectory = trajectory_in_scope(request, trajectory_id)
    today = clock.today()
    events = list(trajectory.events.order_by("seq"))
    state = domain.fold([services.record_of(e) for e in events])
    steps = [
        (
            TRAJECTORY_EVENT_TYPES[code],
            policy.trajectory_record_refusal(request.user, trajectory, code),
        )
        for code in STEPS
    ]
    log_access(request, [trajectory.youth], "view", f"traject {trajectory.external_id}")
    return render(
        request,
        "web/trajectory.html",
        {
            "trajectory": trajectory,
            "state": state,
            "link": domain.LINK_LABELS.get(state.link or "", "—"),
            "flags": domain.flags(
                state,
                today,
                default_calendar().add_working_days,
                **chain_norms.flag_terms(settings_config().terms),
            ),
            "norms": selectors.norm_results(trajectory, state, today),
            "events": [(e, TRAJECTORY_EVENT_TYPES[e.event_type].label) for e in events],
            "steps": [(t, r) for t, r in steps if not r] if state.is_open else [],
            "may_record": policy.has_permission(request.user, "trajectory.record"),
        },
    )


@require("trajectory.record")
def trajectory_record(request, trajectory_id: str):
    trajectory = trajectory_in_scope(request, trajectory_id)
    if not policy.may_record_on_trajectory(request.user, trajectory, STEPS):
        raise Http404("Geen traject gevonden waarop u mag vastleggen.")
    back = reverse("web:trajectory", args=[trajectory.external_id])
    code = request.POST.get("soort") or request.GET.get("soort") or ""
    if not code:
        return redirect(back)
    if code not in STEPS:
        raise Http404("Onbekende stap.")
    refusal = policy.trajectory_record_refusal(request.user, trajectory, code)
    if refusal:
        raise PermissionDenied(refusal)
    event_type = TRAJECTORY_EVENT_TYPES[code]
    org = policy.organisation(request.user)
    form_class = step_form_class(event_type, org, trajectory.youth)
    today = clock.today()
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                event = services.record(
                    trajectory,
                    code,
                    form.cleaned_data[DATE_FIELD],
                    form.payload(),
                    recorded_by=request.user,
                    today=today,
                )
            except (PayloadError, TrajectoryError) as exc:
                _refusal_on_form(form, exc)
            else:
                log_access(request, [trajectory.youth], "change", f"vastgelegd: {event_type.label}")
                messages.success(
                    request, f"{event_type.label} van {event.date:%d-%m-%Y} is vastgelegd."
                )
                return redirect(back)
    else:
        form = form_class(initial=_initial(code, org, today))
    return render(
        request,
        "web/trajectory_record.html",
        {"trajectory": trajectory, "event_type": event_type, "form": form, "back_url": back},
    )


def _initial(code: str, org: Organisation | None, today) -> dict[str, Any]:
    initial: dict[str, Any] = {DATE_FIELD: today}
    if code == "investigation_requested" and org is not None:
        initial["requested_by"] = org.external_id
    if code == "vt_involved" and org is not None and org.type == "veilig_thuis":
        initial["organisation"] = org.external_id
    return initial

"""The waiting list for a youth protector (monitorlijst), assignment and the ruisdossier
(issue #5). Every view declares one permission, reads through the policy's waiting scope and logs
the children it shows."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from ketenzicht import clock, peildatum
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.access.models import Role
from ketenzicht.access.services import log_access
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.models import Event

from .. import domain, selectors, services
from ..services import CareError

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
        Event.live.filter(measure=measure, event_type="ruis_flags_set")
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

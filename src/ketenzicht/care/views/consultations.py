"""The municipality's side of the consultation on help (issue #5): minimal data, answered
through the municipality's own screen."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ketenzicht import clock
from ketenzicht.access import policy
from ketenzicht.access.decorators import require, require_screen
from ketenzicht.access.services import log_access
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.state import age_on
from ketenzicht.timeline.models import Event

from .. import services
from ..services import CareError
from .help import _first_error

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
        for e in Event.live.filter(
            event_type="municipality_consultation_answer",
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

"""Learning after an incident: the review and its recommendations, followed up until closed.
Each operation is a single transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.domain.events import PayloadError

from . import domain
from .models import (
    Incident,
    Recommendation,
    Review,
)

# --------------------------------------------------------------------------- learning


@transaction.atomic
def record_review(incident: Incident, *, held_on: dt.date, findings: str, user=None) -> Review:
    domain.require_texts(findings=findings)
    domain.check_max_length(findings=findings.strip())
    review, _ = Review.objects.update_or_create(
        incident=incident,
        defaults={"held_on": held_on, "findings": findings.strip(), "created_by": user},
    )
    return review


@transaction.atomic
def add_recommendation(
    review: Review, *, text: str, owner: str, owner_organisation: Organisation, due_date: dt.date
) -> Recommendation:
    if not text.strip():
        raise PayloadError("text", "aanbeveling: dit veld is verplicht.")
    if not owner.strip():
        raise PayloadError("owner", "eigenaar: dit veld is verplicht.")
    domain.check_max_length(text=text.strip(), owner=owner.strip())
    return Recommendation.objects.create(
        review=review,
        text=text.strip(),
        owner=owner.strip(),
        owner_organisation=owner_organisation,
        due_date=due_date,
    )


@transaction.atomic
def close_recommendation(rec: Recommendation, *, on: dt.date, note: str) -> None:
    if not note.strip():
        raise PayloadError("closing_note", "toelichting afronding: dit veld is verplicht.")
    domain.check_max_length(closing_note=note.strip())
    rec.closed_on = on
    rec.closing_note = note.strip()
    rec.save(update_fields=["closed_on", "closing_note"])

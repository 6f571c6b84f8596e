"""The escalation ladder (AVE): escalating a case to a rung, telling the rung's role holders
by mail, de-escalating. Each operation is a single transaction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.models import Event, Measure
from ketenzicht.timeline.services import append_event

from . import domain, selectors
from .mail import base_url, enqueue_mail
from .models import (
    Rung,
)
from .selectors import ladder_for

# --------------------------------------------------------------------------- ladder (AVE)


def _rung(measure: Measure, key: str) -> Rung:
    ladder = ladder_for(measure.gi)
    if ladder is None:
        raise PayloadError("data.rung", "data.rung: er is geen escalatieladder ingesteld.")
    rung = ladder.rungs.filter(key=key).first()
    if rung is None:
        keys = ", ".join(ladder.rungs.values_list("key", flat=True))
        raise PayloadError(
            "data.rung", f"data.rung: trede '{key}' staat niet op de ladder ({keys})."
        )
    return rung


@transaction.atomic
def escalate(
    measure: Measure, rung_key: str, reason: str, date: dt.date, *, user=None, today=None
) -> Event:
    """Escalate the case to a higher rung of its GI's ladder (an `escalated` event)."""
    domain.check_max_length(reason=reason)
    rung = _rung(measure, rung_key)
    current = selectors.current_rung(measure)
    if current is not None and current.position >= rung.position:
        raise PayloadError(
            "data.rung",
            f"data.rung: de casus staat al op trede '{current.label}'; opschalen kan alleen "
            "naar een hogere trede (lager: afschalen).",
        )
    event = append_event(
        measure,
        "escalated",
        date,
        {"rung": rung.key, "reason": reason},
        recorded_by=user,
        today=today,
    )
    notify_rung(measure, rung, event)
    return event


def notify_rung(measure: Measure, rung: Rung, event: Event) -> list[str]:
    """Tell the people the new rung points to (issue 16): every holder of the rung's role who
    sees the case on their escalations screen (`policy.escalation_recipients`) gets a mail
    through the outbox, in the escalation's transaction. E-mail is not a safe channel: no name,
    BSN, dossier number or reason; a link to the escalations screen. Returns the addresses."""
    from ketenzicht.access import policy

    measure = Measure.objects.select_related("youth", "gi", "team").get(pk=measure.pk)
    where = measure.team.name if measure.team_id else (measure.gi.name if measure.gi else "")
    sent = []
    for person in policy.escalation_recipients(measure, rung.role, selectors.escalated_to_roles):
        email = (person.email or "").strip()
        if not email or email.lower() in sent:
            continue
        sent.append(email.lower())
        enqueue_mail(
            f"escalation/{event.external_id}/{email.lower()}",
            email,
            f"Ketenzicht: casus opgeschaald naar trede '{rung.label}'",
            "\n".join(
                [
                    f"Beste {person.first_name or person.get_username()},",
                    "",
                    f"Een casus ({measure.type_short}{', ' + where if where else ''}) is op "
                    f"{event.date:%d-%m-%Y} opgeschaald naar trede '{rung.label}'. Uw rol is "
                    f"op deze trede aan zet; de termijn om te handelen is {rung.term_days} "
                    f"dag{'en' if rung.term_days != 1 else ''}.",
                    "U vindt de casus in Ketenzicht onder Escalaties:",
                    base_url() + reverse("escalation:escalations"),
                    "",
                    "Deze e-mail bevat bewust geen naam, BSN, dossiernummer of reden (AVG).",
                ]
            ),
        )
    return sent


@transaction.atomic
def deescalate(
    measure: Measure,
    rung_key: str | None,
    reason: str,
    date: dt.date,
    *,
    user=None,
    today=None,
) -> Event:
    """De-escalate to a lower rung, or (no rung) end the escalation (a `deescalated` event)."""
    domain.check_max_length(reason=reason)
    current = selectors.current_rung(measure)
    data: dict = {"reason": reason}
    if rung_key:
        rung = _rung(measure, rung_key)
        if current is not None and rung.position >= current.position:
            raise PayloadError(
                "data.rung",
                f"data.rung: afschalen kan alleen naar een lagere trede dan '{current.label}'.",
            )
        data["rung"] = rung.key
    return append_event(measure, "deescalated", date, data, recorded_by=user, today=today)

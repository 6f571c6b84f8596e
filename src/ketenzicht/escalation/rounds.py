"""After an urgent report went out: follow-up messages to the same rotas, acknowledgements by
the recipients, and the rota escalation when nobody acknowledges in time (`tick`). Each
operation is a single transaction."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ketenzicht.timeline.domain.events import PayloadError

from . import domain
from .models import (
    FollowUp,
    Incident,
    Notification,
    OutboxMessage,
    Rota,
    RotaMember,
)
from .selectors import rota_label
from .services import _alert, _log, close_incident, report_of, report_text_problems

# --------------------------------------------------------------------------- follow-up (issue 16)


FOLLOW_UP_STATUSES = ("open", "onder_controle", "gesloten")


@transaction.atomic
def post_follow_up(
    incident: Incident, *, text: str, status: str, user=None, now: dt.datetime | None = None
) -> FollowUp:
    """A follow-up message to everyone the incident's rotas alerted (through the outbox, in
    this transaction), setting the incident's status: open, onder controle or gesloten. Closing
    ends the crisis communication (`close_incident`: no more rota escalation, the
    acknowledgement links expire). A closed incident takes no more follow-ups."""
    now = now or timezone.now()
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.ended_at is not None:
        raise PayloadError("text", "vervolgbericht: het incident is al gesloten.")
    if status not in FOLLOW_UP_STATUSES:
        raise PayloadError("status", "status: kies open, onder controle of gesloten.")
    limit, label = domain.MAX_LENGTHS["follow_up"]
    if not text.strip():
        raise PayloadError("text", f"{label}: dit veld is verplicht.")
    if len(text.strip()) > limit:
        raise PayloadError("text", f"{label}: hoogstens {limit} tekens (nu {len(text)}).")
    if incident.measure_id:
        problems = report_text_problems(incident.measure.youth, {"follow_up": text})
        if problems:
            raise PayloadError("text", f"vervolgbericht: {problems['follow_up']}")
    if status == "onder_controle" and incident.under_control_at is None:
        incident.under_control_at = now
        incident.save(update_fields=["under_control_at"])
    elif status == "open" and incident.under_control_at is not None:
        incident.under_control_at = None  # flared up again
        incident.save(update_fields=["under_control_at"])
    follow = FollowUp.objects.create(
        incident=incident, status=status, text=text.strip(), sent_at=now, sent_by=user
    )
    label = domain.INCIDENT_STATUSES[status]
    report = report_of(incident)
    notes = incident.notifications.select_related(
        "member", "rota__municipality", "rota__organisation", "rota__region"
    ).order_by("rota_id", "position")
    for note in notes:
        key = f"incident-{incident.pk}/follow-up-{follow.pk}/notification-{note.pk}"
        OutboxMessage.objects.create(
            key=key,
            notification=note,
            recipient=note.member.email,
            subject=domain.follow_up_subject(report, label),
            body=domain.follow_up_body(report, rota_label(note.rota), label, text.strip()),
            message_id=domain.message_id(key),
            created_at=now,
            next_attempt_at=now,
        )
    _log(
        incident, "follow-up", f"vervolgbericht aan de roosters (status {label.lower()})", user=user
    )
    if status == "gesloten":
        close_incident(incident, user=user, now=now)
    return follow


# --------------------------------------------------------------------------- acknowledgement


def ack_link_lifetime() -> dt.timedelta:
    """How long an acknowledgement link works after the alert (setting
    ESCALATION_ACK_LINK_HOURS, default 72 hours)."""
    return dt.timedelta(hours=getattr(settings, "ESCALATION_ACK_LINK_HOURS", 72))


def link_expired(note: Notification, now: dt.datetime | None = None) -> bool:
    """An acknowledgement link expires when its incident is closed (or the exercise ended) and
    a set time after the alert; an expired link shows nothing and records nothing."""
    now = now or timezone.now()
    ended = note.incident.ended_at
    if ended is not None and ended <= now:
        return True
    return now >= note.alerted_at + ack_link_lifetime()


def notification_for_token(token: str) -> Notification | None:
    return (
        Notification.objects.select_related(
            "incident__gi",
            "incident__responsible_municipality",
            "incident__stay_municipality",
            "incident__measure__youth",
            "rota",
            "member",
        )
        .filter(token_hash=domain.token_hash(token))
        .first()
    )


@transaction.atomic
def acknowledge(note: Notification, *, now=None, address: str = "") -> bool:
    """Record the acknowledgement (idempotent: the first one counts). True if it was new. An
    expired link (closed incident, or older than the link lifetime) records nothing."""
    now = now or timezone.now()
    if link_expired(note, now):
        return False
    updated = Notification.objects.filter(pk=note.pk, acknowledged_at=None).update(
        acknowledged_at=now
    )
    if updated:
        note.acknowledged_at = now
        _log(
            note.incident,
            "acknowledge",
            f"ontvangst bevestigd door {note.member.name} ({rota_label(note.rota)})",
            address=address,
        )
    else:
        note.refresh_from_db(fields=["acknowledged_at"])
    return bool(updated)


# --------------------------------------------------------------------------- rota escalation


def rota_timeout() -> dt.timedelta:
    minutes = getattr(settings, "ESCALATION_ROTA_TIMEOUT_MINUTES", 15)
    return dt.timedelta(minutes=minutes)


@transaction.atomic
def tick(now: dt.datetime | None = None, timeout: dt.timedelta | None = None) -> int:
    """Alert the next person on every rota where nobody acknowledged in time. Returns how many
    were alerted. Ended exercises are left alone."""
    now = now or timezone.now()
    timeout = timeout or rota_timeout()
    open_incidents = Incident.objects.filter(ended_at=None, notifications__acknowledged_at=None)
    notes = list(
        Notification.objects.filter(incident__in=open_incidents.values("pk")).values_list(
            "incident_id", "rota_id", "position", "alerted_at", "acknowledged_at"
        )
    )
    alerts = [domain.Alert(*n) for n in notes]
    rota_ids = {a.rota for a in alerts}
    members = {
        rid: list(RotaMember.objects.filter(rota_id=rid).order_by("position")) for rid in rota_ids
    }
    sizes = {rid: len(m) for rid, m in members.items()}
    due = domain.next_alerts(now, alerts, sizes, timeout)
    for incident_id, rota_id, position in due:
        incident = Incident.objects.select_related("measure__youth", "gi").get(pk=incident_id)
        rota = Rota.objects.get(pk=rota_id)
        _alert(incident, rota, members[rota_id][position], position, now)
    return len(due)

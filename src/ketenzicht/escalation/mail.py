"""Mail through the outbox (decision 0005), for escalation's own messages and for other apps'
notifications (e.g. a new assignment, issue 16)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from . import domain
from .models import (
    OutboxMessage,
)

# --------------------------------------------------------------------------- other mail


def enqueue_mail(key: str, recipient: str, subject: str, body: str, now=None) -> bool:
    """A mail through the outbox, in the caller's transaction (another app's notification, e.g.
    a new assignment; issue 16). Idempotent per key: False when that key was queued before."""
    now = now or timezone.now()
    _, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "recipient": recipient,
            "subject": subject,
            "body": body,
            "message_id": domain.message_id(key),
            "created_at": now,
            "next_attempt_at": now,
        },
    )
    return created


def base_url() -> str:
    return getattr(settings, "KETENZICHT_BASE_URL", "http://localhost:8000").rstrip("/")

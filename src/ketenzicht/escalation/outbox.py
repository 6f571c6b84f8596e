"""The outbox worker: claim a due message with a lease, send it over SMTP, record the outcome.

Delivery guarantee (docs/decisions/0005-outbox-and-crisis-communication.md):
- a message is written in the same transaction as its cause, so it exists iff the cause does;
- a worker claims one row at a time with a compare-and-set UPDATE (status pending, no live
  lease) that sets a lease; two workers never hold the same row at once;
- "sent" is committed immediately after the SMTP server accepted the message (its 250 reply to
  the end of DATA). If the worker dies between that reply and the commit, the lease runs out and
  the message is sent again, with the same Message-ID. Plain SMTP has no two-phase commit, so
  this window cannot be closed: the guarantee is "at least once, and at most once per crash in
  that window", recognisable by the Message-ID (tests/escalation/test_outbox_crash.py measures
  it with SIGKILL against a real SMTP server).
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import socket
from email.message import EmailMessage
from email.utils import format_datetime

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from . import domain
from .models import DeliveryAttempt, OutboxMessage
from .rounds import tick

DEFAULT_LEASE = dt.timedelta(seconds=60)
SMTP_TIMEOUT = 20  # seconds; must stay well below the lease


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _due(now: dt.datetime) -> Q:
    return Q(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now) & (
        Q(lease_until=None) | Q(lease_until__lt=now)
    )


def claim(
    now: dt.datetime, owner: str, lease: dt.timedelta = DEFAULT_LEASE
) -> OutboxMessage | None:
    """Take the oldest due message, or None. The UPDATE only succeeds for one worker."""
    for pk in (
        OutboxMessage.objects.filter(_due(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:10]
    ):
        taken = OutboxMessage.objects.filter(_due(now), pk=pk).update(
            lease_owner=owner, lease_until=now + lease, attempts=F("attempts") + 1
        )
        if taken:
            return OutboxMessage.objects.get(pk=pk)
    return None


def as_email(msg: OutboxMessage) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.DEFAULT_FROM_EMAIL
    mail["To"] = msg.recipient
    mail["Subject"] = msg.subject
    mail["Message-ID"] = msg.message_id
    mail["Date"] = format_datetime(msg.created_at)
    mail["X-Ketenzicht-Key"] = msg.key
    mail.set_content(msg.body)
    return mail


def smtp_send(mail: EmailMessage, on_accepted) -> None:
    """Send one mail and call `on_accepted()` as soon as the server accepted it: before QUIT,
    so that the window between acceptance and recording is one local database write."""
    smtp = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=SMTP_TIMEOUT)
    try:
        if getattr(settings, "EMAIL_USE_TLS", False):
            smtp.starttls()
        if getattr(settings, "EMAIL_HOST_USER", ""):
            smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        smtp.send_message(mail)
        on_accepted()
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _permanent(exc: Exception) -> bool:
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _ in exc.recipients.values()]
        return bool(codes) and all(500 <= c < 600 for c in codes)
    return code is not None and 500 <= code < 600


def deliver(msg: OutboxMessage, owner: str, now: dt.datetime | None = None) -> str:
    """Send one claimed message; returns 'sent', 'retry' or 'failed'."""
    started = now or timezone.now()
    attempt = DeliveryAttempt.objects.create(message=msg, worker=owner, started_at=started)
    accepted = False

    def record_sent() -> None:
        # Accepted by the SMTP server: record it at once (this UPDATE ends the crash window).
        nonlocal accepted
        accepted = True
        OutboxMessage.objects.filter(pk=msg.pk).update(
            status=OutboxMessage.Status.SENT,
            sent_at=timezone.now(),
            lease_owner="",
            lease_until=None,
            body=domain.without_tokens(msg.body),  # the token now exists only in the mail
        )

    try:
        smtp_send(as_email(msg), record_sent)
    except (smtplib.SMTPException, OSError) as exc:
        if not accepted:  # (after acceptance only QUIT can fail: the message is recorded)
            error = f"{type(exc).__name__}: {exc}"[:500]
            failed = _permanent(exc) or msg.attempts >= domain.MAX_ATTEMPTS
            outcome = "failed" if failed else "retry"
            OutboxMessage.objects.filter(pk=msg.pk, lease_owner=owner).update(
                status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
                next_attempt_at=started + domain.backoff(msg.attempts),
                lease_owner="",
                lease_until=None,
                last_error=error,
            )
            DeliveryAttempt.objects.filter(pk=attempt.pk).update(
                finished_at=timezone.now(), outcome=outcome, error=error
            )
            return outcome
    DeliveryAttempt.objects.filter(pk=attempt.pk).update(finished_at=timezone.now(), outcome="sent")
    return "sent"


def run_once(
    now: dt.datetime | None = None,
    owner: str | None = None,
    lease: dt.timedelta = DEFAULT_LEASE,
) -> dict[str, int]:
    """One pass: rota escalation (`tick`), then every message due at `now`."""
    owner = owner or worker_name()
    fixed_now = now
    counts = {"alerted": tick(now), "sent": 0, "retry": 0, "failed": 0}
    while True:
        current = fixed_now or timezone.now()
        msg = claim(current, owner, lease)
        if msg is None:
            return counts
        counts[deliver(msg, owner, fixed_now)] += 1


def pending() -> int:
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count()

"""Operations of the access app: logging accesses, breaking the glass, reviewing."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ketenzicht.clientip import client_ip
from ketenzicht.timeline.models import Youth

from . import audit
from .models import BreakGlass
from .policy import BREAK_GLASS_HOURS, organisation, role_labels


def client_address(request) -> str:
    """The client's address for the access log: the same as the lockout uses (behind a
    trusted proxy the forwarded one; see ketenzicht.clientip)."""
    return client_ip(request) or ""


def log_access(
    request,
    youths,
    action: str,
    subject: str,
    *,
    role: str | None = None,
    reason: str = "",
    flagged: bool = False,
) -> None:
    user = request.user
    org = organisation(user)
    audit.append(
        audit.Access(
            username=user.get_username(),
            user_id=user.pk,
            role=role or role_labels(user),
            organisation=org.external_id if org else "",
            youth_external_id=y.external_id,
            action=action,
            subject=subject,
            client_address=client_address(request),
            reason=reason,
            flagged=flagged,
        )
        for y in youths
    )


@transaction.atomic
def break_glass(request, youth: Youth, reason: str) -> BreakGlass:
    reason = reason.strip()
    now = timezone.now()
    glass = BreakGlass.objects.create(
        user=request.user,
        youth=youth,
        reason=reason,
        granted_at=now,
        expires_at=now + dt.timedelta(hours=BREAK_GLASS_HOURS),
    )
    log_access(
        request, [youth], "break_glass", "dossier (doorbreking)", reason=reason, flagged=True
    )
    return glass


def review_break_glass(glass: BreakGlass, reviewer, note: str) -> None:
    glass.reviewed_at = timezone.now()
    glass.reviewed_by = reviewer
    glass.review_note = note.strip()
    glass.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])

"""A plausible access history for the demo, so the privacy officer's screens show something
real: the demo workers opening their cases over the last weeks, a team leader searching and
printing, and two break-the-glass accesses (one reviewed, one waiting for review)."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from ketenzicht.access import audit
from ketenzicht.access.models import AccessLogEntry, BreakGlass, Role
from ketenzicht.access.policy import BREAK_GLASS_HOURS, scope_role, visible_measures
from ketenzicht.timeline.models import Youth

DEMO_ADDRESS = "10.20.30.{}"
VIEWERS = (
    "jzw.demo",
    "gedragswetenschapper.demo",
    "teamleider.demo",
    "gebiedsmanager.demo",
    "bestuurder.demo",
)


def ensure_demo_access_history(reference_date: dt.date, seed: int = 1) -> int:
    """Write the history once (an existing access log is left alone). Returns entries written."""
    if AccessLogEntry.objects.exists():
        return 0
    rng = random.Random(seed)
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=(*VIEWERS, "privacy.demo"))}
    planned: list[tuple[dt.datetime, audit.Access]] = []

    def at(days_ago: int) -> dt.datetime:
        day = reference_date - dt.timedelta(days=days_ago)
        moment = dt.datetime.combine(day, dt.time(8 + rng.randint(0, 9), rng.randint(0, 59)))
        return timezone.make_aware(moment)

    for name, user in sorted(users.items()):
        if name not in VIEWERS:
            continue
        role = user.role_grants.first()
        youths = sorted(
            {
                m.youth.external_id
                for m in visible_measures(user)
                .filter(ended_on__isnull=True)
                .select_related("youth")
            }
        )
        if name != "jzw.demo":
            youths = rng.sample(youths, min(len(youths), 12))
        for ext in youths:
            for _ in range(rng.randint(1, 4)):
                planned.append(
                    (
                        at(rng.randint(0, 40)),
                        audit.Access(
                            username=name,
                            user_id=user.pk,
                            role=role.get_role_display(),
                            organisation=role.organisation.external_id,
                            youth_external_id=ext,
                            action=rng.choice(["view", "view", "view", "search", "print"]),
                            subject="dossier",
                            client_address=DEMO_ADDRESS.format(10 + user.pk),
                        ),
                    )
                )
    planned += _break_glass(users, reference_date, rng)
    planned.sort(key=lambda p: (p[0], p[1].username, p[1].youth_external_id))
    for moment, access in planned:
        audit.append([access], at=moment)
    return len(planned)


def _break_glass(users, reference_date, rng) -> list[tuple[dt.datetime, audit.Access]]:
    """jzw.demo opens two cases of other teams of the GI, with a reason."""
    user = users.get("jzw.demo")
    if user is None:
        return []
    grant = user.role_grants.get(role=Role.JEUGDZORGWERKER)
    others = [
        y
        for y in Youth.objects.filter(
            measures__gi=grant.organisation, measures__ended_on__isnull=True
        )
        .exclude(measures__team=grant.team)
        .distinct()
        .order_by("external_id")[:50]
        if scope_role(user, y) is None
    ]
    out = []
    reasons = [
        "Signaal van school buiten kantoortijd; vaste jeugdzorgwerker niet bereikbaar.",
        "Crisismelding Veilig Thuis: gegevens nodig voor de crisisdienst.",
    ]
    for n, youth in enumerate(rng.sample(others, min(2, len(others)))):
        moment = timezone.make_aware(
            dt.datetime.combine(reference_date - dt.timedelta(days=3 + 9 * n), dt.time(21, 15))
        )
        BreakGlass.objects.create(
            user=user,
            youth=youth,
            reason=reasons[n],
            granted_at=moment,
            expires_at=moment + dt.timedelta(hours=BREAK_GLASS_HOURS),
            reviewed_at=(moment + dt.timedelta(days=2)) if n else None,
            reviewed_by=users.get("privacy.demo") if n else None,
            review_note="Terecht: crisis, buiten kantoortijd." if n else "",
        )
        for action, subject in (("break_glass", "dossier (doorbreking)"), ("view", "dossier")):
            out.append(
                (
                    moment + dt.timedelta(minutes=len(out)),
                    audit.Access(
                        username=user.username,
                        user_id=user.pk,
                        role="Jeugdzorgwerker",
                        organisation=grant.organisation.external_id,
                        youth_external_id=youth.external_id,
                        action=action,
                        subject=subject,
                        client_address="10.20.30.99",
                        reason=reasons[n],
                        flagged=True,
                    ),
                )
            )
    return out

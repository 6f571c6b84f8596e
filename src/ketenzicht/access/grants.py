"""Four eyes on role grants (issue 11, docs/security.md "Beheer").

The functioneel beheerder requests a grant in /beheer/ (for users of their own organisation only);
a grant of a role that sees case data, the access log or manages users (`requires_approval`)
takes effect only after a privacy officer or GI-bestuurder of the organisation whose data it opens
approves it: never the person who requested it, never the person who receives it. Every request
and every decision is in the hash-chained access log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import audit
from .models import GrantStatus, Role, RoleGrant
from .policy import grants, role_labels

REVIEWER_ROLES = {Role.PRIVACY_OFFICER, Role.GI_BESTUURDER}


def beheer_organisation(user):
    """The organisation a functioneel beheerder manages (that of their beheerder grant)."""
    for g in grants(user):
        if g.role == Role.FUNCTIONEEL_BEHEERDER:
            return g.organisation
    return None


def request_grant(grant: RoleGrant, requester) -> None:
    """Mark a new or changed grant as requested by `requester` (not saved here). A grant that
    needs approval becomes pending, whatever it was before: a change never keeps an approval."""
    grant.created_by = requester
    grant.created_at = timezone.now()
    grant.decided_by, grant.decided_at, grant.decision_note = None, None, ""
    grant.status = GrantStatus.PENDING if grant.needs_approval else GrantStatus.APPROVED


def review_organisations(user) -> set[int]:
    """The organisations whose grants the user reviews (privacy officer, GI-bestuurder)."""
    return {g.organisation_id for g in grants(user) if g.role in REVIEWER_ROLES}


def reviewable(user) -> QuerySet[RoleGrant]:
    """Every grant of the reviewer's organisations, and every inspecteur grant on them."""
    orgs = review_organisations(user)
    return RoleGrant.objects.filter(
        Q(organisation_id__in=orgs) | Q(inspected_organisation_id__in=orgs)
    ).select_related(
        "user", "organisation", "team", "inspected_organisation", "created_by", "decided_by"
    )


def refusal(user, grant: RoleGrant) -> str:
    """Why `user` may not decide on `grant`, in Dutch; "" when they may."""
    if grant.status != GrantStatus.PENDING or not grant.needs_approval:
        return "Deze rol wacht niet op goedkeuring."
    if grant.approver_organisation_id() not in review_organisations(user):
        return "Alleen de privacy officer of het bestuur van de organisatie beoordeelt deze rol."
    if grant.created_by_id == user.pk:
        return "U hebt deze rol zelf aangevraagd; een ander moet hem beoordelen."
    if grant.user_id == user.pk:
        return "Een rol voor uzelf beoordeelt een ander."
    return ""


def decide(grant_id: int, reviewer, *, approve: bool, note: str, client_address: str) -> RoleGrant:
    """Approve or reject a pending grant; PermissionDenied when the reviewer may not."""
    with transaction.atomic():
        grant = (
            reviewable(reviewer)
            .select_for_update(of=("self",))
            .select_related(None)
            .get(pk=grant_id)
        )
        reason = refusal(reviewer, grant)
        if reason:
            raise PermissionDenied(reason)
        grant.status = GrantStatus.APPROVED if approve else GrantStatus.REJECTED
        grant.decided_by, grant.decided_at = reviewer, timezone.now()
        grant.decision_note = note.strip()[:500]
        grant.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        org = grant.organisation
        audit.append(
            [
                audit.Access(
                    username=reviewer.get_username(),
                    user_id=reviewer.pk,
                    role=role_labels(reviewer),
                    organisation=org.external_id,
                    youth_external_id="",
                    pseudonym="-",
                    action="beheer",
                    subject=(
                        f"rol {'goedgekeurd' if approve else 'afgewezen'}: {grant} (#{grant.pk})"
                    ),
                    client_address=client_address,
                    reason=grant.decision_note,
                    flagged=not approve,
                )
            ]
        )
    return grant

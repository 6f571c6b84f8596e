"""The one policy layer: which roles a user holds, what each role may do, and which cases are in
scope. Every view, export and admin page asks this module; nothing else decides access.

Scopes (docs/security.md):
- jeugdzorgwerker: own cases (fixed worker); the team's cases read-only where the GI allows;
- gedragswetenschapper, teamleider: the cases of their team;
- gebiedsmanager: the cases of the GI's teams in their cluster;
- GI-bestuurder: all cases of the GI;
- inspecteur: all cases of the inspected GI, read-only, until the grant expires;
- gemeente-beleidsmedewerker, wethouder, burgemeester, AOV-er, privacy officer, functioneel
  beheerder: no case files.
Outside their scope, a GI's case roles may break the glass for a case of their own GI.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from ketenzicht.timeline.models import Measure, Youth

from .models import BreakGlass, Role, RoleGrant

CASE_ROLES = {
    Role.JEUGDZORGWERKER,
    Role.GEDRAGSWETENSCHAPPER,
    Role.TEAMLEIDER,
    Role.GEBIEDSMANAGER,
    Role.GI_BESTUURDER,
    Role.INSPECTEUR,
}
BREAK_GLASS_ROLES = {
    Role.JEUGDZORGWERKER,
    Role.GEDRAGSWETENSCHAPPER,
    Role.TEAMLEIDER,
    Role.GEBIEDSMANAGER,
    Role.GI_BESTUURDER,
}
# Two-factor login for every role that sees case data (and the access log).
TWO_FACTOR_ROLES = CASE_ROLES | {Role.PRIVACY_OFFICER}

# permission -> roles that hold it. Views declare one permission each (see `require`).
PERMISSIONS: dict[str, set[str]] = {
    "home": set(Role.values),
    "case.search": CASE_ROLES,
    "case.view": CASE_ROLES,  # within scope, or after breaking the glass
    "worklist.own": {Role.JEUGDZORGWERKER},
    "worklist.team": {
        Role.GEDRAGSWETENSCHAPPER,
        Role.TEAMLEIDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
    },
    "auditlog.view": {Role.PRIVACY_OFFICER},
    "reference.manage": {Role.FUNCTIONEEL_BEHEERDER},
}

BREAK_GLASS_HOURS = 4


def grants(user) -> list[RoleGrant]:
    """The user's role grants valid now (cached on the user object for the request)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_kz_grants", None)
    if cached is None:
        now = timezone.now()
        cached = [
            g
            for g in RoleGrant.objects.filter(user=user).select_related("organisation")
            if g.is_valid_at(now)
        ]
        user._kz_grants = cached
    return cached


def roles(user) -> set[str]:
    return {g.role for g in grants(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def has_permission(user, permission: str) -> bool:
    return bool(roles(user) & PERMISSIONS[permission])


def organisation(user):
    found = grants(user)
    return found[0].organisation if found else None


def role_labels(user) -> str:
    return ", ".join(sorted(g.get_role_display() for g in grants(user))) or "geen rol"


def _grant_scope(user, g: RoleGrant) -> Q | None:
    if g.role == Role.JEUGDZORGWERKER:
        own = Q(worker__user=user, gi_id=g.organisation_id)
        if g.organisation.workers_see_team_cases and g.team_id:
            return own | Q(team_id=g.team_id)
        return own
    if g.role in (Role.GEDRAGSWETENSCHAPPER, Role.TEAMLEIDER):
        return Q(team_id=g.team_id) if g.team_id else None
    if g.role == Role.GEBIEDSMANAGER:
        return Q(gi_id=g.organisation_id, team__cluster=g.cluster)
    if g.role == Role.GI_BESTUURDER:
        return Q(gi_id=g.organisation_id)
    if g.role == Role.INSPECTEUR:
        return Q(gi_id=g.inspected_organisation_id)
    return None


def _scopes(user) -> list[tuple[str, Q]]:
    return [(g.role, q) for g in grants(user) if (q := _grant_scope(user, g)) is not None]


def visible_measures(user) -> QuerySet[Measure]:
    scopes = _scopes(user)
    if not scopes:
        return Measure.objects.none()
    combined = Q()
    for _, q in scopes:
        combined |= q
    return Measure.objects.filter(combined)


def visible_youths(user) -> QuerySet[Youth]:
    return Youth.objects.filter(pk__in=visible_measures(user).values("youth_id"))


def scope_role(user, youth: Youth) -> str | None:
    """The role through which the youth's case is in the user's scope, or None."""
    for role, q in _scopes(user):
        if Measure.objects.filter(q, youth=youth).exists():
            return role
    return None


def active_break_glass(user, youth: Youth) -> BreakGlass | None:
    return (
        BreakGlass.objects.filter(user=user, youth=youth, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def may_break_glass(user, youth: Youth) -> bool:
    """A GI's case roles may break the glass for a case executed by their own GI."""
    orgs = {g.organisation_id for g in grants(user) if g.role in BREAK_GLASS_ROLES}
    return bool(orgs) and Measure.objects.filter(youth=youth, gi_id__in=orgs).exists()


def case_access(user, youth: Youth) -> tuple[str | None, BreakGlass | None]:
    """(role giving access, break-glass grant giving access); both None: no access."""
    if not has_permission(user, "case.view"):
        return None, None
    role = scope_role(user, youth)
    if role:
        return role, None
    glass = active_break_glass(user, youth)
    return (glass and "doorbroken"), glass


def needs_two_factor(user) -> bool:
    return has_role(user, *TWO_FACTOR_ROLES)

"""The one policy layer: which roles a user holds, what each role may do, and which cases are in
scope. Every view, export and admin page asks this module; nothing else decides access.

Scopes (docs/security.md):
- jeugdzorgwerker: own cases (fixed worker); the team's cases read-only where the GI allows;
- gedragswetenschapper, teamleider: the cases of their team and those held by the in- en
  doorstroomteam of their cluster (they triage and assign from it);
- gebiedsmanager: the cases of the GI's teams in their cluster;
- GI-bestuurder: all cases of the GI;
- inspecteur: all cases of the inspected GI, read-only, until the grant expires;
- gemeente-beleidsmedewerker, wethouder, burgemeester, AOV-er, privacy officer, functioneel
  beheerder: no case files.
Outside their scope, a GI's case roles may break the glass for a case of their own GI.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils import timezone

from ketenzicht.reference.models import Municipality, Team
from ketenzicht.timeline.models import Measure, Youth

from .chain_policy import (
    may_open_trajectory as may_open_trajectory,
    may_record_on_trajectory as may_record_on_trajectory,
    opening_organisation as opening_organisation,
    trajectory_record_refusal as trajectory_record_refusal,
)
from .models import BreakGlass, Role, RoleGrant

# The roles and permissions as data live in permissions.py (with the screens table that the menu
# and `require_screen` read); re-exported here, so callers ask one module.
from .permissions import (
    API_SCOPES as API_SCOPES,
    API_SCOPES_BY_ORGANISATION_TYPE as API_SCOPES_BY_ORGANISATION_TYPE,
    BREAK_GLASS_ROLES as BREAK_GLASS_ROLES,
    CASE_ROLES as CASE_ROLES,
    CHAIN_ORGANISATION_TYPES as CHAIN_ORGANISATION_TYPES,
    ESCALATION_MUNICIPAL_ROLES as ESCALATION_MUNICIPAL_ROLES,
    FOUR_EYES_ROLES as FOUR_EYES_ROLES,
    MUNICIPAL_ROLES as MUNICIPAL_ROLES,
    PERMISSIONS as PERMISSIONS,
    SCREENS as SCREENS,
    TWO_FACTOR_ROLES as TWO_FACTOR_ROLES,
    screen_permission as screen_permission,
)

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
            for g in RoleGrant.objects.filter(user=user).select_related("organisation", "team")
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
            return own | Q(team_id=g.team_id, gi_id=g.organisation_id)
        return own
    if g.role in (Role.GEDRAGSWETENSCHAPPER, Role.TEAMLEIDER):
        if not g.team_id:
            return None
        # The team's cases, and the cases held by the in- en doorstroomteam of the team's
        # cluster: that is the list they triage and assign from (issue #5).
        # Always within the grant's own GI: a team record moved to another organisation never
        # carries that organisation's cases along (issue 11, finding 1).
        return Q(team_id=g.team_id, gi_id=g.organisation_id) | Q(
            gi_id=g.organisation_id, team__is_doorstroomteam=True, team__cluster=g.team.cluster
        )
    if g.role == Role.GEBIEDSMANAGER:
        return Q(gi_id=g.organisation_id, team__cluster=g.cluster)
    if g.role == Role.GI_BESTUURDER:
        return Q(gi_id=g.organisation_id)
    if g.role == Role.INSPECTEUR:
        return Q(gi_id=g.inspected_organisation_id)
    if g.role == Role.KOPPELING and g.organisation.type == "gi":
        # A GI's case system: every case its GI executes (as the GI-bestuurder's scope).
        return Q(gi_id=g.organisation_id)
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


def capacity_teams(user) -> QuerySet[Team]:
    """The teams whose capacity a user sees (issue 17): a teamleider their team and the in- en
    doorstroomteam of its cluster (as their case scope), a gebiedsmanager the teams of their
    cluster, the GI board every team of the GI. Staff figures only; no case data."""
    if not has_permission(user, "capacity.view"):
        return Team.objects.none()
    combined = Q(pk__in=[])
    for g in grants(user):
        if g.role == Role.TEAMLEIDER and g.team_id:
            combined |= Q(pk=g.team_id, organisation_id=g.organisation_id) | Q(
                organisation_id=g.organisation_id,
                is_doorstroomteam=True,
                cluster=g.team.cluster,
            )
        elif g.role == Role.GEBIEDSMANAGER:
            combined |= Q(organisation_id=g.organisation_id, cluster=g.cluster)
        elif g.role == Role.GI_BESTUURDER:
            combined |= Q(organisation_id=g.organisation_id)
    return Team.objects.filter(combined)


def continuity_organisations(user) -> list[str]:
    """The GIs whose measures, P&Q revenue and continuity trigger a user sees on the dashboard
    (issue 17): the board's and a gebiedsmanager's own GI. GI-wide counts, no case data."""
    wanted = (Role.GI_BESTUURDER, Role.GEBIEDSMANAGER)
    return sorted({g.organisation.external_id for g in grants(user) if g.role in wanted})


def waiting_scope(user) -> QuerySet[Measure]:
    """The cases on the user's waiting list, triage and assignment screens: the case scope (for a
    team's teamleider and gedragswetenschapper it includes the cases held by the in- en
    doorstroomteam of their cluster: they take cases from that list)."""
    return visible_measures(user)


# --------------------------------------------------------------------------- municipal scope


def municipality(user) -> Municipality | None:
    """The municipality of a municipal user (organisation of type gemeente), else None."""
    org = organisation(user)
    if org is not None and org.type == "gemeente":
        return org.municipality
    return None


def is_municipal(user) -> bool:
    """A municipal official reading their municipality's figures (never case files)."""
    return has_role(user, *MUNICIPAL_ROLES)


def municipal_measures(user) -> QuerySet[Measure]:
    """The measures whose children a municipal user's figures count: those of the youths their
    municipality is responsible for (over all GIs); none without a municipality."""
    muni = municipality(user)
    if muni is None or not is_municipal(user):
        return Measure.objects.none()
    return Measure.objects.filter(youth__responsible_municipality=muni)


def report_municipalities(user) -> list[Municipality]:
    """The municipalities a user may make a council report or dashboard for (and, through them,
    their jeugdhulpregio's): a municipal official their own; a gebiedsmanager and a GI-bestuurder
    those responsible for a case in their scope."""
    found: list[Municipality] = []
    if is_municipal(user) and (own := municipality(user)) is not None:
        found.append(own)
    if has_role(user, Role.GEBIEDSMANAGER, Role.GI_BESTUURDER):
        codes = visible_measures(user).values("youth__responsible_municipality")
        found += list(
            Municipality.objects.filter(pk__in=codes)
            .select_related("jeugdhulpregio")
            .order_by("name")
        )
    return found


# The GI roles that plan what is coming on the screen Trajecten (issue 18, item 4).
COMING_ROLES = (Role.TEAMLEIDER, Role.GEBIEDSMANAGER)


def coming_municipalities(user) -> list[str]:
    """The municipalities (CBS codes) whose trajectories at the Raad a GI's teamleider or
    gebiedsmanager sees counted (suppressed aggregates, no trajectory): every municipality of
    the jeugdbeschermingsregio's the GI works in, that of its location and those of the
    municipalities responsible for its running measures (a national GI has no one region)."""
    gis = [
        g.organisation
        for g in grants(user)
        if g.role in COMING_ROLES and g.organisation.type == "gi"
    ]
    if not gis:
        return []
    ids = {g.pk for g in gis}
    regions = set(
        Municipality.objects.filter(
            pk__in=Measure.objects.filter(gi_id__in=ids, ended_on__isnull=True).values(
                "youth__responsible_municipality"
            )
        ).values_list("jeugdbeschermingsregio_id", flat=True)
    )
    regions |= {
        g.municipality.jeugdbeschermingsregio_id for g in gis if g.municipality_id is not None
    }
    return list(
        Municipality.objects.filter(jeugdbeschermingsregio_id__in=regions)
        .order_by("name")
        .values_list("cbs_code", flat=True)
    )


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


def _break_glass_orgs(user) -> set[int]:
    """The GIs whose measures the user's break-the-glass can open (their own)."""
    return {g.organisation_id for g in grants(user) if g.role in BREAK_GLASS_ROLES}


def may_break_glass(user, youth: Youth) -> bool:
    """A GI's case roles may break the glass for a youth with a measure executed by their own GI
    that is outside their scope. Never for a measure of another GI (issue 11, finding 4)."""
    orgs = _break_glass_orgs(user)
    if not orgs:
        return False
    return (
        Measure.objects.filter(youth=youth, gi_id__in=orgs)
        .exclude(pk__in=visible_measures(user).values("pk"))
        .exists()
    )


def case_access(user, youth: Youth) -> tuple[str | None, BreakGlass | None]:
    """(role giving access, break-glass grant giving access); both None: no access."""
    if not has_permission(user, "case.view"):
        return None, None
    role = scope_role(user, youth)
    if role:
        return role, None
    glass = active_break_glass(user, youth)
    return (glass and "doorbroken"), glass


def visible_measures_of(user, youth: Youth) -> QuerySet[Measure]:
    """The youth's measures the user may see, per measure (issue 11, finding 4): those in the
    user's scope and, during an active break-the-glass for this youth, those executed by the
    user's own GI. A measure of another GI is never shown, even when the child is known there.
    The youth's own data (name, network, municipalities) is the header of every case page."""
    if not has_permission(user, "case.view"):
        return Measure.objects.none()
    cond = Q(pk__in=visible_measures(user).filter(youth=youth).values("pk"))
    if active_break_glass(user, youth) is not None:
        cond |= Q(gi_id__in=_break_glass_orgs(user))
    return Measure.objects.filter(cond, youth=youth)


def may_act_on_measure(user, measure: Measure) -> bool:
    """Whether the user may act on this measure (register an incident, escalate, judge a signal,
    send a consultation, any action that names a measure): it is in the scope of one of their
    acting roles (the inspecteur only reads), or it is executed by their own GI and they broke
    the glass for the youth. The action's own permission is checked by the view as well."""
    for role, q in _scopes(user):
        if role != Role.INSPECTEUR and Measure.objects.filter(q, pk=measure.pk).exists():
            return True
    return (
        measure.gi_id in _break_glass_orgs(user)
        and active_break_glass(user, measure.youth) is not None
    )


def may_follow_up(user, incident) -> bool:
    """Whether the user may send a follow-up on a real incident and set its status: the
    permission, and the incident's measure within the user's acting scope (an exercise is
    ended by the functioneel beheerder instead)."""
    if incident.exercise or not has_permission(user, "incident.follow_up"):
        return False
    return may_act_on_measure(user, incident.measure)


def incident_scope(user) -> Q:
    """Which incidents (and exercises) the user may see, as a filter on escalation's Incident:
    municipal roles those of their municipality (responsible or of stay); a GI-bestuurder the
    GI's; the functioneel beheerder the exercises; other GI case roles the incidents on cases in
    their scope and their GI's exercises."""
    q = Q(pk__in=[])
    for g in grants(user):
        if g.role in ESCALATION_MUNICIPAL_ROLES:
            muni = g.organisation.municipality_id
            if muni:
                q |= Q(responsible_municipality_id=muni) | Q(stay_municipality_id=muni)
        elif g.role == Role.GI_BESTUURDER:
            q |= Q(gi_id=g.organisation_id)
        elif g.role == Role.FUNCTIONEEL_BEHEERDER:
            q |= Q(exercise=True)
        elif g.role in CASE_ROLES and g.role != Role.INSPECTEUR:
            q |= Q(measure__in=visible_measures(user)) | Q(exercise=True, gi_id=g.organisation_id)
    return q


# The organisation types whose API client reads trajectories (scope trajectories:read).
API_TRAJECTORY_TYPES = CHAIN_ORGANISATION_TYPES | {"gi"}


def trajectory_filter(user) -> Q:
    """Which trajectories (issue 18) the user sees, as a filter on chain's Trajectory: a
    wijkteam, Veilig Thuis or Raad worker those registered by their organisation or where it
    holds or is offered regie, a Raad worker also those whose investigation request names their
    Raad (projection column `rvdk`); a GI's teamleider and gebiedsmanager those handed (or
    offered) to their GI. Municipal users see only the suppressed aggregates, never a
    trajectory.

    An API client (koppeling, scope trajectories:read) sees what its organisation's people see:
    a chain organisation's client as its chain roles, a GI's client as its teamleider."""
    q = Q(pk__in=[])
    for g in grants(user):
        org = g.organisation_id
        if g.role in (Role.WIJKTEAM, Role.VEILIG_THUIS, Role.RVDK) or (
            g.role == Role.KOPPELING and g.organisation.type in CHAIN_ORGANISATION_TYPES
        ):
            q |= Q(organisation_id=org)
        if g.role == Role.RVDK or (g.role == Role.KOPPELING and g.organisation.type == "rvdk"):
            q |= Q(rvdk_id=org)
        if g.role in PERMISSIONS["trajectory.list"] or (
            g.role == Role.KOPPELING and g.organisation.type in API_TRAJECTORY_TYPES
        ):
            q |= Q(regie_organisation_id=org) | Q(offer_organisation_id=org)
    return q


def needs_two_factor(user) -> bool:
    return has_role(user, *TWO_FACTOR_ROLES)


# --------------------------------------------------------------------------- escalation (AVE)


# Which measures are escalated to a rung a set of roles acts on or is informed on: the ladders
# are escalation's data, so its caller passes `escalation.selectors.escalated_to_roles` in (the
# policy sits below escalation and does not import it; decision 0009).
EscalatedTo = Callable[[set[str]], QuerySet[Measure]]


def _escalation_grant_q(user, g: RoleGrant, escalated_to_roles: EscalatedTo) -> Q | None:
    """The escalated cases one grant shows on the escalations screen: escalated to a rung its
    role acts on or is informed on; GI roles within their case scope, municipal roles the cases
    their municipality is responsible for."""
    if g.role in ESCALATION_MUNICIPAL_ROLES:
        if not g.organisation.municipality_id:
            return None
        qs = escalated_to_roles({g.role}).filter(
            youth__responsible_municipality_id=g.organisation.municipality_id
        )
        return Q(pk__in=qs.values("pk"))
    if (q := _grant_scope(user, g)) is not None:
        return Q(pk__in=escalated_to_roles({g.role}).filter(q).values("pk"))
    return None


def escalation_list_scope(user, escalated_to_roles: EscalatedTo) -> QuerySet[Measure]:
    """The escalated cases shown to the user: exactly those escalated to a rung whose role (the
    one that acts, or one that is informed) the user holds. GI roles: within their case scope;
    municipal roles: the cases their municipality is responsible for, shown without name, BSN
    or file (they never get case access from this)."""
    combined = Q(pk__in=[])
    for g in grants(user):
        if (q := _escalation_grant_q(user, g, escalated_to_roles)) is not None:
            combined |= q
    return Measure.objects.filter(combined)


def escalation_recipients(measure: Measure, role: str, escalated_to_roles: EscalatedTo) -> list:
    """Who is told by mail that `measure` was escalated to a rung acted on by `role` (issue 16):
    every active user with a valid grant of exactly that role whose escalations screen now shows
    the case through that grant (the grant's part of `escalation_list_scope`). Call after the
    escalation is appended, in its transaction. Informed roles see it on the screen, unmailed."""
    candidates = RoleGrant.objects.filter(role=role, user__is_active=True).select_related(
        "user", "organisation", "team"
    )
    if role in ESCALATION_MUNICIPAL_ROLES:
        candidates = candidates.filter(
            organisation__municipality_id=measure.youth.responsible_municipality_id
        )
    else:
        candidates = candidates.filter(organisation_id=measure.gi_id)
    now = timezone.now()
    found: dict[int, object] = {}
    for g in candidates.order_by("user_id", "pk"):
        if g.user_id in found or not g.is_valid_at(now):
            continue
        q = _escalation_grant_q(g.user, g, escalated_to_roles)
        if q is not None and Measure.objects.filter(q, pk=measure.pk).exists():
            found[g.user_id] = g.user
    return list(found.values())


# Who may write (record on a measure, an API client's writes): `write_policy`, built on the scopes
# above and re-exported here, so callers still ask this one module. Imported last: it reads this
# module's functions at call time.
from .write_policy import (  # noqa: E402
    RECORD_ONLY_BY as RECORD_ONLY_BY,
    api_may_write_measure as api_may_write_measure,
    api_may_write_youth as api_may_write_youth,
    api_scopes_allowed as api_scopes_allowed,
    is_api_client as is_api_client,
    may_record_on as may_record_on,
    record_refusal as record_refusal,
    record_roles as record_roles,
)

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
# Two-factor login for every role that sees case data (and the access log), and for the
# functioneel beheerder, who manages users and their roles. A grant of one of these roles takes
# effect only after a second person approves it (four eyes; RoleGrant.is_valid_at).
TWO_FACTOR_ROLES = CASE_ROLES | {Role.PRIVACY_OFFICER, Role.FUNCTIONEEL_BEHEERDER}
# An API client's service user never logs in on a screen, but its grant is approved by a second
# person as well: it reads and writes every case of its GI (issue 13).
FOUR_EYES_ROLES = TWO_FACTOR_ROLES | {Role.KOPPELING}

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
    # Waiting (issue 5; docs/security.md "Wachten"). The waiting list shows children by name:
    # GI roles only, in their scope (care.views.waiting_scope); the counts and effects are
    # numbers, also for the municipality (its own children); consultations reach the
    # municipality with minimal data.
    "waiting.list": {
        Role.GEDRAGSWETENSCHAPPER,
        Role.TEAMLEIDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
    },
    "waiting.assign": {Role.TEAMLEIDER},
    "waiting.ruis": {Role.GEDRAGSWETENSCHAPPER, Role.TEAMLEIDER},
    "waiting.counts": {
        Role.GEDRAGSWETENSCHAPPER,
        Role.TEAMLEIDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
        Role.GEMEENTE_BELEIDSMEDEWERKER,
        Role.WETHOUDER,
    },
    "waiting.effects": {
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
        Role.GEMEENTE_BELEIDSMEDEWERKER,
        Role.WETHOUDER,
    },
    "help.list": {
        Role.JEUGDZORGWERKER,
        Role.GEDRAGSWETENSCHAPPER,
        Role.TEAMLEIDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
    },
    "help.manage": {Role.GEDRAGSWETENSCHAPPER, Role.TEAMLEIDER},
    "consultation.send": {Role.JEUGDZORGWERKER, Role.TEAMLEIDER},
    "consultation.answer": {Role.GEMEENTE_BELEIDSMEDEWERKER},
    # Dashboards and the council report (issue 7; docs/security.md "Rapportage"). The GI board
    # drills down to cases (scope: visible_measures); municipal dashboards and the council report
    # are aggregates with small numbers suppressed; the inspection export lists dossier numbers
    # with their norm status (no names, no BSN).
    "dashboard.gi": {
        Role.GEDRAGSWETENSCHAPPER,
        Role.TEAMLEIDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
    },
    "dashboard.municipality": {Role.GEMEENTE_BELEIDSMEDEWERKER, Role.WETHOUDER},
    "report.council": {
        Role.GEMEENTE_BELEIDSMEDEWERKER,
        Role.WETHOUDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
    },
    "report.inspection": {Role.INSPECTEUR, Role.GI_BESTUURDER},
    "auditlog.view": {Role.PRIVACY_OFFICER},
    # Four eyes on role grants: the privacy officer and the GI board see every grant of their
    # organisation and approve or reject the pending ones (access.views.grant_list).
    "grants.review": {Role.PRIVACY_OFFICER, Role.GI_BESTUURDER},
    "reference.manage": {Role.FUNCTIONEEL_BEHEERDER},
    # Escalation and crisis (issue 6; docs/security.md "Escalatie en crisis").
    "escalation.view": {
        Role.JEUGDZORGWERKER,
        Role.GEDRAGSWETENSCHAPPER,
        Role.TEAMLEIDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
        Role.GEMEENTE_BELEIDSMEDEWERKER,
        Role.WETHOUDER,
        Role.BURGEMEESTER,
        Role.AOV,
    },
    "escalation.manage": {
        Role.JEUGDZORGWERKER,
        Role.GEDRAGSWETENSCHAPPER,
        Role.TEAMLEIDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
    },
    "signals.team": {Role.GEDRAGSWETENSCHAPPER, Role.TEAMLEIDER, Role.GEBIEDSMANAGER},
    "incident.view": {
        Role.JEUGDZORGWERKER,
        Role.GEDRAGSWETENSCHAPPER,
        Role.TEAMLEIDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
        Role.GEMEENTE_BELEIDSMEDEWERKER,
        Role.WETHOUDER,
        Role.BURGEMEESTER,
        Role.AOV,
        Role.FUNCTIONEEL_BEHEERDER,
    },
    "incident.register": {
        Role.JEUGDZORGWERKER,
        Role.TEAMLEIDER,
        Role.GEBIEDSMANAGER,
        Role.GI_BESTUURDER,
    },
    "incident.review": {Role.TEAMLEIDER, Role.GEBIEDSMANAGER, Role.GI_BESTUURDER},
    # Issue 16: the incident's status (open, onder controle, gesloten) with a follow-up message
    # to its rotas: the GI roles that close it (`may_follow_up` adds the case scope).
    "incident.follow_up": {Role.TEAMLEIDER, Role.GEBIEDSMANAGER, Role.GI_BESTUURDER},
    "recommendation.view": {
        Role.GI_BESTUURDER,
        Role.GEBIEDSMANAGER,
        Role.GEMEENTE_BELEIDSMEDEWERKER,
        Role.WETHOUDER,
        Role.BURGEMEESTER,
        Role.AOV,
    },
    "exercise.manage": {Role.FUNCTIONEEL_BEHEERDER},
    # Recording on the timeline (issue 12): on measures in the recording scope only
    # (`may_record_on`, `record_refusal`); break the glass never grants writing.
    "case.record": {Role.JEUGDZORGWERKER, Role.GEDRAGSWETENSCHAPPER, Role.TEAMLEIDER},
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


def needs_two_factor(user) -> bool:
    return has_role(user, *TWO_FACTOR_ROLES)


# --------------------------------------------------------------------------- escalation (AVE)
ESCALATION_MUNICIPAL_ROLES = {
    Role.GEMEENTE_BELEIDSMEDEWERKER,
    Role.WETHOUDER,
    Role.BURGEMEESTER,
    Role.AOV,
}


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


# --------------------------------------------------------------------------- recording (issue 12)
# Event types only a gedragswetenschapper records: the safety assessment is theirs (001, norm 1.4).
# The decision to work under the Handelingsperspectief is the directorate's (001:563); the
# teamleider records it, not the jeugdzorgwerker whose terms it changes.
RECORD_ONLY_BY = {
    "safety_assessment": {Role.GEDRAGSWETENSCHAPPER},
    "handelingsperspectief_decided": {Role.TEAMLEIDER},
}


def _record_scope(user, g: RoleGrant) -> Q | None:
    """The measures a grant lets its holder record on: a jeugdzorgwerker their own cases (never the
    team's, which they may only read); a teamleider and gedragswetenschapper the cases in their
    case scope (the team's, and the in- en doorstroomteam's of their cluster)."""
    if g.role == Role.JEUGDZORGWERKER:
        return Q(worker__user=user, gi_id=g.organisation_id)
    if g.role in (Role.GEDRAGSWETENSCHAPPER, Role.TEAMLEIDER, Role.KOPPELING):
        return _grant_scope(user, g)
    return None


def record_roles(user, measure: Measure) -> set[str]:
    """The roles through which the user may record on this measure (empty: none)."""
    found = set()
    for g in grants(user):
        q = _record_scope(user, g)
        if q is not None and Measure.objects.filter(q, pk=measure.pk).exists():
            found.add(g.role)
    return found


def may_record_on(user, measure: Measure) -> bool:
    return bool(record_roles(user, measure))


def record_refusal(user, measure: Measure, event_type: str) -> str:
    """Why the user may not record this event type on this measure, in Dutch; "" if they may."""
    held = record_roles(user, measure)
    if not held:
        return "U mag op deze maatregel niets vastleggen."
    needed = RECORD_ONLY_BY.get(event_type)
    if needed and not held & needed:
        labels = " of ".join(sorted(Role(r).label.lower() for r in needed))
        return f"Alleen een {labels} legt dit vast."
    return ""


# --------------------------------------------------------------------------- API clients (issue 13)
# An organisation's API client acts as the service user of its ApiClient, holding the role
# koppeling in that organisation: the scope functions above decide its cases (a GI's client: all
# cases of the GI, reading and writing; any other organisation's: none). OAuth2 scopes say which
# resources a client may call; which scopes an organisation may be given is decided here.
API_SCOPES: dict[str, str] = {
    "organisations:read": "Eigen organisatie lezen",
    "teams:read": "Teams van de eigen organisatie lezen",
    "teams:write": "Teams van de eigen organisatie aanleveren",
    "workers:read": "Medewerkers van de eigen organisatie lezen",
    "workers:write": "Medewerkers van de eigen organisatie aanleveren",
    "youths:read": "Jeugdigen lezen (binnen het bereik van de organisatie)",
    "youths:write": "Jeugdigen aanleveren en bijwerken",
    "measures:read": "Maatregelen lezen (binnen het bereik van de organisatie)",
    "measures:write": "Maatregelen aanleveren en bijwerken",
    "events:read": "Tijdlijnen lezen",
    "events:write": "Events aanleveren",
    "norm-results:read": "Normresultaten lezen",
    "waiting-list:read": "Wachtlijst lezen",
    "counts:read": "Aantallen per peildatum lezen",
    "changes:read": "Wijzigingenfeed lezen",
}
# Organisations other than a GI see no case data: a municipality's client reads its own
# organisation and the published (suppressed) counts of its children, as its officials' screens.
API_SCOPES_BY_ORGANISATION_TYPE: dict[str, set[str]] = {
    "gi": set(API_SCOPES),
    "gemeente": {"organisations:read", "counts:read"},
}


def api_scopes_allowed(organisation_type: str) -> set[str]:
    return API_SCOPES_BY_ORGANISATION_TYPE.get(organisation_type, {"organisations:read"})


def is_api_client(user) -> bool:
    return has_role(user, Role.KOPPELING)


def api_may_write_measure(user, measure: Measure) -> bool:
    """An API client writes on the measures its GI executes (the recording scope)."""
    return Role.KOPPELING in record_roles(user, measure)


def api_may_write_youth(user, youth: Youth) -> bool:
    """A youth's facts may be changed by the client of a GI that executes one of its measures,
    or by any GI's client while the youth has no measure yet (just delivered)."""
    if not has_role(user, Role.KOPPELING):
        return False
    org = organisation(user)
    if org is None or "youths:write" not in api_scopes_allowed(org.type):
        return False
    if not Measure.objects.filter(youth=youth).exists():
        return True
    return visible_measures(user).filter(youth=youth).exists()

"""Who may write, part of the one policy layer (re-exported by `policy`, which callers ask):
recording on a measure (issue 12) and what an organisation's API client may write (issues 13,
18). Built on the case scopes of `policy`, read at call time (`policy` imports this module at
its end; this module imports `policy` at its end, so either may be imported first)."""

from __future__ import annotations

from django.db.models import Q

from ketenzicht.timeline.models import Measure, Youth

from .models import Role, RoleGrant
from .permissions import API_SCOPES_BY_ORGANISATION_TYPE, CHAIN_ORGANISATION_TYPES

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
        return policy._grant_scope(user, g)
    return None


def record_roles(user, measure: Measure) -> set[str]:
    """The roles through which the user may record on this measure (empty: none)."""
    found = set()
    for g in policy.grants(user):
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
def api_scopes_allowed(organisation_type: str) -> set[str]:
    return API_SCOPES_BY_ORGANISATION_TYPE.get(organisation_type, {"organisations:read"})


def is_api_client(user) -> bool:
    return policy.has_role(user, Role.KOPPELING)


def api_may_write_measure(user, measure: Measure) -> bool:
    """An API client writes on the measures its GI executes (the recording scope)."""
    return Role.KOPPELING in record_roles(user, measure)


def api_may_write_youth(user, youth: Youth) -> bool:
    """A youth's facts may be changed by the client of a GI that executes one of its measures.
    Before any measure: a wijkteam's or Veilig Thuis's client for a youth of a trajectory its
    organisation registered; a GI's client for a youth with no trajectory (just delivered) or
    one of a trajectory its GI holds or is offered regie on (decision 0016)."""
    if not policy.has_role(user, Role.KOPPELING):
        return False
    org = policy.organisation(user)
    if org is None or "youths:write" not in api_scopes_allowed(org.type):
        return False
    has_measure = Measure.objects.filter(youth=youth).exists()
    # Trajectories through their field names: the access layer does not import chain.
    trajectories = Youth.objects.filter(pk=youth.pk, trajectories__isnull=False)
    if org.type in CHAIN_ORGANISATION_TYPES:
        return not has_measure and trajectories.filter(trajectories__organisation=org).exists()
    if not has_measure:
        return (
            not trajectories.exists()
            or trajectories.filter(
                Q(trajectories__regie_organisation=org) | Q(trajectories__offer_organisation=org)
            ).exists()
        )
    return policy.visible_measures(user).filter(youth=youth).exists()


from . import policy  # noqa: E402  (see the module's docstring)

"""Who may record what on a trajectory (issue 18), kept apart from `policy` (re-exported there).

The access layer does not import the chain app: a trajectory is read through its field names
(`organisation_id`, `regie_organisation_id`, `offer_organisation_id`, `rvdk_id`), as
`trajectory_filter` does.

- Opening a trajectory (the concern, zorgmelding): a wijkteam or Veilig Thuis worker, for their
  own organisation.
- The organisations acting on a trajectory are the one that registered it and the one holding
  regie. Their chain roles (wijkteam, Veilig Thuis, Raad) record its events; the Raad's own
  steps (investigation, petition, hearing, ruling) only a Raad worker, of a Raad acting on it
  or of the Raad the investigation request names (with or without regie); handing regie on
  also the teamleider of a GI that holds regie.
- Accepting or declining a handover: the receiving organisation only (a chain role there, or
  the GI's teamleider).
- An API client (koppeling, issue 18 through the API) acts as its organisation's people do:
  a wijkteam's, Veilig Thuis's or Raad's client as that chain role, a GI's as its teamleider
  (`ACTS_AS`), so the same rules decide for the screens and for `POST /api/v1/trajectories`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import CHAIN_ROLES, Role
from .permissions import PERMISSIONS

RVDK_ONLY = frozenset(
    {
        "investigation_started",
        "investigation_finished",
        "petition_filed",
        "hearing_held",
        "ruling",
    }
)
ANSWERS = frozenset({"regie_accepted", "regie_declined"})
# Never from the event screen: the concern opens the trajectory (its own form).
OPENING = "concern_registered"


# The role an API client's service user acts in on trajectories, by its organisation's type.
ACTS_AS = {
    "wijkteam": Role.WIJKTEAM,
    "veilig_thuis": Role.VEILIG_THUIS,
    "rvdk": Role.RVDK,
    "gi": Role.TEAMLEIDER,
}


@dataclass(frozen=True)
class _Acting:
    role: str
    organisation_id: int
    organisation: Any


def _grants(user) -> list[Any]:
    from .policy import grants  # policy re-exports this module

    out: list[Any] = []
    for g in grants(user):
        if g.role != Role.KOPPELING:
            out.append(g)
        elif g.organisation.type in ACTS_AS:
            out.append(_Acting(ACTS_AS[g.organisation.type], g.organisation_id, g.organisation))
    return out


def may_open_trajectory(user) -> bool:
    return any(g.role in PERMISSIONS["trajectory.open"] for g in _grants(user))


def opening_organisation(user):
    """The organisation a new trajectory is registered by: the user's wijkteam or Veilig
    Thuis organisation (None: the user may not open one)."""
    for g in _grants(user):
        if g.role in PERMISSIONS["trajectory.open"]:
            return g.organisation
    return None


def trajectory_record_refusal(user, trajectory: Any, event_type: str) -> str:
    """Why the user may not record this event type on this trajectory, in Dutch; "" if they
    may. The trajectory must be in the user's scope (`trajectory_filter`) already."""
    if event_type == OPENING:
        return "Een zorgmelding opent een nieuw traject."
    held = [g for g in _grants(user) if g.role in PERMISSIONS["trajectory.record"]]
    if not held:
        return "Uw rol legt niets vast op trajecten."
    if event_type in ANSWERS:
        if trajectory.offer_organisation_id is None:
            return "Er wacht geen overdracht van de regie."
        if not any(g.organisation_id == trajectory.offer_organisation_id for g in held):
            return "Alleen de organisatie die de regie krijgt aangeboden, accepteert of weigert."
        return ""
    acting = {trajectory.organisation_id, trajectory.regie_organisation_id} - {None}
    if event_type in RVDK_ONLY and trajectory.rvdk_id is not None:
        acting.add(trajectory.rvdk_id)  # the Raad the request is addressed to
    mine = [g for g in held if g.organisation_id in acting]
    if not mine:
        return (
            "Alleen de organisatie die het traject registreerde of de regie heeft, legt dit vast."
        )
    if event_type in RVDK_ONLY:
        return "" if any(g.role == Role.RVDK for g in mine) else "Alleen de Raad legt dit vast."
    if any(g.role in CHAIN_ROLES for g in mine):
        return ""
    if event_type == "regie_offered" and any(
        g.organisation_id == trajectory.regie_organisation_id for g in mine
    ):
        return ""
    return "Uw rol legt deze stap niet vast."


def may_record_on_trajectory(user, trajectory: Any, event_types) -> bool:
    return any(not trajectory_record_refusal(user, trajectory, t) for t in event_types)

"""Roles and permissions as data (issue 14): which role holds which permission, which OAuth2
scopes exist, and the screens table, (url name, label, permission) per menu group, that both the
main menu and the `require_screen` decorator read, so a menu item and its view cannot disagree.
What a permission means for a given user and case is decided in `policy`, which re-exports all
of this."""

from __future__ import annotations

from .models import CHAIN_ROLES, Role

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
TWO_FACTOR_ROLES = CASE_ROLES | CHAIN_ROLES | {Role.PRIVACY_OFFICER, Role.FUNCTIONEEL_BEHEERDER}
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
    # Capacity and continuity (issue 17): staff, caseload per fte and the capacity gap of the
    # teams in the grant's scope (`policy.capacity_teams`); figures about staff, no case data.
    "capacity.view": {Role.TEAMLEIDER, Role.GEBIEDSMANAGER, Role.GI_BESTUURDER},
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
    # The chain before a measure (issue 18): the trajectories of the own organisation, or where
    # it holds or is offered regie (`policy.trajectory_filter`); the GI sees what is coming.
    "trajectory.list": CHAIN_ROLES | {Role.TEAMLEIDER, Role.GEBIEDSMANAGER},
    # Recording on a trajectory (`policy.trajectory_record_refusal`): the concern opens one (a
    # wijkteam or Veilig Thuis worker); the chain roles record its steps; the GI's teamleider
    # accepts or declines a handover of regie offered to the GI, and hands it on.
    "trajectory.open": {Role.WIJKTEAM, Role.VEILIG_THUIS},
    "trajectory.record": CHAIN_ROLES | {Role.TEAMLEIDER},
}

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
    "trajectories:read": "Trajecten vóór de maatregel lezen (binnen het bereik van de organisatie)",
    "trajectories:write": "Trajecten vóór de maatregel vastleggen (de eigen stappen)",
}
# Organisations other than a GI see no case data: a municipality's client reads its own
# organisation and the published (suppressed) counts of its children, as its officials' screens.
# The chain organisations (issue 18) read the trajectories they registered, hold or are offered,
# and record their own steps on them (`chain_policy`, as their people on the screens); a wijkteam
# or Veilig Thuis also delivers the youth of a concern it registers (decision 0016).
CHAIN_ORGANISATION_TYPES = frozenset({"wijkteam", "veilig_thuis", "rvdk"})
CHAIN_TRAJECTORY_SCOPES = {"organisations:read", "trajectories:read", "trajectories:write"}
API_SCOPES_BY_ORGANISATION_TYPE: dict[str, set[str]] = {
    "gi": set(API_SCOPES),
    "gemeente": {"organisations:read", "counts:read"},
    "wijkteam": CHAIN_TRAJECTORY_SCOPES | {"youths:write"},
    "veilig_thuis": CHAIN_TRAJECTORY_SCOPES | {"youths:write"},
    "rvdk": CHAIN_TRAJECTORY_SCOPES,
}

# Municipal officials who read their municipality's figures (dashboards, counts, effects).
MUNICIPAL_ROLES = {Role.GEMEENTE_BELEIDSMEDEWERKER, Role.WETHOUDER}
# Municipal roles on the escalation ladder and the incident rotas.
ESCALATION_MUNICIPAL_ROLES = {
    Role.GEMEENTE_BELEIDSMEDEWERKER,
    Role.WETHOUDER,
    Role.BURGEMEESTER,
    Role.AOV,
}

# The screens of the main menu (issue 16: grouped, no role sees more than about seven top-level
# items): groups of (url name, label, permission). The views of these screens are decorated with
# `require_screen(url name)`, which takes the permission from this table.
SCREENS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Start", (("web:home", "Start", "home"),)),
    (
        "Werk",
        (
            ("web:worklist", "Mijn werklijst", "worklist.own"),
            ("web:team_worklist", "Teamoverzicht", "worklist.team"),
            ("web:kpi", "KPI's", "worklist.team"),
            ("web:search", "Zoeken", "case.search"),
            ("web:trajectories", "Trajecten", "trajectory.list"),
        ),
    ),
    (
        "Wachten",
        (
            ("care:waiting_list", "Wachtenden", "waiting.list"),
            ("care:help", "Wachten op hulp", "help.list"),
            ("care:counts", "Peildatum", "waiting.counts"),
            ("care:effects", "Effecten wachten", "waiting.effects"),
            ("care:consultations", "Afstemming hulp", "consultation.answer"),
        ),
    ),
    (
        "Veiligheid",
        (
            ("escalation:signals", "Signalen", "signals.team"),
            ("escalation:escalations", "Escalaties", "escalation.view"),
            ("escalation:incidents", "Incidenten", "incident.view"),
            ("escalation:recommendations", "Aanbevelingen", "recommendation.view"),
            ("escalation:exercises", "Oefeningen", "exercise.manage"),
        ),
    ),
    (
        "Rapportage",
        (
            ("reporting:gi_board", "Dashboard", "dashboard.gi"),
            ("capacity:capacity", "Capaciteit", "capacity.view"),
            ("reporting:forecast", "Prognose", "capacity.view"),
            ("reporting:municipality", "Dashboard gemeente", "dashboard.municipality"),
            ("reporting:region", "Regio", "dashboard.municipality"),
            ("reporting:council_report", "Raadsrapportage", "report.council"),
            ("reporting:inspection_export", "Inspectie-export", "report.inspection"),
        ),
    ),
    (
        "Privacy",
        (
            ("access:access_log", "Toegangslog", "auditlog.view"),
            ("access:break_glass_list", "Doorbrekingen", "auditlog.view"),
            ("access:grant_list", "Rollen goedkeuren", "grants.review"),
        ),
    ),
    ("Beheer", (("admin:index", "Beheer", "reference.manage"),)),
)
_SCREEN_PERMISSIONS = {url: perm for _, items in SCREENS for url, _, perm in items}


def screen_permission(url_name: str) -> str:
    """The permission of a menu screen (KeyError for a URL name not in the menu)."""
    return _SCREEN_PERMISSIONS[url_name]

"""The main menu (issue 16: grouped, so that no role sees more than about seven top-level
items). `MENU` is the table the menu reads: groups of (url name, label, permission). Who may use
a screen is the policy's (`policy.has_permission`); this table only says where it sits in the
menu. A group with one item the user may use is shown as that link; with more, as a disclosure
(<details>) that opens its links."""

from __future__ import annotations

from ketenzicht.access import policy

MENU: tuple[tuple[str, tuple[tuple[str, str, str | None], ...]], ...] = (
    ("Start", (("web:home", "Start", None),)),
    (
        "Werk",
        (
            ("web:worklist", "Mijn werklijst", "worklist.own"),
            ("web:team_worklist", "Teamoverzicht", "worklist.team"),
            ("web:kpi", "KPI's", "worklist.team"),
            ("web:search", "Zoeken", "case.search"),
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


def menu_for(user) -> list[dict]:
    """[{label, items: [(url name, label)], urls}] for the groups the user has any item of."""
    groups = []
    for label, entries in MENU:
        items = [
            (url, text)
            for url, text, perm in entries
            if perm is None or policy.has_permission(user, perm)
        ]
        if items:
            groups.append({"label": label, "items": items, "urls": [u for u, _ in items]})
    return groups


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_groups": []}
    if policy.needs_two_factor(user) and not user.is_verified():
        return {"nav_items": [], "nav_groups": [], "user_role_label": policy.role_labels(user)}
    groups = menu_for(user)
    org = policy.organisation(user)
    return {
        "may_escalate": policy.has_permission(user, "escalation.manage"),
        "nav_groups": groups,
        "nav_items": [item for g in groups for item in g["items"]],
        "user_role_label": policy.role_labels(user),
        "user_organisation": org,
    }

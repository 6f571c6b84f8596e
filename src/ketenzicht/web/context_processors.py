from ketenzicht.access import policy


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    if policy.needs_two_factor(user) and not user.is_verified():
        return {"nav_items": [], "user_role_label": policy.role_labels(user)}
    items = [("web:home", "Start")]
    if policy.has_permission(user, "worklist.own"):
        items.append(("web:worklist", "Mijn werklijst"))
    if policy.has_permission(user, "worklist.team"):
        items.append(("web:team_worklist", "Teamoverzicht"))
        items.append(("web:kpi", "KPI's"))
    if policy.has_permission(user, "waiting.list"):
        items.append(("care:waiting_list", "Wachtenden"))
    if policy.has_permission(user, "help.list"):
        items.append(("care:help", "Wachten op hulp"))
    if policy.has_permission(user, "waiting.counts"):
        items.append(("care:counts", "Peildatum"))
    if policy.has_permission(user, "waiting.effects"):
        items.append(("care:effects", "Effecten wachten"))
    if policy.has_permission(user, "consultation.answer"):
        items.append(("care:consultations", "Afstemming hulp"))
    if policy.has_permission(user, "case.search"):
        items.append(("web:search", "Zoeken"))
    if policy.has_permission(user, "signals.team"):
        items.append(("escalation:signals", "Signalen"))
    if policy.has_permission(user, "escalation.view"):
        items.append(("escalation:escalations", "Escalaties"))
    if policy.has_permission(user, "incident.view"):
        items.append(("escalation:incidents", "Incidenten"))
    if policy.has_permission(user, "recommendation.view"):
        items.append(("escalation:recommendations", "Aanbevelingen"))
    if policy.has_permission(user, "exercise.manage"):
        items.append(("escalation:exercises", "Oefeningen"))
    if policy.has_permission(user, "dashboard.gi"):
        items.append(("reporting:gi_board", "Dashboard"))
    if policy.has_permission(user, "dashboard.municipality"):
        items.append(("reporting:municipality", "Dashboard gemeente"))
        items.append(("reporting:region", "Regio"))
    if policy.has_permission(user, "report.council"):
        items.append(("reporting:council_report", "Raadsrapportage"))
    if policy.has_permission(user, "report.inspection"):
        items.append(("reporting:inspection_export", "Inspectie-export"))
    if policy.has_permission(user, "auditlog.view"):
        items.append(("access:access_log", "Toegangslog"))
        items.append(("access:break_glass_list", "Doorbrekingen"))
    if policy.has_permission(user, "grants.review"):
        items.append(("access:grant_list", "Rollen goedkeuren"))
    if policy.has_permission(user, "reference.manage"):
        items.append(("admin:index", "Beheer"))
    org = policy.organisation(user)
    return {
        "may_escalate": policy.has_permission(user, "escalation.manage"),
        "nav_items": items,
        "user_role_label": policy.role_labels(user),
        "user_organisation": org,
    }

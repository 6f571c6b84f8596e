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
    if policy.has_permission(user, "case.search"):
        items.append(("web:search", "Zoeken"))
    if policy.has_permission(user, "auditlog.view"):
        items.append(("access:access_log", "Toegangslog"))
        items.append(("access:break_glass_list", "Doorbrekingen"))
    if policy.has_permission(user, "reference.manage"):
        items.append(("admin:index", "Beheer"))
    org = policy.organisation(user)
    return {
        "nav_items": items,
        "user_role_label": policy.role_labels(user),
        "user_organisation": org,
    }

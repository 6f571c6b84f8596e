from ketenzicht.access.roles import may_see_cases, role_label


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("web:home", "Start")]
    if may_see_cases(user):
        items.append(("web:search", "Zoeken"))
    if user.is_staff:
        items.append(("admin:index", "Beheer"))
    return {"nav_items": items, "user_role_label": role_label(user)}

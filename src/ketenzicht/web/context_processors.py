"""The main menu (issue 16: grouped, so that no role sees more than about seven top-level
items), built from the policy's screens table `policy.SCREENS`: groups of (url name, label,
permission). The screens' views read the same table (`require_screen`), so the menu shows a user
exactly the screens the server lets them open. A group with one item the user may use is shown
as that link; with more, as a disclosure (<details>) that opens its links."""

from __future__ import annotations

from django.utils.formats import date_format

from ketenzicht.access import policy


def menu_for(user) -> list[dict]:
    """[{label, items: [(url name, label)], urls}] for the groups the user has any item of."""
    groups = []
    for label, entries in policy.SCREENS:
        items = [(url, text) for url, text, perm in entries if policy.has_permission(user, perm)]
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


def peildatum_notice(request):
    """A screen shown on a chosen reference date (`?peildatum=`, `ketenzicht.peildatum`) says
    so above its content: the statuses are those of that day, not of today."""
    chosen = getattr(request, "kz_peildatum", None)
    if chosen is None:
        return {}
    day = date_format(chosen, "j F Y")
    return {"peildatum_notice": f"Deze pagina toont de stand op peildatum {day}, niet van vandaag."}

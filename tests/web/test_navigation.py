"""Issue 16, item 6: the main menu is grouped (Werk, Wachten, Veiligheid, Rapportage, ...) so
that no role sees more than seven top-level items; every screen a role may use is still in it,
and nothing it may not use. The menu and the screens' views read one table
(access.policy.SCREENS)."""

import re

import pytest
from django.urls import resolve, reverse

from ketenzicht.access import policy
from ketenzicht.web.context_processors import menu_for
from tests.access.conftest import ALL_ROLES, role_users  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
MAX_TOP_LEVEL = 7

# Top-level items per role, as the menu shows them (a group with one screen is that screen).
EXPECTED = {
    "jeugdzorgwerker": ["Start", "Werk", "Wachten op hulp", "Veiligheid"],
    "gedragswetenschapper": ["Start", "Werk", "Wachten", "Veiligheid", "Dashboard"],
    "teamleider": ["Start", "Werk", "Wachten", "Veiligheid", "Rapportage"],  # Capaciteit (17)
    "gebiedsmanager": ["Start", "Werk", "Wachten", "Veiligheid", "Rapportage"],  # 14 screens
    "gi_bestuurder": ["Start", "Werk", "Wachten", "Veiligheid", "Rapportage", "Rollen goedkeuren"],
    "gemeente_beleidsmedewerker": ["Start", "Wachten", "Veiligheid", "Rapportage"],
    "wethouder": ["Start", "Wachten", "Veiligheid", "Rapportage"],
    "burgemeester": ["Start", "Veiligheid"],
    "aov": ["Start", "Veiligheid"],
    "privacy_officer": ["Start", "Privacy"],
    "functioneel_beheerder": ["Start", "Veiligheid", "Beheer"],
    "inspecteur": ["Start", "Zoeken", "Inspectie-export"],
    "wijkteam": ["Start", "Trajecten"],
    "veilig_thuis": ["Start", "Trajecten"],
    "rvdk": ["Start", "Trajecten"],
}


def top_level(groups):
    return [g["items"][0][1] if len(g["items"]) == 1 else g["label"] for g in groups]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_sees_at_most_seven_top_level_items(role_users, role):  # noqa: F811
    groups = menu_for(role_users[role])
    assert len(groups) <= MAX_TOP_LEVEL
    assert top_level(groups) == EXPECTED[role]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_menu_holds_exactly_the_screens_the_policy_allows(role_users, role):  # noqa: F811
    user = role_users[role]
    shown = {url for g in menu_for(user) for url in g["urls"]}
    allowed = {
        url
        for _, entries in policy.SCREENS
        for url, _, perm in entries
        if policy.has_permission(user, perm)
    }
    assert shown == allowed and "web:home" in shown


def test_the_rendered_menu_groups_the_gebiedsmanagers_screens(
    role_users,  # noqa: F811
    login,
    client,
):
    login(role_users["gebiedsmanager"])
    html = client.get(reverse("care:counts")).content.decode()
    nav = html[html.index('aria-label="Hoofdmenu"') : html.index("</nav>")]
    tops = re.findall(r'data-nav-top="([^"]+)"', nav)
    assert tops == ["Start", "Werk", "Wachten", "Veiligheid", "Rapportage"]
    links = re.findall(r'<a class="[^"]*" href="([^"]+)"', nav)
    assert len(links) >= 12  # every screen still reachable from the menu
    # The current page is marked, and its group too.
    assert 'href="/wachten/peildatum/" aria-current="page"' in nav
    assert "ketenzicht-nav__summary--current" in nav


SCREEN_URLS = [url for _, items in policy.SCREENS for url, _, _ in items if url != "admin:index"]


@pytest.mark.parametrize("url_name", SCREEN_URLS)
def test_each_menu_screen_takes_its_permission_from_the_table(url_name):
    """The view behind a menu item is guarded by `require_screen(url name)`: the permission it
    checks is the table's, so the menu and the server cannot disagree."""
    view = resolve(reverse(url_name)).func
    assert view.screen == url_name
    assert view.permission == policy.screen_permission(url_name)

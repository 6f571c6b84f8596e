"""The web shell: login, search and the read-only case page, with server-side role checks."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def jzw(dataset, make_user, login):
    user = make_user("W-1")
    login(user)
    return user


def test_login_page_is_dutch_and_login_uses_argon2(dataset, make_user, client):
    user = make_user("W-1")
    assert user.password.startswith("argon2")
    page = client.get(reverse("login"))
    assert "Inloggen" in page.content.decode() and page["Content-Language"] == "nl"
    bad = client.post(reverse("login"), {"username": user.username, "password": "fout"})
    assert "Onjuiste gebruikersnaam of wachtwoord" in bad.content.decode()
    ok = client.post(
        reverse("login"), {"username": user.username, "password": "Geheim-wachtwoord-1"}
    )
    assert ok.status_code == 302 and ok["Location"] == reverse("web:home")
    # A jeugdzorgwerker sees case data: the second factor comes first.
    after = client.get(reverse("web:home"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("access:two_factor"))


@pytest.mark.parametrize("name", ["web:home", "web:search"])
def test_pages_require_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_home_shows_counts_for_the_gi(jzw, client):
    html = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="count-total">1<' in html
    assert 'data-testid="count-mine">1<' in html
    assert "Noor Jansen" in html
    from ketenzicht.access.models import AccessLogEntry

    assert AccessLogEntry.objects.filter(subject="startpagina", action="view").count() == 1


@pytest.mark.parametrize(
    "query",
    # a BSN typed with spaces or dots, or pasted in full-width digits, is the same BSN
    ["Jansen", "noor jansen", "999990019", "9999.90.019", "９９９９９００１９", "M-1", "Y-1"],
)
def test_search_finds_by_name_bsn_and_ids(jzw, client, query):
    html = client.get(reverse("web:search"), {"q": query}).content.decode()
    assert reverse("web:case", args=["Y-1"]) in html


def test_search_without_match(jzw, client):
    html = client.get(reverse("web:search"), {"q": "Pietersen"}).content.decode()
    assert "Geen jeugdigen gevonden" in html


def test_case_page_shows_youth_measures_and_whole_timeline(jzw, client):
    html = client.get(reverse("web:case", args=["Y-1"])).content.decode()
    assert "Noor Jansen" in html and "Petra Jansen" in html
    assert "Ondertoezichtstelling" in html and "Sanne de Vries" in html
    assert "Rijswijk" in html  # municipality of stay after the placement event
    for label in [
        "Maatregel gestart (uitspraak)",
        "Medewerker toegewezen",
        "Eerste contact",
        "Veiligheidsinschatting",
        "Hulp aangevraagd",
        "Plaatsing gewijzigd",
        "Correctie",
    ]:
        assert label in html
    # The corrected contact stays visible, struck through, with the correction's reason shown.
    assert "<del>Contact</del>" in html
    assert "Moeder was aanwezig bij het gesprek." in html
    assert "Pleegzorg Haaglanden" in html  # references shown by name, not id


def test_other_gi_cannot_open_the_case(dataset, make_user, client, login):
    login(make_user("W-3"))  # works at WSS; the case is at JB west
    assert client.get(reverse("web:case", args=["Y-1"])).status_code == 404
    html = client.get(reverse("web:search"), {"q": "Jansen"}).content.decode()
    assert "Geen jeugdigen gevonden" in html


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def test_unknown_and_out_of_reach_children_get_the_same_answer(dataset, make_user, client, login):
    """Issue 11, finding 7: break the glass answered 403 for a child known at another GI and 404
    for an unknown one, which told a user that the child exists elsewhere."""
    login(make_user("W-3"))  # works at WSS; Y-1 is known only at JB west
    for name in ("web:break_glass", "web:case", "web:case_print"):
        elsewhere = client.get(reverse(name, args=["Y-1"]))
        unknown = client.get(reverse(name, args=["Y-999"]))
        assert elsewhere.status_code == unknown.status_code == 404
        # The same page (the Dutch 404 page, issue 16), apart from the per-response CSRF mask
        # of the logout form in its header.
        assert _without_csrf(elsewhere.content) == _without_csrf(unknown.content)
    posted = client.post(reverse("web:break_glass", args=["Y-1"]), {"reason": "x" * 30})
    assert posted.status_code == 404
    from ketenzicht.access.models import BreakGlass

    assert not BreakGlass.objects.exists()


def test_gemeente_role_sees_no_case_files(gemeente_worker, make_user, client):
    client.force_login(make_user("W-GEM", team=None))
    assert client.get(reverse("web:case", args=["Y-1"])).status_code == 403
    assert client.get(reverse("web:search"), {"q": "Jansen"}).status_code == 403
    assert "geen toegang tot dossiers" in client.get(reverse("web:home")).content.decode()
    assert client.get(reverse("web:case_print", args=["Y-1"])).status_code == 403


def test_home_of_a_role_without_files_lists_its_screens(dataset, django_user_model, client):
    """A wethouder has no case files: the start page points to the screens the role has
    (the same items as the menu, so never a screen the role may not open)."""
    from ketenzicht.access.models import RoleGrant
    from ketenzicht.reference.models import Organisation

    user = django_user_model.objects.create_user("wethouder.test", password="Wachtwoord-123-abc")
    RoleGrant.objects.create(
        user=user, role="wethouder", organisation=Organisation.objects.get(external_id="GEM-0518")
    )
    client.force_login(user)
    html = client.get(reverse("web:home")).content.decode()
    assert "geen toegang tot dossiers" in html
    screens = html.split('data-testid="home-screens"')[1].split("</ul>")[0]
    assert f'href="{reverse("escalation:incidents")}"' in screens
    assert reverse("web:search") not in screens
    for href in screens.split('href="')[1:]:
        assert client.get(href.split('"')[0]).status_code == 200

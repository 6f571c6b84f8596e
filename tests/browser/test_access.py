"""Browser tests of the policy: a municipality's policy officer cannot open a case page by URL;
a jeugdzorgwerker cannot open another team's case without breaking the glass."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ketenzicht.interop.importer import import_file
from ketenzicht.reference.models import Organisation, Team, Worker
from tests.browser.test_shell import PASSWORD, assert_accessible, current_code, menu_link, shot
from tests.builders import base_records, write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(transactional_db, tmp_path):
    import_file(str(write(tmp_path / "base.jsonl", base_records())), today=dt.date(2026, 11, 1))


def password_login(page, live_server, user):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_gemeente_policy_officer_cannot_open_a_case_by_url(page, live_server, data, make_user):
    Worker.objects.create(
        external_id="W-GEM",
        given_name="Lotte",
        family_name="Visser",
        organisation=Organisation.objects.get(external_id="GEM-0518"),
        role="beleidsmedewerker",
        fte=1,
    )
    user = make_user("W-GEM", password=PASSWORD, team=None)
    password_login(page, live_server, user)
    expect(page.get_by_text("Uw rol geeft geen toegang tot dossiers")).to_be_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Start")).to_be_visible()
    # No screen with case files in the menu (municipal screens show figures only).
    for case_screen in ("Zoeken", "Mijn werklijst", "Teamoverzicht", "Signalen"):
        expect(
            menu.get_by_role("link", name=case_screen, exact=True, include_hidden=True)
        ).to_have_count(0)
    response = page.goto(f"{live_server.url}/jeugdige/Y-1/")
    assert response.status == 403
    expect(page.get_by_text("Noor")).to_have_count(0)


def test_worker_of_another_team_must_break_the_glass(page, live_server, data, make_user):
    other = Team.objects.create(
        external_id="T-DH2",
        name="Team Den Haag Noord",
        organisation=Organisation.objects.get(external_id="GI-JBW"),
    )
    Worker.objects.filter(external_id="W-2").update(team=other)
    user = make_user("W-2", password=PASSWORD)
    password_login(page, live_server, user)
    page.get_by_label("Code uit uw authenticator-app").fill(current_code(user))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")

    page.goto(f"{live_server.url}/jeugdige/Y-1/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dit dossier valt buiten uw werkgebied"
    )
    expect(page.get_by_text("Noor Jansen")).to_have_count(0)
    assert_accessible(page, "doorbreken")
    shot(page, "doorbreken")
    page.get_by_label("Reden").fill("Melding van school; vaste collega is ziek en onbereikbaar.")
    page.get_by_role("button", name="Dossier openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor Jansen")
    expect(page.get_by_role("status").filter(has_text="doorbreking")).to_be_visible()
    shot(page, "dossier-na-doorbreken")


def second_factor(page, user):
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    page.get_by_label("Code uit uw authenticator-app").fill(current_code(user))
    page.get_by_role("button", name="Bevestigen").click()


def test_beheerder_requests_a_role_and_the_privacy_officer_approves(page, live_server, data):
    """Four eyes (issue 11): the beheerder, after the second factor, gives a new user the board
    role in /beheer/; it waits until the privacy officer approves it on their screen."""
    from django.contrib.auth import get_user_model

    from ketenzicht.access import policy
    from ketenzicht.access.models import RoleGrant

    User = get_user_model()
    jbw = Organisation.objects.get(external_id="GI-JBW")
    beheerder = User.objects.create_user("beheer.jbw", password=PASSWORD)
    RoleGrant.objects.create(
        user=beheerder, role="functioneel_beheerder", organisation=jbw, status="approved"
    )
    privacy = User.objects.create_user("privacy.jbw", password=PASSWORD)
    RoleGrant.objects.create(
        user=privacy, role="privacy_officer", organisation=jbw, status="approved"
    )

    password_login(page, live_server, beheerder)
    second_factor(page, beheerder)
    page.goto(f"{live_server.url}/beheer/auth/user/add/")
    page.get_by_label("Gebruikersnaam").fill("nieuwe.bestuurder")
    page.locator('input[name="password1"]').fill("Nieuw-wachtwoord-2026")
    page.locator('input[name="password2"]').fill("Nieuw-wachtwoord-2026")
    page.locator('select[name="role_grants-0-role"]').select_option("gi_bestuurder")
    # Only the own organisation is offered.
    org = page.locator('select[name="role_grants-0-organisation"]')
    expect(org.locator("option")).to_have_text(["---------", "Jeugdbescherming west"])
    org.select_option(label="Jeugdbescherming west")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_contain_text("nieuwe.bestuurder")
    grant = RoleGrant.objects.get(user__username="nieuwe.bestuurder")
    assert grant.status == "pending" and grant.created_by == beheerder
    assert not policy.grants(User.objects.get(username="nieuwe.bestuurder"))
    page.context.clear_cookies()

    password_login(page, live_server, privacy)
    second_factor(page, privacy)
    menu_link(page, "Rollen goedkeuren")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rollen goedkeuren")
    row = page.locator(f'tr[data-grant="{grant.pk}"]')
    expect(row).to_have_attribute("data-status", "pending")
    expect(row).to_contain_text("beheer.jbw")
    assert_accessible(page, "rollen goedkeuren")
    shot(page, "rollen-goedkeuren")
    row.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator(".ketenzicht-messages")).to_contain_text("is goedgekeurd")
    expect(page.locator(f'tr[data-grant="{grant.pk}"]')).to_have_attribute(
        "data-status", "approved"
    )
    grant.refresh_from_db()
    assert grant.status == "approved" and grant.decided_by == privacy

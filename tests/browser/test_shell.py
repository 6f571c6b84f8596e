"""Browser tests in Debian's Chromium: log in, search a case, open its timeline; axe-core finds
no serious or critical accessibility violations on those pages."""

import datetime as dt
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ketenzicht.interop.importer import import_file
from tests.builders import base_records, write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PASSWORD = "Geheim-wachtwoord-1"


@pytest.fixture
def live_data(transactional_db, tmp_path, make_user):
    import_file(str(write(tmp_path / "base.jsonl", base_records())), today=dt.date(2026, 11, 1))
    return make_user("W-1", password=PASSWORD)


def current_code(user) -> str:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key):06d}"


def assert_accessible(page, name):
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in serious
    )


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user-guide" / "img"


def guide_shot(page, name):
    """A screenshot for the user guide (docs/user-guide/img/), and the usual one."""
    shot(page, name)
    GUIDE.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(GUIDE / f"{name}.png"), full_page=True)


def menu_link(page, name):
    """Click a screen in the main menu; a grouped screen (issue 16) is in a closed <details>,
    so its group is opened first, as a user would."""
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    link = menu.get_by_role("link", name=name, exact=True, include_hidden=True)
    if not link.is_visible():
        # The filter's locator is relative to each <details>: start it at the page.
        inner = page.get_by_role("link", name=name, exact=True, include_hidden=True)
        menu.locator("details", has=inner).locator("summary").click()
    link.click()


def login(page, live_server, user):
    """Password, then two-factor: the first time the user sets up the authenticator app."""
    page.goto(f"{live_server.url}/inloggen/")
    expect(page).to_have_title("Inloggen — Ketenzicht")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    page.get_by_label("Code uit uw authenticator-app").fill(current_code(user))
    page.get_by_role("button", name="Bevestigen").click()


def test_login_search_and_open_timeline(page, live_server, live_data):
    page.goto(f"{live_server.url}/inloggen/")
    assert_accessible(page, "inloggen")
    shot(page, "inloggen")

    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(live_data.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_alt_text("QR-code voor uw authenticator-app")).to_be_visible()
    assert_accessible(page, "tweestapsverificatie")
    shot(page, "tweestapsverificatie")
    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    page.get_by_role("button", name="Bevestigen").click()
    # The NL Design System error pattern (issue 19): "Fout:" in the title, the error summary
    # has the focus and links to the field, the message also stands at the field.
    expect(page).to_have_title("Fout: Tweestapsverificatie — Ketenzicht")
    summary = page.locator(".ketenzicht-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_token")
    expect(page.locator(".ketenzicht-form-field__error")).to_contain_text(
        "Onjuiste of verlopen code"
    )
    page.wait_for_timeout(2100)  # django-otp throttles after a wrong code (1 s, doubling)
    page.get_by_label("Code uit uw authenticator-app").fill(current_code(live_data))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag, Sanne")
    assert_accessible(page, "start")

    menu_link(page, "Zoeken")
    page.get_by_label("Naam, BSN of dossiernummer").fill("Noor")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name="Noor Jansen")).to_be_visible()
    assert_accessible(page, "zoeken")
    shot(page, "zoeken")

    page.get_by_role("link", name="Noor Jansen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Noor Jansen")
    timeline = page.get_by_role("table", name="Tijdlijn")
    expect(timeline.locator("tbody tr")).to_have_count(8)
    expect(timeline.locator("tbody tr").first).to_contain_text("Correctie")
    expect(timeline.locator("tr[data-event-type=contact] del")).to_have_text("Contact")
    assert_accessible(page, "dossier")
    shot(page, "dossier")


def test_wrong_password_shows_dutch_error(page, live_server, live_data):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(live_data.username)
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Onjuiste gebruikersnaam of wachtwoord.")).to_be_visible()


def test_grouped_menu_for_a_gebiedsmanager(page, live_server, live_data, make_user):
    """Issue 16, item 6: the gebiedsmanager's 14 screens sit in five top-level items; a group
    opens as a disclosure, its links work, and the current page's group is marked."""
    user = make_user(
        "W-2", role="gebiedsmanager", password=PASSWORD, cluster="Haaglanden", team=None
    )
    login(page, live_server, user)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    tops = menu.locator("[data-nav-top]")
    expect(tops).to_have_count(5)
    assert [tops.nth(i).get_attribute("data-nav-top") for i in range(5)] == [
        "Start",
        "Werk",
        "Wachten",
        "Veiligheid",
        "Rapportage",
    ]
    expect(menu.get_by_role("link", name="Peildatum", exact=True)).to_be_hidden()
    menu.get_by_text("Wachten", exact=True).click()
    expect(menu.get_by_role("link", name="Peildatum", exact=True)).to_be_visible()
    assert_accessible(page, "menu open")
    guide_shot(page, "menu-gegroepeerd")
    menu.get_by_role("link", name="Peildatum", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Jeugdigen zonder vaste jeugdbeschermer"
    )
    expect(menu.locator("summary.ketenzicht-nav__summary--current")).to_contain_text("Wachten")

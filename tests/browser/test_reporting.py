"""Browser tests of the dashboards and the council report (issue #7): real Chromium, axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ketenzicht.demo.users import DEMO_PASSWORD, demo_totp_code
from ketenzicht.publication import periods
from tests.browser.test_shell import assert_accessible, guide_shot, menu_link, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    code = demo_totp_code(username)
    if code:
        page.get_by_label("Code uit uw authenticator-app").fill(code)
        page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")


def nav(page, name):
    menu_link(page, name)


def test_gi_board_and_drilldown(page, live_server, demo):
    login(page, live_server, "gebiedsmanager.demo")
    nav(page, "Dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: kwaliteit en resultaten")
    expect(page.locator("svg[data-chart]").first).to_be_visible()
    assert page.locator("svg[data-chart]").count() >= 2
    # Each chart says what it shows in visible text, not only in the SVG's <title>.
    expect(page.locator("figure figcaption").first).to_have_text(
        "Lopende maatregelen per peildatum"
    )
    assert_accessible(page, "dashboard GI")
    guide_shot(page, "rapportage-dashboard-gi")

    link = page.locator('td[data-figure="lopend"] a').first
    count = int(link.inner_text())
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lopende maatregelen")
    expect(page.locator("tr[data-measure]")).to_have_count(count)
    assert_accessible(page, "onderbouwing")
    guide_shot(page, "rapportage-onderbouwing")


def test_council_report_and_municipal_dashboard(page, live_server, demo):
    login(page, live_server, "beleidsmedewerker.demo")
    nav(page, "Raadsrapportage")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Raadsrapportage: regio")
    assert page.locator("svg[data-chart]").count() >= 4
    expect(
        page.get_by_role("heading", name="Werkwijze: hoe de cijfers zijn gemaakt")
    ).to_be_visible()
    # The chain before the measure (issue 18): the lead-time table, one row per link.
    lead_times = page.get_by_role("table", name="Doorlooptijd per schakel")
    expect(lead_times).to_be_visible()
    expect(lead_times.get_by_role("columnheader", name="P80 (dagen)")).to_be_visible()
    expect(lead_times.locator("tbody tr")).to_have_count(7)
    assert_accessible(page, "raadsrapportage")
    guide_shot(page, "raadsrapportage")

    page.get_by_label("Gemeente of regio").select_option(label="gemeente 's-Gravenhage")
    # Fixed periods only (issue 11): a labelled select, grouped in years, quarters and months.
    month = periods.latest(timezone.localdate(), "maand")
    page.get_by_label("Periode").select_option(label=month.label)
    page.get_by_role("button", name="Rapport maken").click()
    expect(page.get_by_label("Periode")).to_have_value(month.key)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Raadsrapportage: gemeente 's-Gravenhage"
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF").click()
    assert download.value.suggested_filename.startswith("raadsrapportage-s-gravenhage")

    nav(page, "Dashboard gemeente")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard gemeente 's-Gravenhage")
    assert page.locator("a[href*='onderbouwing']").count() == 0
    assert_accessible(page, "dashboard gemeente")
    shot(page, "dashboard-gemeente")
    nav(page, "Regio")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard regio")
    assert_accessible(page, "dashboard regio")
    guide_shot(page, "rapportage-dashboard-regio")

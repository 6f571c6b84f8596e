"""Browser tests of the worklists and the case page's norms panel (issue #3)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ketenzicht.interop.importer import import_file, import_lines
from tests.browser.test_shell import PASSWORD, assert_accessible, current_code, menu_link, shot
from tests.builders import base_records, write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(transactional_db, tmp_path):
    import_file(str(write(tmp_path / "base.jsonl", base_records())), today=dt.date(2026, 11, 1))


def login(page, live_server, user):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code uit uw authenticator-app").fill(current_code(user))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")


def test_worklist_and_norms_panel(page, live_server, data, make_user):
    login(page, live_server, make_user("W-1", password=PASSWORD))
    menu_link(page, "Mijn werklijst")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werklijst")
    rows = page.locator("tbody tr[data-status]")
    expect(rows.first).to_have_attribute("data-status", "overdue")
    expect(page.locator('tr[data-norm="1b.3-plan-van-aanpak"]')).to_contain_text(
        "Termijn verstreken"
    )
    assert_accessible(page, "werklijst")
    shot(page, "werklijst")

    page.locator('tr[data-norm="1b.3-plan-van-aanpak"]').get_by_role(
        "link", name="Noor Jansen"
    ).click()
    panel = page.get_by_role("table", name="Normen voor Ondertoezichtstelling M-1")
    expect(panel.locator('tr[data-norm="1a.3-eerste-contact"]')).to_contain_text("Op tijd voldaan")
    expect(panel.locator('tr[data-norm="1b.3-plan-van-aanpak"]')).to_contain_text(
        "Termijn verstreken"
    )
    expect(panel.locator('tr[data-norm="1a.3-eerste-contact"]')).to_contain_text("Besluit Jeugdwet")
    assert_accessible(page, "dossier met normen")


def test_team_overview_filters_by_norm(page, live_server, data, make_user):
    login(page, live_server, make_user("W-2", role="teamleider", password=PASSWORD))
    menu_link(page, "Teamoverzicht")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamoverzicht normen")
    page.get_by_role("combobox", name="Norm").select_option(label="Passende hulp gestart")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("tbody tr[data-status]")).to_have_count(1)
    expect(page.locator("tbody tr[data-status]")).to_have_attribute(
        "data-norm", "2.2-passende-hulp"
    )
    assert_accessible(page, "teamoverzicht")
    shot(page, "teamoverzicht")


def test_lapsed_measure_is_a_red_flag_on_the_worklist(page, live_server, data, make_user):
    """Issue 12: a measure whose ruling ended with no extension or end registered."""
    from tests.norms.test_paths_agree import exchange_records
    from tests.web.test_lapsed import _lapsed

    records = exchange_records([_lapsed("M-L1", worker="W-1")])
    import_lines(list(enumerate(records, start=1)), today=dt.date(2026, 11, 1))
    login(page, live_server, make_user("W-1", password=PASSWORD))
    menu_link(page, "Mijn werklijst")
    section = page.get_by_role("region", name="Maatregel verlopen")
    expect(section.locator('tr[data-lapsed="M-L1"]')).to_contain_text("Maatregel verlopen")
    expect(section.locator('tr[data-lapsed="M-L1"]')).to_contain_text("01-06-2026")
    assert_accessible(page, "werklijst met verlopen maatregel")

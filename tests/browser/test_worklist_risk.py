"""Browser tests of issue 16, item 1: the worklist by risk (a high-severity signal due tomorrow
above an item overdue for years), its filters and CSV export, and the teamleider's per-worker
view on the team overview."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ketenzicht.interop.importer import import_lines
from ketenzicht.norms.calendar import Term
from tests.browser.test_shell import PASSWORD, assert_accessible, guide_shot, menu_link
from tests.browser.test_worklists import login
from tests.web.test_worklist_risk import signal_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signal_due_tomorrow(today):
    """The latest day whose signal is due (5 working days) tomorrow or, when tomorrow is not a
    working day, on the first working day after it."""
    term = Term.parse("5wd")
    for back in range(0, 15):
        day = today - dt.timedelta(days=back)
        if term.after(day) <= today + dt.timedelta(days=1):
            return day, term.after(day)
    raise AssertionError("no such day")


@pytest.fixture
def risky(transactional_db):
    today = timezone.localdate()
    signal_on, due = signal_due_tomorrow(today)
    records = signal_records(today, signal_on=signal_on, old=True)
    import_lines(list(enumerate(records, start=1)), today=today)
    return due


def test_worklist_risk_first_filters_and_export(page, live_server, risky, make_user, tmp_path):
    login(page, live_server, make_user("W-1", password=PASSWORD))
    menu_link(page, "Mijn werklijst")
    rows = page.locator("tbody tr[data-status]")
    first = rows.first
    expect(first).to_have_attribute("data-severity", "hoog")
    expect(first).to_contain_text("Signaal, ernst: hoog")
    expect(first).to_contain_text(risky.strftime("%d-%m-%Y"))
    # The first contact with Lisa Bos is overdue since January 2023: below the signal.
    old = page.locator('tr[data-measure="M-3"][data-norm="1a.3-eerste-contact"]')
    expect(old).to_contain_text("te laat")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.measure)").index("M-3") > 0
    assert_accessible(page, "werklijst risico eerst")
    guide_shot(page, "werklijst-risico")

    # Oldest first, on request: the item overdue since 2023 on top.
    page.get_by_role("combobox", name="Volgorde").select_option(label="Oudste eerst")
    page.get_by_role("button", name="Filteren").click()
    expect(rows.first).to_have_attribute("data-measure", "M-3")

    # Filters: only open signals of unsafety, of one child.
    page.get_by_role("combobox", name="Volgorde").select_option(label="Risico eerst")
    page.get_by_role("combobox", name="Status").select_option(
        label="Open signalen van onveiligheid"
    )
    page.get_by_label("Jeugdige (naam of dossiernummer)").fill("Noor")
    page.get_by_role("button", name="Filteren").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-measure", "M-1")
    assert_accessible(page, "werklijst gefilterd")

    with page.expect_download() as download:
        page.get_by_role("link", name="Deze lijst als CSV").click()
    path = tmp_path / "werklijst.csv"
    download.value.save_as(path)
    lines = path.read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("M-1;Noor Jansen;OTS;") and ";Hoog;" in lines[1]


def test_team_overview_per_worker(page, live_server, risky, make_user):
    login(page, live_server, make_user("W-2", role="teamleider", password=PASSWORD))
    page.get_by_role("link", name="3 lopende maatregelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamoverzicht normen")
    table = page.get_by_role("table", name="Per jeugdzorgwerker")
    row = table.locator('tr[data-worker="W-1"]')
    expect(row.locator('[data-count="measures"]')).to_have_text("3")
    expect(row.locator('[data-count="signals"]')).to_have_text("2")
    assert_accessible(page, "teamoverzicht per medewerker")
    guide_shot(page, "teamoverzicht-per-medewerker")
    row.get_by_role("link", name="Sanne de Vries").click()
    expect(page.get_by_role("combobox", name="Jeugdzorgwerker")).to_have_value("W-1")
    expect(page.locator("tbody tr[data-status]").first).to_have_attribute("data-severity", "hoog")

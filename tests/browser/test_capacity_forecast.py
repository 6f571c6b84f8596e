"""Browser test of the Prognose screen (issue 17, must-show): a teamleider opens the forecast of
the waiting list, sets a scenario (+ fte from a month), and the chart and the table change."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ketenzicht.interop.importer import import_lines
from tests.browser.test_shell import PASSWORD, assert_accessible, guide_shot, menu_link
from tests.browser.test_worklists import login
from tests.builders import base_records
from tests.capacity.test_forecast import history_records, staff_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(transactional_db):
    staff = staff_records(sick=False)
    records = [*base_records(), *history_records()[1:], *staff]
    records[0] = {**records[0], "version": "1.2"}
    import_lines(enumerate(records, start=1), today=dt.date(2026, 11, 1))


def test_a_scenario_changes_the_chart_and_the_table(page, live_server, data, make_user):
    login(page, live_server, make_user("W-1", "teamleider", password=PASSWORD))
    menu_link(page, "Prognose")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prognose wachtlijst en caseload")
    table = page.get_by_test_id("forecast-table")
    chart = page.get_by_test_id("forecast-chart").locator("svg")
    before_table, before_chart = table.inner_text(), chart.inner_html()
    expect(chart.locator('[data-series="Met scenario P50"]')).to_have_count(0)

    page.get_by_label("Extra fte jeugdzorgwerkers").fill("2")
    page.get_by_label("Vanaf maand").select_option(index=1)
    page.get_by_role("button", name="Doorrekenen").click()
    expect(page.get_by_test_id("scenario")).to_contain_text("+2 fte vanaf")
    expect(chart.locator('[data-series="Met scenario P50"]')).to_have_count(1)
    assert table.inner_text() != before_table
    assert chart.inner_html() != before_chart
    assert_accessible(page, "prognose met scenario")
    guide_shot(page, "prognose")

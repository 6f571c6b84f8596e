"""Browser test of issue 16, item 2: the case page opens with "Nu belangrijk"; from the
worklist's top row (the severe signal) to the child's summary."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_shell import PASSWORD, assert_accessible, guide_shot, menu_link
from tests.browser.test_worklist_risk import risky  # noqa: F401  (fixture)
from tests.browser.test_worklists import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_summary_from_the_worklist(page, live_server, risky, make_user):  # noqa: F811
    login(page, live_server, make_user("W-1", password=PASSWORD))
    menu_link(page, "Mijn werklijst")
    page.locator("tbody tr[data-status]").first.get_by_role("link", name="Noor Jansen").click()
    now = page.get_by_role("region", name="Nu belangrijk")
    expect(now).to_be_visible()
    expect(now.get_by_test_id("now-worker")).to_contain_text("Sanne de Vries")
    expect(now.get_by_test_id("now-safety")).to_contain_text("Oranje")
    expect(now.get_by_test_id("now-signals")).to_contain_text("Ernst: hoog")
    expect(now.get_by_test_id("now-signals")).to_contain_text(
        "beoordelen uiterlijk " + risky.strftime("%d-%m-%Y")
    )
    expect(now.get_by_test_id("now-alone")).to_have_text("Laatst alleen gesprokennooit")
    # The summary comes before the details.
    box = now.bounding_box()
    details = page.get_by_role("heading", name="Gezin en netwerk").bounding_box()
    assert box["y"] + box["height"] <= details["y"]
    assert_accessible(page, "dossier nu belangrijk")
    guide_shot(page, "dossier-nu-belangrijk")

"""Browser test of the chain before a measure (issue 18): a wijkteam worker records a concern
for a new youth and a Jeugdbeschermingstafel, hands regie to the GI, and the GI's teamleider
accepts; the screen Trajecten then shows the GI as regiehouder."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from ketenzicht.interop.importer import import_file
from tests.browser.test_shell import PASSWORD, assert_accessible, guide_shot
from tests.browser.test_worklists import login
from tests.builders import write
from tests.chain.builders import records_with_trajectories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(transactional_db, tmp_path):
    import_file(
        str(write(tmp_path / "chain.jsonl", records_with_trajectories())),
        today=dt.date(2026, 11, 1),
    )


def submit(page):
    page.get_by_role("button", name="Vastleggen").click()


def test_concern_jbt_and_regie_handed_to_the_gi(page, live_server, data, make_user):
    login(page, live_server, make_user("W-WT", "wijkteam", password=PASSWORD))
    page.goto(f"{live_server.url}/trajecten/")
    page.get_by_role("link", name="Zorgmelding vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zorgmelding vastleggen")

    # A mistyped BSN: a Dutch error on the field, nothing stored.
    page.get_by_label("BSN van de jeugdige").fill("123456789")
    page.get_by_label("Voornaam").fill("Sem")
    page.get_by_label("Achternaam").fill("de Boer")
    page.get_by_label("Geboortedatum").fill("2016-05-01")
    page.get_by_label("Melder").select_option("school")
    page.get_by_label("Gemeente (woonplaats jeugdige)").select_option("GM0518")
    page.get_by_label("Regiehouder (persoon)").select_option(label="Fleur Jansen")
    submit(page)
    error = page.locator(".ketenzicht-form-field__error", has_text="elfproef")
    expect(error).to_be_visible()
    assert_accessible(page, "zorgmelding met fout")
    page.get_by_label("BSN van de jeugdige").fill("999990032")
    guide_shot(page, "keten-zorgmelding")
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Traject van Sem de Boer")
    expect(page.locator("[data-regie]")).to_contain_text("Wijkteam Den Haag Centrum")

    page.get_by_role("link", name="Jeugdbeschermingstafel gehouden").click()
    page.get_by_label("Uitkomst").select_option("raadsonderzoek")
    assert_accessible(page, "formulier JBT")
    submit(page)
    expect(page.get_by_text("Jeugdbeschermingstafel gehouden van")).to_be_visible()

    page.get_by_role("link", name="Regie overgedragen (wacht op acceptatie)").click()
    page.get_by_label("Nieuwe regiehouder (organisatie)").select_option("GI-WSS")
    submit(page)
    expect(page.get_by_text("Aangeboden aan William Schrikker Stichting")).to_be_visible()
    assert_accessible(page, "traject")
    guide_shot(page, "keten-traject")

    # The GI's teamleider sees what is offered to the GI and accepts.
    page.context.clear_cookies()
    login(page, live_server, make_user("W-3", "teamleider", password=PASSWORD))
    page.goto(f"{live_server.url}/trajecten/")
    page.get_by_role("link", name="Sem de Boer").click()
    page.get_by_role("link", name="Regie geaccepteerd").click()
    page.get_by_label("Regiehouder (persoon)").select_option("W-3")
    submit(page)
    expect(page.locator("[data-regie]")).to_contain_text("William Schrikker Stichting")

    page.goto(f"{live_server.url}/trajecten/")
    row = page.locator("tr", has_text="Sem de Boer")
    expect(row).to_contain_text("William Schrikker Stichting")
    expect(row).not_to_contain_text("Overdracht aan")
    assert_accessible(page, "trajecten na acceptatie")

"""Browser test of recording in the app (issue 12): a jeugdzorgwerker records what the worklist
asks from the worklist and the case page, and the worklist and norms panel follow at once."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ketenzicht.interop.importer import import_file
from tests.browser.test_shell import PASSWORD, assert_accessible, guide_shot
from tests.browser.test_worklists import login
from tests.builders import base_records, write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_measure_records(today: dt.date) -> list[dict]:
    """A measure for Y-1 that started ten days ago with W-1 as fixed worker and nothing done
    yet: its first contact is overdue."""
    start = today - dt.timedelta(days=10)
    return [
        base_records()[0],  # the header
        {"kind": "measure", "id": "M-NIEUW", "youth": "Y-1", "measure_type": "12"},
        {
            "kind": "event",
            "id": "E-N1",
            "measure": "M-NIEUW",
            "type": "measure_started",
            "date": start.isoformat(),
            "data": {"ruling_date": start.isoformat(), "gi": "GI-JBW", "team": "T-DH1"},
        },
        {
            "kind": "event",
            "id": "E-N2",
            "measure": "M-NIEUW",
            "type": "worker_assigned",
            "date": start.isoformat(),
            "data": {"assignment": "vast", "worker": "W-1"},
        },
    ]


@pytest.fixture
def data(transactional_db, tmp_path):
    today = timezone.localdate()
    import_file(str(write(tmp_path / "base.jsonl", base_records())), today=dt.date(2026, 11, 1))
    import_file(str(write(tmp_path / "new.jsonl", new_measure_records(today))), today=today)


def submit(page):
    page.get_by_role("button", name="Vastleggen").click()


def choose(page, measure_id, label):
    page.get_by_role("link", name=f"Vastleggen op {measure_id}").click()
    page.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{label} vastleggen")


def test_record_from_worklist_and_case_page(page, live_server, data, make_user):
    today = timezone.localdate()
    login(page, live_server, make_user("W-1", password=PASSWORD))
    worklist = f"{live_server.url}/werklijst/"
    first_contact = 'tr[data-norm="1a.3-eerste-contact"]'

    # The overdue first contact opens its form, prefilled: with the child and with the parents.
    page.goto(worklist)
    row = page.locator(first_contact)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Termijn verstreken")
    guide_shot(page, "vastleggen-werklijst")
    row.get_by_role("link", name="Vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eerste contact vastleggen")
    expect(page.get_by_label("Contact met de jeugdige")).to_be_checked()
    expect(page.get_by_label("Contact met ouders")).to_be_checked()
    expect(page.get_by_label("Datum", exact=True)).to_have_value(today.isoformat())
    page.get_by_label("Vorm").select_option(label="Face-to-face")
    assert_accessible(page, "formulier eerste contact")
    guide_shot(page, "vastleggen-formulier")
    submit(page)

    # Back on the case page: saved, and the norms panel says it was met late, today.
    expect(page.get_by_role("status")).to_contain_text("Eerste contact van")
    panel = page.get_by_role("table", name="Normen voor Voorlopige ondertoezichtstelling M-NIEUW")
    norm_row = panel.locator('tr[data-norm="1a.3-eerste-contact"]')
    expect(norm_row).to_contain_text("Te laat voldaan")
    expect(norm_row).to_contain_text(today.strftime("%d-%m-%Y"))
    # ... and the item has left the worklist.
    page.goto(worklist)
    expect(page.locator(first_contact)).to_have_count(0)

    # A safety estimate from the case page.
    page.goto(f"{live_server.url}/jeugdige/Y-1/")
    choose(page, "M-NIEUW", "Veiligheidsinschatting")
    page.get_by_label("Kleur").select_option(label="Oranje")
    submit(page)
    expect(panel.locator('tr[data-norm="hp-veiligheidsinschatting"]')).to_contain_text(
        today.strftime("%d-%m-%Y")
    )

    # A plan of approach with the child and the parents.
    choose(page, "M-NIEUW", "Plan van aanpak")
    page.get_by_label("Jeugdige betrokken").check()
    page.get_by_label("Ouders betrokken").check()
    submit(page)
    expect(panel.locator('tr[data-norm="1b.3-plan-van-aanpak"]')).to_contain_text("Op tijd voldaan")

    # A contact with the child alone; first with a mistake: the mother was there too.
    choose(page, "M-1", "Contact")
    page.get_by_role("group", name="Aanwezigen").get_by_label("De jeugdige").check()
    page.get_by_role("group", name="Aanwezigen").get_by_label("Moeder").check()
    page.get_by_label("Jeugdige alleen gesproken").check()
    page.get_by_label("Vorm").select_option(label="Face-to-face")
    page.get_by_label("Locatie").select_option(label="Thuis")
    submit(page)
    expect(page).to_have_title("Fout: Contact vastleggen — Ketenzicht")
    expect(page.locator(".ketenzicht-error-summary")).to_be_focused()
    expect(page.get_by_text("Er is niets opgeslagen")).to_be_visible()
    expect(
        page.locator(".ketenzicht-form-field__error").get_by_text(
            "kan alleen 'ja' zijn als de jeugdige de enige aanwezige was"
        )
    ).to_be_visible()
    guide_shot(page, "vastleggen-fout")
    page.get_by_role("group", name="Aanwezigen").get_by_label("Moeder").uncheck()
    submit(page)
    m1 = page.get_by_role("table", name="Normen voor Ondertoezichtstelling M-1")
    expect(m1.locator('tr[data-norm="3.1-kind-alleen"]')).not_to_contain_text("Termijn verstreken")

    # A signal of unsafety, then its judgement in a case discussion referring to it.
    choose(page, "M-1", "Signaal van onveiligheid")
    page.get_by_label("Bron").select_option(index=1)
    page.get_by_label("Ernst").select_option(index=1)
    page.get_by_label("Omschrijving").fill("School meldt blauwe plekken.")
    submit(page)
    expect(m1.locator('tr[data-norm="3.6-signaal-beoordeeld"]')).to_contain_text("Open")
    choose(page, "M-1", "Casusoverleg (MDO)")
    page.get_by_label("Gedragswetenschapper aanwezig").check()
    page.get_by_role("combobox", name="Signaal").select_option(index=1)
    submit(page)
    expect(m1.locator('tr[data-norm="3.6-signaal-beoordeeld"]')).to_contain_text("Op tijd voldaan")

    # A correction of the safety estimate: the original stays, struck through.
    choose(page, "M-NIEUW", "Correctie")
    page.get_by_label("Gecorrigeerd event").select_option(
        label=f"Veiligheidsinschatting, {today:%d-%m-%Y}"
    )
    page.get_by_label("Reden van de correctie").fill("Verkeerde kleur gekozen.")
    submit(page)
    expect(page.locator("del").first).to_be_visible()
    expect(page.get_by_text("Verkeerde kleur gekozen.")).to_be_visible()
    assert_accessible(page, "dossier na vastleggen")
    guide_shot(page, "vastleggen-dossier")

"""Browser tests of waiting (issue #5): the waiting list with its order, an assignment above the
caseload norm, the counts per reference date, waiting for help, and a municipality answering a
consultation. The screenshots are the user guide's (docs/user-guide/img/)."""

import pytest
from playwright.sync_api import expect

from ketenzicht.interop.importer import import_file
from ketenzicht.reference.models import Organisation, Worker
from ketenzicht.timeline.models import Event, Measure
from tests.browser.test_shell import PASSWORD, assert_accessible, guide_shot, menu_link
from tests.browser.test_worklists import login
from tests.builders import write
from tests.care.conftest import ORDER, TODAY, waiting_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(transactional_db, tmp_path):
    import_file(str(write(tmp_path / "waiting.jsonl", waiting_records())), today=TODAY)


def nav(page, name):
    menu_link(page, name)


def test_waiting_list_and_assignment_above_the_norm(page, live_server, data, make_user):
    Organisation.objects.filter(external_id="GI-JBW").update(caseload_norm=1)
    login(page, live_server, make_user("W-2", role="teamleider", password=PASSWORD))
    nav(page, "Wachtenden")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wachtenden op een vaste jeugdzorgwerker"
    )
    expect(page.get_by_test_id("order-explanation")).to_contain_text(
        "eerst rood, dan oranje, dan groen"
    )
    rows = page.locator("tbody tr[data-measure]")
    expect(rows).to_have_count(5)
    assert [rows.nth(i).get_attribute("data-measure") for i in range(5)] == ORDER
    expect(rows.nth(3)).to_contain_text("Ruisdossier")
    assert_accessible(page, "wachtenden")
    guide_shot(page, "wachtenden")

    rows.first.get_by_role("link", name="Toewijzen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vaste jeugdzorgwerker toewijzen")
    expect(page.get_by_test_id("caseload-norm")).to_have_text("1")
    expect(page.locator('tr[data-worker="W-1"]')).to_contain_text("boven de norm")
    page.get_by_label("Sanne de Vries (Team Den Haag Zuid)").check()
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.locator(".utrecht-form-field-error-message")).to_contain_text(
        "Reden boven de caseloadnorm"
    )
    assert Measure.objects.get(external_id="M-6").assignment == "niemand"
    assert_accessible(page, "toewijzen met fout")
    guide_shot(page, "toewijzen-boven-norm")
    page.get_by_label("Reden boven de caseloadnorm").fill(
        "Sanne kent het gezin uit een eerdere maatregel."
    )
    page.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_role("status")).to_contain_text("is de vaste jeugdzorgwerker van Finn")
    expect(page.locator("tbody tr[data-measure]")).to_have_count(4)
    event = Event.objects.get(measure__external_id="M-6", event_type="worker_assigned")
    assert event.data["above_norm_reason"].startswith("Sanne kent")


def test_counts_and_help_with_priority(page, live_server, data, make_user):
    login(page, live_server, make_user("W-2", role="teamleider", password=PASSWORD))
    nav(page, "Peildatum")
    page.get_by_label("Peildatum").fill("2026-09-15")
    page.get_by_label("Reeks vanaf").fill("2026-06-01")
    page.get_by_label("Reeks tot en met").fill("2026-10-31")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_test_id("total-on-day")).to_have_text("4")
    expect(page.get_by_test_id("series").locator('tr[data-key="totaal"]')).to_contain_text("5")
    assert_accessible(page, "peildatum")
    guide_shot(page, "peildatum")

    nav(page, "Wachten op hulp")
    expect(page.get_by_test_id("norm-source")).to_contain_text("Toetsingskader inspecties norm 2.2")
    row = page.get_by_test_id("waiting-requests").locator('tr[data-request="E-6"]')
    expect(row).to_contain_text("boven de norm")
    row.get_by_text("Voorrang geven").click()
    row.get_by_label("Reden voorrang").fill("Onveilig thuis; pleegzorg dringend nodig.")
    row.get_by_role("button", name="Voorrang vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text("Voorrang vastgelegd")
    expect(page.get_by_test_id("priority-list").locator('tr[data-priority="ja"]')).to_have_count(1)
    assert_accessible(page, "wachten op hulp")
    guide_shot(page, "wachten-op-hulp")


def test_municipality_answers_a_consultation(page, live_server, data, make_user, browser):
    jzw = make_user("W-1", password=PASSWORD)
    login(page, live_server, jzw)
    nav(page, "Wachten op hulp")
    page.locator('tr[data-request="E-6"]').first.get_by_role(
        "button", name="Afstemmen met gemeente"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("verstuurd aan gemeente 's-Gravenhage")

    Worker.objects.create(
        external_id="W-GEM",
        organisation=Organisation.objects.get(external_id="GEM-0518"),
        given_name="Lotte",
        family_name="Visser",
        role="beleidsmedewerker",
    )
    official = make_user("W-GEM", password=PASSWORD)
    other = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    gem = other.new_page()
    gem.goto(f"{live_server.url}/inloggen/")
    gem.get_by_label("Gebruikersnaam").fill(official.username)
    gem.get_by_label("Wachtwoord").fill(PASSWORD)
    gem.get_by_role("button", name="Inloggen").click()
    expect(gem.get_by_role("heading", level=1)).to_contain_text("Goedendag")
    nav(gem, "Afstemming hulp")
    expect(gem.get_by_test_id("open-count")).to_have_text("1")
    table = gem.get_by_test_id("consultations")
    expect(table).to_contain_text("Pleegzorg")
    expect(table).not_to_contain_text("Noor")
    assert_accessible(gem, "afstemming gemeente")
    guide_shot(gem, "afstemming-gemeente")
    table.get_by_label("Akkoord", exact=True).check()
    table.get_by_label("Toelichting").fill("Akkoord; graag terugkoppeling na de intake.")
    table.get_by_role("button", name="Antwoord versturen").click()
    expect(gem.get_by_role("status")).to_contain_text("Uw antwoord is vastgelegd")
    expect(gem.get_by_test_id("open-count")).to_have_text("0")
    answer = Event.objects.get(event_type="municipality_consultation_answer")
    assert answer.recorded_by == official and answer.data["answer"] == "akkoord"
    other.close()


def test_multi_assign_three_children_with_the_mail_at_the_smtp_server(
    page, live_server, data, make_user, settings
):
    """Issue 16, item 3: three children assigned in one go; each assigned worker's mail
    arrives at the real SMTP server (no name or dossier number in it)."""
    from ketenzicht.escalation import outbox
    from tests.escalation.smtp import SmtpServer

    leader = make_user("W-2", role="teamleider", password=PASSWORD)
    leader.email = "ahmed.elamrani@jbw.example"
    leader.save()
    sanne = make_user("W-1")
    sanne.email = "sanne.devries@jbw.example"
    sanne.save()
    login(page, live_server, leader)
    nav(page, "Wachtenden")
    page.get_by_test_id("assign-many").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meerdere jeugdigen toewijzen")
    rows = page.get_by_test_id("assign-rows").locator("tbody tr[data-measure]")
    expect(rows).to_have_count(5)
    page.get_by_label("Jeugdzorgwerker voor Finn Wachter").select_option("W-1")
    page.get_by_label("Jeugdzorgwerker voor Bram Wachter").select_option("W-2")
    page.get_by_label("Jeugdzorgwerker voor Esra Wachter").select_option("W-1")
    assert_accessible(page, "meerdere toewijzen")
    guide_shot(page, "toewijzen-meerdere")
    page.get_by_role("button", name="Alle gekozen jeugdigen toewijzen").click()
    expect(page.get_by_role("status")).to_contain_text("3 jeugdigen toegewezen")
    expect(page.locator("tbody tr[data-measure]")).to_have_count(2)
    assert {
        m.external_id: m.worker.external_id
        for m in Measure.objects.filter(external_id__in=["M-6", "M-2", "M-5"])
    } == {"M-6": "W-1", "M-2": "W-2", "M-5": "W-1"}

    with SmtpServer() as smtp:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        assert outbox.run_once(owner="browsertest")["sent"] == 3
        assert len(smtp.sink.to("sanne.devries@jbw.example")) == 2
        mail = smtp.sink.to("ahmed.elamrani@jbw.example")[0]
    body = mail.get_payload(decode=True).decode()
    assert "vaste jeugdzorgwerker geworden" in body
    assert "Bram" not in body and "M-2" not in body and "Wachter" not in body

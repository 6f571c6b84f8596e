"""Browser tests of issue 16, item 3: "binnen het uur" only after every rota acknowledged, a
follow-up that puts the incident "onder controle" (the mail at the real SMTP server), closing
it (the acknowledgement link stops working), and the incident screens on a 390 px phone: no
horizontal scroll, the rota table as stacked cards."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from ketenzicht.escalation import outbox, rounds, services
from ketenzicht.escalation.models import Notification
from ketenzicht.timeline.models import Measure
from tests.browser.test_crisis import crisis  # noqa: F401  (fixture)
from tests.browser.test_shell import PASSWORD, assert_accessible, guide_shot, menu_link
from tests.browser.test_worklists import login
from tests.escalation.smtp import SmtpServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _register():
    return services.register_incident(
        Measure.objects.get(external_id="M-1"),
        kind="calamiteit",
        summary="Jeugdige met ernstig letsel opgenomen in het ziekenhuis na een val.",
        occurred_on=dt.date(2026, 11, 1),
        spokesperson="Woordvoerder JBW, 070-1234567",
        contact="Teamleider De Haagse Wijken, 070-7654321",
    )


def _token(note):
    body = note.messages.order_by("pk").first().body
    return re.search(r"/escalatie/bevestig/([^/\s]+)/", body).group(1)


def no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > 390).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"
        ".slice(0, 8)"
    )
    assert width <= 390, f"page is {width}px wide at 390px: {wide}"


def test_follow_up_closure_and_all_rotas(
    page,
    browser,
    live_server,
    crisis,  # noqa: F811
    make_user,
    settings,
):
    settings.KETENZICHT_BASE_URL = live_server.url
    inc = _register()
    notes = list(Notification.objects.filter(incident=inc).order_by("pk"))
    token = _token(notes[0])
    for n in notes[:-1]:
        rounds.acknowledge(n)
    login(page, live_server, make_user("W-2", role="teamleider", password=PASSWORD))
    page.goto(f"{live_server.url}/escalatie/incidenten/{inc.pk}/")
    status = page.get_by_test_id("time-to-ack")
    expect(page.get_by_test_id("rotas-acked")).to_have_text("6 van 7")
    expect(status).to_contain_text("Binnen het uur (alle roosters): loopt nog")
    rounds.acknowledge(notes[-1])
    page.reload()
    expect(page.get_by_test_id("rotas-acked")).to_have_text("7 van 7")
    expect(status).to_contain_text("Binnen het uur (alle roosters): ja")

    with SmtpServer() as smtp:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        assert outbox.run_once(owner="browsertest")["sent"] == 7  # the urgent reports
        page.get_by_label("Status na dit bericht").select_option(label="Onder controle")
        page.get_by_role("textbox", name="Vervolgbericht").fill(
            "De situatie is onder controle. Volgende update morgen om 9 uur."
        )
        page.get_by_role("button", name="Vervolgbericht versturen").click()
        expect(page.get_by_test_id("incident-status")).to_contain_text("Onder controle")
        expect(page.get_by_test_id("follow-ups")).to_contain_text("Volgende update morgen")
        assert_accessible(page, "incident onder controle")
        guide_shot(page, "incident-vervolgbericht")
        assert outbox.run_once(owner="browsertest")["sent"] == 7
        mail = smtp.sink.to("aov1.gm0518@gemeente.example")[-1]
        body = mail.get_payload(decode=True).decode()
        assert "Status   Onder controle" in body and "Volgende update morgen" in body
        assert "Noor" not in body and "/bevestig/" not in body

        page.get_by_label("Status na dit bericht").select_option(label="Gesloten")
        page.get_by_role("textbox", name="Vervolgbericht").fill(
            "Het incident is afgehandeld en gesloten."
        )
        page.get_by_role("button", name="Vervolgbericht versturen").click()
        expect(page.get_by_test_id("incident-status")).to_contain_text("Gesloten")
        expect(page.get_by_test_id("incident-closed")).to_be_visible()
        expect(page.get_by_role("button", name="Vervolgbericht versturen")).to_have_count(0)
        assert outbox.run_once(owner="browsertest")["sent"] == 7

    # The acknowledgement link from the first mail no longer works.
    anonymous = browser.new_context(locale="nl-NL")
    ack = anonymous.new_page()
    ack.goto(f"{live_server.url}/escalatie/bevestig/{token}/")
    expect(ack.get_by_role("button", name="Ontvangst bevestigen")).to_have_count(0)
    anonymous.close()

    menu_link(page, "Incidenten")
    row = page.locator(f'tr[data-incident="{inc.number}"]')
    expect(row).to_contain_text("Gesloten")
    expect(row).to_contain_text("7 van 7")


def test_incident_screens_at_390px(page, live_server, crisis, make_user):  # noqa: F811
    inc = _register()
    rounds.acknowledge(Notification.objects.filter(incident=inc).first())
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, make_user("W-2", role="teamleider", password=PASSWORD))
    page.goto(f"{live_server.url}/escalatie/incidenten/")
    row = page.locator(f'tr[data-incident="{inc.number}"]')
    expect(row).to_contain_text("loopt nog")
    expect(row.locator('[data-label="Roosters bevestigd"]')).to_have_text("1 van 7")
    # A card: the cells stacked, each with its column name in front (the header is hidden).
    cell = row.locator('[data-label="Binnen het uur (alle roosters)"]')
    assert cell.evaluate("e => getComputedStyle(e).display") == "block"
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Binnen het uur (alle roosters): "'
    no_horizontal_scroll(page)
    assert_accessible(page, "incidenten 390px")
    guide_shot(page, "incidenten-telefoon")

    page.get_by_role("link", name=inc.number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(inc.number)
    cards = page.get_by_test_id("rota-row")
    time = cards.first.locator('[data-label="Tijd tot bevestiging"]')
    assert time.evaluate("e => getComputedStyle(e, '::before').content").startswith('"Tijd tot')
    # Every card (and its time and confirmation) lies inside the screen.
    for box in cards.evaluate_all("rs => rs.map(r => r.getBoundingClientRect().right)"):
        assert box <= 390
    no_horizontal_scroll(page)
    assert_accessible(page, "incident 390px")
    guide_shot(page, "incident-telefoon")

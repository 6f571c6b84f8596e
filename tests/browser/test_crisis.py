"""Browser test of crisis communication (issue #6): a teamleider registers a calamity, the
urgent report reaches a real SMTP server (aiosmtpd), the acknowledgement link from the received
mail works in a browser without login, and the incident dashboard shows the time to the first
acknowledgement. Then the other crisis screens per role. Screenshots are the user guide's
(docs/user-guide/img/)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from ketenzicht.access.models import RoleGrant
from ketenzicht.escalation import ave, learning, outbox, services
from ketenzicht.escalation.models import Incident, Ladder, OutboxMessage, Rota, RotaMember, Rung
from ketenzicht.interop.importer import import_file
from ketenzicht.reference.models import Municipality, Organisation
from ketenzicht.timeline.models import Measure
from tests.browser.test_shell import (
    PASSWORD,
    assert_accessible,
    current_code,
    guide_shot,
    menu_link,
)
from tests.browser.test_worklists import login
from tests.builders import base_records, write
from tests.escalation.smtp import SmtpServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = dt.date(2026, 11, 2)


def nav(page, name):
    menu_link(page, name)


@pytest.fixture
def crisis(transactional_db, tmp_path):
    import_file(str(write(tmp_path / "base.jsonl", base_records())), today=dt.date(2026, 11, 1))
    lad = Ladder.objects.create(name="AVE-ladder")
    for pos, (key, label, role, informed) in enumerate(
        [
            ("teamleider", "Teamleider", "teamleider", ["gedragswetenschapper"]),
            ("gebiedsmanager", "Gebiedsmanager", "gebiedsmanager", []),
            ("bestuur", "GI-bestuurder en wethouder", "gi_bestuurder", ["wethouder"]),
        ],
        start=1,
    ):
        Rung.objects.create(
            ladder=lad, position=pos, key=key, label=label, role=role, informed_roles=informed
        )
    people = {
        "wethouder": "Wethouder Jeugd",
        "burgemeester": "Burgemeester",
        "aov": "AOV-er van dienst",
    }
    for code in ("GM0518", "GM0603"):
        m = Municipality.objects.get(cbs_code=code)
        for kind, name in people.items():
            r = Rota.objects.create(kind=kind, municipality=m)
            for pos in (1, 2):
                RotaMember.objects.create(
                    rota=r,
                    position=pos,
                    name=f"{name} {m.name} {pos}",
                    email=f"{kind}{pos}.{code.lower()}@gemeente.example",
                )
    board = Rota.objects.create(
        kind="gi_bestuur", organisation=Organisation.objects.get(external_id="GI-JBW")
    )
    RotaMember.objects.create(
        rota=board, position=1, name="Bestuurder JBW", email="bestuur@jbw.example"
    )


def test_incident_mail_acknowledgement_and_dashboard(
    page, browser, live_server, crisis, make_user, settings
):
    settings.KETENZICHT_BASE_URL = live_server.url
    # A ruisdossier with a signal three weeks ago, not judged: the teamleider's signals page.
    from django.utils import timezone

    from ketenzicht.timeline.services import append_event

    m1, today = Measure.objects.get(external_id="M-1"), timezone.localdate()
    append_event(
        m1, "ruis_flags_set", today - dt.timedelta(days=30), {"flags": ["juridische_strijd"]}
    )
    signal = {"source": "school", "severity": "hoog", "description": "Blauwe plekken op de arm."}
    append_event(m1, "unsafety_signal", today - dt.timedelta(days=21), signal)
    with SmtpServer() as smtp:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        login(page, live_server, make_user("W-2", role="teamleider", password=PASSWORD))
        nav(page, "Signalen")
        expect(page.get_by_role("heading", level=1)).to_have_text("Signalen van onveiligheid")
        expect(page.locator('tr[data-norm="3.6-tegenkracht"]')).to_contain_text(
            "Termijn verstreken"
        )
        assert_accessible(page, "signalen")
        guide_shot(page, "signalen-teamleider")
        page.goto(f"{live_server.url}/escalatie/casus/Y-1/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Escalatie (AVE)")
        page.get_by_label("Naar trede").first.select_option(label="1. Teamleider")
        page.get_by_label("Reden").first.fill("Herhaalde signalen van school, geen zicht.")
        page.get_by_role("button", name="Opschalen").click()
        expect(page.get_by_test_id("current-rung")).to_contain_text("opgeschaald naar Teamleider")
        assert_accessible(page, "escalatie")
        guide_shot(page, "escalatie-casus")
        page.get_by_role("link", name="Calamiteit of incident melden").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Calamiteit of ernstig incident melden"
        )
        page.get_by_label("Soort").select_option(label="Calamiteit")
        page.get_by_label("Datum van het incident").fill("2026-11-01")
        page.get_by_label("Wat er gebeurde (in grote lijnen)").fill(
            "Jeugdige met ernstig letsel opgenomen in het ziekenhuis na een val."
        )
        page.get_by_label("Woordvoering").fill("Woordvoerder JBW, 070-1234567")
        page.get_by_label("Contactpersoon").fill("Teamleider De Haagse Wijken, 070-7654321")
        assert_accessible(page, "incident melden")
        guide_shot(page, "incident-melden")
        # First the check: the report as it will be sent and who will be alarmed; nothing is
        # registered or sent yet.
        page.get_by_role("button", name="Controleren").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Spoedmelding controleren en versturen"
        )
        alarmed = page.get_by_test_id("alarmed")
        expect(alarmed).to_contain_text("AOV-er (24/7) — 's-Gravenhage")
        expect(alarmed).to_contain_text("Bestuur van de GI — Jeugdbescherming west")
        expect(page.get_by_test_id("urgent-report")).to_contain_text("11 jaar")
        assert not Incident.objects.exists() and not OutboxMessage.objects.exists()
        assert_accessible(page, "spoedmelding controleren")
        guide_shot(page, "incident-controleren")
        page.get_by_role("button", name="Registreren en spoedmelding versturen").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Calamiteit INC-")
        expect(page.get_by_test_id("rotas-acked")).to_have_text("0 van 7")

        # The outbox worker sends; the mails arrive at the SMTP server.
        assert outbox.run_once(owner="browsertest")["sent"] == 7
        mails = smtp.sink.to("aov1.gm0518@gemeente.example")
        assert len(mails) == 1
        body = mails[0].get_payload(decode=True).decode()
        assert "Noor" not in body and "Jansen" not in body
        link = re.search(r"http\S+/escalatie/bevestig/\S+/", body).group(0)

    # The recipient opens the link from the mail, without an account.
    anonymous = browser.new_context(locale="nl-NL")
    ack = anonymous.new_page()
    ack.goto(link)
    expect(ack.get_by_role("heading", level=1)).to_contain_text("Spoedmelding INC-")
    expect(ack.get_by_test_id("urgent-report")).to_contain_text("11 jaar")
    expect(ack.get_by_test_id("urgent-report")).not_to_contain_text("Noor")
    assert_accessible(ack, "spoedmelding bevestigen")
    guide_shot(ack, "spoedmelding-bevestigen")
    ack.get_by_role("button", name="Ontvangst bevestigen").click()
    expect(ack.get_by_test_id("acknowledged")).to_contain_text("Ontvangst bevestigd")
    anonymous.close()

    page.reload()
    expect(page.get_by_test_id("time-to-ack")).to_contain_text(
        re.compile(r"Eerste bevestiging na \d+ (s|min)")
    )
    # One rota of seven acknowledged: the incident's hour is still running (issue 16).
    expect(page.get_by_test_id("rotas-acked")).to_have_text("1 van 7")
    expect(page.get_by_test_id("time-to-ack")).to_contain_text(
        "Binnen het uur (alle roosters): loopt nog"
    )
    row = page.get_by_test_id("rota-row").filter(has_text="AOV-er (24/7) — 's-Gravenhage")
    expect(row).to_contain_text("AOV-er van dienst 's-Gravenhage 1 om")
    assert_accessible(page, "incidentdashboard")
    guide_shot(page, "incident-dashboard")


def test_crisis_screens_per_role(page, live_server, crisis, make_user, django_user_model):
    m1 = Measure.objects.get(external_id="M-1")
    ave.escalate(
        m1, "bestuur", "Herhaalde signalen zonder zicht op veiligheid.", TODAY, today=TODAY
    )
    inc = services.register_incident(
        m1,
        kind="ernstig_incident",
        summary="Jeugdige vermist, later ongedeerd teruggevonden.",
        occurred_on=dt.date(2026, 11, 1),
        spokesperson="Woordvoerder JBW",
        contact="Teamleider, 070-7654321",
        today=TODAY,
    )
    review = learning.record_review(inc, held_on=TODAY, findings="De AOV-er was niet bereikbaar.")
    learning.add_recommendation(
        review,
        text="Bereikbaarheidsrooster AOV elk kwartaal controleren.",
        owner="Gemeente 's-Gravenhage",
        owner_organisation=Organisation.objects.get(external_id="GEM-0518"),
        due_date=dt.date(2027, 1, 31),
    )

    def user(name, role, org):
        u = django_user_model.objects.create_user(name, password=PASSWORD, first_name=name)
        RoleGrant.objects.create(
            user=u,
            role=role,
            organisation=Organisation.objects.get(external_id=org),
            status="approved",
        )
        return u

    # The wethouder: the escalation without name, the incident, the open recommendation.
    wethouder = user("wethouder.test", "wethouder", "GEM-0518")
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("wethouder.test")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    nav(page, "Escalaties")
    expect(page.locator('tr[data-rung="bestuur"]')).to_contain_text("GI-bestuurder en wethouder")
    expect(page.locator("main")).not_to_contain_text("Noor")
    assert_accessible(page, "escalaties wethouder")
    guide_shot(page, "escalaties-wethouder")
    nav(page, "Incidenten")
    expect(page.locator("main")).to_contain_text(inc.number)
    guide_shot(page, "incidenten-gemeente")
    nav(page, "Aanbevelingen")
    expect(page.locator("main")).to_contain_text("Bereikbaarheidsrooster AOV")
    assert_accessible(page, "aanbevelingen")
    guide_shot(page, "aanbevelingen")
    assert wethouder.is_authenticated
    page.get_by_role("button", name="Uitloggen").click()

    # The functioneel beheerder starts a drill.
    beheer = user("beheer.test", "functioneel_beheerder", "GI-JBW")
    page.get_by_label("Gebruikersnaam").fill("beheer.test")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    # The beheerder logs in with the second factor too (issue 11).
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    page.get_by_label("Code uit uw authenticator-app").fill(current_code(beheer))
    page.get_by_role("button", name="Bevestigen").click()
    nav(page, "Oefeningen")
    page.get_by_label("Gecertificeerde instelling").select_option(label="Jeugdbescherming west")
    page.get_by_label("Verantwoordelijke gemeente").select_option(label="'s-Gravenhage (GM0518)")
    page.get_by_label("Gemeente van verblijf").select_option(label="Rijswijk (GM0603)")
    page.get_by_label("Scenario (wat er gebeurde)").fill("Fictief: brand in een gezinshuis.")
    page.get_by_label("Woordvoering").fill("Woordvoerder (oefening)")
    page.get_by_label("Contactpersoon").fill("Oefenleider regio")
    assert_accessible(page, "oefeningen")
    guide_shot(page, "oefening-starten")
    page.get_by_role("button", name="Oefening starten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("OEFENING")
    expect(page.get_by_test_id("exercise-mark")).to_be_visible()
    page.get_by_role("button", name="Oefening afsluiten").click()
    expect(
        page.get_by_role("heading", level=2, name="Verslag: wie bevestigde wanneer")
    ).to_be_visible()
    guide_shot(page, "oefening-verslag")
    page.get_by_role("button", name="Uitloggen").click()

    # The teamleider records a recommendation after the incident and closes another.
    login(page, live_server, make_user("W-2", role="teamleider", password=PASSWORD))
    page.goto(f"{live_server.url}/escalatie/incidenten/{inc.pk}/evaluatie/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Evaluatie {inc.number}")
    page.get_by_label("Aanbeveling", exact=True).fill("Signalen van school wekelijks bespreken.")
    page.get_by_label("Eigenaar", exact=True).fill("Teamleider De Haagse Wijken")
    page.get_by_label("Organisatie van de eigenaar").select_option(label="Jeugdbescherming west")
    page.get_by_label("Uiterste datum").fill("2027-03-01")
    page.get_by_role("button", name="Aanbeveling toevoegen").click()
    expect(page.locator("main")).to_contain_text("Signalen van school wekelijks bespreken.")
    page.get_by_label("Toelichting afronding").first.fill("Rooster gecontroleerd en geoefend.")
    page.get_by_role("button", name="Afronden").first.click()
    expect(page.locator("main")).to_contain_text("afgerond")
    assert_accessible(page, "evaluatie")
    guide_shot(page, "evaluatie")

"""The screens: register an incident, the acknowledgement page without login, exercises marked
OEFENING and kept out of real figures, reviews with recommendations."""

import datetime as dt

import pytest
from django.urls import reverse

from ketenzicht.access.models import AccessLogEntry, RoleGrant
from ketenzicht.escalation import learning, rounds, selectors, services
from ketenzicht.escalation.models import Incident, Notification, OutboxMessage
from ketenzicht.reference.models import Municipality, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def teamleider(dataset, make_user):
    return make_user("W-2", role="teamleider")


@pytest.fixture
def beheerder(dataset, django_user_model):
    user = django_user_model.objects.create_user("fb", password="Wachtwoord-123-abc")
    RoleGrant.objects.create(
        user=user,
        role="functioneel_beheerder",
        organisation=Organisation.objects.get(external_id="GI-JBW"),
        status="approved",
    )
    return user


def token_from(body):
    return body.split("/escalatie/bevestig/")[1].split("/")[0]


INCIDENT_FORM = {
    "measure": "M-1",
    "kind": "calamiteit",
    "occurred_on": "2026-11-01",
    "summary": "Jeugdige vermist na schooltijd.",
    "spokesperson": "Woordvoerder GI",
    "contact": "Teamleider, 070-1234567",
}


def _nothing_registered():
    from ketenzicht.timeline.models import Event

    return (
        not Incident.objects.exists()
        and not OutboxMessage.objects.exists()
        and not Notification.objects.exists()
        and not Event.objects.filter(event_type="incident").exists()
    )


def _confirmation(page):
    return page.content.decode().split('name="bevestiging" value="')[1].split('"')[0]


def test_register_incident_through_the_screen(teamleider, login, client, rotas):
    login(teamleider)
    url = reverse("escalation:incident_new", kwargs={"external_id": "Y-1"})
    form = {**INCIDENT_FORM, "spokesperson": ""}
    page = client.post(url, {**form, "step": "controleren"})
    assert page.status_code == 200 and "Woordvoering" in page.content.decode()
    assert _nothing_registered()
    # Step 1: checked and shown back with the report and who will be alarmed; nothing stored.
    form["spokesperson"] = "Woordvoerder GI"
    check = client.post(url, {**form, "step": "controleren"})
    text = check.content.decode()
    assert "Spoedmelding controleren en versturen" in text
    for rota in (
        "Wethouder jeugd — &#x27;s-Gravenhage",
        "Burgemeester — Rijswijk",
        "AOV-er (24/7) — &#x27;s-Gravenhage",
        "Bestuur van de GI — Jeugdbescherming west",
        "Regionaal contactpersoon — ",
    ):
        assert rota in text
    assert "Jeugdige vermist na schooltijd." in text and "11 jaar" in text
    assert _nothing_registered()
    # Step 2: the confirmation registers and writes the outbox.
    response = client.post(url, {**form, "step": "versturen", "bevestiging": _confirmation(check)})
    inc = Incident.objects.get()
    assert response["Location"] == reverse("escalation:incident", kwargs={"incident": inc.pk})
    assert OutboxMessage.objects.count() == len(rotas)
    page = client.get(response["Location"]).content.decode()
    assert "Eerste bevestiging na" in page and "Jeugdige vermist" in page


def test_confirmation_is_needed_and_covers_exactly_what_was_shown(teamleider, login, client, rotas):
    login(teamleider)
    url = reverse("escalation:incident_new", kwargs={"external_id": "Y-1"})
    # Straight to "send" without the confirmation step: shown for confirmation, not sent.
    direct = client.post(url, {**INCIDENT_FORM, "step": "versturen"})
    assert "Spoedmelding controleren en versturen" in direct.content.decode()
    assert _nothing_registered()
    # A confirmation of other content (summary changed afterwards) does not count.
    token = _confirmation(direct)
    changed = {**INCIDENT_FORM, "summary": "Iets anders.", "step": "versturen"}
    client.post(url, {**changed, "bevestiging": token})
    client.post(url, {**INCIDENT_FORM, "step": "versturen", "bevestiging": token + "x"})
    assert _nothing_registered()
    # Back to the form keeps the values and stores nothing.
    back = client.post(url, {**INCIDENT_FORM, "step": "aanpassen", "bevestiging": token})
    assert "Calamiteit of ernstig incident melden" in back.content.decode()
    assert "Jeugdige vermist na schooltijd." in back.content.decode()
    assert _nothing_registered()
    client.post(url, {**INCIDENT_FORM, "step": "versturen", "bevestiging": token})
    assert Incident.objects.count() == 1


@pytest.mark.parametrize(
    "field, text, fragment",
    [
        ("summary", "Noor (11) is uit het raam gevallen.", "Noor"),
        ("summary", "NOOR is vermist.", "NOOR"),
        ("summary", "De jeugdige Jansen is vermist.", "Jansen"),
        ("summary", "Moeder petra belde de politie.", "petra"),  # the network
        ("summary", "Gevonden, BSN 999 990 019.", "999 990 019"),
        ("summary", "Gevonden, nummer 9999.90.019.", "9999.90.019"),
        ("summary", "Jeugdige geboren 04-03-2015 vermist.", "04-03-2015"),
        ("summary", "Jeugdige (geb. 4 maart 2015) vermist.", "4 maart 2015"),
        ("summary", "Jeugdige (2015-03-04) vermist.", "2015-03-04"),
        ("contact", "Teamleider van Noor, 070-1234567", "Noor"),
        ("spokesperson", "Woordvoerder, dossier 999990019", "999990019"),
    ],
)
def test_identifying_text_is_refused_on_the_field(
    teamleider, login, client, rotas, field, text, fragment
):
    login(teamleider)
    url = reverse("escalation:incident_new", kwargs={"external_id": "Y-1"})
    page = client.post(url, {**INCIDENT_FORM, field: text, "step": "controleren"})
    html = page.content.decode()
    assert "Calamiteit of ernstig incident melden" in html  # the form again, not the check
    # The explanation stands in the error message of that field.
    error = html.split(f'id="id_{field}_error">')[1].split("</div>")[0]
    assert "mag de jeugdige niet herkenbaar maken" in error and f"„{fragment}”" in error
    assert _nothing_registered()


def test_ordinary_texts_pass_the_check(teamleider, login, client, rotas):
    login(teamleider)
    url = reverse("escalation:incident_new", kwargs={"external_id": "Y-1"})
    form = {
        **INCIDENT_FORM,
        "summary": "Jeugdige (11) op 1 november 2026 in Noordwijk gevonden; politie onderzoekt.",
        "contact": "Teamleider Sanne de Vries, 06 12345678",
    }
    page = client.post(url, {**form, "step": "controleren"})
    assert "Spoedmelding controleren en versturen" in page.content.decode()


def test_acknowledge_page_shows_the_report_only_and_logs(measure, rotas, client):
    inc = services.register_incident(
        measure,
        kind="ernstig_incident",
        summary="Ernstig incident op de groep.",
        occurred_on=dt.date(2026, 11, 1),
        spokesperson="Woordvoerder",
        contact="Contact",
        today=dt.date(2026, 11, 2),
    )
    msg = OutboxMessage.objects.filter(notification__incident=inc).first()
    url = f"/escalatie/bevestig/{token_from(msg.body)}/"
    before = AccessLogEntry.objects.count()
    page = client.get(url).content.decode()
    assert "Ernstig incident op de groep." in page and "Ontvangst bevestigen" in page
    youth = measure.youth
    shown = page.replace(token_from(msg.body), "<token>")  # a random token may contain "Y-1"
    for secret in (youth.given_name, youth.family_name, youth.bsn, youth.external_id):
        assert secret not in shown
    assert 'class="ketenzicht-nav' not in page  # no navigation for an anonymous visitor
    assert client.get("/escalatie/bevestig/nep-token/").status_code == 404
    assert msg.notification.acknowledged_at is None
    client.post(url)
    msg.notification.refresh_from_db()
    assert msg.notification.acknowledged_at is not None
    assert "Ontvangst bevestigd" in client.get(url).content.decode()
    actions = list(AccessLogEntry.objects.filter(seq__gt=before).values_list("action", flat=True))
    assert actions[:1] == ["view"] and "acknowledge" in actions


def test_exercise_runs_the_same_path_marked_oefening(beheerder, login, client, rotas, smtp):
    from ketenzicht.escalation import outbox

    login(beheerder)
    gm0518 = Municipality.objects.get(cbs_code="GM0518")
    gm0603 = Municipality.objects.get(cbs_code="GM0603")
    response = client.post(
        reverse("escalation:exercises"),
        {
            "gi": Organisation.objects.get(external_id="GI-JBW").pk,
            "responsible": gm0518.pk,
            "stay": gm0603.pk,
            "kind": "calamiteit",
            "age": 13,
            "measure_type": "11",
            "summary": "Fictief: jeugdige ernstig gewond bij brand.",
            "spokesperson": "Woordvoerder (oefening)",
            "contact": "Oefenleider",
        },
    )
    drill = Incident.objects.get()
    assert drill.exercise and drill.measure is None
    assert response["Location"] == reverse("escalation:incident", kwargs={"incident": drill.pk})
    outbox.run_once(owner="test")
    mails = smtp.sink.messages
    assert len(mails) == len(rotas)
    for mail in mails:
        assert mail["Subject"].startswith("[OEFENING]")
        assert "OEFENING" in mail.get_payload()
    # Acknowledge one from the received mail, then end the drill: the report says who and when.
    body = mails[0].get_payload(decode=True).decode()
    client.post(f"/escalatie/bevestig/{token_from(body)}/")
    client.post(reverse("escalation:exercise_end", kwargs={"incident": drill.pk}))
    drill.refresh_from_db()
    assert drill.ended_at is not None
    page = client.get(reverse("escalation:incident", kwargs={"incident": drill.pk}))
    text = page.content.decode()
    assert "OEFENING" in text and "Verslag: wie bevestigde wanneer" in text
    acked = Notification.objects.get(acknowledged_at__isnull=False)
    assert acked.member.name in text
    # Never in real figures; an ended drill does not escalate further.
    period = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    assert not selectors.incidents(None, *period).exists()
    assert selectors.incidents(None, *period, include_exercises=True).count() == 1
    assert rounds.tick(drill.registered_at + dt.timedelta(hours=2)) == 0


def test_review_with_recommendations_followed_until_closed(measure, rotas, teamleider):
    inc = services.register_incident(
        measure,
        kind="calamiteit",
        summary="x",
        occurred_on=dt.date(2026, 11, 1),
        spokesperson="W",
        contact="C",
        today=dt.date(2026, 11, 2),
    )
    review = learning.record_review(inc, held_on=dt.date(2026, 11, 20), findings="Signalen gemist.")
    rec = learning.add_recommendation(
        review,
        text="Tegenkracht inrichten bij herhaalde signalen.",
        owner="Gebiedsmanager",
        owner_organisation=inc.gi,
        due_date=dt.date(2027, 2, 1),
    )
    assert list(selectors.open_recommendations(organisation=inc.gi)) == [rec]
    assert list(selectors.open_recommendations(municipalities=["GM0603"])) == [rec]
    assert list(selectors.open_recommendations(municipalities=["GM0363"])) == []
    learning.close_recommendation(rec, on=dt.date(2027, 1, 15), note="Werkinstructie aangepast.")
    assert not selectors.open_recommendations(organisation=inc.gi).exists()


def test_case_page_links_to_escalation_for_case_roles_that_may_escalate(
    teamleider, login, client, make_user
):
    login(teamleider)
    page = client.get(reverse("web:case", kwargs={"external_id": "Y-1"})).content.decode()
    assert reverse("escalation:case", kwargs={"external_id": "Y-1"}) in page


def test_overdue_tegenkracht_shows_on_the_teamleiders_signals_page(
    measure, teamleider, login, client
):
    from ketenzicht.timeline.services import append_event

    signal = {"source": "school", "severity": "hoog", "description": "Blauwe plekken."}
    append_event(measure, "ruis_flags_set", dt.date(2026, 9, 1), {"flags": ["juridische_strijd"]})
    append_event(measure, "unsafety_signal", dt.date(2026, 9, 2), signal)
    login(teamleider)
    page = client.get(reverse("escalation:signals")).content.decode()
    assert 'data-norm="3.6-tegenkracht" data-status="overdue"' in page
    assert 'data-norm="3.6-signaal-beoordeeld" data-status="overdue"' in page


def _register(measure):
    return services.register_incident(
        measure,
        kind="ernstig_incident",
        summary="Ernstig incident op de groep.",
        occurred_on=dt.date(2026, 11, 1),
        spokesperson="Woordvoerder",
        contact="Contact",
        today=dt.date(2026, 11, 2),
    )


def test_an_expired_link_shows_a_dutch_page_and_records_nothing(measure, rotas, client):
    inc = _register(measure)
    msg = OutboxMessage.objects.filter(notification__incident=inc).first()
    url = f"/escalatie/bevestig/{token_from(msg.body)}/"
    Notification.objects.filter(pk=msg.notification_id).update(
        alerted_at=msg.notification.alerted_at - dt.timedelta(hours=73)
    )
    before = AccessLogEntry.objects.count()
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 410 and "Deze bevestigingslink is verlopen" in text
    assert "72 uur" in text and "Ernstig incident op de groep." not in text
    assert client.post(url).status_code == 410
    assert not Notification.objects.exclude(acknowledged_at=None).exists()
    assert AccessLogEntry.objects.count() == before  # nothing shown, nothing acknowledged


def test_closing_the_incident_on_its_page_expires_the_links(
    measure, rotas, teamleider, login, client
):
    inc = _register(measure)
    msg = OutboxMessage.objects.filter(notification__incident=inc).first()
    url = f"/escalatie/bevestig/{token_from(msg.body)}/"
    assert client.get(url).status_code == 200
    login(teamleider)
    page = client.get(reverse("escalation:incident", kwargs={"incident": inc.pk})).content.decode()
    assert "Incident afsluiten" in page
    client.post(
        reverse("escalation:review", kwargs={"incident": inc.pk}), {"action": "close_incident"}
    )
    inc.refresh_from_db()
    assert inc.ended_at is not None
    page = client.get(reverse("escalation:incident", kwargs={"incident": inc.pk})).content.decode()
    assert 'data-testid="incident-closed"' in page and "Incident afsluiten" not in page
    client.logout()
    expired = client.get(url)
    assert expired.status_code == 410 and "Het incident is afgesloten" in expired.content.decode()
    client.post(url)
    assert not Notification.objects.exclude(acknowledged_at=None).exists()


def test_only_review_roles_close_an_incident(measure, rotas, make_user, login, client):
    inc = _register(measure)
    login(make_user("W-1"))  # jeugdzorgwerker: sees the incident, may not close it
    page = client.get(reverse("escalation:incident", kwargs={"incident": inc.pk})).content.decode()
    assert "Incident afsluiten" not in page
    response = client.post(
        reverse("escalation:review", kwargs={"incident": inc.pk}), {"action": "close_incident"}
    )
    assert response.status_code == 403
    inc.refresh_from_db()
    assert inc.ended_at is None


def test_too_long_texts_get_a_dutch_message_on_the_field(
    measure, rotas, teamleider, login, client, ladder
):
    login(teamleider)
    inc = _register(measure)
    review_url = reverse("escalation:review", kwargs={"incident": inc.pk})
    page = client.post(
        review_url,
        {"action": "review", "review-held_on": "2026-11-20", "review-findings": "x" * 5001},
    ).content.decode()
    assert "Hoogstens 5000 tekens (nu 5001)" in page
    client.post(
        review_url,
        {"action": "review", "review-held_on": "2026-11-20", "review-findings": "Lessen."},
    )
    page = client.post(
        review_url,
        {
            "action": "recommendation",
            "rec-text": "x" * 1001,
            "rec-owner": "Teamleider",
            "rec-owner_organisation": inc.gi.pk,
            "rec-due_date": "2027-01-01",
        },
    ).content.decode()
    assert "Hoogstens 1000 tekens (nu 1001)" in page
    page = client.post(
        reverse("escalation:case", kwargs={"external_id": "Y-1"}),
        {
            "action": "up",
            "up-measure": "M-1",
            "up-rung": "teamleider",
            "up-date": "2026-11-01",
            "up-reason": "x" * 2001,
        },
    ).content.decode()
    assert "Hoogstens 2000 tekens (nu 2001)" in page
    from ketenzicht.timeline.models import Event

    assert not Event.objects.filter(event_type="escalated").exists()
    assert not inc.review.recommendations.exists()

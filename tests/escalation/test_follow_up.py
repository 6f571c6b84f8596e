"""Issue 16, item 3: a crisis that closes. An incident has a status (open, onder controle,
gesloten) set with follow-up messages to the same rotas through the outbox; "binnen het uur"
holds per rota, and for the incident only when every rota acknowledged within the hour; closing
ends the acknowledgement links and the rota escalation."""

import datetime as dt
import re
from email.header import decode_header, make_header

import pytest

from ketenzicht.escalation import domain, outbox, rounds, selectors
from ketenzicht.escalation.models import FollowUp, Notification, OutboxMessage
from ketenzicht.timeline.domain.events import PayloadError

from .conftest import NOW
from .test_incidents import _token_of, register

pytestmark = pytest.mark.django_db
MINUTE = dt.timedelta(minutes=1)


def test_all_within_promise_needs_every_rota():
    reg = NOW
    early, late = NOW + 10 * MINUTE, NOW + 70 * MINUTE
    assert domain.all_within_promise(reg, [early, None], NOW + 20 * MINUTE) is None
    assert domain.all_within_promise(reg, [early, None], NOW + 61 * MINUTE) is False
    assert domain.all_within_promise(reg, [early, early], NOW + 20 * MINUTE) is True
    assert domain.all_within_promise(reg, [early, late], NOW + 80 * MINUTE) is False
    assert domain.all_within_promise(reg, [], NOW) is None


def test_within_the_hour_only_after_every_rota(measure, rotas):
    inc = register(measure)
    notes = list(Notification.objects.filter(incident=inc))
    rounds.acknowledge(notes[0], now=NOW + 5 * MINUTE)
    dash = selectors.dashboard(inc, now=NOW + 20 * MINUTE)
    assert dash.within_hour is None and (dash.rotas_acked, dash.rotas_total) == (1, len(rotas))
    for n in notes[1:]:
        rounds.acknowledge(n, now=NOW + 30 * MINUTE)
    dash = selectors.dashboard(inc, now=NOW + 40 * MINUTE)
    assert dash.within_hour is True and dash.rotas_acked == len(rotas)
    assert dash.time_to_all_acks == "30 min 00 s"


def test_one_silent_rota_makes_it_no_after_the_hour(measure, rotas):
    inc = register(measure)
    notes = list(Notification.objects.filter(incident=inc))
    for n in notes[1:]:
        rounds.acknowledge(n, now=NOW + 5 * MINUTE)
    assert selectors.dashboard(inc, now=NOW + 59 * MINUTE).within_hour is None
    assert selectors.dashboard(inc, now=NOW + 61 * MINUTE).within_hour is False


def test_follow_ups_set_the_status_and_go_to_every_alerted_person(measure, rotas, smtp):
    inc = register(measure)
    assert inc.status == "open"
    rounds.tick(NOW + 15 * MINUTE, dt.timedelta(minutes=15))  # second persons alerted
    alerted = {n.member.email for n in Notification.objects.filter(incident=inc)}
    assert len(alerted) == 2 * len(rotas)
    rounds.post_follow_up(
        inc,
        text="De situatie is onder controle; de jeugdige is veilig opgevangen.",
        status="onder_controle",
        now=NOW + 40 * MINUTE,
    )
    inc.refresh_from_db()
    assert inc.status == "onder_controle" and inc.under_control_at == NOW + 40 * MINUTE
    follow = OutboxMessage.objects.filter(key__contains="/follow-up-")
    assert {m.recipient for m in follow} == alerted
    # Through the outbox worker to the real SMTP server, in the minimal format.
    outbox.run_once(now=NOW + 41 * MINUTE, owner="test")
    mail = smtp.sink.to(next(iter(alerted)))[-1]
    subject = str(make_header(decode_header(mail["Subject"])))
    assert subject == f"Vervolgbericht {inc.number} — onder controle"
    body = mail.get_payload(decode=True).decode()
    assert "Status   Onder controle" in body and "veilig opgevangen" in body
    assert "/bevestig/" not in body  # no acknowledgement link in a follow-up
    for secret in ("Noor", "Jansen", "999990019"):
        assert secret not in body


def test_closing_with_a_follow_up_ends_the_links_and_the_escalation(measure, rotas, smtp):
    inc = register(measure)
    note = Notification.objects.filter(incident=inc).first()
    token = _token_of(note)
    rounds.post_follow_up(
        inc, text="Het incident is afgehandeld.", status="gesloten", now=NOW + 20 * MINUTE
    )
    inc.refresh_from_db()
    assert inc.status == "gesloten" and inc.ended_at == NOW + 20 * MINUTE
    found = rounds.notification_for_token(token)
    assert rounds.link_expired(found, NOW + 21 * MINUTE)
    assert not rounds.acknowledge(found, now=NOW + 21 * MINUTE)
    assert rounds.tick(NOW + 60 * MINUTE, dt.timedelta(minutes=15)) == 0  # no escalation
    with pytest.raises(PayloadError, match="al gesloten"):
        rounds.post_follow_up(inc, text="Nog iets", status="open", now=NOW + 30 * MINUTE)
    assert FollowUp.objects.filter(incident=inc).count() == 1


def test_a_follow_up_with_the_childs_name_is_refused(measure, rotas):
    inc = register(measure)
    with pytest.raises(PayloadError) as err:
        rounds.post_follow_up(inc, text="Noor is weer thuis.", status="open", now=NOW)
    assert err.value.field == "text"
    assert not FollowUp.objects.exists()
    assert not OutboxMessage.objects.filter(key__contains="/follow-up-").exists()


def test_follow_up_view_scope_and_status(measure, rotas, make_user, login, client):
    from django.urls import reverse

    inc = register(measure)
    url = reverse("escalation:follow_up", args=[inc.pk])
    login(make_user("W-1"))  # a jeugdzorgwerker: no follow-ups
    assert client.post(url, {"status": "gesloten", "text": "Klaar"}).status_code == 403
    client.logout()
    leader = make_user("W-2", role="teamleider")
    login(leader)
    page = client.get(reverse("escalation:incident", args=[inc.pk])).content.decode()
    assert "Vervolgbericht sturen" in page and 'data-testid="rotas-acked">0 van' in page
    bad = client.post(url, {"status": "onder_controle", "text": ""})
    assert bad.status_code == 400 and "verplicht" in bad.content.decode()
    ok = client.post(url, {"status": "onder_controle", "text": "Onder controle."})
    assert ok.status_code == 302
    page = client.get(reverse("escalation:incident", args=[inc.pk])).content.decode()
    assert re.search(r'data-testid="incident-status">Status: <span[^>]*>Onder controle', page)
    assert "Onder controle." in page

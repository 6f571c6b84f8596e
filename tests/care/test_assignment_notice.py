"""Issue 16, item 4 (part): the assigned worker hears about a new assignment: a mail through the
outbox (to the real SMTP test server, without name, BSN or dossier number) and a "Nieuw
toegewezen" list on their start page. (The multi-assign screen is not built yet.)"""

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.care import services
from ketenzicht.escalation import outbox
from ketenzicht.escalation.models import OutboxMessage
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.models import Measure
from tests.escalation.conftest import smtp  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_assignment_mails_the_worker_and_shows_on_the_start_page(
    waiting,
    make_user,
    login,
    client,
    smtp,  # noqa: F811
):
    jzw = make_user("W-2")  # the worker's own account (jeugdzorgwerker)
    jzw.email = "ahmed.elamrani@jbw.example"
    jzw.save()
    leader = make_user("W-1", role="teamleider")
    today = timezone.localdate()
    m2 = Measure.objects.get(external_id="M-2")
    services.assign_worker(m2, Worker.objects.get(external_id="W-2"), by=leader, today=today)

    msg = OutboxMessage.objects.get(recipient="ahmed.elamrani@jbw.example")
    assert outbox.run_once(owner="test")["sent"] == 1
    mail = smtp.sink.to("ahmed.elamrani@jbw.example")[0]
    body = mail.get_payload(decode=True).decode()
    assert "vaste jeugdzorgwerker geworden" in body and "Nieuw toegewezen" in body
    youth = m2.youth
    for secret in (youth.given_name, youth.family_name, youth.external_id, m2.external_id):
        assert secret not in body and secret not in msg.subject

    login(jzw)
    html = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="newly-assigned"' in html
    assert 'data-measure="M-2"' in html and youth.full_name in html
    assert f"aan u toegewezen op {today:%d-%m-%Y}" in html


def test_no_mail_without_an_address_and_old_assignments_are_not_new(
    waiting, make_user, login, client
):
    jzw = make_user("W-2")
    leader = make_user("W-1", role="teamleider")
    m2 = Measure.objects.get(external_id="M-2")
    services.assign_worker(
        m2, Worker.objects.get(external_id="W-2"), by=leader, today=timezone.localdate()
    )
    assert not OutboxMessage.objects.exists()  # the account has no e-mail address
    login(jzw)
    assert 'data-measure="M-2"' in client.get(reverse("web:home")).content.decode()
    # W-1's own case M-1 was assigned in March: not new.
    client.logout()
    login(make_user("W-1"))
    html = client.get(reverse("web:home")).content.decode()
    assert 'data-testid="newly-assigned"' not in html

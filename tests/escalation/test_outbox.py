"""The outbox worker in-process against a real SMTP server: claim, send, retry with backoff,
permanent failure. Time is passed in (`now`), never slept."""

import datetime as dt

import pytest

from ketenzicht.escalation import domain, outbox
from ketenzicht.escalation.models import DeliveryAttempt, OutboxMessage

from .conftest import NOW

pytestmark = pytest.mark.django_db


def make_messages(n, now=NOW):
    out = []
    for i in range(n):
        key = f"test/{i}/persoon{i}@example.nl"
        out.append(
            OutboxMessage.objects.create(
                key=key,
                recipient=f"persoon{i}@example.nl",
                subject=f"Spoedmelding {i}",
                body=f"Bericht {i}",
                message_id=domain.message_id(key),
                created_at=now,
                next_attempt_at=now,
            )
        )
    return out


def test_sends_each_message_once_with_its_own_message_id(smtp):
    msgs = make_messages(3)
    assert outbox.run_once(now=NOW, owner="w1")["sent"] == 3
    assert smtp.sink.ids() == {m.message_id: 1 for m in msgs}
    assert outbox.run_once(now=NOW, owner="w1")["sent"] == 0
    for m in OutboxMessage.objects.all():
        assert m.status == "sent" and m.attempts == 1 and m.lease_owner == ""
    assert DeliveryAttempt.objects.filter(outcome="sent").count() == 3


def test_not_due_yet_is_not_sent(smtp):
    make_messages(1, now=NOW + dt.timedelta(minutes=5))
    assert outbox.run_once(now=NOW, owner="w1")["sent"] == 0
    assert outbox.run_once(now=NOW + dt.timedelta(minutes=5), owner="w1")["sent"] == 1


def test_temporary_failure_is_retried_with_backoff(smtp):
    (msg,) = make_messages(1)
    replies = ["451 4.3.0 Probeer het later", "451 4.3.0 Probeer het later"]
    smtp.sink.on_data = lambda m: replies.pop(0) if replies else None
    assert outbox.run_once(now=NOW, owner="w1")["retry"] == 1
    msg.refresh_from_db()
    assert msg.status == "pending" and msg.next_attempt_at == NOW + dt.timedelta(seconds=30)
    assert "451" in msg.last_error
    assert outbox.run_once(now=NOW + dt.timedelta(seconds=29), owner="w1")["retry"] == 0
    assert outbox.run_once(now=NOW + dt.timedelta(seconds=30), owner="w1")["retry"] == 1
    msg.refresh_from_db()  # second failure: twice the wait
    assert msg.next_attempt_at == NOW + dt.timedelta(seconds=30 + 60)
    assert outbox.run_once(now=NOW + dt.timedelta(seconds=90), owner="w1")["sent"] == 1
    assert smtp.sink.ids() == {msg.message_id: 1}
    outcomes = list(DeliveryAttempt.objects.values_list("outcome", flat=True))
    assert outcomes == ["retry", "retry", "sent"]


def test_permanent_failure_stops(smtp):
    (msg,) = make_messages(1)
    smtp.sink.on_data = lambda m: "550 5.1.1 Onbekende ontvanger"
    assert outbox.run_once(now=NOW, owner="w1")["failed"] == 1
    msg.refresh_from_db()
    assert msg.status == "failed"
    assert outbox.run_once(now=NOW + dt.timedelta(days=1), owner="w1")["failed"] == 0


def test_no_server_is_a_temporary_failure(settings):
    from .smtp import free_port

    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    (msg,) = make_messages(1)
    assert outbox.run_once(now=NOW, owner="w1")["retry"] == 1
    msg.refresh_from_db()
    assert msg.status == "pending" and "Connection" in msg.last_error


def test_a_claimed_message_is_not_claimed_again_until_the_lease_ends():
    (msg,) = make_messages(1)
    lease = dt.timedelta(seconds=60)
    assert outbox.claim(NOW, "w1", lease).pk == msg.pk
    assert outbox.claim(NOW + dt.timedelta(seconds=59), "w2", lease) is None
    # The first worker died (no outcome): after the lease another worker takes it over.
    taken = outbox.claim(NOW + dt.timedelta(seconds=61), "w2", lease)
    assert taken.pk == msg.pk and taken.lease_owner == "w2" and taken.attempts == 2


def test_backoff_grows_and_is_capped():
    assert [domain.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert domain.backoff(30).total_seconds() == 3600

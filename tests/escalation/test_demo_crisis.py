"""The demo shows issue 6: ladder, rotas, incidents through the real service, an escalation the
wethouder sees, a finished exercise, a review with open recommendations; and it is idempotent."""

import io

import pytest
from django.core.management import call_command

from tests.test_demo_data import ARGS, REF

pytestmark = pytest.mark.django_db


def test_demo_data_shows_crisis_communication():
    from django.contrib.auth import get_user_model

    from ketenzicht.access import policy
    from ketenzicht.demo.crisis import ensure_demo_crisis
    from ketenzicht.escalation import selectors
    from ketenzicht.escalation.models import Incident, Ladder, OutboxMessage, Rota

    call_command(*ARGS, stdout=io.StringIO())
    assert Ladder.objects.get().rungs.count() == 4
    assert Rota.objects.filter(kind="aov", municipality__cbs_code="GM0518").exists()
    real = Incident.objects.filter(exercise=False)
    assert real.count() == 2 and all(i.event_id for i in real)
    drill = Incident.objects.get(exercise=True)
    assert drill.ended_at is not None and drill.notifications.exclude(acknowledged_at=None)
    # Today's incident waits for the worker of `make demo`; the old one was sent then.
    assert OutboxMessage.objects.filter(status="pending").exists()
    wethouder = get_user_model().objects.get(username="wethouder.demo")
    assert selectors.open_escalations(
        policy.escalation_list_scope(wethouder, selectors.escalated_to_roles)
    )
    assert selectors.open_recommendations(municipalities=["GM0518"]).count() == 2
    assert ensure_demo_crisis(REF) == {"accounts": ensure_demo_crisis(REF)["accounts"]}
    assert Incident.objects.count() == 3


def test_demo_outbox_keeps_no_live_acknowledgement_tokens():
    """Issue 11, finding 8: a sent demo message carries no token in its text, and the links of
    the demo incidents that are not to be acknowledged in the demo (the closed incident of a
    month ago, the ended exercise) have expired. Only today's incident, whose messages the
    worker of `make demo` still has to send, has working links."""
    from ketenzicht.escalation import domain, rounds
    from ketenzicht.escalation.models import Incident, Notification, OutboxMessage

    call_command(*ARGS, stdout=io.StringIO())
    sent = OutboxMessage.objects.filter(status="sent")
    assert sent.exists()
    for msg in sent:
        assert domain.TOKEN_IN_LINK.search(msg.body) is None
        if "/follow-up-" in msg.key:  # issue 16: a follow-up has no acknowledgement link
            assert "/bevestig/" not in msg.body
        elif msg.key.startswith("escalation/"):  # issue 16: the rung's people, told by mail
            assert "/bevestig/" not in msg.body and "/escalatie/\n" in msg.body
        else:
            assert "/escalatie/bevestig/[verwijderd na verzending]/" in msg.body
    assert sent.filter(key__contains="/follow-up-").exists()
    assert sent.filter(key__startswith="escalation/").exists()
    old, today = Incident.objects.filter(exercise=False).order_by("registered_at")
    drill = Incident.objects.get(exercise=True)
    assert old.ended_at is not None and drill.ended_at is not None and today.ended_at is None
    for note in Notification.objects.filter(incident__in=[old, drill]):
        assert rounds.link_expired(note)
    pending = OutboxMessage.objects.filter(status="pending")
    assert pending.exists() and set(pending.values_list("notification__incident", flat=True)) == {
        today.pk
    }

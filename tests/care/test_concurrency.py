"""Two people doing the same thing on the waiting screens at the same moment (issue 11, finding 5).

Each test runs the same operation on two threads, each with its own database connection
(tests/racing.py): the first writer is held just before it inserts its event until the second
has done its checks too, or is kept waiting by the first one's row lock. Without the lock both
pass the check "not done yet" and both write (the lost update the probe saw on PostgreSQL, 5 of
5 races); with it the second waits, then sees the first one's event and is refused with a Dutch
message. On SQLite writes are serialised; the outcome must be the same there.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ketenzicht.care import services
from ketenzicht.care.services import CareError
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.models import Event, Measure
from tests.racing import outcome, race

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db(transaction=True)


def test_two_teamleiders_assign_the_same_waiting_child(waiting):
    m3 = Measure.objects.get(external_id="M-3")
    assert m3.assignment == "niemand"
    w1, w2 = Worker.objects.get(external_id="W-1"), Worker.objects.get(external_id="W-2")

    def assign(worker):
        return lambda: services.assign_worker(
            m3, worker, by=None, today=TODAY, above_norm_reason="spoed"
        )

    results = race(assign(w1), assign(w2), refusals=(CareError,))
    assert outcome(results) == ["ok", "refused"], results
    winner = next(r for kind, r in results if kind == "ok")
    refusal = next(r for kind, r in results if kind == "refused")
    assert "er is al een vaste jeugdzorgwerker" in refusal.message
    assert refusal.field == "measure"
    # Exactly one assignment event, and the projection names its worker (nothing overwritten).
    events = Event.objects.filter(measure=m3, event_type="worker_assigned")
    assert events.count() == 1
    m3.refresh_from_db()
    assert m3.assignment == "vast"
    assert m3.worker.external_id == winner.data["worker"] == events.get().data["worker"]


def _help_request() -> Event:
    return Event.objects.get(external_id="E-6")  # Y-1's request for pleegzorg (builders)


def test_two_priorities_for_the_same_help_request(waiting):
    request = _help_request()
    scope = Measure.objects.all()

    def give(reason):
        return lambda: services.record_priority(
            request.external_id, reason, scope=scope, by=None, today=TODAY
        )

    results = race(give("schadelijk wachten"), give("ook schadelijk"), refusals=(CareError,))
    assert outcome(results) == ["ok", "refused"], results
    refusal = next(r for kind, r in results if kind == "refused")
    assert "voorrang is al vastgelegd" in refusal.message
    assert Event.objects.filter(event_type="help_priority").count() == 1


def test_two_expert_table_registrations_for_the_same_request(waiting):
    request = _help_request()
    scope = Measure.objects.all()

    def register(reason):
        return lambda: services.register_expert_table(
            request.external_id, reason, TODAY, scope=scope, by=None, today=TODAY
        )

    results = race(register("vastgelopen"), register("ook vastgelopen"), refusals=(CareError,))
    assert outcome(results) == ["ok", "refused"], results
    refusal = next(r for kind, r in results if kind == "refused")
    assert "al aangemeld bij de experttafel" in refusal.message
    assert Event.objects.filter(event_type="expert_table_registered").count() == 1


def test_two_consultations_about_the_same_request(waiting):
    request = _help_request()
    scope = Measure.objects.all()

    def consult():
        return services.send_consultation(request.external_id, scope=scope, by=None, today=TODAY)

    results = race(consult, consult, refusals=(CareError,))
    assert outcome(results) == ["ok", "refused"], results
    refusal = next(r for kind, r in results if kind == "refused")
    assert "al overlegd" in refusal.message
    assert Event.objects.filter(event_type="municipality_consultation").count() == 1


def test_second_registration_after_the_first_is_refused_too(waiting):
    """The same rule without a race (it was not checked at all before)."""
    request = _help_request()
    scope = Measure.objects.all()
    services.register_expert_table(
        request.external_id, "vastgelopen", None, scope=scope, by=None, today=TODAY
    )
    with pytest.raises(CareError, match="al aangemeld bij de experttafel"):
        services.register_expert_table(
            request.external_id, "nog eens", None, scope=scope, by=None, today=TODAY
        )


def test_two_answers_to_the_same_consultation(waiting):
    """Already safe before (the timeline refuses a second answer, checked under the lock that
    append_event takes); kept here so that it stays so."""
    request = _help_request()
    consultation = services.send_consultation(
        request.external_id, scope=Measure.objects.all(), by=None, today=TODAY
    )

    def answer(value):
        return lambda: services.answer_consultation(
            consultation.external_id,
            value,
            "",
            municipality_code="GM0518",
            by=None,
            today=TODAY,
        )

    results = race(answer("akkoord"), answer("niet_akkoord"), refusals=(CareError,))
    assert outcome(results) == ["ok", "refused"], results
    refusal = next(r for kind, r in results if kind == "refused")
    assert "is al beantwoord" in refusal.message
    assert Event.objects.filter(event_type="municipality_consultation_answer").count() == 1

"""Two people recording on the same measure at the same moment (issue 12): the one write path
(`timeline.services.append_event`, which every form, the care screens and the import's single
appends use) locks the measure row, then folds the whole timeline. No event is ever lost, and
two writes of which only one may stand (the same fixed worker twice) never both succeed. Real
connections on PostgreSQL (see tests/racing.py; SQLite serialises writers)."""

import datetime as dt

import pytest

from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.domain.state import TimelineError
from ketenzicht.timeline.models import Event, Measure
from ketenzicht.timeline.services import append_event
from tests.racing import outcome, race

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def m1(dataset):
    return Measure.objects.get(external_id="M-1")  # W-1 is its fixed worker, W-2 is not


def test_two_contacts_at_once_both_land_with_their_own_sequence_number(m1):
    contact = {
        "present": ["jeugdige"],
        "child_spoken_alone": True,
        "mode": "face_to_face",
        "location": "thuis",
    }
    before = Event.objects.filter(measure=m1).count()

    def record(day):
        return lambda: append_event(m1, "contact", day, contact, today=TODAY)

    results = race(
        record(dt.date(2026, 10, 1)),
        record(dt.date(2026, 10, 2)),
        refusals=(TimelineError, PayloadError),
    )
    assert outcome(results) == ["ok", "ok"], results
    events = list(Event.objects.filter(measure=m1).order_by("seq"))
    assert len(events) == before + 2
    assert len({e.seq for e in events}) == len(events)


def test_the_same_fixed_worker_twice_at_once_stands_once(m1):
    data = {"assignment": "vast", "worker": "W-2"}

    def assign():
        return append_event(m1, "worker_assigned", dt.date(2026, 10, 1), data, today=TODAY)

    results = race(assign, assign, refusals=(TimelineError, PayloadError))
    assert outcome(results) == ["ok", "refused"], results
    refusal = next(r for kind, r in results if kind == "refused")
    assert "is al de vaste jeugdzorgwerker" in refusal.message
    assert (
        Event.objects.filter(measure=m1, event_type="worker_assigned", data__worker="W-2").count()
        == 1
    )
    m1.refresh_from_db()
    assert m1.worker.external_id == "W-2"

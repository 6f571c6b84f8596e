"""Appending events through the service, and the database's refusal to edit an event."""

import datetime as dt
import os

import pytest
from django.db import DatabaseError, connection, transaction

from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.domain.state import TimelineError
from ketenzicht.timeline.models import Event, Measure
from ketenzicht.timeline.services import append_event

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)


def test_suite_runs_on_the_database_it_claims():
    expected = {"SQLite": "sqlite", "PostgreSQL": "postgresql"}.get(
        os.environ.get("KZ_TEST_DATABASE", ""), connection.vendor
    )
    assert connection.vendor == expected


def test_append_event_updates_projection(dataset):
    m = Measure.objects.get(external_id="M-1")
    append_event(
        m,
        "worker_assigned",
        dt.date(2026, 6, 1),
        {"assignment": "vast", "worker": "W-2"},
        today=TODAY,
    )
    m.refresh_from_db()
    assert (m.worker.external_id, m.assignment_since) == ("W-2", dt.date(2026, 6, 1))
    append_event(
        m, "measure_extended", dt.date(2026, 10, 1), {"new_end_date": "2028-03-01"}, today=TODAY
    )
    m.refresh_from_db()
    assert (m.planned_end_date, m.extensions) == (dt.date(2028, 3, 1), 1)


def test_correcting_a_placement_moves_the_youth_back(dataset):
    m = Measure.objects.get(external_id="M-1")
    append_event(
        m,
        "correction",
        dt.date(2026, 6, 1),
        {"corrects": "E-7", "reason": "Plaatsing ging niet door."},
        today=TODAY,
    )
    m.youth.refresh_from_db()
    assert (m.youth.placement_type, m.youth.stay_municipality.cbs_code) == ("thuis", "GM0518")


def test_live_events_leave_out_exactly_the_corrected_ones(dataset):
    m = Measure.objects.get(external_id="M-1")
    before = set(Event.live.filter(measure=m).values_list("external_id", flat=True))
    stored = Event.objects.filter(measure=m).count()
    assert "E-7" in before and len(before) < stored  # the data set has a correction already
    correction = append_event(
        m,
        "correction",
        dt.date(2026, 6, 1),
        {"corrects": "E-7", "reason": "Plaatsing ging niet door."},
        today=TODAY,
    )
    after = set(Event.live.filter(measure=m).values_list("external_id", flat=True))
    assert after == before - {"E-7"} | {correction.external_id}
    assert Event.objects.filter(measure=m).count() == stored + 1  # nothing is deleted


def test_refused_event_stores_nothing(dataset):
    m = Measure.objects.get(external_id="M-1")
    before = Event.objects.count()
    with pytest.raises(TimelineError) as info:
        append_event(
            m,
            "worker_assigned",
            dt.date(2026, 6, 1),
            {"assignment": "vast", "worker": "W-3"},
            today=TODAY,
        )
    assert info.value.field == "data.worker"
    with pytest.raises(PayloadError):
        append_event(m, "safety_estimate", dt.date(2026, 6, 1), {"colour": "paars"}, today=TODAY)
    with pytest.raises(TimelineError):
        append_event(m, "safety_estimate", dt.date(2026, 11, 2), {"colour": "rood"}, today=TODAY)
    assert Event.objects.count() == before
    m.refresh_from_db()
    assert m.worker.external_id == "W-1"


def test_database_refuses_to_update_an_event(dataset):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(external_id="E-4").update(data={"colour": "groen"})
    assert Event.objects.get(external_id="E-4").data == {"colour": "oranje"}


def test_rebuild_restores_projections_from_events(dataset):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from ketenzicht.reference.models import Municipality
    from ketenzicht.timeline.models import Youth
    from ketenzicht.timeline.services import rebuild_projections

    assert rebuild_projections(fix=False, today=TODAY) == []
    Measure.objects.filter(external_id="M-1").update(worker=None, assignment="niemand")
    Youth.objects.filter(external_id="Y-1").update(
        stay_municipality=Municipality.objects.get(cbs_code="GM0599")
    )
    with pytest.raises(CommandError, match="2 afwijking"):
        call_command("timeline-rebuild", "--check")
    assert rebuild_projections(today=TODAY) == [
        "maatregel M-1: assignment, worker_id",
        "jeugdige Y-1: plaats of plaatsing",
    ]
    m = Measure.objects.get(external_id="M-1")
    assert (m.assignment, m.worker.external_id) == ("vast", "W-1")
    assert Youth.objects.get(external_id="Y-1").stay_municipality.cbs_code == "GM0603"

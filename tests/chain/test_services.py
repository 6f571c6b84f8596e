"""The screens' write path for trajectories: open, record, refuse (nothing stored), the
append-only event table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, transaction

from ketenzicht.chain import services
from ketenzicht.chain.domain import TrajectoryError
from ketenzicht.chain.models import TrajectoryEvent
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.models import Youth
from tests.builders import write
from tests.chain.builders import records_with_trajectories

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def chain_data(tmp_path):
    from ketenzicht.interop.importer import import_file

    records = [r for r in records_with_trajectories() if not r["kind"].startswith("trajectory")]
    import_file(str(write(tmp_path / "c.jsonl", records)), today=TODAY)


def _open(day=dt.date(2026, 10, 1), **data):
    payload = {"reported_by": "politie", "municipality": "GM0518"} | data
    return services.open_trajectory(
        Youth.objects.get(external_id="Y-1"),
        Organisation.objects.get(external_id="WT-DH"),
        day,
        payload,
        today=TODAY,
    )


def test_recording_updates_the_projection(chain_data):
    t = _open()
    assert t.regie_organisation is None and t.link == "zorg_jbt"
    services.record(
        t, "regie_offered", dt.date(2026, 10, 2), {"to_organisation": "WT-DH"}, today=TODAY
    )
    services.record(t, "regie_accepted", dt.date(2026, 10, 3), {"worker": "W-WT"}, today=TODAY)
    t.refresh_from_db()
    assert t.regie_organisation.external_id == "WT-DH" and t.regie_since == dt.date(2026, 10, 3)
    assert t.offer_organisation is None


def test_a_refused_event_stores_nothing(chain_data):
    t = _open(regie_organisation="WT-DH", regie_worker="W-WT")
    with pytest.raises(TrajectoryError):
        services.record(t, "investigation_started", dt.date(2026, 10, 2), {}, today=TODAY)
    with pytest.raises(PayloadError) as err:
        services.record(t, "jbt_held", dt.date(2026, 11, 2), {"outcome": "vrijwillig"}, today=TODAY)
    assert err.value.field == "date"
    with pytest.raises(PayloadError) as err:
        services.record(
            t, "vt_involved", dt.date(2026, 10, 2), {"organisation": "WT-DH"}, today=TODAY
        )
    assert err.value.field == "data.organisation"
    assert TrajectoryEvent.objects.filter(trajectory=t).count() == 1


def test_trajectory_events_cannot_be_updated(chain_data):
    event = _open().events.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        TrajectoryEvent.objects.filter(pk=event.pk).update(date=dt.date(2026, 1, 1))

"""The Raad sees the requests addressed to it (issue 18): the projection column `rvdk` (filled by
the importer, the services and the backfill of chain/0003, re-derived by `chain-rebuild`) and
the policy's filter on it; the addressed Raad records its own steps, another Raad sees nothing."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from ketenzicht.access import policy
from ketenzicht.chain import services
from ketenzicht.chain.models import Trajectory
from tests.builders import write
from tests.chain.builders import (
    records_with_trajectories,
    requested_trajectory,
    second_raad,
)

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def chain_data(tmp_path):
    from ketenzicht.interop.importer import import_file

    records = records_with_trajectories() + second_raad() + requested_trajectory("T-R", "RVDK-DH")
    import_file(str(write(tmp_path / "c.jsonl", records)), today=TODAY)


def _visible(user) -> set[str]:
    return set(
        Trajectory.objects.filter(policy.trajectory_filter(user)).values_list(
            "external_id", flat=True
        )
    )


def test_a_raad_sees_the_request_addressed_to_it_and_not_one_to_another_raad(chain_data, make_user):
    assert Trajectory.objects.get(external_id="T-R").rvdk.external_id == "RVDK-DH"
    raad = make_user("W-RVDK", "rvdk")
    other = make_user("W-RVDK-RT", "rvdk")
    assert _visible(raad) == {"T-1", "T-R"}  # T-1: regie accepted by RVDK-DH
    assert _visible(other) == set()
    # The addressed Raad starts its investigation without holding regie; the other may not.
    t = Trajectory.objects.get(external_id="T-R")
    assert policy.trajectory_record_refusal(raad, t, "investigation_started") == ""
    assert policy.trajectory_record_refusal(other, t, "investigation_started")
    # Only its own steps: handing regie on stays with the regiehouder and the registrar.
    assert policy.trajectory_record_refusal(raad, t, "regie_offered")


def test_the_services_fill_the_column_and_chain_rebuild_rederives_it(chain_data):
    from ketenzicht.reference.models import Organisation
    from ketenzicht.timeline.models import Youth

    t = services.open_trajectory(
        Youth.objects.get(external_id="Y-1"),
        Organisation.objects.get(external_id="WT-DH"),
        dt.date(2026, 10, 1),
        {"reported_by": "politie", "municipality": "GM0518"},
        external_id="T-S",
        today=TODAY,
    )
    assert t.rvdk is None
    request = {"requested_by": "WT-DH", "mandate": "college", "rvdk": "RVDK-RT"}
    services.record(t, "investigation_requested", dt.date(2026, 10, 2), request, today=TODAY)
    t.refresh_from_db()
    assert t.rvdk.external_id == "RVDK-RT"
    assert services.rebuild_projections(fix=False) == []
    # A lost column is found and restored from the events.
    Trajectory.objects.filter(external_id__in=["T-S", "T-R"]).update(rvdk=None)
    with pytest.raises(CommandError):
        call_command("chain-rebuild", "--check")
    assert sorted(services.rebuild_projections(fix=True)) == [
        "traject T-R: rvdk_id",
        "traject T-S: rvdk_id",
    ]
    assert Trajectory.objects.get(external_id="T-S").rvdk.external_id == "RVDK-RT"
    assert services.rebuild_projections(fix=False) == []


def test_the_backfill_of_the_migration_fills_the_column_from_the_events(chain_data):
    Trajectory.objects.update(rvdk=None)
    migration = importlib.import_module("ketenzicht.chain.migrations.0003_trajectory_rvdk")
    migration.backfill(apps, None)
    assert dict(Trajectory.objects.values_list("external_id", "rvdk__external_id")) == {
        "T-1": "RVDK-DH",
        "T-R": "RVDK-DH",
    }

"""Export → import into an empty database → export gives a byte-identical file (small demo
scale), and the exported file follows the JSON Schema."""

import json

import jsonschema
import pytest
from django.core.management import call_command
from django.db import connection

from ketenzicht.interop.schema import build_schema
from ketenzicht.timeline.models import Event, Measure, Youth

pytestmark = pytest.mark.django_db(transaction=True)


def _empty_all_data():
    """Remove every row the exchange format covers (as in a fresh database)."""
    from ketenzicht.access.models import AccessLogEntry, BreakGlass, ChainHead, RoleGrant
    from ketenzicht.api.models import ApiClient
    from ketenzicht.capacity.models import StaffEvent
    from ketenzicht.escalation.models import Incident, Ladder, Rota
    from ketenzicht.reference.models import Organisation, Team, Worker
    from ketenzicht.timeline.models import NetworkMember

    # Crisis communication (issue 6) is configuration and history outside the exchange format.
    Incident.objects.all().delete()
    Rota.objects.all().delete()
    Ladder.objects.all().delete()
    BreakGlass.objects.all().delete()
    ApiClient.objects.all().delete()  # the demo's API clients (issue 13)
    RoleGrant.objects.all().delete()
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {AccessLogEntry._meta.db_table}")
    ChainHead.objects.all().delete()
    StaffEvent.objects.all().delete()  # append-only against updates; deletes are allowed
    from ketenzicht.chain.models import Trajectory, TrajectoryEvent

    TrajectoryEvent.objects.all().delete()
    Trajectory.objects.all().delete()
    Event.objects.filter(corrects__isnull=False).delete()
    Event.objects.all().delete()
    Measure.objects.filter(related_measure__isnull=False).delete()
    Measure.objects.all().delete()
    NetworkMember.objects.all().delete()
    Youth.objects.all().delete()
    Worker.objects.all().delete()
    Team.objects.all().delete()
    Organisation.objects.all().delete()


def test_round_trip_is_byte_identical(tmp_path):
    call_command(
        "demo-data",
        "--scale",
        "small",
        "--seed",
        "3",
        "--reference-date",
        "2026-11-01",
        "--no-progress",
    )
    first = tmp_path / "first.jsonl"
    call_command("export", "--out", str(first), "--no-progress")
    counts = (Youth.objects.count(), Measure.objects.count(), Event.objects.count())
    assert counts[2] > 1000

    _empty_all_data()
    assert Youth.objects.count() == 0
    call_command("import", str(first), "--no-progress")
    assert (Youth.objects.count(), Measure.objects.count(), Event.objects.count()) == counts

    second = tmp_path / "second.jsonl"
    call_command("export", "--out", str(second), "--no-progress")
    assert first.read_bytes() == second.read_bytes()

    validator = jsonschema.Draft202012Validator(build_schema())
    with open(first, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            errors = list(validator.iter_errors(json.loads(line)))
            assert not errors, f"line {n}: {errors[0].message}"

"""Projection column `rvdk` on a trajectory: the Raad voor de Kinderbescherming named in its
investigation request (issue 18), so that Raad sees the request (access.policy).

Filled from the stored `investigation_requested` events (the fold allows one per trajectory);
`ketenzicht chain-rebuild --check` compares it with the fold afterwards."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def backfill(apps, schema_editor):
    Trajectory = apps.get_model("chain", "Trajectory")
    TrajectoryEvent = apps.get_model("chain", "TrajectoryEvent")
    Organisation = apps.get_model("reference", "Organisation")
    org_pk = dict(Organisation.objects.filter(type="rvdk").values_list("external_id", "pk"))
    requests = (
        TrajectoryEvent.objects.filter(event_type="investigation_requested")
        .order_by("trajectory_id", "seq")
        .values_list("trajectory_id", "data")
    )
    rvdk: dict[int, int] = {}
    for trajectory_id, data in requests.iterator(chunk_size=BATCH):
        pk = org_pk.get((data or {}).get("rvdk"))
        if pk is not None:
            rvdk.setdefault(trajectory_id, pk)
    # Instances with only the key: bulk_update writes the one column, no read (and no long
    # IN list).
    changed = [Trajectory(pk=tid, rvdk_id=org) for tid, org in rvdk.items()]
    Trajectory.objects.bulk_update(changed, ["rvdk"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("chain", "0002_trajectory_event_append_only"),
        ("reference", "0005_alter_organisation_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="trajectory",
            name="rvdk",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="reference.organisation",
                verbose_name="Raad (verzoek tot onderzoek)",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]

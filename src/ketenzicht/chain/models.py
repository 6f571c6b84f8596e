"""Trajectories (trajecten): the chain before a measure, and their append-only event log.

A sibling of the measure timeline (docs/decisions/0012-trajectories.md): events are the truth,
the columns marked "projection" are `chain.domain.fold`'s output, written in the same
transaction as the event.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ketenzicht.reference.models import Municipality, Organisation, Worker
from ketenzicht.timeline.models import Measure, Youth

from .domain import LINK_LABELS
from .events import TRAJECTORY_EVENT_TYPES

CLOSURES = {
    "uitspraak": "Uitspraak met maatregel",
    "afgewezen": "Verzoek afgewezen",
    "vrijwillig": "Vrijwillig kader",
}


class Trajectory(models.Model):
    external_id = models.CharField("extern id", max_length=64, unique=True)
    youth = models.ForeignKey(Youth, models.PROTECT, related_name="trajectories")
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="trajectories",
        verbose_name="geregistreerd door (organisatie)",
    )
    # Projection of the trajectory's events.
    opened_on = models.DateField("zorg gemeld op", null=True, db_index=True)
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, null=True, related_name="+", verbose_name="gemeente"
    )
    link = models.CharField("schakel", max_length=32, blank=True, choices=list(LINK_LABELS.items()))
    closed_on = models.DateField("gesloten op", null=True, db_index=True)
    closure = models.CharField("afloop", max_length=16, blank=True, choices=list(CLOSURES.items()))
    measure = models.ForeignKey(
        Measure,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name="maatregel (na uitspraak)",
    )
    regie_organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, related_name="+", verbose_name="regiehouder"
    )
    regie_worker = models.ForeignKey(
        Worker, models.PROTECT, null=True, related_name="+", verbose_name="regiehouder (persoon)"
    )
    regie_since = models.DateField("regie sinds", null=True)
    offer_organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="regie aangeboden aan",
    )
    offer_worker = models.ForeignKey(
        Worker, models.PROTECT, null=True, related_name="+", verbose_name="aangeboden aan (persoon)"
    )
    offered_on = models.DateField("regie aangeboden op", null=True)
    # The Raad named in the investigation request (`investigation_requested`): it sees the
    # trajectory and records its own steps, with or without regie (access.chain_policy).
    rvdk = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Raad (verzoek tot onderzoek)",
    )

    class Meta:
        verbose_name = "traject"
        verbose_name_plural = "trajecten"
        ordering = ["opened_on", "external_id"]

    def __str__(self) -> str:
        return f"traject {self.external_id}"


class TrajectoryEvent(models.Model):
    """One fact on a trajectory. Append-only: a database trigger refuses updates."""

    external_id = models.CharField("extern id", max_length=64, unique=True)
    trajectory = models.ForeignKey(Trajectory, models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField("volgnummer")
    event_type = models.CharField(
        "soort",
        max_length=40,
        choices=[(k, v.label) for k, v in TRAJECTORY_EVENT_TYPES.items()],
        db_index=True,
    )
    date = models.DateField("datum", db_index=True)
    data = models.JSONField("gegevens", default=dict)
    recorded_at = models.DateTimeField("geregistreerd op", default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="geregistreerd door",
    )

    class Meta:
        verbose_name = "trajectevent"
        verbose_name_plural = "trajectevents"
        ordering = ["trajectory", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "seq"], name="trajectory_event_seq")
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.date:%d-%m-%Y}"

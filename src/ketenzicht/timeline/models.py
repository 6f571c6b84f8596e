"""The timeline: youths, their network, measures and the append-only event log.

Events are the truth. The columns of Measure and Youth marked "projection" are derived from the
events by `ketenzicht.timeline.domain.state` and written in the same transaction as the event;
`ketenzicht timeline-rebuild` recomputes them from the events at any time.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from ketenzicht.crypto import bsn_hash, decrypt_bsn, encrypt_bsn
from ketenzicht.reference.models import Municipality, Organisation, Team, Worker

from .domain import codes
from .domain.events import EVENT_TYPES
from .domain.state import lapsed


class Youth(models.Model):
    external_id = models.CharField("extern id", max_length=64, unique=True)
    # The BSN is never stored in plain text: encrypted (for export) and as a keyed hash (for
    # search and uniqueness). See ketenzicht.crypto and docs/security.md.
    bsn_encrypted = models.TextField("BSN (versleuteld)")
    bsn_hash = models.CharField("BSN (sleutelhash)", max_length=64, unique=True)
    given_name = models.CharField("voornaam", max_length=100)
    family_name = models.CharField("achternaam", max_length=150)
    birth_date = models.DateField("geboortedatum")
    # As registered (the exchange format's youth record); later changes are events.
    registered_responsible_municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        related_name="+",
        verbose_name="verantwoordelijke gemeente bij registratie",
    )
    registered_stay_municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        related_name="+",
        verbose_name="gemeente van verblijf bij registratie",
    )
    registered_placement_type = models.CharField(
        "plaatsing bij registratie", max_length=20, choices=list(codes.PLACEMENT_TYPES.items())
    )
    # Projection: current values after placement and residence events.
    responsible_municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        related_name="responsible_for",
        verbose_name="verantwoordelijke gemeente (woonplaatsbeginsel)",
    )
    stay_municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        related_name="staying_in",
        verbose_name="gemeente van verblijf",
    )
    placement_type = models.CharField(
        "plaatsing", max_length=20, choices=list(codes.PLACEMENT_TYPES.items())
    )

    class Meta:
        verbose_name = "jeugdige"
        verbose_name_plural = "jeugdigen"
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def bsn(self) -> str:
        return decrypt_bsn(self.bsn_encrypted)

    def set_bsn(self, bsn: str) -> None:
        self.bsn_encrypted = encrypt_bsn(bsn)
        self.bsn_hash = bsn_hash(bsn)


class NetworkMember(models.Model):
    youth = models.ForeignKey(Youth, models.CASCADE, related_name="network")
    position = models.PositiveSmallIntegerField("volgorde")
    relation = models.CharField("relatie", max_length=20, choices=list(codes.RELATIONS.items()))
    name = models.CharField("naam", max_length=200)
    has_authority = models.BooleanField("heeft gezag", default=False)

    class Meta:
        verbose_name = "gezins- of netwerklid"
        verbose_name_plural = "gezin en netwerk"
        ordering = ["youth", "position"]
        constraints = [
            models.UniqueConstraint(fields=["youth", "position"], name="network_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display().lower()})"


class Measure(models.Model):
    external_id = models.CharField("extern id", max_length=64, unique=True)
    youth = models.ForeignKey(Youth, models.PROTECT, related_name="measures")
    measure_type = models.CharField(
        "soort maatregel (CBS-code)",
        max_length=2,
        choices=[(k, v[0]) for k, v in codes.MEASURE_TYPES.items()],
    )
    related_measure = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="authorisations",
        verbose_name="hoort bij maatregel",
        help_text="Een machtiging uithuisplaatsing hoort bij een (V)OTS.",
    )
    # Projection of the measure's events.
    start_date = models.DateField("startdatum", null=True, db_index=True)
    ruling_date = models.DateField("datum uitspraak", null=True)
    planned_end_date = models.DateField("einddatum volgens uitspraak", null=True)
    ended_on = models.DateField("beëindigd op", null=True, db_index=True)
    end_reason = models.CharField(
        "reden beëindiging", max_length=2, blank=True, choices=list(codes.END_REASONS.items())
    )
    gi = models.ForeignKey(
        Organisation, models.PROTECT, null=True, related_name="measures", verbose_name="GI"
    )
    team = models.ForeignKey(Team, models.PROTECT, null=True, related_name="measures")
    assignment = models.CharField(
        "toewijzing",
        max_length=20,
        choices=list(codes.ASSIGNMENT_KINDS.items()),
        default="niemand",
        db_index=True,
    )
    worker = models.ForeignKey(
        Worker,
        models.PROTECT,
        null=True,
        related_name="measures",
        verbose_name="vaste jeugdzorgwerker",
    )
    assignment_since = models.DateField("toewijzing sinds", null=True)
    extensions = models.PositiveSmallIntegerField("aantal verlengingen", default=0)

    class Meta:
        verbose_name = "maatregel"
        verbose_name_plural = "maatregelen"
        ordering = ["start_date", "external_id"]
        indexes = [models.Index(fields=["gi", "ended_on"], name="measure_gi_active")]

    def __str__(self) -> str:
        return f"{self.type_short} {self.external_id}"

    @property
    def type_short(self) -> str:
        return codes.MEASURE_TYPES[self.measure_type][1]

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def lapsed_on(self, day: dt.date) -> bool:
        """The ruling's end date (with extensions) passed before `day` with no end event: the
        measure has lapsed by law (issue 12). The norm engine stops its norms on that date."""
        started = self.start_date is not None and self.start_date <= day
        return started and lapsed(self.ended_on, self.planned_end_date, day)


def lapsed_measures(measures: models.QuerySet, day: dt.date) -> models.QuerySet:
    """The measures of `measures` that have lapsed on `day` (see `Measure.lapsed_on`). An end
    event lies on or before the planned end and an extension is dated on or before the end date
    it extends (fold), so the current columns answer this for any day up to today."""
    return measures.filter(start_date__lte=day, ended_on__isnull=True, planned_end_date__lt=day)


class LiveEvents(models.Manager):
    """The events no correction supersedes (`Event.live`), as NOT EXISTS on `corrects`.

    Not `corrected_by__isnull=True`: Django writes that as a LEFT JOIN with `IS NULL`, which
    PostgreSQL estimates at one row and then nests the rest of the query inside it (the GI
    board's holder histories: 18 s instead of 0.26 s on the region demo)."""

    def get_queryset(self) -> models.QuerySet:
        corrections = Event.objects.filter(corrects_id=models.OuterRef("pk"))
        return super().get_queryset().filter(~models.Exists(corrections))


class Event(models.Model):
    """One fact on a measure's timeline. Append-only: never updated, never deleted in place
    (a database trigger refuses updates); a correction is a new event."""

    external_id = models.CharField("extern id", max_length=64, unique=True)
    measure = models.ForeignKey(Measure, models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField("volgnummer")
    event_type = models.CharField(
        "soort",
        max_length=40,
        choices=[(k, v.label) for k, v in EVENT_TYPES.items()],
        db_index=True,
    )
    date = models.DateField("datum", db_index=True)
    data = models.JSONField("gegevens", default=dict)
    corrects = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name="corrigeert",
    )
    recorded_at = models.DateTimeField("geregistreerd op", default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="geregistreerd door",
    )

    objects = models.Manager()
    live = LiveEvents()

    class Meta:
        verbose_name = "event"
        verbose_name_plural = "events"
        ordering = ["measure", "seq"]
        constraints = [models.UniqueConstraint(fields=["measure", "seq"], name="event_seq_unique")]
        indexes = [models.Index(fields=["measure", "event_type", "date"], name="event_lookup")]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.date:%d-%m-%Y}"


class Change(models.Model):
    """One write that appended events to a measure: its events seq `first_seq`..`last_seq`.
    Ids are given in commit order (timeline.services.note_changes holds a lock from insert to
    commit), so a reader that pages by id never skips a write that commits later: the API's
    changes feed (issue 13). Written by every write path: the screens, the import, the API."""

    measure = models.ForeignKey(Measure, models.CASCADE, related_name="+")
    first_seq = models.PositiveIntegerField("eerste volgnummer")
    last_seq = models.PositiveIntegerField("laatste volgnummer")
    at = models.DateTimeField("tijdstip", default=timezone.now)

    class Meta:
        verbose_name = "wijziging"
        verbose_name_plural = "wijzigingen"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"wijziging {self.pk}"

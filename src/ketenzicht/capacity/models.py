"""Staff facts (append-only, as the timeline's events), the caseload norm with its history and
the P&Q tariff table (configuration with a start date or year, never overwritten in place)."""

from django.db import models
from django.utils import timezone

from ketenzicht.reference.models import Organisation, Team, Worker
from ketenzicht.timeline.domain import codes

from .domain.staff import REASONS, STAFF_EVENT_TYPES, STAFF_FUNCTIONS


class StaffEvent(models.Model):
    """One staff fact. Append-only: a database trigger refuses every UPDATE (migration
    capacity/0002); written only by the importer (`interop.importer.import_lines`)."""

    external_id = models.CharField("extern id", max_length=64, unique=True)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name="organisatie"
    )
    event_type = models.CharField(
        "soort", max_length=24, choices=list(STAFF_EVENT_TYPES.items()), db_index=True
    )
    date = models.DateField("datum", db_index=True)
    worker = models.ForeignKey(
        Worker, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="medewerker"
    )
    team = models.ForeignKey(
        Team, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="team"
    )
    until = models.DateField("tot en met", null=True, blank=True)
    fte = models.DecimalField("fte", max_digits=3, decimal_places=2, null=True, blank=True)
    function = models.CharField(
        "functie", max_length=20, blank=True, choices=list(STAFF_FUNCTIONS.items())
    )
    reason = models.CharField("reden", max_length=20, blank=True, choices=list(REASONS.items()))
    # The external id of the fact this one closes (an absence, a vacancy): checked by
    # `domain.staff.check`, kept as text so the facts are stored in one pass, in file order.
    refers = models.CharField("verwijst naar", max_length=64, blank=True)
    recorded_at = models.DateTimeField("geregistreerd op", default=timezone.now)

    class Meta:
        verbose_name = "personeelsfeit"
        verbose_name_plural = "personeelsfeiten"
        ordering = ["organisation", "date", "id"]
        indexes = [models.Index(fields=["organisation", "date"], name="staff_event_org_date")]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} {self.date:%d-%m-%Y}"


class CaseloadNorm(models.Model):
    """Children per fte of a jeugdzorgwerker, from `valid_from` on; for one GI, or (organisation
    empty) the national agreement every GI follows unless it has its own."""

    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="GI (leeg: landelijke afspraak)",
        limit_choices_to={"type": "gi"},
    )
    valid_from = models.DateField("geldig vanaf")
    children_per_fte = models.DecimalField("jeugdigen per fte", max_digits=4, decimal_places=1)
    source = models.CharField("bron", max_length=300)

    class Meta:
        verbose_name = "caseloadnorm"
        verbose_name_plural = "caseloadnormen"
        ordering = ["organisation", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "valid_from"], name="caseload_norm_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.children_per_fte} per fte vanaf {self.valid_from:%d-%m-%Y}"


class Tariff(models.Model):
    """The P&Q tariff of one measure type in one year: the amount per measure per year, and the
    share of it meant for fixed costs (002:187-201)."""

    measure_type = models.CharField(
        "soort maatregel",
        max_length=2,
        choices=[(k, v[0]) for k, v in codes.MEASURE_TYPES.items()],
    )
    year = models.PositiveSmallIntegerField("jaar")
    amount = models.DecimalField(
        "tarief per maatregel per jaar (euro)", max_digits=9, decimal_places=2
    )
    fixed_share = models.DecimalField(
        "aandeel vaste kosten (0-1)", max_digits=3, decimal_places=2, default=0
    )
    source = models.CharField("bron", max_length=300)

    class Meta:
        verbose_name = "tarief"
        verbose_name_plural = "tarieven"
        ordering = ["year", "measure_type"]
        constraints = [
            models.UniqueConstraint(fields=["measure_type", "year"], name="tariff_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_type_display()} {self.year}"

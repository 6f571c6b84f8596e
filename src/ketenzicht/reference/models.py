"""Reference data: regions, municipalities, organisations, teams and workers."""

from django.conf import settings
from django.db import models

from ketenzicht.timeline.domain import codes


class Region(models.Model):
    class Kind(models.TextChoices):
        JEUGDHULPREGIO = "jeugdhulpregio", "Jeugdhulpregio"
        JEUGDBESCHERMINGSREGIO = "jeugdbeschermingsregio", "Jeugdbeschermingsregio"

    kind = models.CharField("soort", max_length=32, choices=Kind.choices)
    name = models.CharField("naam", max_length=120)

    class Meta:
        verbose_name = "regio"
        verbose_name_plural = "regio's"
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="region_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"


class Municipality(models.Model):
    cbs_code = models.CharField("CBS-code", max_length=6, unique=True)  # GMxxxx
    name = models.CharField("naam", max_length=120)
    jeugdhulpregio = models.ForeignKey(
        Region, models.PROTECT, related_name="+", verbose_name="jeugdhulpregio"
    )
    jeugdbeschermingsregio = models.ForeignKey(
        Region, models.PROTECT, related_name="+", verbose_name="jeugdbeschermingsregio"
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.cbs_code})"


class Organisation(models.Model):
    external_id = models.CharField("extern id", max_length=64, unique=True)
    name = models.CharField("naam", max_length=200)
    type = models.CharField(
        "soort", max_length=32, choices=list(codes.ORGANISATION_TYPES.items()), db_index=True
    )
    municipality = models.ForeignKey(
        Municipality,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name="gemeente",
        help_text="Voor een gemeente: welke gemeente. "
        "Voor andere organisaties: de vestigingsplaats.",
    )
    national = models.BooleanField(
        "landelijk werkend", default=False, help_text="Bijvoorbeeld een landelijk werkende GI."
    )
    workers_see_team_cases = models.BooleanField(
        "jeugdzorgwerkers zien dossiers van hun team",
        default=False,
        help_text="Alleen voor een GI: jeugdzorgwerkers mogen de dossiers van hun hele team "
        "inzien (alleen lezen), niet alleen hun eigen dossiers.",
    )
    caseload_norm = models.PositiveSmallIntegerField(
        "caseloadnorm (zaken per fte)",
        default=15,
        help_text="Alleen voor een GI: het aantal jeugdigen per fulltime jeugdzorgwerker. Wie "
        "een vaste jeugdzorgwerker boven deze norm toewijst, moet een reden opgeven.",
    )
    go_live_date = models.DateField(
        "datum ingebruikname Ketenzicht",
        null=True,
        blank=True,
        help_text="Alleen voor een GI: de dag waarop de GI met Ketenzicht is gaan werken. "
        "Eenmalige normen met een aanleiding vóór die dag worden niet beoordeeld ('voor "
        "ingebruikname, niet beoordeeld'); terugkerende normen tellen vanaf die dag.",
    )

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    external_id = models.CharField("extern id", max_length=64, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        related_name="teams",
        verbose_name="organisatie",
        limit_choices_to={"type": "gi"},
    )
    name = models.CharField("naam", max_length=200)
    cluster = models.CharField("cluster of regio", max_length=120, blank=True)
    is_doorstroomteam = models.BooleanField("in- en doorstroomteam", default=False)

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Worker(models.Model):
    external_id = models.CharField("extern id", max_length=64, unique=True)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="workers", verbose_name="organisatie"
    )
    team = models.ForeignKey(
        Team, models.PROTECT, null=True, blank=True, related_name="workers", verbose_name="team"
    )
    given_name = models.CharField("voornaam", max_length=100)
    family_name = models.CharField("achternaam", max_length=150)
    role = models.CharField("rol", max_length=32, choices=list(codes.WORKER_ROLES.items()))
    fte = models.DecimalField("fte", max_digits=3, decimal_places=2, default=1)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker",
        verbose_name="gebruikersaccount",
    )

    class Meta:
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

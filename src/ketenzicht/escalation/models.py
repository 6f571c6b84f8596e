"""Escalation ladders (AVE), contact rotas, incidents with their urgent report, notifications,
the transactional outbox, and reviews with recommendations.

The facts about a child (a signal, an escalation, an incident) are events on the measure's
timeline; these tables hold configuration (ladders, rotas) and the crisis communication (who was
told what, when, and who acknowledged), which is not a fact about the child.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from ketenzicht.access.models import PERSON_ROLES, Role
from ketenzicht.reference.models import Municipality, Organisation, Region
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.models import Event, Measure

from .domain import INCIDENT_STATUSES, MAX_LENGTHS


def _max(field: str) -> list[MaxLengthValidator]:
    return [MaxLengthValidator(MAX_LENGTHS[field][0])]


class Ladder(models.Model):
    """The escalation ladder of one GI; the ladder without a GI is the default for every GI that
    has none of its own."""

    organisation = models.OneToOneField(
        Organisation,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="escalation_ladder",
        verbose_name="GI",
        limit_choices_to={"type": "gi"},
        help_text="Leeg: de standaardladder voor elke GI zonder eigen ladder.",
    )
    name = models.CharField("naam", max_length=120)

    class Meta:
        verbose_name = "escalatieladder"
        verbose_name_plural = "escalatieladders"
        constraints = [
            # One ladder per GI (the one-to-one) and one default ladder (no GI).
            models.UniqueConstraint(
                Coalesce(F("organisation"), Value(0)), name="one_default_ladder"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Rung(models.Model):
    ladder = models.ForeignKey(Ladder, models.CASCADE, related_name="rungs", verbose_name="ladder")
    position = models.PositiveSmallIntegerField("volgorde")
    key = models.SlugField("sleutel", max_length=40, help_text="Zoals in het escalated-event.")
    label = models.CharField("naam", max_length=120)
    role = models.CharField("rol die handelt", max_length=40, choices=PERSON_ROLES)
    term_days = models.PositiveSmallIntegerField("termijn om te handelen (dagen)", default=5)
    informed_roles = models.JSONField("wie wordt geïnformeerd (rollen)", default=list, blank=True)

    class Meta:
        verbose_name = "trede"
        verbose_name_plural = "treden"
        ordering = ["ladder", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "key"], name="rung_unique_key"),
            models.UniqueConstraint(fields=["ladder", "position"], name="rung_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"

    @property
    def informed_labels(self) -> str:
        labels = dict(Role.choices)
        return ", ".join(labels.get(r, r) for r in self.informed_roles)


class Rota(models.Model):
    """An ordered list of contact persons for one function (e.g. the AOV-er of a municipality,
    24/7)."""

    class Kind(models.TextChoices):
        WETHOUDER = "wethouder", "Wethouder jeugd"
        BURGEMEESTER = "burgemeester", "Burgemeester"
        AOV = "aov", "AOV-er (24/7)"
        GI_BESTUUR = "gi_bestuur", "Bestuur van de GI"
        REGIONAAL = "regionaal", "Regionaal contactpersoon"

    MUNICIPAL = (Kind.WETHOUDER, Kind.BURGEMEESTER, Kind.AOV)

    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    municipality = models.ForeignKey(
        Municipality, models.CASCADE, null=True, blank=True, verbose_name="gemeente"
    )
    organisation = models.ForeignKey(
        Organisation,
        models.CASCADE,
        null=True,
        blank=True,
        verbose_name="GI",
        limit_choices_to={"type": "gi"},
    )
    region = models.ForeignKey(Region, models.CASCADE, null=True, blank=True, verbose_name="regio")

    class Meta:
        verbose_name = "bereikbaarheidsrooster"
        verbose_name_plural = "bereikbaarheidsroosters"
        constraints = [
            models.CheckConstraint(
                name="rota_scope_matches_kind",
                condition=(
                    Q(
                        kind__in=["wethouder", "burgemeester", "aov"],
                        municipality__isnull=False,
                        organisation=None,
                        region=None,
                    )
                    | Q(
                        kind="gi_bestuur",
                        organisation__isnull=False,
                        municipality=None,
                        region=None,
                    )
                    | Q(
                        kind="regionaal", region__isnull=False, municipality=None, organisation=None
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["kind", "municipality", "organisation", "region"], name="rota_unique"
            ),
        ]

    def __str__(self) -> str:
        scope = self.municipality or self.organisation or self.region
        return f"{self.get_kind_display()} — {scope}"


class RotaMember(models.Model):
    rota = models.ForeignKey(Rota, models.CASCADE, related_name="members", verbose_name="rooster")
    position = models.PositiveSmallIntegerField("volgorde")
    name = models.CharField("naam", max_length=200)
    email = models.EmailField("e-mailadres")
    phone = models.CharField("telefoon", max_length=40, blank=True)

    class Meta:
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"
        ordering = ["rota", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rota", "position"], name="rotamember_unique_pos")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class Incident(models.Model):
    """A calamity or serious incident with its urgent report (the minimal format that was sent;
    no name, no BSN). An exercise has no measure and never counts in real figures."""

    # CASCADE: when the child's file is destroyed after the retention term (access.retention),
    # its incidents, notifications and reviews go with it.
    measure = models.ForeignKey(
        Measure, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="maatregel"
    )
    event = models.OneToOneField(
        Event, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="event"
    )
    exercise = models.BooleanField("oefening", default=False)
    kind = models.CharField("soort", max_length=20, choices=list(codes.INCIDENT_KINDS.items()))
    summary = models.CharField("wat er gebeurde (in grote lijnen)", max_length=500)
    occurred_on = models.DateField("datum")
    registered_at = models.DateTimeField("geregistreerd op")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="geregistreerd door",
    )
    # The urgent report.
    age = models.PositiveSmallIntegerField("leeftijd (jaren)")
    measure_type = models.CharField("soort maatregel", max_length=120)
    gi = models.ForeignKey(Organisation, models.PROTECT, related_name="+", verbose_name="GI")
    responsible_municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="+", verbose_name="verantwoordelijke gemeente"
    )
    stay_municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="+", verbose_name="gemeente van verblijf"
    )
    spokesperson = models.CharField("woordvoering (wie staat de pers te woord)", max_length=200)
    contact = models.CharField("contactpersoon voor deze melding", max_length=200)
    # Closed: the crisis communication is over (for an exercise: ended). No more rota escalation
    # and every acknowledgement link of the incident has expired (services.close_incident).
    ended_at = models.DateTimeField("afgesloten op", null=True, blank=True)
    # Issue 16: "onder controle" (the acute phase is over; the rotas were told in a follow-up).
    under_control_at = models.DateTimeField("onder controle sinds", null=True, blank=True)

    class Meta:
        verbose_name = "incident"
        verbose_name_plural = "incidenten"
        ordering = ["-registered_at"]
        constraints = [
            models.CheckConstraint(
                name="incident_measure_unless_exercise",
                condition=Q(exercise=True, measure=None) | Q(exercise=False, measure__isnull=False),
            )
        ]

    def __str__(self) -> str:
        prefix = "OEFENING " if self.exercise else ""
        return f"{prefix}{self.get_kind_display()} {self.occurred_on:%d-%m-%Y}"

    @property
    def number(self) -> str:
        return f"{'OEF' if self.exercise else 'INC'}-{self.pk:05d}"

    @property
    def status(self) -> str:
        """open, onder_controle or gesloten (domain.INCIDENT_STATUSES)."""
        if self.ended_at is not None:
            return "gesloten"
        return "onder_controle" if self.under_control_at is not None else "open"

    @property
    def status_label(self) -> str:
        return INCIDENT_STATUSES[self.status]


class Notification(models.Model):
    """One person on one rota alerted about one incident; the acknowledgement link carries a
    random token of which only the hash is stored."""

    incident = models.ForeignKey(
        Incident, models.CASCADE, related_name="notifications", verbose_name="incident"
    )
    rota = models.ForeignKey(Rota, models.PROTECT, related_name="+", verbose_name="rooster")
    member = models.ForeignKey(
        RotaMember, models.PROTECT, related_name="+", verbose_name="contactpersoon"
    )
    position = models.PositiveSmallIntegerField("plaats op het rooster")
    alerted_at = models.DateTimeField("gealarmeerd op")
    token_hash = models.CharField("token (hash)", max_length=64, unique=True)
    acknowledged_at = models.DateTimeField("bevestigd op", null=True, blank=True)

    class Meta:
        verbose_name = "alarmering"
        verbose_name_plural = "alarmeringen"
        ordering = ["incident", "rota", "position"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "member"], name="notification_once"),
        ]

    def __str__(self) -> str:
        return f"{self.incident} → {self.member.name}"


class FollowUp(models.Model):
    """A follow-up message on an incident to the people its rotas alerted (issue 16), with the
    status it set; one outbox message per person."""

    incident = models.ForeignKey(
        Incident, models.CASCADE, related_name="follow_ups", verbose_name="incident"
    )
    status = models.CharField(
        "status na dit bericht", max_length=20, choices=list(INCIDENT_STATUSES.items())
    )
    text = models.TextField("vervolgbericht", validators=_max("follow_up"))
    sent_at = models.DateTimeField("verstuurd op")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="verstuurd door",
    )

    class Meta:
        verbose_name = "vervolgbericht"
        verbose_name_plural = "vervolgberichten"
        ordering = ["incident", "sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident}: {self.get_status_display()} {self.sent_at:%d-%m-%Y %H:%M}"


class OutboxMessage(models.Model):
    """A mail to send, written in the same transaction as what caused it (docs/decisions/0005)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Te verzenden"
        SENT = "sent", "Verzonden"
        FAILED = "failed", "Mislukt"

    key = models.CharField("idempotentiesleutel", max_length=120, unique=True)
    notification = models.ForeignKey(
        Notification, models.CASCADE, null=True, related_name="messages"
    )
    recipient = models.EmailField("aan")
    subject = models.CharField("onderwerp", max_length=250)
    body = models.TextField("tekst")
    message_id = models.CharField("Message-ID", max_length=250, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField("pogingen", default=0)
    created_at = models.DateTimeField("aangemaakt op")
    next_attempt_at = models.DateTimeField("volgende poging", db_index=True)
    lease_owner = models.CharField(max_length=120, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("verzonden op", null=True, blank=True)
    last_error = models.CharField("laatste fout", max_length=500, blank=True)

    class Meta:
        verbose_name = "uitgaand bericht"
        verbose_name_plural = "uitgaande berichten"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipient} ({self.get_status_display()})"


class DeliveryAttempt(models.Model):
    message = models.ForeignKey(OutboxMessage, models.CASCADE, related_name="delivery_attempts")
    worker = models.CharField(max_length=120)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    outcome = models.CharField(max_length=20, blank=True)  # sent | retry | failed | "" = unknown
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "verzendpoging"
        verbose_name_plural = "verzendpogingen"
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.message_id} {self.started_at:%H:%M:%S} {self.outcome or 'onbekend'}"


class Review(models.Model):
    """Learning after an incident: what was found."""

    incident = models.OneToOneField(
        Incident, models.CASCADE, related_name="review", verbose_name="incident"
    )
    held_on = models.DateField("datum evaluatie")
    findings = models.TextField("bevindingen", validators=_max("findings"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "evaluatie"
        verbose_name_plural = "evaluaties"

    def __str__(self) -> str:
        return f"Evaluatie {self.incident}"


class Recommendation(models.Model):
    review = models.ForeignKey(
        Review, models.CASCADE, related_name="recommendations", verbose_name="evaluatie"
    )
    text = models.TextField("aanbeveling", validators=_max("text"))
    owner = models.CharField("eigenaar", max_length=200)
    owner_organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name="organisatie eigenaar"
    )
    due_date = models.DateField("uiterste datum")
    closed_on = models.DateField("afgerond op", null=True, blank=True)
    closing_note = models.TextField(
        "toelichting afronding", blank=True, validators=_max("closing_note")
    )

    class Meta:
        verbose_name = "aanbeveling"
        verbose_name_plural = "aanbevelingen"
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

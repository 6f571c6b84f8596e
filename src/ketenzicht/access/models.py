"""Who may see what: role grants, break-the-glass grants and the access log."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ketenzicht.reference.models import Organisation, Team


class Role(models.TextChoices):
    JEUGDZORGWERKER = "jeugdzorgwerker", "Jeugdzorgwerker"
    GEDRAGSWETENSCHAPPER = "gedragswetenschapper", "Gedragswetenschapper"
    TEAMLEIDER = "teamleider", "Teamleider"
    GEBIEDSMANAGER = "gebiedsmanager", "Gebiedsmanager"
    GI_BESTUURDER = "gi_bestuurder", "GI-bestuurder"
    GEMEENTE_BELEIDSMEDEWERKER = "gemeente_beleidsmedewerker", "Beleidsmedewerker gemeente"
    WETHOUDER = "wethouder", "Wethouder jeugd"
    BURGEMEESTER = "burgemeester", "Burgemeester"
    AOV = "aov", "AOV-er (openbare orde en veiligheid)"
    PRIVACY_OFFICER = "privacy_officer", "Privacy officer"
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", "Functioneel beheerder"
    INSPECTEUR = "inspecteur", "Inspecteur"
    # The service user of an organisation's API client (issue 13): never logs in on a screen.
    KOPPELING = "koppeling", "Koppeling (API-client)"
    # The chain before a measure (issue 18): trajectories and who holds regie.
    WIJKTEAM = "wijkteam", "Medewerker wijkteam"
    VEILIG_THUIS = "veilig_thuis", "Medewerker Veilig Thuis"
    RVDK = "rvdk", "Raadsonderzoeker (Raad voor de Kinderbescherming)"


CHAIN_ROLES = {Role.WIJKTEAM, Role.VEILIG_THUIS, Role.RVDK}
# The roles a person holds on an escalation rung (everything but an API client's). The chain
# roles of issue 18 are not on the escalation ladders (yet): leaving them out keeps the ladder's
# choices, and its table, unchanged.
PERSON_ROLES = [
    (value, label)
    for value, label in Role.choices
    if value != Role.KOPPELING and value not in CHAIN_ROLES
]


def requires_approval(role: str) -> bool:
    """Four eyes: a grant of a role that sees case data, the access log or manages users (the
    roles with two-factor login, access.policy.TWO_FACTOR_ROLES) counts only once a second person
    approved it; so does an API client's (koppeling), which reads and writes a whole GI's cases."""
    from .policy import FOUR_EYES_ROLES

    return role in FOUR_EYES_ROLES


class GrantStatus(models.TextChoices):
    PENDING = "pending", "Wacht op goedkeuring"
    APPROVED = "approved", "Goedgekeurd"
    REJECTED = "rejected", "Afgewezen"


class RoleGrant(models.Model):
    """One role of one user, with its scope. A user belongs to one organisation and may hold
    several roles there (an inspecteur belongs to the inspectorate and names the GI inspected).

    Four eyes (docs/security.md): a grant of a role in `requires_approval` takes effect only when
    its status is approved, by someone other than who requested it. The status starts as pending
    (fail closed): code that creates grants outside the beheer screens (demo accounts, tests, a
    data migration) must approve them explicitly; the beheer screens always set pending."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="role_grants",
        verbose_name="gebruiker",
    )
    role = models.CharField("rol", max_length=40, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name="organisatie"
    )
    team = models.ForeignKey(
        Team,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="team",
        help_text="Voor jeugdzorgwerker, gedragswetenschapper en teamleider.",
    )
    cluster = models.CharField(
        "cluster of regio",
        max_length=120,
        blank=True,
        help_text="Voor de gebiedsmanager: het cluster van de teams.",
    )
    inspected_organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="geïnspecteerde GI",
        help_text="Alleen voor de inspecteur.",
    )
    valid_from = models.DateTimeField("geldig vanaf", default=timezone.now)
    valid_until = models.DateTimeField(
        "geldig tot", null=True, blank=True, help_text="Verplicht voor de inspecteur."
    )
    status = models.CharField(
        "goedkeuring", max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="aangevraagd door",
    )
    created_at = models.DateTimeField("aangevraagd op", null=True, blank=True, default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="beoordeeld door",
    )
    decided_at = models.DateTimeField("beoordeeld op", null=True, blank=True)
    decision_note = models.CharField("toelichting beoordeling", max_length=500, blank=True)

    class Meta:
        verbose_name = "rol van gebruiker"
        verbose_name_plural = "rollen van gebruikers"
        ordering = ["user", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organisation}"

    def clean(self) -> None:
        needs_team = {Role.JEUGDZORGWERKER, Role.GEDRAGSWETENSCHAPPER, Role.TEAMLEIDER}
        if self.role in needs_team and not self.team_id:
            raise ValidationError({"team": "Deze rol hoort bij een team."})
        if self.team_id and self.team.organisation_id != self.organisation_id:
            raise ValidationError({"team": "Het team hoort niet bij de organisatie."})
        if self.role == Role.GEBIEDSMANAGER and not self.cluster:
            raise ValidationError({"cluster": "Vul het cluster van de gebiedsmanager in."})
        if self.role == Role.INSPECTEUR and not (
            self.inspected_organisation_id and self.valid_until
        ):
            raise ValidationError("Een inspecteur heeft een geïnspecteerde GI en een einddatum.")
        other = (
            RoleGrant.objects.filter(user_id=self.user_id)
            .exclude(pk=self.pk)
            .exclude(organisation_id=self.organisation_id)
        )
        if self.user_id and other.exists():
            raise ValidationError({"organisation": "Een gebruiker hoort bij één organisatie."})

    @property
    def needs_approval(self) -> bool:
        return requires_approval(self.role)

    def approver_organisation_id(self) -> int | None:
        """Whose privacy officer or board approves: the organisation of the grant; for an
        inspecteur the inspected GI, whose case files the grant opens."""
        if self.role == Role.INSPECTEUR and self.inspected_organisation_id:
            return self.inspected_organisation_id
        return self.organisation_id

    def is_valid_at(self, moment) -> bool:
        if self.needs_approval and self.status != GrantStatus.APPROVED:
            return False
        return self.valid_from <= moment and (self.valid_until is None or moment < self.valid_until)


class BreakGlass(models.Model):
    """Time-limited access to a case outside one's scope, with a stated reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    youth = models.ForeignKey("timeline.Youth", models.CASCADE, related_name="+")
    reason = models.TextField("reden")
    granted_at = models.DateTimeField("toegang vanaf", default=timezone.now)
    expires_at = models.DateTimeField("toegang tot")
    reviewed_at = models.DateTimeField("beoordeeld door privacy officer op", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField("oordeel privacy officer", blank=True)

    class Meta:
        verbose_name = "doorbreking"
        verbose_name_plural = "doorbrekingen"
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"doorbreking door {self.user} op {self.granted_at:%d-%m-%Y %H:%M}"


class AccessLogEntry(models.Model):
    """One access to a child's data (NEN 7513 in spirit). Append-only and hash-chained: each
    entry's hash covers its content and the previous entry's hash. No BSN or name is stored:
    the youth is a keyed pseudonym (access.pseudonyms)."""

    seq = models.PositiveBigIntegerField("volgnummer", unique=True)
    at = models.DateTimeField("tijdstip")
    user_id_ref = models.BigIntegerField("gebruiker-id", null=True)
    username = models.CharField("gebruikersnaam", max_length=150)
    role = models.CharField("rol", max_length=200)
    organisation = models.CharField("organisatie", max_length=64)
    youth_pseudonym = models.CharField("jeugdige (pseudoniem)", max_length=32, db_index=True)
    action = models.CharField("handeling", max_length=20)
    subject = models.CharField("wat", max_length=200)
    client_address = models.CharField("vanaf (IP-adres)", max_length=64, blank=True)
    reason = models.CharField("reden", max_length=500, blank=True)
    flagged = models.BooleanField("gemarkeerd voor privacy officer", default=False)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        ordering = ["seq"]
        indexes = [models.Index(fields=["username", "at"], name="accesslog_user_at")]

    def __str__(self) -> str:
        return f"{self.seq}: {self.username} {self.action}"


class ChainHead(models.Model):
    """The last entry of the access log chain; locking this row serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"keten tot {self.seq}"

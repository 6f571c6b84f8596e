"""API clients: one OAuth2 client (django-oauth-toolkit Application) per organisation system.

Each client acts as a service user holding the role *koppeling* in its organisation, so the one
policy module (access.policy) decides what it may read and write; its grant is approved by a
second person like any grant of case data (four eyes). The OAuth2 scopes it may request are
stored here and limited by `access.policy.api_scopes_allowed` for its organisation's type.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ketenzicht.access.policy import API_SCOPES, api_scopes_allowed
from ketenzicht.reference.models import Organisation


class ApiClient(models.Model):
    name = models.CharField(
        "naam", max_length=100, help_text="Bijvoorbeeld het zaaksysteem of de BI-omgeving."
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, related_name="+", verbose_name="organisatie"
    )
    application = models.OneToOneField(
        "oauth2_provider.Application",
        models.CASCADE,
        related_name="ketenzicht_client",
        verbose_name="OAuth2-client",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="api_client",
        verbose_name="servicegebruiker",
    )
    scopes = models.TextField(
        "scopes",
        help_text="De rechten van de client, gescheiden door spaties (bijv. 'events:write "
        "norm-results:read').",
    )
    active = models.BooleanField("actief", default=True)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "API-client"
        verbose_name_plural = "API-clients"
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"

    @property
    def scope_set(self) -> set[str]:
        return set(self.scopes.split())

    def clean(self) -> None:
        unknown = self.scope_set - set(API_SCOPES)
        if unknown:
            raise ValidationError({"scopes": f"Onbekende scope(s): {', '.join(sorted(unknown))}."})
        if self.organisation_id:
            beyond = self.scope_set - api_scopes_allowed(self.organisation.type)
            if beyond:
                raise ValidationError(
                    {
                        "scopes": "Niet toegestaan voor een organisatie van deze soort: "
                        f"{', '.join(sorted(beyond))}."
                    }
                )

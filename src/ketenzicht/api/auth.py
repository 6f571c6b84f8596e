"""Who is calling the API: an OAuth2 client (client credentials), mapped to its ApiClient and the
service user whose role grant access.policy reads. Scopes, rate limits and the log of every
access to a child's data."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes
from rest_framework import exceptions
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from ketenzicht.access import audit, policy
from ketenzicht.access.services import client_address

from .models import ApiClient


def _client_of(application) -> ApiClient | None:
    if application is None:
        return None
    return (
        ApiClient.objects.select_related("organisation", "user")
        .filter(application=application)
        .first()
    )


class ClientScopes(BaseScopes):
    """The scopes a client may request: its own, within what its organisation may hold."""

    def get_all_scopes(self):
        return dict(policy.API_SCOPES)

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        client = _client_of(application)
        if client is None or not client.active:
            return []
        return sorted(client.scope_set & policy.api_scopes_allowed(client.organisation.type))

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)


class ClientValidator(OAuth2Validator):
    """Only clients registered as an ApiClient, active and approved, get a token."""

    def authenticate_client(self, request, *args, **kwargs):
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        client = _client_of(request.client)
        return client is not None and client.active and policy.is_api_client(client.user)


class ClientAuthentication(OAuth2Authentication):
    """A valid bearer token of an active, approved client: (service user, token)."""

    www_authenticate_realm = "ketenzicht"

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        _, token = result
        client = _client_of(token.application)
        if client is None or not client.active:
            raise exceptions.AuthenticationFailed("Deze client is niet (meer) actief.")
        if not policy.is_api_client(client.user):
            raise exceptions.AuthenticationFailed(
                "De rol van deze client is niet (meer) geldig of nog niet goedgekeurd."
            )
        request.api_client = client
        return client.user, token


class HasScope(BasePermission):
    """The view names the scope each method needs (`scopes = {"GET": "youths:read"}`); the
    token must carry it and the client's organisation must be allowed it (access.policy)."""

    message = "Deze client heeft geen recht op deze bewerking."

    def has_permission(self, request, view) -> bool:
        request.user  # noqa: B018 (authenticates: sets request.api_client)
        client = getattr(request, "api_client", None)
        if client is None:
            raise exceptions.NotAuthenticated()
        if not hasattr(view, request.method.lower()):
            return True  # the view answers 405 itself
        needed = getattr(view, "scopes", {}).get(request.method)
        if needed is None:
            return request.method in ("HEAD", "OPTIONS") and bool(getattr(view, "scopes", {}))
        if needed not in policy.api_scopes_allowed(client.organisation.type):
            self.message = (
                f"Een organisatie van de soort '{client.organisation.get_type_display()}' "
                f"heeft geen toegang tot deze bewerking (scope {needed})."
            )
            return False
        if not request.auth.allow_scopes([needed]):
            self.message = f"Het token mist de scope '{needed}' voor deze bewerking."
            return False
        return True


class ClientRateThrottle(SimpleRateThrottle):
    """Requests per client per period (settings.KETENZICHT_API_RATE, read at each request)."""

    scope = "client"

    def get_rate(self):
        return settings.KETENZICHT_API_RATE

    def get_cache_key(self, request, view):
        client = getattr(request, "api_client", None)
        if client is None:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": f"client-{client.pk}"}


def log(request, youth_external_ids: Iterable[str], action: str, subject: str) -> None:
    """One access-log entry per youth (pseudonymised in the log), for the calling client."""
    client: ApiClient = request.api_client
    ids = list(dict.fromkeys(youth_external_ids))
    if not ids:
        return
    audit.append(
        audit.Access(
            username=client.user.get_username(),
            user_id=client.user.pk,
            role=f"Koppeling (API-client {client.name})",
            organisation=client.organisation.external_id,
            youth_external_id=yid,
            action=action,
            subject=f"API: {subject}",
            client_address=client_address(request),
        )
        for yid in ids
    )

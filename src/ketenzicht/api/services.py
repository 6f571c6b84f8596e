"""Creating an API client: the OAuth2 application, its service user and its role grant."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from oauth2_provider.models import Application

from ketenzicht.access.models import GrantStatus, Role, RoleGrant
from ketenzicht.reference.models import Organisation

from .models import ApiClient


@transaction.atomic
def create_client(
    organisation: Organisation,
    name: str,
    scopes: list[str] | set[str],
    *,
    requested_by=None,
    approved: bool = False,
    approved_by=None,
    client_id: str | None = None,
    secret: str | None = None,
) -> tuple[ApiClient, str]:
    """Create a client and return it with its secret (shown once; stored hashed). The grant of
    the role koppeling waits for a second person's approval (four eyes) unless `approved_by`
    is set (demo data, tests, `ketenzicht api-client --goedgekeurd` by an operator)."""
    secret = secret or secrets.token_urlsafe(32)
    base = f"api-{slugify(organisation.external_id)}-{slugify(name)}"[:140]
    username, n = base, 1
    User = get_user_model()
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    user = User(username=username, first_name=name[:150])
    user.set_unusable_password()
    user.save()
    application = Application(
        name=f"{organisation.name}: {name}"[:255],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        user=user,
    )
    if client_id:
        application.client_id = client_id
    application.save()
    client = ApiClient(
        name=name,
        organisation=organisation,
        application=application,
        user=user,
        scopes=" ".join(sorted(set(scopes))),
    )
    client.full_clean()
    client.save()
    grant = RoleGrant(
        user=user, role=Role.KOPPELING, organisation=organisation, created_by=requested_by
    )
    if approved:
        grant.status = GrantStatus.APPROVED
        grant.decided_by = approved_by
        grant.decided_at = timezone.now()
    grant.save()
    return client, secret

"""API clients in /beheer/: the functioneel beheerder creates them for their own organisation;
the secret is shown once; the client works only after a second person approved its role."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from ketenzicht.access.models import RoleGrant
from ketenzicht.api.models import ApiClient
from ketenzicht.reference.models import Organisation

from .conftest import token_for

pytestmark = pytest.mark.django_db
User = get_user_model()


def _user(username, role, org):
    user = User.objects.create_user(username, password="Wachtwoord-123-abc")
    RoleGrant.objects.create(user=user, role=role, organisation=org, status="approved")
    return user


def test_beheerder_creates_a_client_that_works_after_approval(dataset, login):
    jbw = Organisation.objects.get(external_id="GI-JBW")
    beheer = login(_user("beheer.jbw", "functioneel_beheerder", jbw), Client())
    response = beheer.post(
        reverse("admin:api_apiclient_add"),
        {"name": "Zaaksysteem", "scope_choices": ["events:write", "measures:read"]},
        follow=True,
    )
    assert response.status_code == 200
    client = ApiClient.objects.get(name="Zaaksysteem")
    assert client.organisation == jbw and client.scope_set == {"events:write", "measures:read"}
    message = next(str(m) for m in response.context["messages"])
    secret = message.split("geheim: ")[1].split(" ")[0]
    assert client.application.client_id in message
    assert secret not in client.application.client_secret  # stored hashed

    status, _ = token_for(client, secret)
    assert status == 401  # the role waits for a second person

    officer = login(_user("po.jbw", "privacy_officer", jbw), Client())
    grant = RoleGrant.objects.get(user=client.user)
    officer.post(
        reverse("access:grant_decide", args=[grant.pk]), {f"rol{grant.pk}-decision": "approve"}
    )
    status, body = token_for(client, secret)
    assert status == 200 and set(body["scope"].split()) == {"events:write", "measures:read"}

    # deactivated: no token any more
    beheer.post(
        reverse("admin:api_apiclient_change", args=[client.pk]),
        {"name": "Zaaksysteem", "scope_choices": ["measures:read"]},
    )
    client.refresh_from_db()
    assert client.active is False and client.scope_set == {"measures:read"}
    assert token_for(client, secret)[0] == 401


def test_beheerder_sees_and_gives_only_what_the_own_organisation_may_have(dataset, login):
    gem = Organisation.objects.get(external_id="GEM-0518")
    beheer = login(_user("beheer.gem", "functioneel_beheerder", gem), Client())
    page = beheer.get(reverse("admin:api_apiclient_add")).content.decode()
    assert 'value="counts:read"' in page and 'value="youths:read"' not in page
    refused = beheer.post(
        reverse("admin:api_apiclient_add"), {"name": "BI", "scope_choices": ["youths:read"]}
    )
    assert refused.status_code == 200 and not ApiClient.objects.exists()
    # another organisation's client is not visible
    from ketenzicht.api.services import create_client

    other, _ = create_client(
        Organisation.objects.get(external_id="GI-JBW"), "Zaaksysteem van JBW", ["teams:read"]
    )
    assert beheer.get(reverse("admin:api_apiclient_change", args=[other.pk])).status_code in (
        302,
        404,
    )
    assert (
        "Zaaksysteem van JBW"
        not in beheer.get(reverse("admin:api_apiclient_changelist")).content.decode()
    )

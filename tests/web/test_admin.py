"""The Django admin works for reference data, and shows no case content."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(dataset, django_user_model, client, login):
    """The functioneel beheerder, logged in with the second factor (required since issue 11)."""
    from ketenzicht.access.models import RoleGrant
    from ketenzicht.reference.models import Organisation

    user = django_user_model.objects.create_user("beheer", password="Beheer-wachtwoord-1")
    RoleGrant.objects.create(
        user=user,
        role="functioneel_beheerder",
        organisation=Organisation.objects.get(external_id="GI-JBW"),
        status="approved",
    )
    login(user)
    return user


@pytest.mark.parametrize("model", ["municipality", "organisation", "team", "worker", "region"])
def test_reference_data_pages(beheerder, client, model):
    changelist = client.get(reverse(f"admin:reference_{model}_changelist"))
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:reference_{model}_add")).status_code == 200


def test_municipalities_are_loaded_with_regions(beheerder, client):
    html = client.get(
        reverse("admin:reference_municipality_changelist"), {"q": "GM0518"}
    ).content.decode()
    assert "&#x27;s-Gravenhage" in html and "Haaglanden" in html and "Zuidwest" in html


def test_no_case_content_in_admin(beheerder, client):
    html = client.get(reverse("admin:index")).content.decode()
    assert "Jeugdigen" not in html and "Events" not in html


def test_users_and_roles_are_managed_in_admin(beheerder, client):
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(reverse("admin:access_rolegrant_changelist")).status_code == 200


def test_other_roles_cannot_enter_admin(dataset, make_user, login, client):
    login(make_user("W-1"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_beheerder_without_second_factor_cannot_enter_admin(dataset, django_user_model, client):
    from ketenzicht.access.models import RoleGrant
    from ketenzicht.reference.models import Organisation

    user = django_user_model.objects.create_user("beheer2", password="Beheer-wachtwoord-1")
    RoleGrant.objects.create(
        user=user,
        role="functioneel_beheerder",
        organisation=Organisation.objects.get(external_id="GI-JBW"),
        status="approved",
    )
    client.force_login(user)  # password only
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:two_factor"))

"""API clients for the builders' data set: a real OAuth2 client (ApiClient), a token from the real
token endpoint, and a DRF test client that sends it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

BSN_C, BSN_D = "999990032", "999990044"


def elfproef_bsn(n: int) -> str:
    """A nine-digit number passing the elfproef, distinct per n (for generated youths)."""
    for prefix in (f"9{n:07d}", f"8{n:07d}"):
        check = sum(int(d) * w for d, w in zip(prefix, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return prefix + str(check)
    raise AssertionError(n)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the throttle's counters live in the cache
    yield
    cache.clear()


@pytest.fixture
def make_client(dataset):
    """make_client(org, scopes=None, approved=True) -> (ApiClient, secret)."""
    from ketenzicht.access.policy import api_scopes_allowed
    from ketenzicht.api.services import create_client
    from ketenzicht.reference.models import Organisation

    def make(org: str = "GI-JBW", scopes=None, approved: bool = True, name: str = "Zaaksysteem"):
        organisation = Organisation.objects.get(external_id=org)
        wanted = sorted(api_scopes_allowed(organisation.type)) if scopes is None else scopes
        return create_client(organisation, name, wanted, approved=approved)

    return make


def token_for(client, secret: str, scope: str | None = None) -> tuple[int, dict]:
    data = {
        "grant_type": "client_credentials",
        "client_id": client.application.client_id,
        "client_secret": secret,
    }
    if scope is not None:
        data["scope"] = scope
    response = APIClient().post("/oauth/token", data)
    return response.status_code, response.json()


@pytest.fixture
def api(make_client):
    """api(org="GI-JBW", scopes=None, token_scope=None) -> APIClient with a bearer token."""

    def make(org: str = "GI-JBW", scopes=None, token_scope: str | None = None):
        client, secret = make_client(org, scopes)
        status, body = token_for(client, secret, token_scope)
        assert status == 200, body
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
        c.api_client = client
        return c

    return make


def contact(eid: str, measure: str = "M-1", date: str = "2026-10-20", **data) -> dict:
    return {
        "id": eid,
        "measure": measure,
        "type": "contact",
        "date": date,
        "data": {
            "present": ["jeugdige"],
            "child_spoken_alone": True,
            "mode": "face_to_face",
            "location": "thuis",
        }
        | data,
    }


def new_case(n: int, gi: str = "GI-JBW", team: str = "T-DH1", worker: str | None = None) -> dict:
    """A batch with a new youth, its OTS, the start and (optionally) a fixed worker."""
    youth = {
        "id": f"Y-API-{n}",
        "bsn": elfproef_bsn(n),
        "given_name": "Sam",
        "family_name": "de Vries",
        "birth_date": "2014-05-06",
        "responsible_municipality": "GM0518",
        "stay_municipality": "GM0518",
        "placement_type": "thuis",
    }
    events = [
        {
            "id": f"E-API-{n}-1",
            "measure": f"M-API-{n}",
            "type": "measure_started",
            "date": "2026-09-01",
            "data": {"ruling_date": "2026-09-01", "end_date": "2027-08-31", "gi": gi, "team": team},
        }
    ]
    if worker:
        events.append(
            {
                "id": f"E-API-{n}-2",
                "measure": f"M-API-{n}",
                "type": "worker_assigned",
                "date": "2026-09-02",
                "data": {"assignment": "vast", "worker": worker},
            }
        )
    return {
        "youths": [youth],
        "measures": [{"id": f"M-API-{n}", "youth": youth["id"], "measure_type": "11"}],
        "events": events,
    }

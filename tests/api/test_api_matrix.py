"""The permission matrix of the API: every operation in the OpenAPI document × every scope ×
own and other organisation, and a municipality's client. Operations are read from the document,
so a new operation is covered without adding it here (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from drf_spectacular.generators import SchemaGenerator

from ketenzicht.access.policy import API_SCOPES, api_scopes_allowed

from .conftest import contact

pytestmark = pytest.mark.django_db

# The id each path parameter takes: records of GI-JBW in the builders' data set.
PATH_IDS = {
    "/organisations/{id}": "GI-JBW",
    "/teams/{id}": "T-DH1",
    "/workers/{id}": "W-1",
    "/workers/{id}/norm-results": "W-1",
    "/youths/{id}": "Y-1",
    "/measures/{id}": "M-1",
    "/measures/{id}/events": "M-1",
    "/measures/{id}/norm-results": "M-1",
    "/trajectories/{id}": "T-API",
}
YOUTH = {
    "bsn": "999990019",
    "given_name": "Noor",
    "family_name": "Jansen",
    "birth_date": "2015-03-04",
    "responsible_municipality": "GM0518",
    "stay_municipality": "GM0518",
    "placement_type": "thuis",
    "network": [{"relation": "moeder", "name": "Petra Jansen", "has_authority": True}],
}
BODIES = {
    ("put", "/youths/{id}"): YOUTH,
    ("put", "/measures/{id}"): {"youth": "Y-1", "measure_type": "11"},
    ("post", "/events"): {"events": [contact("E-MATRIX")]},
    # GI-JBW holds regie on T-API (below) and hands it on: its client acts as its teamleider.
    ("post", "/trajectories"): {
        "trajectory_events": [
            {
                "id": "TE-MATRIX",
                "trajectory": "T-API",
                "type": "regie_offered",
                "date": "2026-10-02",
                "data": {"to_organisation": "GI-WSS"},
            }
        ]
    },
}
# For the other organisation's client the records of GI-JBW do not exist (reads) or may not be
# written; its own reference data (organisation, teams, workers) is simply not these ids.
OTHER_ORG_STATUS = {"get": 404, "put": 403, "post": 403}


def operations() -> list[tuple[str, str, str]]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    out = []
    for path, item in document["paths"].items():
        for method, op in item.items():
            if method in ("get", "put", "post", "patch", "delete"):
                (scope,) = op["security"][0]["oauth2"]
                out.append((method, path, scope))
    return sorted(out)


OPERATIONS = operations()


def _trajectory() -> None:
    """A trajectory of Y-1 whose regie GI-JBW holds (the builders' data set has none)."""
    from ketenzicht.chain import services
    from ketenzicht.chain.models import Trajectory
    from ketenzicht.reference.models import Organisation
    from ketenzicht.timeline.models import Youth

    if not Trajectory.objects.filter(external_id="T-API").exists():
        services.open_trajectory(
            Youth.objects.get(external_id="Y-1"),
            Organisation.objects.get(external_id="GI-JBW"),
            dt.date(2026, 10, 1),
            {"reported_by": "school", "municipality": "GM0518", "regie_organisation": "GI-JBW"},
            external_id="T-API",
            today=dt.date(2026, 10, 1),
        )


def call(client, method: str, path: str):
    if path.startswith("/trajectories"):
        _trajectory()
    url = "/api/v1" + path.replace("{id}", PATH_IDS.get(path, ""))
    body = BODIES.get((method, path))
    return (
        getattr(client, method)(url, body, format="json") if body else getattr(client, method)(url)
    )


def test_the_matrix_covers_every_operation():
    assert len(OPERATIONS) == 22
    assert {scope for _, _, scope in OPERATIONS} == set(API_SCOPES) - {
        "teams:write",
        "workers:write",
    }  # these two are batch parts of POST /events (checked in test_errors)


@pytest.mark.parametrize("method,path,needed", OPERATIONS)
def test_each_operation_needs_exactly_its_scope(api, method, path, needed):
    only = api(scopes=[needed])
    response = call(only, method, path)
    assert response.status_code in (200, 201), (response.status_code, response.content)
    others = sorted(set(API_SCOPES) - {needed})
    without = api(scopes=others)
    refused = call(without, method, path)
    assert refused.status_code == 403, refused.content
    assert needed in refused.json()["detail"]


@pytest.mark.parametrize("method,path,needed", OPERATIONS)
def test_another_organisation_never_reaches_this_ones_records(api, method, path, needed):
    other = api("GI-WSS")
    response = call(other, method, path)
    if "{id}" in path or method != "get":
        assert response.status_code == OTHER_ORG_STATUS[method], response.content
    else:
        assert response.status_code == 200
        assert "GI-JBW" not in response.content.decode() and "Y-1" not in response.content.decode()


@pytest.mark.parametrize("method,path,needed", OPERATIONS)
def test_a_municipality_reaches_only_its_organisation_and_counts(api, method, path, needed):
    gemeente = api("GEM-0518")
    response = call(gemeente, method, path)
    if needed in api_scopes_allowed("gemeente"):
        assert response.status_code in (200, 404), response.content  # 404: GI-JBW is not its own
    else:
        assert response.status_code == 403, response.content

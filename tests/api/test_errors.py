"""Bad input on the API: each refused with problem+json naming the record and field, in Dutch,
and nothing stored (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone
from oauth2_provider.models import AccessToken
from rest_framework.test import APIClient

from ketenzicht.timeline.models import Change, Event, Measure, Youth

from .conftest import contact, new_case, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def nothing_stored():
    """Asserts, after the test body, that no event, youth, measure or change was added."""
    before = (Event.objects.count(), Youth.objects.count(), Measure.objects.count())
    changes = Change.objects.count()
    yield
    assert (Event.objects.count(), Youth.objects.count(), Measure.objects.count()) == before
    assert Change.objects.count() == changes


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def params(body: dict) -> dict[str, str]:
    return {p["name"]: p["reason"] for p in body.get("invalidParams", [])}


def test_unknown_event_type(api, nothing_stored):
    event = contact("E-X") | {"type": "huisbezoek"}
    body = problem(api().post("/api/v1/events", {"events": [event]}, format="json"), 400)
    assert "onbekende waarde 'huisbezoek'" in params(body)["events[0].type"]
    assert body["invalidParams"][0]["id"] == "E-X"


def test_event_before_the_measure_starts_names_record_and_field(api, nothing_stored):
    batch = {"events": [contact("E-OK"), contact("E-EARLY", date="2026-01-15")]}
    body = problem(api().post("/api/v1/events", batch, format="json"), 400)
    assert "vóór de start van de maatregel" in params(body)["events[1].date"]
    assert "er is niets opgeslagen" in body["detail"]


def test_a_measure_of_another_organisation(api, nothing_stored):
    body = problem(
        api("GI-WSS").post("/api/v1/events", {"events": [contact("E-WSS")]}, format="json"), 403
    )
    assert "valt niet onder deze organisatie" in params(body)["events[0].measure"]


def test_starting_a_measure_for_another_gi_is_refused(api, nothing_stored):
    batch = new_case(7, gi="GI-WSS", team="T-WSS")
    body = problem(api("GI-JBW").post("/api/v1/events", batch, format="json"), 403)
    assert "eigen GI" in params(body)["events[0].gi"]


def test_a_duplicate_event_id_with_other_content_is_a_conflict(api):
    client = api()
    assert (
        client.post("/api/v1/events", {"events": [contact("E-D")]}, format="json").status_code
        == 200
    )
    stored = Event.objects.count()
    changed = contact("E-D", date="2026-10-21")
    body = problem(client.post("/api/v1/events", {"events": [changed]}, format="json"), 409)
    assert "onveranderlijk" in params(body)["events[0].id"]
    assert Event.objects.count() == stored


@override_settings(KETENZICHT_API_MAX_BATCH=2)
def test_a_batch_over_the_size_limit(api, nothing_stored):
    batch = {"events": [contact(f"E-{i}") for i in range(3)]}
    body = problem(api().post("/api/v1/events", batch, format="json"), 413)
    assert "maximum is 2" in body["detail"]


@override_settings(KETENZICHT_API_MAX_BODY=200)
def test_a_body_over_the_size_limit(api, nothing_stored):
    batch = {"events": [contact("E-BIG", not_alone_reason="overig")]}
    body = problem(api().post("/api/v1/events", batch, format="json"), 413)
    assert "bytes" in body["detail"]


def test_invalid_bsn(api, nothing_stored):
    batch = new_case(8)
    batch["youths"][0]["bsn"] = "123456789"
    body = problem(api().post("/api/v1/events", batch, format="json"), 400)
    assert "elfproef" in params(body)["youths[0].bsn"]


def test_malformed_json(api, nothing_stored):
    response = api().post("/api/v1/events", b'{"events": [', content_type="application/json")
    assert "geen geldige JSON" in problem(response, 400)["detail"]


def test_wrong_content_type(api, nothing_stored):
    response = api().post("/api/v1/events", "events=1", content_type="text/plain")
    assert "application/json" in problem(response, 415)["detail"]


def test_missing_token(dataset, nothing_stored):
    response = APIClient().post("/api/v1/events", {"events": []}, format="json")
    problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_token(api, nothing_stored):
    client = api()
    AccessToken.objects.update(expires=timezone.now() - dt.timedelta(minutes=1))
    problem(client.post("/api/v1/events", {"events": [contact("E-T")]}, format="json"), 401)
    problem(client.get("/api/v1/youths"), 401)


def test_a_token_of_another_organisation_sees_and_writes_nothing_of_this_one(api, nothing_stored):
    wss = api("GI-WSS")
    problem(wss.get("/api/v1/measures/M-1/events"), 404)
    problem(wss.get("/api/v1/measures/M-1/norm-results"), 404)
    problem(
        wss.put("/api/v1/measures/M-1", {"youth": "Y-1", "measure_type": "11"}, format="json"), 403
    )


def test_a_scope_that_does_not_allow_the_call(api, make_client, nothing_stored):
    reader = api(scopes=["events:read", "measures:read"])
    body = problem(reader.post("/api/v1/events", {"events": [contact("E-S")]}, format="json"), 403)
    assert "events:write" in body["detail"]
    # a token asked with fewer scopes than the client holds is limited to those
    narrow = api(token_scope="measures:read")
    problem(narrow.get("/api/v1/youths"), 403)
    assert narrow.get("/api/v1/measures").status_code == 200
    # a batch carrying youths needs youths:write besides events:write
    writer = api(scopes=["events:write"])
    body = problem(writer.post("/api/v1/events", new_case(9), format="json"), 403)
    assert "youths:write" in body["detail"]
    # a municipality's client cannot even get a token for case data
    client, secret = make_client("GEM-0518", ["organisations:read", "counts:read"])
    status, answer = token_for(client, secret, "events:write")
    assert status == 400 and answer["error"] == "invalid_scope"


def test_a_client_whose_role_is_not_approved_gets_no_token(make_client):
    client, secret = make_client(approved=False)
    status, answer = token_for(client, secret)
    assert status == 401 and answer["error"] == "invalid_client"


def test_a_municipality_cannot_be_given_case_scopes(make_client):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Niet toegestaan"):
        make_client("GEM-0518", ["youths:read"])


@override_settings(KETENZICHT_API_RATE="3/minute")
def test_rate_limit_per_client(api):
    client, other = api(), api("GI-WSS")
    for _ in range(3):
        assert client.get("/api/v1/teams").status_code == 200
    body = problem(client.get("/api/v1/teams"), 429)
    assert "te veel verzoeken" in body["detail"]
    assert int(client.get("/api/v1/teams")["Retry-After"]) > 0
    assert other.get("/api/v1/teams").status_code == 200  # per client, not for everyone


def test_invalid_query_parameters(api):
    client = api()
    for path, name in (
        ("/api/v1/youths?page=0", "page"),
        ("/api/v1/youths?page=99", "page"),
        ("/api/v1/youths?pageSize=1001", "pageSize"),
        ("/api/v1/changes?cursor=-1", "cursor"),
        ("/api/v1/changes?limit=abc", "limit"),
        ("/api/v1/counts?peildatum=morgen", "peildatum"),
        ("/api/v1/counts?peildatum=2099-01-01", "peildatum"),
        ("/api/v1/counts?per=wijk", "per"),
    ):
        assert name in params(problem(client.get(path), 400)), path


def test_unknown_path_and_method(api):
    client = api()
    problem(client.get("/api/v1/kinderen"), 404)
    problem(client.get("/api/v1/youths/"), 404)  # no trailing slashes
    problem(client.delete("/api/v1/youths/Y-1"), 405)

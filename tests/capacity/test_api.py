"""Staff facts through the API (issue 17, item 1): a batch posts them with the client's
workers:write scope, through the importer's one write path; another GI's facts are refused."""

import pytest

from ketenzicht import clock
from ketenzicht.capacity.models import StaffEvent
from tests.api.conftest import api, make_client  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def fact(fid, org="GI-JBW", worker="W-1"):
    return {
        "id": fid,
        "organisation": org,
        "type": "in_dienst",
        "date": "2025-01-01",
        "worker": worker,
        "fte": 0.8,
        "function": "jeugdzorgwerker",
    }


def test_a_batch_stores_staff_facts_once(api):  # noqa: F811
    jbw = api("GI-JBW")
    body = {"events": [], "staff_events": [fact("PF-API-1")]}
    with clock.frozen(clock.today()):
        first = jbw.post("/api/v1/events", body, format="json")
        again = jbw.post("/api/v1/events", body, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["accepted"]["staff_events"] == 1 and again.status_code == 200
    assert StaffEvent.objects.filter(external_id="PF-API-1").count() == 1


def test_another_gis_staff_facts_and_incoherent_ones_are_refused(api):  # noqa: F811
    jbw = api("GI-JBW")
    other = jbw.post(
        "/api/v1/events",
        {"events": [], "staff_events": [fact("PF-X", org="GI-WSS", worker="W-3")]},
        format="json",
    )
    assert other.status_code == 403
    assert other.json()["invalidParams"][0]["name"] == "staff_events[0].organisation"
    bad = dict(fact("PF-Y"), type="afwezig", reason="ziekte")
    del bad["fte"], bad["function"]
    refused = jbw.post("/api/v1/events", {"events": [], "staff_events": [bad]}, format="json")
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "staff_events[0].worker"
    assert "niet in dienst" in refused.json()["invalidParams"][0]["reason"]
    assert not StaffEvent.objects.exists()


def test_the_openapi_document_describes_staff_event_records(api):  # noqa: F811
    from ketenzicht.interop.schema import build_schema

    doc = api("GI-JBW").get("/api/v1/openapi.json").json()
    record = doc["components"]["schemas"]["StaffEventRecord"]
    assert set(record["properties"]) == set(
        build_schema()["$defs"]["staff_event"]["properties"]
    ) - {"kind"}
    assert "staff_events" in doc["components"]["schemas"]["Batch"]["properties"]

"""API v1 per resource: what a GI's and a municipality's client see and write (issue 13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from ketenzicht.access.models import AccessLogEntry
from ketenzicht.crypto import youth_pseudonym
from ketenzicht.timeline.models import Event, Measure, Youth

from .conftest import BSN_C, contact, new_case

pytestmark = pytest.mark.django_db


def ids(response) -> list[str]:
    return [r["id"] for r in response.json()["results"]]


def test_reference_data_of_the_own_organisation_only(api):
    jbw = api("GI-JBW")
    assert ids(jbw.get("/api/v1/organisations")) == ["GI-JBW"]
    assert ids(jbw.get("/api/v1/teams")) == ["T-DH1", "T-IDT"]
    assert ids(jbw.get("/api/v1/workers")) == ["W-1", "W-2"]
    assert jbw.get("/api/v1/workers/W-1").json()["family_name"]
    other = jbw.get("/api/v1/teams/T-WSS")
    assert other.status_code == 404
    assert other["Content-Type"] == "application/problem+json"
    assert ids(api("GI-WSS").get("/api/v1/teams")) == ["T-WSS"]


def test_youths_and_measures_within_scope_and_without_bsn_or_name(api):
    jbw = api("GI-JBW")
    youths = jbw.get("/api/v1/youths").json()["results"]
    assert [y["id"] for y in youths] == ["Y-1"]
    assert set(youths[0]) == {
        "id",
        "birth_date",
        "responsible_municipality",
        "stay_municipality",
        "placement_type",
    }
    assert youths[0]["stay_municipality"] == "GM0603"  # folded from placement_changed
    measure = jbw.get("/api/v1/measures/M-1").json()
    assert (measure["gi"], measure["worker"], measure["youth"]) == ("GI-JBW", "W-1", "Y-1")
    wss = api("GI-WSS")
    assert wss.get("/api/v1/youths").json()["count"] == 0
    assert wss.get("/api/v1/measures/M-1").status_code == 404
    assert wss.get("/api/v1/youths/Y-1").status_code == 404


def test_put_youth_creates_then_updates_and_is_logged(api):
    jbw = api("GI-JBW")
    body = {
        "bsn": BSN_C,
        "given_name": "Mila",
        "family_name": "Bakker",
        "birth_date": "2016-01-02",
        "responsible_municipality": "GM0518",
        "stay_municipality": "GM0518",
        "placement_type": "thuis",
    }
    first = jbw.put("/api/v1/youths/Y-NEW", body, format="json")
    assert first.status_code == 201, first.json()
    assert first["API-Version"] == "1.0.0"
    again = jbw.put("/api/v1/youths/Y-NEW", body, format="json")
    assert again.status_code == 200
    moved = jbw.put("/api/v1/youths/Y-NEW", body | {"stay_municipality": "GM0603"}, format="json")
    assert moved.json()["stay_municipality"] == "GM0603"
    assert Youth.objects.get(external_id="Y-NEW").family_name == "Bakker"
    entries = AccessLogEntry.objects.filter(youth_pseudonym=youth_pseudonym("Y-NEW"))
    assert entries.count() == 3
    entry = entries.first()
    assert entry.username == jbw.api_client.user.username
    assert entry.organisation == "GI-JBW"
    assert entry.action == "change"
    assert "Y-NEW" not in entry.subject and "Bakker" not in entry.subject


def test_event_batch_is_all_stored_and_a_retry_answers_the_same(api):
    jbw = api("GI-JBW")
    batch = new_case(1, worker="W-2")
    batch["events"].append(contact("E-API-1-3", measure="M-API-1", date="2026-09-10"))
    batch["events"].append(contact("E-API-M1", measure="M-1"))
    first = jbw.post("/api/v1/events", batch, format="json")
    assert first.status_code == 200, first.json()
    assert first.json() == {
        "accepted": {
            "teams": 0,
            "workers": 0,
            "youths": 1,
            "measures": 1,
            "events": 4,
            "staff_events": 0,
        }
    }
    stored = Event.objects.count()
    retry = jbw.post("/api/v1/events", batch, format="json")
    assert (retry.status_code, retry.json()) == (200, first.json())
    assert Event.objects.count() == stored
    timeline = jbw.get("/api/v1/measures/M-API-1/events").json()["results"]
    assert [(e["seq"], e["type"]) for e in timeline] == [
        (1, "measure_started"),
        (2, "worker_assigned"),
        (3, "contact"),
    ]
    assert Measure.objects.get(external_id="M-API-1").worker.external_id == "W-2"


def test_norm_results_are_the_engines_per_measure_and_per_worker(api):
    from ketenzicht.norms.selectors import results_for_measures

    jbw = api("GI-JBW")
    today = timezone.localdate()
    got = jbw.get("/api/v1/measures/M-1/norm-results?pageSize=1000").json()["results"]
    m1 = Measure.objects.get(external_id="M-1")
    expected = results_for_measures([m1.pk], today)["M-1"]
    assert [(r["norm"], r["status"], r["due_date"], r["met_date"]) for r in got] == [
        (
            r.norm_id,
            str(r.status),
            r.due_date and r.due_date.isoformat(),
            r.met_date and r.met_date.isoformat(),
        )
        for r in expected
    ]
    assert all(r["source"] and r["variant"] for r in got)
    earlier = jbw.get("/api/v1/measures/M-1/norm-results?peildatum=2026-03-10").json()
    assert earlier["results"] != got  # the reference date reaches the engine
    worklist = jbw.get("/api/v1/workers/W-1/norm-results").json()["results"]
    assert worklist and {r["measure"] for r in worklist} == {"M-1"}
    assert {r["status"] for r in worklist} <= {"open", "overdue"}
    assert jbw.get("/api/v1/workers/W-3/norm-results").status_code == 404  # another GI's


def test_waiting_list_is_the_screens_list(api):
    from ketenzicht.access import policy
    from ketenzicht.care.selectors import waiting_list

    jbw = api("GI-JBW")
    assert jbw.post("/api/v1/events", new_case(2), format="json").status_code == 200
    rows = jbw.get("/api/v1/waiting-list").json()["results"]
    screen = waiting_list(policy.visible_measures(jbw.api_client.user), timezone.localdate())
    assert [r["measure"] for r in rows] == [r.measure.external_id for r in screen]
    assert "M-API-2" in [r["measure"] for r in rows]
    assert rows[0]["days_waiting"] >= 0


def test_counts_for_a_gi_and_suppressed_for_a_municipality(api):
    from ketenzicht.care import published
    from ketenzicht.publication import periods
    from ketenzicht.reference.models import Municipality

    jbw = api("GI-JBW")
    jbw.post("/api/v1/events", new_case(3), format="json")
    gi = jbw.get("/api/v1/counts?per=municipality").json()
    assert gi["total"] == 1 and gi["rows"] == [
        {"key": "GM0518", "label": "'s-Gravenhage", "count": "1"}
    ]
    gemeente = api("GEM-0518")
    last = periods.recent_month_ends(timezone.localdate())[-1]
    got = gemeente.get("/api/v1/counts").json()
    muni = Municipality.objects.get(cbs_code="GM0518")
    (table,) = published.suppressed(
        published.without_fixed_worker_table(published.universe(muni), [last])
    )
    assert got["peildatum"] == last.isoformat()
    assert got["rows"] == [
        {"key": "GM0518", "label": muni.name, "count": table.cell("GM0518", last.isoformat())}
    ]
    assert got["total"] is None
    not_month_end = gemeente.get(f"/api/v1/counts?peildatum={last - dt.timedelta(days=1)}")
    assert not_month_end.status_code == 400
    assert gemeente.get("/api/v1/youths").status_code == 403  # no case data for a municipality


def test_changes_feed_follows_every_write_path_in_order(api, make_user):
    from ketenzicht.interop.importer import import_lines
    from ketenzicht.timeline.services import append_event

    jbw = api("GI-JBW")
    start = jbw.get("/api/v1/changes?limit=1000").json()
    cursor = start["next"]
    assert start["more"] is False
    # 1. a youth protector records on the screen (the one append path)
    append_event(
        Measure.objects.get(external_id="M-1"),
        "safety_estimate",
        dt.date(2026, 10, 1),
        {"colour": "rood"},
    )
    # 2. the case system sends a batch through the API
    jbw.post("/api/v1/events", {"events": [contact("E-FEED-2")]}, format="json")
    # 3. a file import
    import_lines(
        iter(
            [
                (1, {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.1"}),
                (2, {"kind": "event", **contact("E-FEED-3", date="2026-10-25")}),
            ]
        )
    )
    page = jbw.get(f"/api/v1/changes?cursor={cursor}").json()
    assert [len(c["events"]) for c in page["results"]] == [1, 1, 1]
    assert [c["events"][0]["type"] for c in page["results"]] == [
        "safety_estimate",
        "contact",
        "contact",
    ]
    assert page["results"][2]["events"][0]["id"] == "E-FEED-3"
    assert all(c["measure"] == "M-1" and c["norm_results"] for c in page["results"])
    cursors = [int(c["cursor"]) for c in page["results"]]
    assert cursors == sorted(cursors) and page["next"] == str(cursors[-1])
    assert jbw.get(f"/api/v1/changes?cursor={page['next']}").json()["results"] == []
    assert api("GI-WSS").get(f"/api/v1/changes?cursor={cursor}").json()["results"] == []


def test_every_read_of_a_childs_data_is_in_the_access_log(api):
    jbw = api("GI-JBW")
    pseudonym = youth_pseudonym("Y-1")
    before = AccessLogEntry.objects.filter(youth_pseudonym=pseudonym).count()
    for path in (
        "/api/v1/youths",
        "/api/v1/youths/Y-1",
        "/api/v1/measures",
        "/api/v1/measures/M-1",
        "/api/v1/measures/M-1/events",
        "/api/v1/measures/M-1/norm-results",
        "/api/v1/workers/W-1/norm-results",
        "/api/v1/changes",
    ):
        assert jbw.get(path).status_code == 200, path
    entries = AccessLogEntry.objects.filter(youth_pseudonym=pseudonym).order_by("seq")
    assert entries.count() == before + 8
    assert {e.username for e in entries[before:]} == {jbw.api_client.user.username}
    assert all(e.subject.startswith("API: ") for e in entries[before:])
    # reference data of the organisation is not a child's data
    jbw.get("/api/v1/teams")
    assert AccessLogEntry.objects.filter(youth_pseudonym=pseudonym).count() == before + 8


def test_demo_clients_get_a_token_with_the_documented_credentials(dataset):
    from rest_framework.test import APIClient

    from ketenzicht.demo.api_clients import DEMO_CLIENTS, ensure_demo_api_clients

    assert len(ensure_demo_api_clients()) == 2
    assert len(ensure_demo_api_clients()) == 2  # idempotent
    for _org, _name, client_id, secret in DEMO_CLIENTS:
        response = APIClient().post(
            "/oauth/token",
            {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        )
        assert response.status_code == 200, response.content
    docs = (Path(__file__).parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    assert all(client_id in docs and secret in docs for *_, client_id, secret in DEMO_CLIENTS)

"""POST /trajectories (issue 18 through the API, decision 0016): a chain organisation's client
opens trajectories and records its steps under the screens' rules (`access.chain_policy`), all or
nothing; a known BSN links the stored youth without changing it."""

from __future__ import annotations

import datetime as dt

import pytest

from ketenzicht.access.models import AccessLogEntry
from ketenzicht.chain.models import Trajectory, TrajectoryEvent
from ketenzicht.crypto import youth_pseudonym
from ketenzicht.timeline.models import Youth
from tests.builders import BSN_A, write
from tests.chain.builders import chain_organisations, second_raad

from .conftest import elfproef_bsn

pytestmark = pytest.mark.django_db

URL = "/api/v1/trajectories"


@pytest.fixture
def chain(dataset, tmp_path):
    from ketenzicht.interop.importer import import_file

    header = {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"}
    records = [header, *chain_organisations(), *second_raad()]
    import_file(str(write(tmp_path / "chain.jsonl", records)), today=dt.date(2026, 11, 1))


def youth(yid: str, bsn: str, birth_date: str = "2016-05-01", family_name: str = "Vermeer"):
    return {
        "id": yid,
        "bsn": bsn,
        "given_name": "Sara",
        "family_name": family_name,
        "birth_date": birth_date,
        "responsible_municipality": "GM0518",
        "stay_municipality": "GM0518",
        "placement_type": "thuis",
    }


def step(eid: str, tid: str, kind: str, date: str, **data) -> dict:
    return {"id": eid, "trajectory": tid, "type": kind, "date": date, "data": data}


def opening(tid: str = "T-WT-1", yid: str = "Y-WT-1", bsn: str | None = None, **youth_fields):
    return {
        "youths": [youth(yid, bsn or elfproef_bsn(501), **youth_fields)],
        "trajectories": [{"id": tid, "youth": yid, "organisation": "WT-DH"}],
        "trajectory_events": [
            step(f"{tid}-1", tid, "concern_registered", "2026-10-01", reported_by="school",
                 municipality="GM0518", regie_organisation="WT-DH", regie_worker="W-WT"),
            step(f"{tid}-2", tid, "jbt_held", "2026-10-10", outcome="raadsonderzoek"),
            step(f"{tid}-3", tid, "investigation_requested", "2026-10-12", requested_by="WT-DH",
                 mandate="jbt", rvdk="RVDK-DH"),
        ],
    }  # fmt: skip


def test_a_wijkteam_opens_a_trajectory_with_a_new_youth_and_sending_it_again_changes_nothing(
    chain, api
):
    wijkteam = api("WT-DH")
    first = wijkteam.post(URL, opening(), format="json")
    assert first.status_code == 200, first.content
    assert first.json() == {"accepted": {"youths": 1, "trajectories": 1, "trajectory_events": 3}}
    t = Trajectory.objects.select_related("youth", "regie_organisation", "rvdk").get(
        external_id="T-WT-1"
    )
    assert (t.youth.external_id, t.link, t.regie_organisation.external_id) == (
        "Y-WT-1",
        "verzoek_start",
        "WT-DH",
    )
    assert t.rvdk.external_id == "RVDK-DH"
    again = wijkteam.post(URL, opening(), format="json")
    assert again.status_code == 200, again.content
    assert TrajectoryEvent.objects.filter(trajectory=t).count() == 3
    entries = AccessLogEntry.objects.filter(youth_pseudonym=youth_pseudonym("Y-WT-1"))
    assert {e.subject for e in entries} == {"API: trajecten aangeleverd"}
    listed = wijkteam.get(URL).json()["results"]
    assert [r["id"] for r in listed] == ["T-WT-1"]


def test_a_known_bsn_links_the_stored_youth_without_changing_it(chain, api):
    body = opening(bsn=BSN_A, birth_date="2015-03-04", family_name="Anders")
    response = api("WT-DH").post(URL, body, format="json")
    assert response.status_code == 200, response.content
    t = Trajectory.objects.select_related("youth").get(external_id="T-WT-1")
    assert t.youth.external_id == "Y-1"  # the GI's youth with that BSN
    assert Youth.objects.get(external_id="Y-1").family_name == "Jansen"  # not overwritten
    assert not Youth.objects.filter(external_id="Y-WT-1").exists()
    assert api("WT-DH").post(URL, body, format="json").status_code == 200  # idempotent


def test_a_known_bsn_with_another_birth_date_is_refused_and_nothing_is_stored(chain, api):
    body = opening(bsn=BSN_A, birth_date="2015-03-05")
    response = api("WT-DH").post(URL, body, format="json")
    assert response.status_code == 403, response.content
    (fault,) = response.json()["invalidParams"]
    assert fault["name"] == "youths[0].bsn" and "andere geboortedatum" in fault["reason"]
    assert not Trajectory.objects.exists() and not Youth.objects.filter(family_name="Vermeer")


def test_each_step_is_recorded_only_by_whom_the_screens_allow(chain, api):
    wijkteam, raad, other_raad, gi = api("WT-DH"), api("RVDK-DH"), api("RVDK-RT"), api("GI-JBW")
    assert wijkteam.post(URL, opening(), format="json").status_code == 200

    started = {"trajectory_events": [step("S-1", "T-WT-1", "investigation_started", "2026-10-20")]}
    refused = wijkteam.post(URL, started, format="json")
    assert refused.status_code == 403
    (fault,) = refused.json()["invalidParams"]
    assert fault == {
        "name": "trajectory_events[0].type",
        "id": "S-1",
        "reason": "Alleen de Raad legt dit vast.",
    }
    outside = other_raad.post(URL, started, format="json")
    assert outside.status_code == 403
    assert "valt niet onder deze organisatie" in outside.json()["invalidParams"][0]["reason"]
    assert raad.post(URL, started, format="json").status_code == 200  # the Raad the request names

    offer = {
        "trajectory_events": [
            step("O-1", "T-WT-1", "regie_offered", "2026-10-21", to_organisation="GI-JBW")
        ]
    }
    assert gi.post(URL, offer, format="json").status_code == 403  # not its trajectory (yet)
    assert wijkteam.post(URL, offer, format="json").status_code == 200
    accept = {
        "trajectory_events": [step("A-1", "T-WT-1", "regie_accepted", "2026-10-22", worker="W-1")]
    }
    own_answer = wijkteam.post(URL, accept, format="json")
    assert own_answer.status_code == 403
    assert "regie krijgt aangeboden" in own_answer.json()["invalidParams"][0]["reason"]
    accepted = gi.post(URL, accept, format="json")
    assert accepted.status_code == 200, accepted.content
    t = Trajectory.objects.select_related("regie_organisation").get(external_id="T-WT-1")
    assert t.regie_organisation.external_id == "GI-JBW"
    assert TrajectoryEvent.objects.filter(trajectory=t).count() == 6


def test_a_refused_step_in_a_batch_stores_none_of_it(chain, api):
    body = opening()
    body["trajectory_events"].append(
        step("T-WT-1-4", "T-WT-1", "investigation_started", "2026-10-20")
    )
    response = api("WT-DH").post(URL, body, format="json")
    assert response.status_code == 403
    assert response.json()["invalidParams"][0]["name"] == "trajectory_events[3].type"
    assert not Trajectory.objects.exists() and not Youth.objects.filter(external_id="Y-WT-1")


@pytest.mark.parametrize("org", ["RVDK-DH", "GI-JBW"])
def test_only_a_wijkteam_or_veilig_thuis_opens_a_trajectory(chain, api, org):
    body = opening()
    body["trajectories"][0]["organisation"] = org
    del body["youths"]
    body["trajectories"][0]["youth"] = "Y-1"
    response = api(org).post(URL, body, format="json")
    assert response.status_code == 403
    assert "opent een traject" in response.json()["invalidParams"][0]["reason"]
    assert not Trajectory.objects.exists()


def test_a_chain_client_writes_no_youth_outside_its_own_concerns_and_no_measure_events(chain, api):
    wijkteam = api("WT-DH")
    gi_youth = {"youths": [youth("Y-1", BSN_A, "2015-03-04")], "trajectory_events": []}
    refused = wijkteam.post(URL, gi_youth, format="json")
    assert refused.status_code == 403  # Y-1 has a measure of GI-JBW
    assert refused.json()["invalidParams"][0]["name"] == "youths[0].id"
    loose = {"youths": [youth("Y-LOOSE", elfproef_bsn(502))], "trajectory_events": []}
    alone = wijkteam.post(URL, loose, format="json")
    assert alone.status_code == 403
    assert "hoort bij een traject" in alone.json()["invalidParams"][0]["reason"]
    events = wijkteam.post("/api/v1/events", {"events": []}, format="json")
    assert events.status_code == 403 and "events:write" in events.json()["detail"]
    unknown = wijkteam.post(URL, {"events": [], "trajectory_events": []}, format="json")
    assert unknown.status_code == 400
    assert unknown.json()["invalidParams"] == [
        {"name": "events", "reason": "onbekend onderdeel van deze batch."}
    ]


def test_a_gi_client_may_update_a_chain_youth_only_when_it_holds_or_is_offered_regie(chain, api):
    assert api("WT-DH").post(URL, opening(), format="json").status_code == 200
    update = youth("Y-WT-1", elfproef_bsn(501), family_name="Vermeer-de Boer")
    gi = api("GI-JBW")
    assert gi.put("/api/v1/youths/Y-WT-1", update, format="json").status_code == 403
    offer = {
        "trajectory_events": [
            step("O-1", "T-WT-1", "regie_offered", "2026-10-21", to_organisation="GI-JBW")
        ]
    }
    assert api("WT-DH").post(URL, offer, format="json").status_code == 200
    updated = gi.put("/api/v1/youths/Y-WT-1", update, format="json")
    assert updated.status_code == 200, updated.content
    assert Youth.objects.get(external_id="Y-WT-1").family_name == "Vermeer-de Boer"
    assert api("GI-WSS").put("/api/v1/youths/Y-WT-1", update, format="json").status_code == 403

"""GET /trajectories and /trajectories/{id}: the screens' scope (`policy.trajectory_filter`) for
an API client, the chain norms in the detail, and no names."""

from __future__ import annotations

import datetime as dt

import pytest

from ketenzicht import clock
from tests.builders import write
from tests.chain.builders import (
    chain_organisations,
    requested_trajectory,
    second_raad,
    trajectory_records,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(dataset, tmp_path):
    from ketenzicht.interop.importer import import_file

    header = {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"}
    records = [header, *chain_organisations(), *trajectory_records()]
    import_file(str(write(tmp_path / "chain.jsonl", records)), today=dt.date(2026, 11, 1))


def test_a_chain_organisation_reads_its_trajectories_and_a_gi_not_others(chain, api):
    wijkteam = api("WT-DH").get("/api/v1/trajectories")
    assert wijkteam.status_code == 200, wijkteam.content
    ids = [t["id"] for t in wijkteam.json()["results"]]
    assert ids == ["T-1"]  # registered by the wijkteam
    assert wijkteam.json()["results"][0]["youth"] == "Y-1"  # external ids, never names
    assert "Noor" not in wijkteam.content.decode()
    assert api("WT-DH").get("/api/v1/trajectories?open=true").json()["count"] == 0  # T-1 closed
    assert api("GI-JBW").get("/api/v1/trajectories").json()["count"] == 0
    assert api("GI-JBW").get("/api/v1/trajectories/T-1").status_code == 404
    assert api("WT-DH").get("/api/v1/trajectories?open=ja").status_code == 400


def test_the_detail_has_regie_flags_chain_norms_and_events(chain, api):
    with clock.frozen(dt.date(2026, 11, 1)):
        body = api("RVDK-DH").get("/api/v1/trajectories/T-1").json()
    assert (body["closure"], body["measure"], body["regie_organisation"]) == (
        "uitspraak",
        "M-1",
        "RVDK-DH",
    )
    norms = {n["norm"]: n for n in body["chain_norms"]}
    assert norms["keten-start-raadsonderzoek"]["status"] == "met_late"
    assert norms["keten-start-raadsonderzoek"]["due_date"] == "2026-02-11"
    assert [e["type"] for e in body["events"]][:2] == ["concern_registered", "vt_involved"]


def test_a_raad_reads_the_request_addressed_to_it_and_another_raad_not(chain, api, tmp_path):
    from ketenzicht.interop.importer import import_file

    header = {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"}
    records = [header, *second_raad(), *requested_trajectory("T-R", "RVDK-DH")]
    import_file(str(write(tmp_path / "request.jsonl", records)), today=dt.date(2026, 11, 1))
    body = api("RVDK-DH").get("/api/v1/trajectories?open=true").json()
    assert [(t["id"], t["rvdk"], t["regie_organisation"]) for t in body["results"]] == [
        ("T-R", "RVDK-DH", "WT-DH")  # addressed to it; the wijkteam keeps regie
    ]
    other = api("RVDK-RT")
    assert other.get("/api/v1/trajectories").json()["count"] == 0
    assert other.get("/api/v1/trajectories/T-R").status_code == 404

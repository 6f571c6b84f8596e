"""What is coming to a GI (issue 18, item 4): per municipality of the GI's regions the open
trajectories at the Raad and the court on the last day of the latest completed month, as the
municipal chain figures publish them (suppressed with the jeugdhulpregio), compared with an
independent count over the stored events; no youth identifier on the screen."""

from __future__ import annotations

import collections
import datetime as dt

import pytest
from django.urls import reverse

from ketenzicht import clock
from ketenzicht.access import policy
from ketenzicht.chain.models import TrajectoryEvent
from ketenzicht.reporting.chain_figures import RAAD_LINKS, coming
from tests.builders import BSN_A, write
from tests.chain.builders import ev, records_with_trajectories, requested_trajectory

TODAY = dt.date(2026, 11, 2)  # latest completed month: October, counted on 31 October
ON = dt.date(2026, 10, 31)
pytestmark = pytest.mark.django_db

# Steps after the request, in the chain's order, and the link each starts.
STEPS = {
    "investigation_requested": "verzoek_start",
    "investigation_started": "onderzoek",
    "investigation_finished": "advies_verzoekschrift",
    "petition_filed": "verzoekschrift_uitspraak",
}


def _at(tid: str, muni: str, *steps: tuple[str, str, dict]) -> list[dict]:
    records = requested_trajectory(tid, "RVDK-DH")
    records[1]["data"]["municipality"] = muni
    return records + [ev(f"{tid}-{n}", tid, kind, day, **data)
                      for n, (kind, day, data) in enumerate(steps, start=4)]  # fmt: skip


@pytest.fixture
def chain_data(tmp_path):
    from ketenzicht.interop.importer import import_file

    started = ("investigation_started", "2026-10-10", {})
    finished = ("investigation_finished", "2026-10-20", {"advice": "ots"})
    records = records_with_trajectories()  # T-1: closed by a ruling in March
    for n in range(4):  # waiting for the start of the investigation in The Hague
        records += _at(f"T-V{n}", "GM0518")
    # Started on 1 November: still waiting for the start on 31 October.
    records += _at("T-L", "GM0518", ("investigation_started", "2026-11-01", {}))
    records += _at("T-O1", "GM0603", started) + _at("T-O2", "GM0603", started)  # Rijswijk
    records += _at("T-A", "GM0518", started, finished)
    records += _at("T-P", "GM0518", started, finished, ("petition_filed", "2026-10-25", {}))
    # Closed by a ruling in October: no longer coming.
    records += _at("T-C", "GM0518", started, finished, ("petition_filed", "2026-10-25", {}),
                   ("ruling", "2026-10-30", {"outcome": "afgewezen"}))  # fmt: skip
    import_file(str(write(tmp_path / "c.jsonl", records)), today=TODAY)


def independent_count(day: dt.date) -> collections.Counter:
    """(municipality, link) -> open trajectories at that link on `day`, from the events alone."""
    events = collections.defaultdict(list)
    for e in TrajectoryEvent.objects.filter(date__lte=day).order_by("date", "seq"):
        events[e.trajectory_id].append(e)
    out: collections.Counter = collections.Counter()
    for evs in events.values():
        kinds = {e.event_type for e in evs}
        if kinds & {"ruling", "closed_voluntary"}:
            continue
        reached = [link for step, link in STEPS.items() if step in kinds]
        if reached:
            muni = next(e for e in evs if e.event_type == "concern_registered").data
            out[(muni["municipality"], reached[-1])] += 1
    return out


def test_the_counts_equal_an_independent_count_as_published(chain_data):
    found = coming(["GM0518", "GM0603", "GM0503"], TODAY)
    assert found is not None and found.waiting_on == ON
    expected = independent_count(ON)
    assert expected[("GM0518", "verzoek_start")] == 5  # not vacuous: a published count
    rows = {r.municipality: r for r in found.rows}
    assert set(rows) == {"GM0503", "GM0518", "GM0603"}
    for code, row in rows.items():
        for link, cell in zip(RAAD_LINKS, row.cells, strict=True):
            n = expected[(code, link)]
            if cell == "<5":
                assert 1 <= n <= 4
            elif cell != "x":
                assert int(cell) == n, (code, link)
        if row.total != "x":
            assert int(row.total) == sum(expected[(code, link)] for link in RAAD_LINKS)
    assert rows["GM0518"].cells[0] == "5"
    assert rows["GM0603"].cells[1] == "<5" and rows["GM0603"].total == "x"
    assert rows["GM0503"].cells == ["0", "0", "0", "0"] and rows["GM0503"].total == "0"


def test_the_gi_sees_the_counts_without_any_youth_on_the_trajectories_screen(
    chain_data, make_user, client, login
):
    teamleider = make_user("W-2", "teamleider")  # GI-JBW, located in The Hague (Zuidwest)
    assert "GM0518" in policy.coming_municipalities(teamleider)
    login(teamleider)
    with clock.frozen(TODAY):
        html = client.get(reverse("web:trajectories")).content.decode()
    assert 'data-table="keten_komt_eraan"' in html and 'data-municipality="GM0603"' in html
    assert "data-trajectory=" not in html  # GI-JBW holds no regie and is offered none
    for identifier in ("Y-1", "Noor Jansen", BSN_A, "T-V0", "T-R"):
        assert identifier not in html
    # A chain role plans nothing here.
    assert policy.coming_municipalities(make_user("W-WT", "wijkteam")) == []

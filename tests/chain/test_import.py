"""Trajectories through the one write path of the exchange format (version 1.2): import,
refusals with line and field, projection, export and a byte-identical round trip."""

from __future__ import annotations

import datetime as dt
import io
import json

import jsonschema
import pytest

from ketenzicht import clock
from ketenzicht.chain.models import Trajectory, TrajectoryEvent
from ketenzicht.interop.exporter import export
from ketenzicht.interop.importer import import_file
from ketenzicht.interop.outcome import ImportFailed
from ketenzicht.interop.schema import build_schema
from tests.builders import find, write
from tests.chain.builders import records_with_trajectories

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


def _import(tmp_path, records, name="t.jsonl"):
    return import_file(str(write(tmp_path / name, records)), today=TODAY)


def _problems(tmp_path, records):
    with pytest.raises(ImportFailed) as info:
        _import(tmp_path, records, "bad.jsonl")
    return [str(p) for p in info.value.problems]


def test_a_trajectory_imports_with_its_projection_and_measure(tmp_path):
    report = _import(tmp_path, records_with_trajectories())
    assert report.created["trajectory"] == 1 and report.created["trajectory_event"] == 11
    t = Trajectory.objects.get(external_id="T-1")
    assert t.closure == "uitspraak" and t.closed_on == dt.date(2026, 3, 2)
    assert t.measure.external_id == "M-1"
    assert t.regie_organisation.external_id == "RVDK-DH"
    assert t.regie_worker.external_id == "W-RVDK" and t.offer_organisation is None
    # The same file again changes nothing.
    again = _import(tmp_path, records_with_trajectories(), "again.jsonl")
    assert again.created["trajectory_event"] == 0 and again.unchanged["trajectory_event"] == 11


def test_export_writes_trajectories_after_the_events_and_round_trips(tmp_path):
    _import(tmp_path, records_with_trajectories())
    out = io.StringIO()
    export(out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    kinds = [x["kind"] for x in lines]
    assert kinds.index("trajectory") > max(i for i, k in enumerate(kinds) if k == "event")
    schema = build_schema()
    for line in lines:
        jsonschema.validate(line, schema)
    TrajectoryEvent.objects.all().delete()
    Trajectory.objects.all().delete()
    (tmp_path / "export.jsonl").write_text(out.getvalue(), encoding="utf-8")
    import_file(str(tmp_path / "export.jsonl"), today=clock.today())  # recorded_at: now
    second = io.StringIO()
    export(second)
    assert second.getvalue() == out.getvalue()


def test_a_handover_accepted_without_offer_is_refused_naming_line_and_field(tmp_path):
    records = records_with_trajectories()
    records.remove(find(records, "TE-6"))
    problems = _problems(tmp_path, records)
    assert len(problems) == 1 and "er wacht geen overdracht van de regie" in problems[0]
    assert Trajectory.objects.count() == 0


def test_references_and_types_are_checked(tmp_path):
    records = records_with_trajectories()
    find(records, "TE-5")["data"]["rvdk"] = "WT-DH"
    find(records, "TE-7")["data"]["worker"] = "W-1"  # works at a GI, not at the Raad
    problems = _problems(tmp_path, records)
    assert any("data.rvdk" in p and "geen Raad voor de Kinderbescherming" in p for p in problems)
    records = records_with_trajectories()
    find(records, "TE-7")["data"]["worker"] = "W-1"
    problems = _problems(tmp_path, records)
    assert problems == [
        f"regel {_line(records, 'TE-7')}, veld data.worker: Regie geaccepteerd (02-02-2026): "
        "medewerker 'W-1' werkt niet bij 'RVDK-DH'."
    ]


def test_a_ruling_naming_an_unknown_measure_is_refused(tmp_path):
    records = records_with_trajectories()
    find(records, "TE-11")["data"]["measure"] = "M-404"
    assert any("maatregel 'M-404' is onbekend" in p for p in _problems(tmp_path, records))


def _line(records, rid):
    return next(i for i, r in enumerate(records, start=1) if r.get("id") == rid)

"""A file imported in parts (interop.streaming) stores exactly what one pass stores, reports
exactly the faults one pass reports, and stores nothing when any part has a fault."""

import datetime as dt
import io
import json
import re
from collections import defaultdict

import pytest
from django.db import transaction

from ketenzicht.demo.generator import DemoGenerator
from ketenzicht.interop import exporter
from ketenzicht.interop.importer import ImportFailed
from ketenzicht.interop.streaming import FIRST, LAST, import_file, index_file, parts
from ketenzicht.norms.models import InstanceRow, ReadState
from ketenzicht.timeline.models import Event, Measure, Youth
from tests.builders import jsonl

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db
ONE_PART = 10**9


@pytest.fixture(scope="module")
def records():
    """The small demo cut down to its first youths: reference data and staff facts, 14 youths
    with their measures, events and trajectories (a few thousand lines)."""
    every = list(DemoGenerator("small", 1, TODAY).records())
    youths = [r["id"] for r in every if r["kind"] == "youth"][:14]
    kept_youths = set(youths)
    measures = {r["id"] for r in every if r["kind"] == "measure" and r["youth"] in kept_youths}
    trajectories = {
        r["id"] for r in every if r["kind"] == "trajectory" and r["youth"] in kept_youths
    }
    keep = {
        "youth": lambda r: r["id"] in kept_youths,
        "measure": lambda r: r["id"] in measures,
        "event": lambda r: r["measure"] in measures,
        "trajectory": lambda r: r["id"] in trajectories,
        "trajectory_event": lambda r: r["trajectory"] in trajectories,
    }
    return [r for r in every if keep.get(r["kind"], lambda r: True)(r)]


def write(tmp_path, records, name="in.jsonl"):
    path = tmp_path / name
    path.write_bytes(jsonl(records))
    return str(path)


def exported() -> str:
    out = io.StringIO()
    exporter.export(out)
    # Staff facts and trajectory events without a time of registration get the import's.
    return re.sub(r',"recorded_at":"[^"]*"', "", out.getvalue())


def stored() -> dict:
    return {
        "export": exported(),
        "read model": sorted(
            InstanceRow.objects.values_list(
                "measure__external_id", "position", "norm_id", "due_date", "met_date", "status"
            )
        ),
        "read states": sorted(
            ReadState.objects.values_list("measure__external_id", "valid_from", "valid_until")
        ),
        "projections": sorted(
            Measure.objects.values_list(
                "external_id", "gi__external_id", "worker__external_id", "assignment"
            )
        ),
    }


def in_one_pass_and_in_parts(path, part_lines):
    """What one pass stores (rolled back afterwards), then what the import in parts stores."""
    with transaction.atomic():
        import_file(path, today=TODAY, part_lines=ONE_PART)
        single = stored()
        transaction.set_rollback(True)
    assert not Event.objects.exists()
    import_file(path, today=TODAY, part_lines=part_lines)
    return single, stored()


def test_parts_keep_every_youth_whole_in_file_order(tmp_path, records):
    with open(write(tmp_path, records), "rb") as stream:
        index = index_file(stream)
        stream.seek(0)
        lines = [json.loads(raw) for raw in stream if raw.strip()]
    found = list(parts(index, part_lines=150))
    assert len(found) >= 5, [len(p) for p in found]
    assert sorted(pos for part in found for pos in part) == list(range(len(lines)))
    assert index.groups[0] == FIRST and lines[0]["kind"] == "header"
    assert all(list(part) == sorted(part) for part in found)  # file order within a part
    assert all(lines[pos]["kind"].startswith("trajectory") for pos in found[-1])
    assert all(index.groups[pos] == LAST for pos in found[-1])
    part_of = {pos: n for n, part in enumerate(found) for pos in part}
    youth_part = {r["id"]: part_of[pos] for pos, r in enumerate(lines) if r["kind"] == "youth"}
    measure_part = {}
    for pos, r in enumerate(lines):
        if r["kind"] == "measure":
            measure_part[r["id"]] = part_of[pos]
            assert part_of[pos] == youth_part[r["youth"]]
    for pos, r in enumerate(lines):
        if r["kind"] == "event":
            assert part_of[pos] == measure_part[r["measure"]]
        if r["kind"] in ("organisation", "team", "worker", "staff_event"):
            assert part_of[pos] == 0


def test_a_file_in_parts_stores_what_one_pass_stores(tmp_path, records):
    single, in_parts = in_one_pass_and_in_parts(write(tmp_path, records), part_lines=300)
    assert in_parts == single
    assert in_parts["export"].count("\n") == len(records)
    assert len(in_parts["read model"]) > 100


def test_an_export_ordered_file_in_parts_stores_what_one_pass_stores(tmp_path, records):
    """An export sorts each kind by id; the groups then gather lines from far apart."""
    by_kind = defaultdict(list)
    for r in records[1:]:
        by_kind[r["kind"]].append(r)
    reordered = [records[0]]
    for kind in ("organisation", "team", "worker", "youth", "measure"):
        reordered += sorted(by_kind[kind], key=lambda r: r["id"], reverse=True)
    reordered += by_kind["event"] + by_kind["staff_event"]
    reordered += by_kind["trajectory"] + by_kind["trajectory_event"]
    single, in_parts = in_one_pass_and_in_parts(write(tmp_path, reordered), part_lines=200)
    assert in_parts == single


def faults(path, part_lines):
    with pytest.raises(ImportFailed) as info:
        import_file(path, today=TODAY, part_lines=part_lines)
    assert not Youth.objects.exists() and not Event.objects.exists()
    assert not InstanceRow.objects.exists() and not ReadState.objects.exists()
    return [str(p) for p in info.value.problems]


def test_faults_in_parts_are_the_faults_of_one_pass_and_nothing_is_stored(tmp_path, records):
    records = json.loads(json.dumps(records))
    worker = next(r for r in records if r["kind"] == "worker")
    worker["role"] = "baas"  # the first part: every reference to this worker is not reported
    youths = [r for r in records if r["kind"] == "youth"]
    youths[5]["bsn"] = "123456789"  # a middle part; its measures are not reported again
    last_measure = [r for r in records if r["kind"] == "measure"][-1]["id"]
    last_event = [r for r in records if r["kind"] == "event" and r["measure"] == last_measure][-1]
    last_event["date"] = "2026-13-01"  # the last part
    path = write(tmp_path, records)
    one_pass = faults(path, ONE_PART)
    assert len(one_pass) == 3, one_pass
    assert faults(path, part_lines=250) == one_pass


def test_a_fault_on_the_last_line_of_a_long_file_leaves_nothing_stored(tmp_path, records):
    path = write(tmp_path, records)
    with open(path, "ab") as f:
        f.write(b'{"kind": "event", "id": "E-LATE"\n')
    found = faults(path, part_lines=200)
    assert len(found) == 1 and found[0].startswith(f"regel {len(records) + 1}: geen geldige JSON")
    assert found == faults(path, ONE_PART)


def test_a_file_without_header_is_refused_in_parts_too(tmp_path, records):
    path = write(tmp_path, records[1:])
    assert faults(path, part_lines=200) == faults(path, ONE_PART)

"""Exchange format 1.1 (issue 12): two event types added, a minor version. 1.1 files with the new
events import, 1.0 files still import, an export writes 1.1 and the schema accepts both."""

import datetime as dt
import io
import json

import jsonschema
import pytest

from ketenzicht.interop.exporter import export
from ketenzicht.interop.importer import ImportFailed, import_file
from ketenzicht.interop.schema import build_schema
from ketenzicht.timeline.models import Event
from tests.builders import base_records, write

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


def _with_new_events(version: str):
    records = base_records()
    records[0]["version"] = version
    records += [
        {
            "kind": "event",
            "id": "E-HP",
            "measure": "M-1",
            "type": "handelingsperspectief_decided",
            "date": "2026-03-03",
            "data": {"decision": True, "decided_by": "Directie JB west"},
        },
        {
            "kind": "event",
            "id": "E-VV",
            "measure": "M-1",
            "type": "extension_requested",
            "date": "2026-10-01",
            "data": {"requested_end_date": "2028-03-01", "court": "RB-DH"},
        },
    ]
    return records


def test_a_1_1_file_with_the_new_events_imports_and_exports_as_1_1(tmp_path):
    import_file(str(write(tmp_path / "a.jsonl", _with_new_events("1.1"))), today=TODAY)
    assert set(
        Event.objects.filter(external_id__in=["E-HP", "E-VV"]).values_list("event_type", flat=True)
    ) == {"handelingsperspectief_decided", "extension_requested"}
    out = io.StringIO()
    export(out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert lines[0] == {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"}
    schema = build_schema()
    for line in lines:
        jsonschema.validate(line, schema)


def test_a_1_0_file_still_imports_and_the_schema_accepts_both_headers(tmp_path):
    assert base_records()[0]["version"] == "1.0"
    report = import_file(str(write(tmp_path / "old.jsonl", base_records())), today=TODAY)
    assert report.created["event"] == 8
    schema = build_schema()
    for version in ("1.0", "1.1"):
        jsonschema.validate(
            {"kind": "header", "format": "ketenzicht-uitwisseling", "version": version}, schema
        )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "2.0"}, schema
        )


def test_an_unknown_version_is_refused_naming_both_supported_ones(tmp_path):
    records = base_records()
    records[0]["version"] = "2.0"
    with pytest.raises(ImportFailed) as info:
        import_file(str(write(tmp_path / "new.jsonl", records)), today=TODAY)
    assert any("1.0, 1.1" in str(p) for p in info.value.problems)


def test_the_importer_refuses_an_extension_request_the_timeline_refuses(tmp_path):
    records = _with_new_events("1.1")
    records[-1]["data"]["requested_end_date"] = "2027-01-01"  # before the current end date
    with pytest.raises(ImportFailed) as info:
        import_file(str(write(tmp_path / "bad.jsonl", records)), today=TODAY)
    assert any("verzochte einddatum ligt niet na" in str(p) for p in info.value.problems)

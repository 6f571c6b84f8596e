"""Staff facts (issue 17, item 1) in the exchange format 1.2: imported through the one write
path, refused with line and field, append-only in the database, exported again."""

import datetime as dt
import io
import json

import pytest
from django.db import DatabaseError, transaction

from ketenzicht.capacity.models import StaffEvent
from ketenzicht.interop.exporter import export
from ketenzicht.interop.importer import ImportFailed, import_file
from tests.builders import base_records, write

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


def staff(fid, ftype, date, **fields):
    return {
        "kind": "staff_event",
        "id": fid,
        "organisation": "GI-JBW",
        "type": ftype,
        "date": date,
        **fields,
    }


def history():
    return [
        staff(
            "PF-1",
            "in_dienst",
            "2024-02-01",
            worker="W-1",
            team="T-DH1",
            fte=0.8,
            function="jeugdzorgwerker",
        ),
        staff("PF-2", "afwezig", "2026-01-10", worker="W-1", reason="ziekte"),
        staff("PF-3", "afwezig_einde", "2026-03-01", worker="W-1", refers="PF-2"),
        staff(
            "PF-4",
            "in_dienst",
            "2025-09-01",
            worker="W-2",
            team="T-DH1",
            fte=1.0,
            function="in_opleiding",
        ),
        staff("PF-5", "functie_gewijzigd", "2026-03-01", worker="W-2", function="jeugdzorgwerker"),
        staff(
            "PF-6",
            "vacature_geopend",
            "2026-05-01",
            team="T-DH1",
            fte=0.9,
            function="jeugdzorgwerker",
        ),
        staff("PF-7", "uit_dienst", "2026-06-30", worker="W-2", reason="eigen_verzoek"),
    ]


def _file(tmp_path, extra, version="1.2"):
    records = base_records()
    records[0]["version"] = version
    return str(write(tmp_path / "staff.jsonl", records + extra))


def _refused(tmp_path, extra):
    with pytest.raises(ImportFailed) as info:
        import_file(_file(tmp_path, extra), today=TODAY)
    assert StaffEvent.objects.count() == 0
    return [str(p) for p in info.value.problems]


def test_staff_facts_import_once_and_export_in_the_same_order(tmp_path):
    report = import_file(_file(tmp_path, history()), today=TODAY)
    assert report.created["staff_event"] == 7
    again = import_file(_file(tmp_path, history()), today=TODAY)
    assert again.created["staff_event"] == 0 and again.unchanged["staff_event"] == 7
    out = io.StringIO()
    export(out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert lines[0]["version"] == "1.2"
    exported = [x for x in lines if x["kind"] == "staff_event"]
    assert [x["id"] for x in exported] == [f"PF-{n}" for n in range(1, 8)]
    assert exported[1] == {**history()[1], "recorded_at": exported[1]["recorded_at"]}


def test_a_fact_for_a_worker_not_in_service_is_refused_with_line_and_field(tmp_path):
    problems = _refused(
        tmp_path, [staff("PF-9", "afwezig", "2026-01-10", worker="W-1", reason="ziekte")]
    )
    assert len(problems) == 1
    assert "veld worker" in problems[0] and "niet in dienst" in problems[0]


@pytest.mark.parametrize(
    "bad, field, words",
    [
        (
            staff("PF-9", "uit_dienst", "2026-01-01", worker="W-1", reason="ziekte"),
            "reason",
            "reden uit dienst",
        ),
        (
            staff(
                "PF-9", "in_dienst", "2026-01-01", worker="W-3", fte=1, function="jeugdzorgwerker"
            ),
            "worker",
            "hoort niet bij",
        ),
        (
            staff("PF-9", "vacature_vervuld", "2026-01-01", team="T-DH1", refers="PF-1"),
            "refers",
            "geen openstaande vacature",
        ),
        (
            staff(
                "PF-9", "in_dienst", "2027-01-01", worker="W-2", fte=1, function="jeugdzorgwerker"
            ),
            "date",
            "in de toekomst",
        ),
        (
            staff("PF-9", "afwezig", "2026-01-01", worker="W-9", reason="ziekte"),
            "worker",
            "onbekend",
        ),
        (staff("PF-9", "ontslagen", "2026-01-01", worker="W-1"), "type", "onbekende waarde"),
        (
            staff("PF-9", "afwezig", "2024-03-05", worker="W-1", reason="verlof"),
            "date",
            "overlapt met afwezigheid 'PF-8'",
        ),
    ],
)
def test_incoherent_facts_are_refused(tmp_path, bad, field, words):
    earlier = staff("PF-8", "afwezig", "2024-03-01", worker="W-1", reason="ziekte")
    earlier["until"] = "2024-03-10"
    problems = _refused(tmp_path, [history()[0], earlier, bad])
    assert any(f"veld {field}" in p and words in p for p in problems), problems


def test_a_stored_fact_cannot_change(tmp_path):
    import_file(_file(tmp_path, history()), today=TODAY)
    changed = history()
    changed[0]["fte"] = 0.9
    problems = _refused_after_import(tmp_path, changed)
    assert any("onveranderlijk" in p for p in problems)


def _refused_after_import(tmp_path, extra):
    with pytest.raises(ImportFailed) as info:
        import_file(_file(tmp_path, extra), today=TODAY)
    return [str(p) for p in info.value.problems]


def test_the_database_refuses_an_update_of_a_staff_fact(tmp_path):
    import_file(_file(tmp_path, history()), today=TODAY)
    with pytest.raises(DatabaseError), transaction.atomic():
        StaffEvent.objects.filter(external_id="PF-1").update(fte=1)


def test_a_1_1_file_without_staff_facts_still_imports(tmp_path):
    report = import_file(_file(tmp_path, [], version="1.1"), today=TODAY)
    assert report.created["staff_event"] == 0

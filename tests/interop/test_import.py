"""Import: a good file lands whole; every kind of bad file is refused precisely, storing nothing."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ketenzicht.interop.importer import ImportFailed, import_file
from ketenzicht.reference.models import Organisation, Team, Worker
from ketenzicht.timeline.models import Event, Measure, NetworkMember, Youth
from tests.builders import BSN_B, base_records, find, jsonl, write

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


def stored_counts():
    return {
        m.__name__: m.objects.count()
        for m in (Organisation, Team, Worker, Youth, NetworkMember, Measure, Event)
    }


EMPTY = {
    "Organisation": 0,
    "Team": 0,
    "Worker": 0,
    "Youth": 0,
    "NetworkMember": 0,
    "Measure": 0,
    "Event": 0,
}


def refused(tmp_path, records=None, raw: bytes | None = None):
    path = tmp_path / "in.jsonl"
    path.write_bytes(raw if raw is not None else jsonl(records))
    with pytest.raises(ImportFailed) as info:
        import_file(str(path), today=TODAY)
    assert stored_counts() == EMPTY, "a refused import must store nothing"
    return [str(p) for p in info.value.problems]


def test_good_file_is_stored_with_projections(tmp_path):
    report = import_file(str(write(tmp_path / "ok.jsonl", base_records())), today=TODAY)
    assert report.created["event"] == 8
    m = Measure.objects.get(external_id="M-1")
    assert (m.start_date, m.planned_end_date, m.gi.external_id) == (
        dt.date(2026, 3, 2),
        dt.date(2027, 3, 1),
        "GI-JBW",
    )
    assert (m.assignment, m.worker.external_id) == ("vast", "W-1")
    y = Youth.objects.get(external_id="Y-1")
    # The placement event moved the youth; the woonplaatsbeginsel keeps the responsible one.
    assert (y.placement_type, y.stay_municipality.cbs_code) == ("pleeggezin", "GM0603")
    assert y.responsible_municipality.cbs_code == "GM0518"
    assert y.registered_placement_type == "thuis"
    corrected = Event.objects.get(external_id="E-5")
    assert corrected.corrected_by.external_id == "E-8"


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = write(tmp_path / "ok.jsonl", base_records())
    import_file(str(path), today=TODAY)
    before = stored_counts()
    snapshot = list(Event.objects.values_list("external_id", "seq", "data", "recorded_at"))
    report = import_file(str(path), today=TODAY)
    assert stored_counts() == before
    assert list(Event.objects.values_list("external_id", "seq", "data", "recorded_at")) == snapshot
    assert sum(report.created.values()) == 0 and sum(report.updated.values()) == 0


def test_second_file_appends_events_to_existing_measure(tmp_path):
    import_file(str(write(tmp_path / "a.jsonl", base_records())), today=TODAY)
    more = [
        base_records()[0],
        {
            "kind": "event",
            "id": "E-9",
            "measure": "M-1",
            "type": "worker_unassigned",
            "date": "2026-06-01",
            "data": {},
        },
    ]
    import_file(str(write(tmp_path / "b.jsonl", more)), today=TODAY)
    m = Measure.objects.get(external_id="M-1")
    assert m.assignment == "niemand" and m.worker is None
    assert Event.objects.get(external_id="E-9").seq == 9


def test_changed_event_in_second_file_is_refused(tmp_path):
    import_file(str(write(tmp_path / "a.jsonl", base_records())), today=TODAY)
    records = base_records()
    find(records, "E-4")["data"]["colour"] = "rood"
    with pytest.raises(ImportFailed) as info:
        import_file(str(write(tmp_path / "b.jsonl", records)), today=TODAY)
    assert any("E-4" in str(p) and "onveranderlijk" in str(p) for p in info.value.problems)
    assert Event.objects.get(external_id="E-4").data["colour"] == "oranje"


# --- the bad-import suite: each refused with a precise message, nothing stored -------------


def test_wrong_type(tmp_path):
    records = base_records()
    find(records, "W-1")["fte"] = "veel"
    assert refused(tmp_path, records) == ["regel 10, veld fte: verwacht een getal, niet 'veel'."]


def test_unknown_event_type(tmp_path):
    records = base_records()
    find(records, "E-3")["type"] = "huisbezoek"
    [problem] = refused(tmp_path, records)
    assert problem.startswith("regel 17, veld type: onbekende waarde 'huisbezoek'")


def test_event_before_measure_start(tmp_path):
    records = base_records()
    find(records, "E-3")["date"] = "2026-02-27"
    assert refused(tmp_path, records) == [
        "regel 17, veld date: de datum 27-02-2026 ligt vóór de start van de maatregel (02-03-2026)."
    ]


def test_event_in_the_future(tmp_path):
    records = base_records()
    find(records, "E-4")["date"] = "2026-11-02"
    [problem] = refused(tmp_path, records)
    assert problem == "regel 18, veld date: de datum 02-11-2026 ligt in de toekomst."


def test_duplicate_id(tmp_path):
    records = base_records()
    records.insert(11, dict(find(records, "W-2"), given_name="Anders"))
    assert refused(tmp_path, records) == [
        "regel 12, veld id: medewerker 'W-2' staat al op regel 11."
    ]


def test_invalid_bsn(tmp_path):
    records = base_records()
    find(records, "Y-1")["bsn"] = "123456789"
    assert refused(tmp_path, records) == ["regel 13, veld bsn: BSN voldoet niet aan de elfproef."]


def test_duplicate_bsn_of_other_youth(tmp_path):
    records = base_records()
    records.insert(13, dict(find(records, "Y-1"), id="Y-2", network=[]))
    assert refused(tmp_path, records) == [
        "regel 14, veld bsn: dit BSN hoort al bij jeugdige 'Y-1'."
    ]


def test_truncated_line(tmp_path):
    raw = jsonl(base_records())
    raw = raw[: raw.rindex(b'"reason"')]  # the file stops in the middle of the last event
    problems = refused(tmp_path, raw=raw)
    assert problems[0].startswith("regel 22: de regel is afgebroken")
    assert any(p.startswith("regel 22: geen geldige JSON") for p in problems)


def test_invalid_utf8(tmp_path):
    raw = jsonl(base_records()).replace(b"Jansen", b"Jans\xe9n", 1)
    assert refused(tmp_path, raw=raw) == ["regel 13: geen geldige UTF-8 (byte 0xe9 op positie 94)."]


def test_missing_required_field(tmp_path):
    records = base_records()
    del find(records, "Y-1")["birth_date"]
    assert refused(tmp_path, records) == [
        "regel 13, veld birth_date: verplicht veld (geboortedatum) ontbreekt."
    ]


def test_missing_required_event_field(tmp_path):
    records = base_records()
    del find(records, "E-4")["data"]["colour"]
    assert refused(tmp_path, records) == [
        "regel 18, veld data.colour: data.colour (kleur): verplicht veld ontbreekt."
    ]


def test_every_error_is_reported_not_only_the_first(tmp_path):
    records = base_records()
    find(records, "Y-1")["bsn"] = "123456789"
    find(records, "W-1")["role"] = "baas"
    find(records, "E-4")["data"]["colour"] = "paars"
    problems = refused(tmp_path, records)
    assert [p.split(",")[0] for p in problems] == ["regel 10", "regel 13", "regel 18"]


def test_contradicting_timeline_worker_of_other_gi(tmp_path):
    records = base_records()
    find(records, "E-2")["data"]["worker"] = "W-3"
    assert refused(tmp_path, records) == [
        "regel 16, veld data.worker: medewerker 'W-3' werkt niet bij de GI die de maatregel "
        "uitvoert ('GI-JBW')."
    ]


def test_child_alone_with_parent_present_is_refused(tmp_path):
    records = base_records()
    find(records, "E-5")["data"]["present"] = ["jeugdige", "moeder"]
    [problem] = refused(tmp_path, records)
    assert problem.startswith("regel 19, veld data.child_spoken_alone")


def test_unknown_reference(tmp_path):
    records = base_records()
    find(records, "M-1")["youth"] = "Y-404"
    problems = refused(tmp_path, records)
    assert "regel 14, veld youth: jeugdige 'Y-404' is onbekend." in problems


def test_missing_header(tmp_path):
    records = base_records()[1:]
    assert "regel 1, veld kind: regel 1 moet de kopregel zijn" in refused(tmp_path, records)[0]


def test_command_exits_non_zero_and_lists_errors(tmp_path, capsys):
    records = base_records()
    find(records, "Y-1")["bsn"] = BSN_B[:-1] + "1"
    path = write(tmp_path / "bad.jsonl", records)
    with pytest.raises(CommandError, match="Import geweigerd"):
        call_command("import", str(path), "--no-progress")
    err = capsys.readouterr().err
    assert f"{path}: regel 13, veld bsn: BSN voldoet niet aan de elfproef." in err
    assert stored_counts() == EMPTY


def test_command_imports(tmp_path, capsys):
    path = write(tmp_path / "ok.jsonl", base_records())
    call_command("import", str(path), "--no-progress")
    assert "Import geslaagd" in capsys.readouterr().out
    assert Event.objects.count() == 8


def test_schema_validates_the_good_file():
    import jsonschema

    from ketenzicht.interop.schema import build_schema

    validator = jsonschema.Draft202012Validator(build_schema())
    for record in base_records():
        validator.validate(json.loads(json.dumps(record)))
    bad = find(base_records(), "E-4")
    bad["data"]["colour"] = "paars"
    assert not validator.is_valid(bad)


def test_committed_schema_is_generated_from_the_code():
    from pathlib import Path

    from ketenzicht.interop.schema import schema_text

    committed = Path(__file__).resolve().parents[2] / "docs" / "exchange-format.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text(), (
        "run: ketenzicht exchange-schema --out docs/exchange-format.schema.json"
    )


def test_documented_example_imports():
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "voorbeeld.jsonl"
    report = import_file(str(example), today=TODAY)
    assert report.created["event"] == 8


def test_second_file_replaces_a_changed_network(tmp_path):
    import_file(str(write(tmp_path / "a.jsonl", base_records())), today=TODAY)
    records = base_records()
    find(records, "Y-1")["network"] = [
        {"relation": "vader", "name": "Kees Jansen"},
        {"relation": "moeder", "name": "Petra Jansen", "has_authority": True},
    ]
    import_file(str(write(tmp_path / "b.jsonl", records)), today=TODAY)
    assert list(
        NetworkMember.objects.order_by("position").values_list("position", "relation", "name")
    ) == [(1, "vader", "Kees Jansen"), (2, "moeder", "Petra Jansen")]

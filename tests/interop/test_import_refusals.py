"""Import files that ended in a traceback or slipped through (issue 11, findings 7 and 8): each is
refused with a Dutch message naming the line (and field), and nothing is stored. Runs on SQLite
and PostgreSQL (a NUL character is the PostgreSQL case: text and jsonb cannot hold it)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ketenzicht.interop.importer import ImportFailed, import_file, import_lines
from ketenzicht.timeline.models import Youth
from tests.builders import BSN_A, base_records, find, jsonl
from tests.interop.test_import import EMPTY, refused, stored_counts

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db

# Line numbers in base_records(): W-1 10, Y-1 13, E-4 18.


def _fullwidth(digits: str) -> str:
    return "".join(chr(0xFF10 + int(d)) for d in digits)


def test_full_width_digits_are_no_bsn(tmp_path):
    records = base_records()
    find(records, "Y-1")["bsn"] = _fullwidth(BSN_A)  # passes str.isdigit and stdnum's elfproef
    assert refused(tmp_path, records) == [
        "regel 13, veld bsn: het BSN bevat tekens die op cijfers lijken maar geen gewone "
        "cijfers 0-9 zijn (bijvoorbeeld cijfers van volle breedte); een BSN bestaat uit 9 "
        "cijfers 0-9 (als tekst)."
    ]


@pytest.mark.parametrize(
    "bsn",
    [
        "".join(chr(0x0660 + int(d)) for d in BSN_A),  # Arabic-Indic digits
        BSN_A + "\n",  # a trailing newline slipped past "^...$"
        BSN_A[:4] + "\u00a0" + BSN_A[4:],
    ],
)
def test_other_look_alike_bsns_are_refused(tmp_path, bsn):
    records = base_records()
    find(records, "Y-1")["bsn"] = bsn
    [problem] = refused(tmp_path, records)
    assert problem.startswith("regel 13, veld bsn: ")
    assert "0-9" in problem


def test_the_plain_bsn_still_imports(tmp_path):
    path = tmp_path / "ok.jsonl"
    path.write_bytes(jsonl(base_records()))
    import_file(str(path), today=TODAY)
    assert Youth.objects.filter(external_id="Y-1").exists()


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_in_fte_is_refused(tmp_path, constant):
    raw = jsonl(base_records()).replace(b'"fte": 0.8', f'"fte": {constant}'.encode(), 1)
    assert constant.encode() in raw
    assert refused(tmp_path, raw=raw) == [
        f"regel 10: geen geldige JSON: {constant} is geen getal in JSON "
        "(NaN, Infinity en -Infinity bestaan in JSON niet)."
    ]


def test_nan_fte_handed_over_as_a_python_float_is_refused():
    """import_lines takes decoded records too (the demo data does): NaN is no fte there either."""
    records = base_records()
    find(records, "W-1")["fte"] = float("nan")
    with pytest.raises(ImportFailed) as info:
        import_lines(enumerate(records, start=1), today=TODAY)
    assert [str(p) for p in info.value.problems] == [
        "regel 10, veld fte: verwacht een getal, niet nan."
    ]
    assert stored_counts() == EMPTY


def _with_data_value(placeholder_value: bytes) -> bytes:
    records = base_records()
    find(records, "E-4")["data"]["colour"] = "PLACEHOLDER"
    return jsonl(records).replace(b'"PLACEHOLDER"', placeholder_value, 1)


def test_json_nested_a_thousand_deep_is_refused(tmp_path):
    raw = _with_data_value(b"[" * 1000 + b"]" * 1000)
    assert refused(tmp_path, raw=raw) == [
        "regel 18: de regel is te diep genest (meer dan 16 niveaus objecten en lijsten)."
    ]


def test_json_nested_deeper_than_the_format_needs_is_refused_with_its_field(tmp_path):
    raw = _with_data_value(b'{"a":' * 20 + b"1" + b"}" * 20)
    [problem] = refused(tmp_path, raw=raw)
    assert problem.startswith("regel 18, veld data.colour.a.a.a.")
    assert problem.endswith("de regel is te diep genest (meer dan 16 niveaus objecten en lijsten).")


def test_nul_character_is_refused(tmp_path):
    records = base_records()
    find(records, "Y-1")["given_name"] = "Sam\x00"
    raw = jsonl(records)
    assert b"\\u0000" in raw
    assert refused(tmp_path, raw=raw) == [
        "regel 13, veld given_name: de tekst bevat een NUL-teken (\\u0000), dat niet kan "
        "worden opgeslagen."
    ]


def test_nul_character_in_event_data_and_in_a_field_name(tmp_path):
    records = base_records()
    find(records, "E-4")["data"]["colour"] = "rood\x00"
    find(records, "W-1")["x\x00"] = 1
    assert refused(tmp_path, raw=jsonl(records)) == [
        "regel 10: een veldnaam bevat een NUL-teken (\\u0000), dat niet kan worden opgeslagen.",
        "regel 18, veld data.colour: de tekst bevat een NUL-teken (\\u0000), dat niet kan "
        "worden opgeslagen.",
    ]


def test_lone_surrogate_is_refused(tmp_path):
    raw = jsonl(base_records()).replace(b"Jansen", b"Jans\\ud800en", 1)
    [problem] = refused(tmp_path, raw=raw)
    assert problem.startswith("regel 13, veld family_name: de tekst bevat een losse surrogaathelft")


def test_nul_character_through_the_command(tmp_path, capsys):
    records = base_records()
    find(records, "Y-1")["family_name"] = "Jan\x00sen"
    path = tmp_path / "nul.jsonl"
    path.write_bytes(jsonl(records))
    with pytest.raises(CommandError, match="Import geweigerd: 1 fout"):
        call_command("import", str(path), "--no-progress")
    assert f"{path}: regel 13, veld family_name: de tekst bevat een NUL-teken" in (
        capsys.readouterr().err
    )
    assert stored_counts() == EMPTY


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file_is_refused(tmp_path, content):
    assert refused(tmp_path, raw=content) == [
        "bestand: het bestand is leeg; verwacht ten minste de kopregel "
        '({"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"}).'
    ]


def test_empty_file_through_the_command(tmp_path, capsys):
    path = tmp_path / "leeg.jsonl"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="Import geweigerd"):
        call_command("import", str(path), "--no-progress")
    assert f"{path}: bestand: het bestand is leeg" in capsys.readouterr().err


def test_recorded_at_in_the_future_is_refused(tmp_path):
    records = base_records()
    find(records, "E-4")["recorded_at"] = "2026-11-02T09:00:00+01:00"
    assert refused(tmp_path, records) == [
        "regel 18, veld recorded_at: het tijdstip van registratie ligt in de toekomst "
        "(na 01-11-2026)."
    ]


def test_recorded_at_today_is_accepted(tmp_path):
    records = base_records()
    find(records, "E-4")["recorded_at"] = "2026-11-01T23:59:00+01:00"
    path = tmp_path / "ok.jsonl"
    path.write_bytes(jsonl(records))
    import_file(str(path), today=TODAY)


def test_duplicate_json_keys_are_refused(tmp_path):
    line = json.dumps(find(base_records(), "Y-1"), ensure_ascii=False).encode()
    duplicated = line[:-1] + b', "bsn": "' + BSN_A.encode() + b'"}'
    raw = jsonl(base_records()).replace(line, duplicated, 1)
    assert duplicated in raw
    assert refused(tmp_path, raw=raw) == [
        "regel 13, veld bsn: dit veld staat twee keer in hetzelfde object."
    ]


def test_duplicate_keys_inside_event_data_are_refused(tmp_path):
    raw = _with_data_value(b'"rood", "colour": "groen"')
    assert refused(tmp_path, raw=raw) == [
        "regel 18, veld colour: dit veld staat twee keer in hetzelfde object."
    ]


def test_byte_order_mark_is_explained_in_dutch(tmp_path):
    raw = b"\xef\xbb\xbf" + jsonl(base_records())
    problems = refused(tmp_path, raw=raw)
    assert problems[0] == (
        "regel 1: geen geldige JSON: de regel begint met een byte-order mark (BOM); sla het "
        "bestand op als UTF-8 zonder BOM (kolom 1)."
    )


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b'"ro\tod"', "stuurteken (zoals een tab of regeleinde) in een tekst"),
        (b'"ro\\qod"', "ongeldige escape met \\ in een tekst"),
        (b'"ro\\u12"', "ongeldige \\uXXXX-escape in een tekst"),
    ],
)
def test_other_json_faults_are_explained_in_dutch(tmp_path, bad, reason):
    [problem] = refused(tmp_path, raw=_with_data_value(bad))
    assert problem.startswith(f"regel 18: geen geldige JSON: {reason} (kolom ")


def test_unreadable_utf8_nested_a_thousand_deep_is_refused(tmp_path):
    raw = _with_data_value(b"[" * 1000 + b'"\xe9"' + b"]" * 1000)
    [problem] = refused(tmp_path, raw=raw)
    assert problem.startswith("regel 18: geen geldige UTF-8")

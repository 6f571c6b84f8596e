"""`ketenzicht norms list` and `ketenzicht norms evaluate` (offline: these tests have no
database access at all; pytest-django refuses any query in them)."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ketenzicht.norms.catalogue import CATALOGUE
from ketenzicht.norms.listing import (
    CHAIN_HEADERS,
    catalogue_rows,
    chain_catalogue_rows,
    markdown_table,
)
from tests.builders import base_records, find, jsonl, write

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("norms", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_list_shows_every_norm_in_dutch_with_term_and_source():
    out, _ = run("list")
    for norm in CATALOGUE:
        assert norm.id in out and norm.title in out and norm.seed_ref in out
    assert "binnen 5 dagen na de start van de maatregel" in out
    assert "Handelingsperspectief (kleur oranje of groen): binnen 10 werkdagen" in out
    assert "ten minste elke 6 weken (instelbaar)" in out
    assert "Goede Vrijdag: werkdag" in out


def test_docs_table_is_the_generated_catalogue():
    docs = (ROOT / "docs" / "norms.md").read_text(encoding="utf-8")
    assert markdown_table(catalogue_rows()) in docs, (
        "docs/norms.md is out of date: paste the output of `ketenzicht norms list --markdown`"
    )
    assert markdown_table(chain_catalogue_rows(), CHAIN_HEADERS) in docs, (
        "docs/norms.md: the chain norms table is out of date (`ketenzicht norms list --markdown`)"
    )


def test_evaluate_writes_one_row_per_measure_and_norm(tmp_path):
    src = write(tmp_path / "in.jsonl", base_records())
    dest = tmp_path / "results.csv"
    out, _ = run("evaluate", "--input", str(src), "--as-of", "2026-11-01", "--output", str(dest))
    assert f"{len(CATALOGUE)} regels" in out
    rows = list(csv.DictReader(dest.open(encoding="utf-8")))
    assert list(rows[0]) == ["measure_id", "norm_id", "status", "due_date", "met_date"]
    by_norm = {r["norm_id"]: r for r in rows}
    assert by_norm["1a.3-eerste-contact"] == {
        "measure_id": "M-1",
        "norm_id": "1a.3-eerste-contact",
        "status": "met_on_time",
        "due_date": "2026-03-07",
        "met_date": "2026-03-05",
    }
    # E-5 (child spoken alone) is corrected by E-8 in the builders' file: it does not count.
    assert by_norm["3.1-kind-alleen"] == {
        "measure_id": "M-1",
        "norm_id": "3.1-kind-alleen",
        "status": "overdue",
        "due_date": "2026-04-13",
        "met_date": "",
    }
    assert by_norm["2.3-afstemming-gemeente"]["status"] == "not_applicable"
    assert by_norm["2.3-afstemming-gemeente"]["due_date"] == ""
    assert {r["status"] for r in rows} <= {
        "met_on_time",
        "met_late",
        "open",
        "overdue",
        "not_applicable",
    }


def test_evaluate_refuses_a_bad_file_naming_line_and_field(tmp_path):
    records = base_records()
    find(records, "E-3")["data"]["with_child"] = "ja"
    find(records, "E-6")["date"] = "2026-02-01"  # before the start
    src = tmp_path / "bad.jsonl"
    src.write_bytes(jsonl(records))
    dest = tmp_path / "results.csv"
    with pytest.raises(CommandError, match="Doorrekenen geweigerd"):
        call_command(
            "norms",
            "evaluate",
            "--input",
            str(src),
            "--as-of",
            "2026-11-01",
            "--output",
            str(dest),
            stderr=(err := io.StringIO()),
        )
    text = err.getvalue()
    assert "regel 17, veld data.with_child" in text and "verwacht true of false" in text
    assert not dest.exists()


def test_evaluate_bad_arguments():
    with pytest.raises(CommandError, match="--as-of: '2026-02-30' is geen datum"):
        run("evaluate", "--input", "x.jsonl", "--as-of", "2026-02-30", "--output", "-")
    with pytest.raises(CommandError, match="--input: kan 'bestaat-niet.jsonl' niet openen"):
        run("evaluate", "--input", "bestaat-niet.jsonl", "--as-of", "2026-02-03", "--output", "-")

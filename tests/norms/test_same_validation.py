"""`norms evaluate` refuses what `import` refuses, with the same messages (issue 12): both go
through the importer's one record validation; the evaluation only does not read or write the
database."""

import datetime as dt
import io

import pytest

from ketenzicht.interop.importer import ImportFailed, import_file
from ketenzicht.interop.norms_file import FileProblems, evaluate_file
from ketenzicht.norms.config import NormConfig
from tests.builders import BSN_A, base_records, find, write

TODAY = dt.date(2026, 11, 1)


def _unsupported_version(records):
    records[0]["version"] = "9.9"


def _team_of_a_court(records):
    find(records, "T-DH1", "team")["organisation"] = "RB-DH"


def _worker_in_another_organisations_team(records):
    find(records, "W-3", "worker")["team"] = "T-DH1"


def _two_youths_with_one_bsn(records):
    twin = {**find(records, "Y-1", "youth"), "id": "Y-2", "given_name": "Sem", "network": []}
    assert twin["bsn"] == BSN_A
    records.append(twin)


def _priority_twice_for_one_request(records):
    for i in (1, 2):
        records.append(
            {
                "kind": "event",
                "id": f"E-PRIO-{i}",
                "measure": "M-1",
                "type": "help_priority",
                "date": "2026-06-0" + str(i),
                "data": {"request": "E-6", "reason": "Schadelijk wachtend."},
            }
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spoil",
    [
        _unsupported_version,
        _team_of_a_court,
        _worker_in_another_organisations_team,
        _two_youths_with_one_bsn,
        _priority_twice_for_one_request,
    ],
)
def test_evaluate_refuses_what_import_refuses_with_the_same_messages(tmp_path, spoil):
    records = base_records()
    spoil(records)
    path = write(tmp_path / "bad.jsonl", records)
    with pytest.raises(ImportFailed) as imported:
        import_file(str(path), today=TODAY)
    with pytest.raises(FileProblems) as evaluated:
        list(evaluate_file(io.BytesIO(path.read_bytes()), TODAY, NormConfig()))
    assert imported.value.problems, spoil.__name__
    assert evaluated.value.problems == imported.value.problems

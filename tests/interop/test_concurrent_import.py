"""Two imports at the same moment (issue 11, finding 7): the loser ended in a traceback
(IntegrityError on PostgreSQL). Now one import at a time validates and writes; the second
validates against what the first stored. Two real connections (tests/racing.py)."""

import datetime as dt

import pytest

from ketenzicht.interop.importer import ImportFailed, import_file
from ketenzicht.timeline.models import Event, Measure, Youth
from tests.builders import base_records, write
from tests.racing import outcome, race

TODAY = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_file_imported_twice_at_once(tmp_path):
    path = str(write(tmp_path / "a.jsonl", base_records()))
    results = race(
        lambda: import_file(path, today=TODAY),
        lambda: import_file(path, today=TODAY),
        refusals=(ImportFailed,),
    )
    assert outcome(results) == ["ok", "ok"], results
    reports = [r for _, r in results]
    # One stored everything, the other found it all there already.
    assert sorted(r.created["event"] for r in reports) == [0, 8]
    assert Event.objects.count() == 8 and Measure.objects.count() == Youth.objects.count() == 1


def test_two_files_that_disagree_about_an_event(tmp_path):
    first, second = base_records(), base_records()
    extra = {
        "kind": "event",
        "id": "E-9",
        "measure": "M-1",
        "type": "safety_estimate",
        "date": "2026-10-01",
    }
    first.append(extra | {"data": {"colour": "rood"}})
    second.append(extra | {"data": {"colour": "groen"}})
    paths = [str(write(tmp_path / f"{n}.jsonl", r)) for n, r in (("a", first), ("b", second))]
    results = race(
        *(lambda p=p: import_file(p, today=TODAY) for p in paths),
        refusals=(ImportFailed,),
    )
    assert outcome(results) == ["ok", "refused"], results
    refusal = next(r for kind, r in results if kind == "refused")
    assert [str(p) for p in refusal.problems] == [
        f"regel {len(first)}, veld id: event 'E-9' bestaat al met andere inhoud; events zijn "
        "onveranderlijk: registreer een correctie."
    ]
    assert Event.objects.filter(external_id="E-9").count() == 1
    assert Event.objects.count() == 9

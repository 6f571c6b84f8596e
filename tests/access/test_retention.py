"""Retention: purge after the term; the audit chain stays verifiable."""

import datetime as dt

import pytest
from django.core.management import call_command

from ketenzicht.access import audit
from ketenzicht.access.models import AccessLogEntry
from ketenzicht.crypto import youth_pseudonym
from ketenzicht.interop.importer import import_file
from ketenzicht.timeline.models import Event, Measure, NetworkMember, Youth
from tests.builders import base_records, find, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_and_current(tmp_path):
    records = base_records()
    records.append(
        {
            "kind": "event",
            "id": "E-END",
            "measure": "M-1",
            "type": "measure_ended",
            "date": "2026-06-30",
            "data": {"reason": "04"},
        }
    )
    young = dict(find(records, "Y-1"), id="Y-2", bsn="999990020", given_name="Sem", network=[])
    records[13:13] = [
        young,
        {"kind": "measure", "id": "M-2", "youth": "Y-2", "measure_type": "11"},
        {
            "kind": "event",
            "id": "E2-1",
            "measure": "M-2",
            "type": "measure_started",
            "date": "2026-05-04",
            "data": {"ruling_date": "2026-05-04", "end_date": "2027-05-03", "gi": "GI-JBW"},
        },
    ]
    import_file(str(write(tmp_path / "r.jsonl", records)), today=dt.date(2026, 11, 1))
    audit.append(
        [
            audit.Access(
                username="u",
                user_id=1,
                role="Teamleider",
                organisation="GI-JBW",
                youth_external_id="Y-1",
                action="view",
                subject="dossier",
            )
        ]
    )


def test_nothing_is_purged_within_the_term(old_and_current, capsys):
    call_command("purge", "--as-of", "2046-06-30", "--dry-run")
    assert "0 jeugdige(n)" in capsys.readouterr().out
    call_command("purge", "--as-of", "2046-06-30")
    assert Youth.objects.count() == 2


def test_purge_after_twenty_years_keeps_the_chain_verifiable(old_and_current, capsys):
    call_command("purge", "--as-of", "2046-07-01")
    assert list(Youth.objects.values_list("external_id", flat=True)) == ["Y-2"]  # still active
    assert not Event.objects.filter(measure__external_id="M-1").exists()
    assert not Measure.objects.filter(external_id="M-1").exists()
    assert not NetworkMember.objects.exists()
    purge_entry = AccessLogEntry.objects.get(action="purge")
    assert purge_entry.youth_pseudonym == youth_pseudonym("Y-1")
    assert AccessLogEntry.objects.filter(action="view").exists()  # the log is not purged
    call_command("auditlog", "verify")
    assert "Toegangslog intact: 2 regels" in capsys.readouterr().out

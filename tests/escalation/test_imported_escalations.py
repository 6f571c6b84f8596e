"""Escalations that arrive through the API or a file (issue 16's ladder on the write path): a
rung must be on the GI's ladder (else the case is on nobody's escalations screen); an API batch
is what happens now, so the rung's people are mailed as when a case is escalated on the screen;
a file import loads history and mails nobody."""

import datetime as dt

import pytest

from ketenzicht.escalation import outbox
from ketenzicht.escalation.models import Ladder, OutboxMessage
from ketenzicht.interop.importer import ImportFailed, import_file
from ketenzicht.timeline.models import Event
from tests.access.conftest import role_users  # noqa: F401  (fixture)
from tests.access.test_escalation_scope import ladder  # noqa: F401  (fixture)
from tests.api.conftest import api, make_client  # noqa: F401  (fixtures)
from tests.builders import write
from tests.escalation.conftest import smtp  # noqa: F401  (fixture)
from tests.escalation.test_rung_notice import people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
HEADER = {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"}


def escalated(rung: str, eid: str = "E-ESC-1") -> dict:
    return {
        "id": eid,
        "measure": "M-1",
        "type": "escalated",
        "date": "2026-11-20",
        "data": {"rung": rung, "reason": "Geen hulp na drie maanden."},
    }


def test_an_api_escalation_mails_the_rung_through_the_smtp_server(
    people,  # noqa: F811
    ladder,  # noqa: F811
    smtp,  # noqa: F811
    api,  # noqa: F811
):
    client = api("GI-JBW")
    response = client.post("/api/v1/events", {"events": [escalated("teamleider")]}, format="json")
    assert response.status_code == 200, response.content
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "teamleider@jbw.example"
    ]
    assert outbox.run_once(owner="test")["sent"] == 1
    body = smtp.sink.to("teamleider@jbw.example")[0].get_payload(decode=True).decode()
    assert "opgeschaald naar trede 'teamleider'" in body and "drie maanden" not in body
    again = client.post("/api/v1/events", {"events": [escalated("teamleider")]}, format="json")
    assert again.status_code == 200 and OutboxMessage.objects.count() == 1  # idempotent


def test_an_api_escalation_to_a_rung_not_on_the_ladder_is_refused(
    people,  # noqa: F811
    ladder,  # noqa: F811
    api,  # noqa: F811
):
    response = api("GI-JBW").post(
        "/api/v1/events", {"events": [escalated("teamleidr")]}, format="json"
    )
    assert response.status_code == 400, response.content
    (fault,) = response.json()["invalidParams"]
    assert fault["name"] == "events[0].data.rung"
    assert fault["reason"].startswith("trede 'teamleidr' staat niet op de escalatieladder")
    assert "teamleider" in fault["reason"]
    assert not Event.objects.filter(event_type="escalated").exists()
    assert not OutboxMessage.objects.exists()


def test_without_a_ladder_an_api_escalation_is_refused_and_a_file_is_not_checked(
    people,  # noqa: F811
    api,  # noqa: F811
    tmp_path,
):
    assert not Ladder.objects.exists()
    response = api("GI-JBW").post(
        "/api/v1/events", {"events": [escalated("teamleider")]}, format="json"
    )
    assert response.status_code == 400
    assert "geen escalatieladder" in response.json()["invalidParams"][0]["reason"]
    path = write(tmp_path / "history.jsonl", [HEADER, {"kind": "event", **escalated("x")}])
    import_file(str(path), today=dt.date(2026, 11, 30))
    assert Event.objects.filter(event_type="escalated").count() == 1


def test_a_file_import_checks_the_rung_and_mails_nobody(
    people,  # noqa: F811
    ladder,  # noqa: F811
    tmp_path,
):
    wrong = write(tmp_path / "wrong.jsonl", [HEADER, {"kind": "event", **escalated("baas")}])
    with pytest.raises(ImportFailed) as failed:
        import_file(str(wrong), today=dt.date(2026, 11, 30))
    (problem,) = failed.value.problems
    assert (problem.line, problem.field) == (2, "data.rung")
    right = write(
        tmp_path / "right.jsonl", [HEADER, {"kind": "event", **escalated("gebiedsmanager")}]
    )
    import_file(str(right), today=dt.date(2026, 11, 30))
    assert Event.objects.filter(event_type="escalated").count() == 1
    assert not OutboxMessage.objects.exists()  # history: nobody is mailed

"""The API over a real HTTP server on the test database (SQLite or PostgreSQL), fuzzed by
Schemathesis, a tool we did not write (issue 13)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ketenzicht.api.services import create_client
from ketenzicht.interop.importer import import_file
from ketenzicht.reference.models import Organisation
from tests.builders import base_records, write

from .conftest import token_for

ST = Path(sys.executable).with_name("st")


@pytest.fixture
def live_data(transactional_db, tmp_path, settings):
    settings.KETENZICHT_API_RATE = "1000000/minute"
    import_file(str(write(tmp_path / "base.jsonl", base_records())), today=dt.date(2026, 11, 1))


def test_schemathesis_finds_no_server_error_and_no_response_outside_the_document(
    live_server, live_data, tmp_path
):
    client, secret = create_client(
        Organisation.objects.get(external_id="GI-JBW"),
        "Fuzzer",
        [
            "events:read",
            "events:write",
            "measures:read",
            "measures:write",
            "youths:read",
            "youths:write",
            "organisations:read",
            "teams:read",
            "workers:read",
            "norm-results:read",
            "waiting-list:read",
            "counts:read",
            "changes:read",
            "trajectories:read",
            "trajectories:write",
        ],
        approved=True,
    )
    status, token = token_for(client, secret)
    assert status == 200
    run = subprocess.run(
        [
            str(ST),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token['access_token']}",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_headers_conformance,response_schema_conformance",
            "--max-examples",
            "8",
            "--workers",
            "1",
            "--seed",
            "20261130",
            "--suppress-health-check",
            "all",
            # The coverage phase (boundary values of every field, ~1,100 requests, minutes) runs
            # in `make fuzz`; the suite fuzzes every operation.
            "--phases",
            "examples,fuzzing",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
        env=dict(os.environ, NO_COLOR="1"),
    )
    summary = run.stdout[-6000:]
    assert run.returncode == 0, summary
    assert "Tested: 22" in run.stdout, summary  # every operation of the document

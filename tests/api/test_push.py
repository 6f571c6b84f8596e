"""`ketenzicht push` round trip: export -> push into an empty instance -> export gives the same
bytes (issue 13). The empty instance is a second database of the same kind (SQLite file or
PostgreSQL database) served by a real server process; its beheerder set up the organisations
(`ketenzicht import` of the organisation records) and the GI's API client."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from ketenzicht.reference.models import Team, Worker

from .conftest import contact, new_case

KETENZICHT = Path(sys.executable).with_name("ketenzicht")


@pytest.fixture
def target_database(db, tmp_path):
    """The URL of a new, empty database of the test database's kind."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path}/doel.sqlite3"
        return
    import psycopg

    name = f"kz_doel_{os.getpid()}"
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield url._replace(path=f"/{name}").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(database_url: str, *args: str) -> str:
    env = dict(
        os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="ketenzicht.settings.test"
    )
    done = subprocess.run(
        [str(KETENZICHT), *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_export_push_export_is_byte_identical(api, target_database, tmp_path, capsys):
    # The source: the builders' GI-JBW records and twelve cases sent through the API, one with
    # a machtiging that belongs to its OTS; GI-WSS's team and worker removed (a GI exports its
    # own case system).
    jbw = api("GI-JBW")
    for n in range(12):
        batch = new_case(100 + n, worker="W-1" if n % 2 else None)
        batch["events"] += [
            contact(f"E-RT-{n}-{k}", f"M-API-{100 + n}", f"2026-10-{10 + k}") for k in range(3)
        ]
        assert jbw.post("/api/v1/events", batch, format="json").status_code == 200
    Worker.objects.filter(external_id="W-3").delete()
    Team.objects.filter(external_id="T-WSS").delete()
    source = tmp_path / "bron.jsonl"
    call_command("export", out=str(source))
    lines = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    assert sum(r["kind"] == "event" for r in lines) > 40

    # The empty instance, its organisations and its client.
    organisations = tmp_path / "organisaties.jsonl"
    organisations.write_text(
        "".join(
            json.dumps(r, ensure_ascii=False) + "\n"
            for r in lines
            if r["kind"] in ("header", "organisation")
        ),
        encoding="utf-8",
    )
    run(target_database, "migrate", "--no-input", "-v", "0")
    run(target_database, "import", str(organisations))
    created = run(target_database, "api-client", "GI-JBW", "Zaaksysteem", "--goedgekeurd")
    client_id = created.split("client-id:")[1].split()[0]
    secret = created.split("geheim:")[1].split()[0]
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=target_database,
        DJANGO_SETTINGS_MODULE="ketenzicht.settings.test",
        KETENZICHT_API_RATE="100000/minute",
    )
    server = subprocess.Popen(
        [str(KETENZICHT), "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/api/v1/openapi.json")
        call_command(
            "push",
            str(source),
            url=f"http://127.0.0.1:{port}",
            client=client_id,
            secret=secret,
            batch=10,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = capsys.readouterr().out
    assert "organisatierecord(s) niet verstuurd" in report
    batches = int(report.split("Verstuurd in ")[1].split()[0])
    assert batches > 5  # more records than one batch: grouping per measure was exercised

    back = tmp_path / "terug.jsonl"
    run(target_database, "export", "--out", str(back))
    assert back.read_bytes() == source.read_bytes()


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)

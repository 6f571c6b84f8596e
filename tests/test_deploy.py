"""The production layout and the backup procedure of docs/deploy.md, for real (issue 15, items 4
and 5), on the test run's PostgreSQL cluster.

One fresh database in that cluster; `ketenzicht serve` with production settings on it (the
release step migrates it and collects the static files; then gunicorn and the outbox worker);
a small data set and one user. Then Chromium logs in and opens a page, and a backup taken with
pg_dump is restored into a second, empty cluster, where the access log, the projections and the
export must be exactly those of before.

Marker `postgres`: the SQLite half of `make test` deselects these tests (tests/conftest.py).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest
from cryptography.fernet import Fernet
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.builders import base_records, write

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Rooktest-wachtwoord-1"
USERNAME = "rooktest.jzw"
TOTP_KEY = "3132333435363738393031323334353637383930"  # hex, as django-otp stores it
BSN = "123456782"  # a valid BSN (eleven test) that must never reach the access log


def _run_tests_module():
    """scripts/run_tests.py: its throwaway cluster and its search for the PostgreSQL programs."""
    spec = importlib.util.spec_from_file_location("kz_run_tests", ROOT / "scripts" / "run_tests.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


run_tests = _run_tests_module()


def database_url(base: str, name: str) -> str:
    """The run's DATABASE_URL with another database name."""
    parsed = urlparse(base)
    return parsed._replace(path=f"/{name}").geturl()


def admin_connection(url: str) -> psycopg.Connection:
    parsed = urlparse(url)
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    return psycopg.connect(
        host=query.get("host") or parsed.hostname,
        port=query.get("port") or parsed.port,
        user=parsed.username,
        dbname="postgres",
        autocommit=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ketenzicht(*args: str, env: dict[str, str], timeout: float = 120) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ketenzicht", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"ketenzicht {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def ketenzicht_commands(*commands: list[str], env: dict[str, str]) -> str:
    """Several `ketenzicht` commands in one process (each would spend seconds starting Django):
    the same commands, the same code, one after the other; stops at the first failure."""
    script = (
        "from django.core.management import call_command\n"
        f"for args in {[list(c) for c in commands]!r}:\n"
        "    call_command(*args)\n"
    )
    return ketenzicht("shell", "-c", script, env=env)


def http_get(url: str, headers: dict[str, str] | None = None):
    """(status, headers, body) without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
    except OSError:
        return None, {}, b""


CREATE_USER = f"""
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from ketenzicht.access.models import RoleGrant
from ketenzicht.reference.models import Worker

worker = Worker.objects.get(external_id="W-1")
user = get_user_model().objects.create_user(
    username="{USERNAME}", password="{PASSWORD}",
    first_name=worker.given_name, last_name=worker.family_name,
)
worker.user = user
worker.save(update_fields=["user"])
RoleGrant.objects.create(
    user=user, role="jeugdzorgwerker", organisation=worker.organisation, team=worker.team,
    status="approved",
)
TOTPDevice.objects.create(user=user, name="rooktest", key="{TOTP_KEY}", confirmed=True)
"""


@dataclass
class Deployment:
    url: str
    env: dict[str, str]
    database_url: str
    log: Path
    process: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int | None:
        """SIGTERM to `ketenzicht serve` (which stops its processes), then SIGKILL to whatever is
        left of its process group. Once only: the exit code of the first stop is kept."""
        if self.process.returncode is not None:
            return self.process.returncode
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGTERM)
        try:
            code = self.process.wait(timeout=45)
        except subprocess.TimeoutExpired:
            code = None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        return code if code is not None else -1


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    base = os.environ["DATABASE_URL"]
    name = "kz_productie"
    with admin_connection(base) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    folder = tmp_path_factory.mktemp("productie")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KETENZICHT_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "ketenzicht.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DATABASE_URL": database_url(base, name),
        "KETENZICHT_BSN_KEYS": Fernet.generate_key().decode(),
        "KETENZICHT_HASH_KEY": secrets.token_urlsafe(48),
        "KETENZICHT_TRUSTED_PROXIES": "127.0.0.1",
        # Plain HTTP on the loopback address: no TLS proxy in this test.
        "KETENZICHT_PLAIN_HTTP": "1",
        "KETENZICHT_BIND": f"127.0.0.1:{port}",
        "KETENZICHT_WORKERS": "2",
        "KETENZICHT_BASE_URL": url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),
    }
    log = folder / "serve.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "ketenzicht", "serve"],
        env=env,
        stdout=log.open("w", encoding="utf-8"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: nothing is left behind
    )
    deployment = Deployment(url, env, env["DATABASE_URL"], log, process)
    try:
        deadline = time.monotonic() + 150
        while http_get(f"{url}/gezondheid/gereed")[0] != 200:
            assert process.poll() is None, f"ketenzicht serve stopte:\n{deployment.log_text()}"
            assert time.monotonic() < deadline, f"niet gereed:\n{deployment.log_text()}"
            time.sleep(0.5)
        records = write(folder / "basis.jsonl", base_records())
        script = "from django.core.management import call_command\n"
        script += f"call_command('import', {str(records)!r}, '--no-progress')\n{CREATE_USER}"
        ketenzicht("shell", "-c", script, env=env)
        yield deployment
    finally:
        deployment.stop()
        with admin_connection(base) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.browser
def test_production_layout_serves_a_login_and_a_page(deployment, page):
    url = deployment.url
    status, _, body = http_get(f"{url}/gezondheid/leeft")
    assert (status, json.loads(body)) == (200, {"status": "leeft"})
    status, _, body = http_get(f"{url}/gezondheid/gereed")
    assert (status, json.loads(body)) == (200, {"status": "gereed"})

    # Browser login with the second factor, one page, one search with a BSN in the query string.
    page.goto(f"{url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(USERNAME)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(bytes.fromhex(TOTP_KEY)):06d}")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")
    page.goto(f"{url}/werklijst/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werklijst")
    expect(page.locator('main a[href="/jeugdige/Y-1/"]').first).to_be_visible()
    page.goto(f"{url}/zoeken/?q={BSN}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # The page's style sheet: a hashed name, served by WhiteNoise compressed and cached for
    # years; the unhashed name is not kept (WHITENOISE_KEEP_ONLY_HASHED_FILES).
    href = page.locator('link[rel="stylesheet"]').first.get_attribute("href")
    assert href.startswith("/static/") and href.endswith(".css"), href
    status, headers, _ = http_get(f"{url}{href}", {"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]
    assert headers["Content-Encoding"] in ("br", "gzip")
    unhashed = href.rsplit(".", 2)[0] + ".css"
    assert http_get(f"{url}{unhashed}")[0] == 404

    # The outbox worker runs beside the web server; the access log has no query strings.
    log = deployment.log_text()
    assert "Outbox-worker" in log and "gestart" in log
    assert '"GET /zoeken/ HTTP/1.1" 200' in log
    assert BSN not in log

    # Stopped with SIGTERM (as a service manager does): everything stops, cleanly.
    assert deployment.stop() == 0, deployment.log_text()
    assert "Ketenzicht gestopt." in deployment.log_text()
    with pytest.raises(ProcessLookupError):
        os.killpg(deployment.process.pid, 0)


def test_backup_and_restore_into_an_empty_cluster(deployment, tmp_path):
    """docs/deploy.md, "Back-up en herstel": pg_dump in the custom format, pg_restore into an
    empty cluster; the access log, the projections and the export are those of before."""
    env = deployment.env
    before = tmp_path / "export-voor.jsonl"
    output = ketenzicht_commands(
        ["export", "--out", str(before), "--no-progress"], ["auditlog", "head"], env=env
    )
    head = output.strip().splitlines()[-1]
    assert int(head.split(":")[0]) > 0, output  # the export above logged its access per youth

    dump = tmp_path / "ketenzicht.dump"
    pg_dump = run_tests.pg_tool("pg_dump")
    subprocess.run(
        [pg_dump, "--format=custom", f"--file={dump}", deployment.database_url], check=True
    )
    with run_tests.ThrowawayPostgres() as empty_cluster:
        with admin_connection(empty_cluster) as conn:
            conn.execute("CREATE DATABASE ketenzicht")
        subprocess.run(
            [
                run_tests.pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={empty_cluster}",
                str(dump),
            ],
            check=True,
        )
        restored = dict(env, DATABASE_URL=empty_cluster)
        after = tmp_path / "export-na.jsonl"
        output = ketenzicht_commands(
            ["auditlog", "verify", "--expect-head", head],
            ["timeline-rebuild", "--check"],
            ["chain-rebuild", "--check"],
            ["export", "--out", str(after), "--no-progress"],
            env=restored,
        )
        assert "Toegangslog intact en de bewaarde kop" in output
        # Both projections (measures, trajectories) agree with their events after the restore.
        assert output.count("Klaar: 0 geen afwijkingen.") == 2
        assert after.read_bytes() == before.read_bytes()
        # The append-only trigger of the access log came along with the data.
        with psycopg.connect(empty_cluster) as conn, pytest.raises(psycopg.errors.RaiseException):
            conn.execute("UPDATE access_accesslogentry SET action = 'x'")

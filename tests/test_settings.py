"""Production settings read secrets and the database from the environment and pass
`check --deploy` without warnings."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run_manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {"DJANGO_SETTINGS_MODULE": "ketenzicht.settings.production", **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "ketenzicht", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-secret-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "ketenzicht.example.nl",
    "DATABASE_URL": "postgresql://kz:geheim@db.example.nl:5432/ketenzicht",
    # A valid Fernet key: 32 bytes, URL-safe base64.
    "KETENZICHT_BSN_KEYS": base64.urlsafe_b64encode(b"production-test-key-32-bytes-ok!").decode(),
    "KETENZICHT_HASH_KEY": "production-test-hash-key-at-least-32-characters",
    "KETENZICHT_TRUSTED_PROXIES": "10.0.0.5",
}


def test_check_deploy_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets():
    env = dict(PRODUCTION_ENV)
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY ontbreekt" in result.stderr


def test_database_comes_from_database_url():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['NAME'])"
    )
    result = run_manage("shell", "-c", code, env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("django.db.backends.postgresql db.example.nl ketenzicht")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # Not a Fernet key (33 bytes: the key these tests used to have).
        (
            {"KETENZICHT_BSN_KEYS": "cHJvZHVjdGlvbi10ZXN0LWtleS0zMi1ieXRlcy1sb25n"},
            "(ketenzicht.E002) KETENZICHT_BSN_KEYS: sleutel 1 is geen geldige Fernet-sleutel",
        ),
        # The second key of a rotation is checked as well.
        (
            {"KETENZICHT_BSN_KEYS": PRODUCTION_ENV["KETENZICHT_BSN_KEYS"] + ",geen-sleutel"},
            "KETENZICHT_BSN_KEYS: sleutel 2 is geen geldige Fernet-sleutel",
        ),
        (
            {"KETENZICHT_BSN_KEYS": "ZGV2LW9ubHktYnNuLWtleS1kby1ub3QtdXNlLTAwMDA="},
            "(ketenzicht.E003) KETENZICHT_BSN_KEYS: sleutel 1 is de openbare ontwikkelsleutel.",
        ),
        (
            {"KETENZICHT_HASH_KEY": "dev-only-hash-key-do-not-use"},
            "(ketenzicht.E005) KETENZICHT_HASH_KEY is de openbare ontwikkelsleutel.",
        ),
        (
            {"KETENZICHT_HASH_KEY": "kort"},
            "(ketenzicht.E006) KETENZICHT_HASH_KEY is te kort (4 tekens; ten minste 32).",
        ),
        (
            {"KETENZICHT_TRUSTED_PROXIES": "10.0.0.5,proxy.example.nl"},
            "(ketenzicht.E007) KETENZICHT_TRUSTED_PROXIES: 'proxy.example.nl' is geen IP-adres",
        ),
        (
            {"KETENZICHT_PROXY_COUNT": "0"},
            "(ketenzicht.E008) KETENZICHT_PROXY_COUNT moet ten minste 1 zijn, niet 0.",
        ),
    ],
)
def test_check_deploy_refuses_bad_keys_and_proxies(changes, expected):
    result = run_manage("check", "--deploy", env_extra=PRODUCTION_ENV | changes)
    assert result.returncode != 0, result.stdout
    assert expected in result.stderr, result.stderr


def test_check_deploy_warns_without_trusted_proxies():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "KETENZICHT_TRUSTED_PROXIES"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_extra=env)
    assert result.returncode != 0
    assert "(ketenzicht.W001) KETENZICHT_TRUSTED_PROXIES is leeg" in result.stderr + result.stdout


def test_production_reads_the_proxy_settings_from_the_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.KETENZICHT_TRUSTED_PROXIES, settings.KETENZICHT_PROXY_COUNT)"
    )
    env = PRODUCTION_ENV | {
        "KETENZICHT_TRUSTED_PROXIES": "10.0.0.5, 10.0.1.0/24",
        "KETENZICHT_PROXY_COUNT": "2",
    }
    result = run_manage("shell", "-c", code, env_extra=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("['10.0.0.5', '10.0.1.0/24'] 2")


def test_development_keys_pass_the_ordinary_check():
    """Only `--deploy` (production) refuses the development keys; the demo keeps working."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-m", "ketenzicht", "check"],
        env=env | {"DJANGO_SETTINGS_MODULE": "ketenzicht.settings.dev"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_health_probes_are_not_redirected_to_https():
    """A load balancer probes the app server over plain HTTP: the probes answer there, every
    other page goes to https (SECURE_REDIRECT_EXEMPT; docs/deploy.md)."""
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='ketenzicht.example.nl'); "
        "r = c.get('/inloggen/'); "
        "print(c.get('/gezondheid/leeft').status_code, r.status_code, r['Location'])"
    )
    result = run_manage("shell", "-c", code, env_extra=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("200 301 https://ketenzicht.example.nl/inloggen/")


def test_plain_http_only_on_the_loopback_address():
    env = PRODUCTION_ENV | {"KETENZICHT_PLAIN_HTTP": "1"}
    result = run_manage("check", env_extra=env)
    assert result.returncode != 0
    assert "KETENZICHT_PLAIN_HTTP=1 mag alleen met DJANGO_ALLOWED_HOSTS op deze machine" in (
        result.stderr
    )
    assert "niet met ketenzicht.example.nl." in result.stderr
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_SECURE)"
    local = env | {"DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    result = run_manage("shell", "-c", code, env_extra=local)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("False")


def test_procfile_is_the_layout_of_ketenzicht_serve():
    from ketenzicht.web.management.commands.serve import procfile

    assert (Path(__file__).resolve().parents[1] / "Procfile").read_text() == procfile()


def test_serve_refuses_development_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-m", "ketenzicht", "serve"],
        env=env | {"DJANGO_SETTINGS_MODULE": "ketenzicht.settings.dev"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ketenzicht serve is voor productie en weigert DEBUG=True" in result.stderr


@pytest.mark.django_db
def test_postgresql_connections_compile_no_query_with_jit(monkeypatch):
    """JIT compiling cost a second per bulk query on PostgreSQL (docs/performance.md): every
    connection turns it off. On the PostgreSQL half the live connection says so; on SQLite the
    settings for a PostgreSQL URL do."""
    from django.db import connection

    from ketenzicht.settings.base import database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgresql://kz@db.example.nl/ketenzicht")
    config = database_from_env()
    assert "-c jit=off" in config["OPTIONS"]["options"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone() == ("off",)

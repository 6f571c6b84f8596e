"""Production settings read secrets and the database from the environment and pass
`check --deploy` without warnings."""

import os
import subprocess
import sys


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
    "KETENZICHT_BSN_KEYS": "cHJvZHVjdGlvbi10ZXN0LWtleS0zMi1ieXRlcy1sb25n",
    "KETENZICHT_HASH_KEY": "production-test-hash-key",
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

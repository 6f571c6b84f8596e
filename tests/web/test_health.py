"""The health probes (docs/deploy.md): liveness without the database, readiness with it; no
login; a short Dutch answer; 503 when the database is unreachable or behind the code."""

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor

from ketenzicht import health

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/gezondheid/leeft")
    assert response.status_code == 200
    assert response.json() == {"status": "leeft"}
    assert "no-store" in response["Cache-Control"]


def test_readiness_with_the_database_migrated(client):
    response = client.get("/gezondheid/gereed")
    assert response.status_code == 200
    assert response.json() == {"status": "gereed"}


def test_readiness_is_503_while_migrations_are_pending(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    response = client.get("/gezondheid/gereed")
    assert response.status_code == 503
    assert response.json() == {
        "status": "niet gereed",
        "reden": "1 migratie(s) nog niet uitgevoerd",
    }
    # Not remembered: the next probe looks again.
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [])
    assert client.get("/gezondheid/gereed").status_code == 200


def test_readiness_is_503_without_the_database(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused: db.example.nl")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get("/gezondheid/gereed")
    assert response.status_code == 503
    # No detail of the failure (host names) in the answer: the server log has the kind.
    assert response.json() == {"status": "niet gereed", "reden": "database niet bereikbaar"}


def test_probes_answer_get_and_head_only(client):
    assert client.head("/gezondheid/leeft").status_code == 200
    assert client.post("/gezondheid/leeft").status_code == 405
    assert client.post("/gezondheid/gereed").status_code == 405

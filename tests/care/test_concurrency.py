"""Two people doing the same thing on the waiting screens at the same moment (issue 11, finding 5).

Each test runs the same operation on two threads, each with its own database connection. A hook
on the INSERT of the new event holds the first writer (inside its transaction) until the second
has done its checks too, or has been kept waiting by the first writer's row lock: without the
lock both pass the check "not done yet" and both write (the lost update the probe saw on
PostgreSQL, 5 of 5 races); with it the second waits, then sees the first one's event and is
refused with a Dutch message.

On SQLite writes are serialised (BEGIN IMMEDIATE): on a database file the second writer waits at
the start of its transaction (busy timeout). The test database is in memory with one cache shared
by all connections, where a second writer gets "database table is locked" at once instead of
waiting; there the test lets the second operation start when the first has finished, which is
what the busy timeout does on a file. The outcome must be the same on both databases.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from ketenzicht.care import services
from ketenzicht.care.services import CareError
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.models import Event, Measure

TODAY = dt.date(2026, 11, 1)
# How long the first writer, holding its lock, waits for the second to reach the same point.
# With the row lock the second never gets there (it is waiting for the lock), so this is how
# long each race takes; it is not a limit on how fast anything must be.
HOLD_SECONDS = 2.0

pytestmark = pytest.mark.django_db(transaction=True)


def race(*operations: Callable[[], object]) -> list[tuple[str, object]]:
    """Run the operations at once, each on its own thread and connection; returns per
    operation ("ok", result) or ("refused", CareError). Anything else fails the test."""
    barrier = threading.Barrier(len(operations))
    started = threading.Barrier(len(operations))
    results: list[tuple[str, object]] = [("not run", None)] * len(operations)
    shared_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    one_writer = threading.Lock() if shared_memory else contextlib.nullcontext()

    def hold_before_event_insert(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith('INSERT INTO "TIMELINE_EVENT"'):
            try:
                barrier.wait(timeout=HOLD_SECONDS)
            except threading.BrokenBarrierError:
                pass  # the other one is waiting for our lock (or already refused)
        return execute(sql, params, many, context)

    def run(i: int, operation: Callable[[], object]) -> None:
        try:
            with connections["default"].execute_wrapper(hold_before_event_insert):
                started.wait(timeout=30)
                with one_writer:
                    results[i] = ("ok", operation())
        except CareError as exc:
            results[i] = ("refused", exc)
            barrier.abort()  # nobody else needs to wait for this one
        except Exception as exc:  # noqa: BLE001 - reported as the test's failure below
            results[i] = ("error", exc)
            barrier.abort()
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, op)) for i, op in enumerate(operations)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a racing thread did not finish"
    errors = [r for r in results if r[0] not in ("ok", "refused")]
    assert not errors, f"unexpected outcome: {errors}"
    return results


def outcome(results: list[tuple[str, object]]) -> list[str]:
    return sorted(kind for kind, _ in results)


def test_two_teamleiders_assign_the_same_waiting_child(waiting):
    m3 = Measure.objects.get(external_id="M-3")
    assert m3.assignment == "niemand"
    w1, w2 = Worker.objects.get(external_id="W-1"), Worker.objects.get(external_id="W-2")

    def assign(worker):
        return lambda: services.assign_worker(
            m3, worker, by=None, today=TODAY, above_norm_reason="spoed"
        )

    results = race(assign(w1), assign(w2))
    assert outcome(results) == ["ok", "refused"], results
    winner = next(r for kind, r in results if kind == "ok")
    refusal = next(r for kind, r in results if kind == "refused")
    assert "er is al een vaste jeugdzorgwerker" in refusal.message
    assert refusal.field == "measure"
    # Exactly one assignment event, and the projection names its worker (nothing overwritten).
    events = Event.objects.filter(measure=m3, event_type="worker_assigned")
    assert events.count() == 1
    m3.refresh_from_db()
    assert m3.assignment == "vast"
    assert m3.worker.external_id == winner.data["worker"] == events.get().data["worker"]


def _help_request() -> Event:
    return Event.objects.get(external_id="E-6")  # Y-1's request for pleegzorg (builders)


def test_two_priorities_for_the_same_help_request(waiting):
    request = _help_request()
    scope = Measure.objects.all()

    def give(reason):
        return lambda: services.record_priority(
            request.external_id, reason, scope=scope, by=None, today=TODAY
        )

    results = race(give("schadelijk wachten"), give("ook schadelijk"))
    assert outcome(results) == ["ok", "refused"], results
    refusal = next(r for kind, r in results if kind == "refused")
    assert "voorrang is al vastgelegd" in refusal.message
    assert Event.objects.filter(event_type="help_priority").count() == 1


def test_two_expert_table_registrations_for_the_same_request(waiting):
    request = _help_request()
    scope = Measure.objects.all()

    def register(reason):
        return lambda: services.register_expert_table(
            request.external_id, reason, TODAY, scope=scope, by=None, today=TODAY
        )

    results = race(register("vastgelopen"), register("ook vastgelopen"))
    assert outcome(results) == ["ok", "refused"], results
    refusal = next(r for kind, r in results if kind == "refused")
    assert "al aangemeld bij de experttafel" in refusal.message
    assert Event.objects.filter(event_type="expert_table_registered").count() == 1


def test_two_consultations_about_the_same_request(waiting):
    request = _help_request()
    scope = Measure.objects.all()

    def consult():
        return services.send_consultation(request.external_id, scope=scope, by=None, today=TODAY)

    results = race(consult, consult)
    assert outcome(results) == ["ok", "refused"], results
    refusal = next(r for kind, r in results if kind == "refused")
    assert "al overlegd" in refusal.message
    assert Event.objects.filter(event_type="municipality_consultation").count() == 1


def test_second_registration_after_the_first_is_refused_too(waiting):
    """The same rule without a race (it was not checked at all before)."""
    request = _help_request()
    scope = Measure.objects.all()
    services.register_expert_table(
        request.external_id, "vastgelopen", None, scope=scope, by=None, today=TODAY
    )
    with pytest.raises(CareError, match="al aangemeld bij de experttafel"):
        services.register_expert_table(
            request.external_id, "nog eens", None, scope=scope, by=None, today=TODAY
        )

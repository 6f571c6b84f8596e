"""Run operations at the same moment on their own threads and database connections.

A hook on the connection holds each racer just before its first write (an INSERT matching
`hold_before`) until every racer has got that far, or until HOLD_SECONDS have passed (then the
others are waiting for a lock this racer holds, or have already finished). So, without a lock,
every racer has done its checks before any of them writes: the lost-update window, every time.
With a lock the others wait for the first one's commit and check afterwards.

SQLite: the test database is in memory with one cache shared by all connections, where a
second writer gets "database table is locked" at once instead of waiting as it does on a
database file (busy timeout). There the racers run their operations one after the other, which
is what the busy timeout does on a file; PostgreSQL runs them truly at once.

Use with `pytest.mark.django_db(transaction=True)`: the racers' connections must see each
other's commits.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from django.db import connection, connections

# How long a racer holding its lock waits for the others to reach their first write. With a
# lock they never do, so this is how long a race takes; it is no limit on how fast anything is.
HOLD_SECONDS = 2.0


def race(
    *operations: Callable[[], object],
    refusals: tuple[type[BaseException], ...],
    hold_before: str = "INSERT INTO",
) -> list[tuple[str, object]]:
    """Returns per operation ("ok", result) or ("refused", exception) for the `refusals`
    exception types; any other exception fails the calling test."""
    barrier = threading.Barrier(len(operations))
    started = threading.Barrier(len(operations))
    results: list[tuple[str, object]] = [("not run", None)] * len(operations)
    shared_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    one_at_a_time = threading.Lock() if shared_memory else contextlib.nullcontext()
    hold = hold_before.upper()

    def run(i: int, operation: Callable[[], object]) -> None:
        held = False

        def hold_before_first_write(execute, sql, params, many, context):
            nonlocal held
            if not held and sql.lstrip().upper().startswith(hold):
                held = True
                try:
                    barrier.wait(timeout=HOLD_SECONDS)
                except threading.BrokenBarrierError:
                    pass  # the others wait for a lock we hold, or are done
            return execute(sql, params, many, context)

        try:
            with connections["default"].execute_wrapper(hold_before_first_write):
                started.wait(timeout=30)
                with one_at_a_time:
                    results[i] = ("ok", operation())
        except refusals as exc:
            results[i] = ("refused", exc)
        except Exception as exc:  # noqa: BLE001 - reported as the test's failure below
            results[i] = ("error", exc)
        finally:
            barrier.abort()  # whoever still waits for this racer: it will not write any more
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, op)) for i, op in enumerate(operations)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a racing thread did not finish"
    errors = [r for r in results if r[0] not in ("ok", "refused")]
    assert not errors, f"unexpected outcome: {errors}"
    return results


def outcome(results: list[tuple[str, object]]) -> list[str]:
    return sorted(kind for kind, _ in results)

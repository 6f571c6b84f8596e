"""Import of the exchange format: all-or-nothing per file, every error with line and field.

The importer validates the lines first (field rules, references, BSN, and each measure's timeline
folded by `timeline.domain.state.fold`, together with the events already stored), and only
writes when nothing is wrong, in one transaction; a file goes through in parts (`streaming`),
all in that one transaction (after a part with a fault the rest is checked, not written).
Records are matched on their external id: importing the same file twice changes nothing.

This module is the entry point (`import_lines`, `import_file`); the steps live next to it:
`reading` (lines of JSON), `plan` and `validation` (what the file would change, checked),
`writing` (storing a valid plan) and `outcome` (problems and counts). Their public names are
importable from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction

from ketenzicht import clock
from ketenzicht.timeline.models import Event, Measure, NetworkMember, Youth

from .outcome import ImportFailed, ImportReport, Problem
from .plan import BSN_SHAPE, Parsed, Plan, Referenced, shipped_municipalities
from .reading import MAX_DEPTH, UNREADABLE, read_jsonl
from .validation import validate
from .writing import BATCH, write

# PostgreSQL advisory lock that lets one import at a time validate and write ("KZIM").
IMPORT_LOCK = 0x4B5A494D


def import_lines(
    lines: Iterable[tuple[int, dict[str, Any]]],
    *,
    today: dt.date | None = None,
    progress: bool = False,
    analyze: bool = True,
    batch: bool = False,
    ladder_required: bool | None = None,
) -> ImportReport:
    """Validate all lines, then write them in one transaction (nothing when anything is wrong).
    `analyze=False` leaves refreshing the planner statistics to the caller (several imports in
    a row: call `refresh_statistics()` once at the end). `batch=True` (a small batch, the API)
    reads only the stored youths and measures the lines refer to instead of all of them;
    `ladder_required` (default: for a batch) refuses an escalation when its GI has no ladder."""
    problems: list[Problem] = []
    today = today or clock.today()
    with guarded_import(problems):
        only = None
        if batch:
            lines = list(lines)
            only = Referenced.of(lines)
        plan = validate(
            lines, problems, today, progress, only=only, ladder_required=ladder_required
        )
        if problems:
            raise ImportFailed(problems)
        report = write(plan, progress)
        if analyze:
            refresh_statistics()
        return report


@contextmanager
def guarded_import(problems: list[Problem]) -> Iterator[None]:
    """The transaction of an import, one import at a time: a second import started meanwhile
    waits, then validates against what the first stored (the same file again: nothing changes).
    PostgreSQL: an advisory lock; SQLite: the write lock that BEGIN IMMEDIATE takes
    (settings.base). A conflict with another writer ends in ImportFailed with `problems`."""
    try:
        with transaction.atomic():
            _lock_imports()
            yield
    except IntegrityError:
        # Someone else (a user in the application) wrote the same rows meanwhile.
        problems.append(Problem(0, "", CONFLICT))
        raise ImportFailed(problems) from None
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        problems.append(Problem(0, "", BUSY))  # SQLite: another writer kept the database
        raise ImportFailed(problems) from None


CONFLICT = (
    "tijdens de import zijn dezelfde gegevens ook in Ketenzicht gewijzigd (door een gebruiker "
    "of een ander proces); er is niets opgeslagen. Importeer het bestand opnieuw."
)
BUSY = (
    "de database is bezig met een andere import of wijziging; er is niets opgeslagen. "
    "Probeer het over enkele ogenblikken opnieuw."
)


def _lock_imports() -> None:
    """Wait for any other import to finish (PostgreSQL; released at the end of the
    transaction). On SQLite the transaction already holds the database's write lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


STATISTICS_TABLES = (Youth, Measure, Event, NetworkMember)


def refresh_statistics() -> None:
    """ANALYZE the timeline tables after a bulk load (PostgreSQL). Without it the planner may
    still think the tables are empty until autovacuum comes round, and pick nested loops that
    take minutes on the first reports after an import (seen in tests on fresh databases). Runs
    inside the import's transaction, so it sees the new rows."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in STATISTICS_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def import_file(path: str, *, today: dt.date | None = None, progress: bool = False) -> ImportReport:
    """A file, in parts (`streaming`): all or nothing, memory bounded by the largest part."""
    from .streaming import import_file as import_in_parts

    report = import_in_parts(path, today=today, progress=progress)
    refresh_statistics()
    return report


__all__ = [
    "BATCH",
    "BSN_SHAPE",
    "BUSY",
    "CONFLICT",
    "IMPORT_LOCK",
    "MAX_DEPTH",
    "STATISTICS_TABLES",
    "UNREADABLE",
    "ImportFailed",
    "ImportReport",
    "Parsed",
    "Plan",
    "Problem",
    "Referenced",
    "import_file",
    "import_lines",
    "read_jsonl",
    "refresh_statistics",
    "shipped_municipalities",
    "validate",
]

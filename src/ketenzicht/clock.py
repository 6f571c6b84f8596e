"""The one clock: what moment and what day it is, in the Netherlands.

Every "today" in Ketenzicht comes from `today()`; nothing else asks the operating system or
Django for the date (`tests/test_architecture.py` fails on `date.today()`, `localdate()` and
`datetime.now()` anywhere else in `src/`). The day is the calendar day in Europe/Amsterdam, so
between midnight and 01:00/02:00 Dutch time every screen, report, import and norm agrees on it
whatever the server's own time zone is.

Tests pin the clock with `frozen(day)`; a pinned day applies to the current thread and its
context only.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_pinned: contextvars.ContextVar[dt.date | None] = contextvars.ContextVar("kz_today", default=None)


def now() -> dt.datetime:
    """The current moment (aware, UTC)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """The current calendar day in Europe/Amsterdam (or the day a test pinned)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    return now().astimezone(AMSTERDAM).date()


def day_of(moment: dt.datetime) -> dt.date:
    """The calendar day in Europe/Amsterdam of an aware moment."""
    return moment.astimezone(AMSTERDAM).date()


@contextlib.contextmanager
def frozen(day: dt.date) -> Iterator[dt.date]:
    """Pin `today()` to `day` inside the block (tests)."""
    token = _pinned.set(day)
    try:
        yield day
    finally:
        _pinned.reset(token)

"""Small helpers of the demo generator: weighted choices, date arithmetic, office hours."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right
from typing import Any

Record = dict[str, Any]
ONE_DAY = dt.timedelta(days=1)


class Weighted:
    """Weighted choice with a precomputed cumulative table."""

    def __init__(self, items: list[Any], weights: list[float]):
        self.items = items
        self.cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> Any:
        return self.items[
            min(bisect_right(self.cum, rng.random() * self.total), len(self.items) - 1)
        ]


def demo_go_live(reference_date: dt.date) -> dt.date:
    """The demo GIs' go-live date (Organisation.go_live_date): 1 January of the year before the
    reference date. The last full year (the council report's), the dashboard's four quarters
    and everything after lie after it, and no worklist item is older than that (issue 12)."""
    return dt.date(reference_date.year - 1, 1, 1)


def pick(rng: random.Random, table: dict[str, float]) -> str:
    r = rng.random() * sum(table.values())
    for key, weight in table.items():
        r -= weight
        if r < 0:
            return key
    return key


def birthday(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February
        return birth.replace(year=birth.year + years, day=28)


def years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def d(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def summer_time(day: dt.date) -> bool:
    """Central European Summer Time on this day (for office hours)."""

    def last_sunday(month: int) -> dt.date:
        last = dt.date(day.year, month, 31)
        return last - d((last.weekday() + 1) % 7)

    return last_sunday(3) <= day < last_sunday(10)

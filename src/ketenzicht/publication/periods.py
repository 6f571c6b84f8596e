"""Fixed periods and reference dates for published figures (issue 11, finding 3).

A municipal or public user chooses a calendar month, quarter or year that has ended, never a
free period: two reports one day apart would give the counts of that day by subtraction. Stock
figures (how many on a day) are published only on the last day of a month. Nested periods (the
months of a quarter, the quarters of a year) add up; the report suppresses them together
(`reporting.report`, docs/decisions/0006).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
YEARS_BACK = 5
KINDS = ("maand", "kwartaal", "jaar")


def month_end(day: dt.date) -> dt.date:
    nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def is_month_end(day: dt.date) -> bool:
    return month_end(day) == day


def previous_month_end(day: dt.date) -> dt.date:
    """The last day of the month before `day`'s month."""
    return day.replace(day=1) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    kind: str  # maand | kwartaal | jaar
    year: int
    number: int  # month 1-12, quarter 1-4, or 1 for a year

    @property
    def first(self) -> dt.date:
        if self.kind == "maand":
            return dt.date(self.year, self.number, 1)
        if self.kind == "kwartaal":
            return dt.date(self.year, 3 * self.number - 2, 1)
        return dt.date(self.year, 1, 1)

    @property
    def last(self) -> dt.date:
        if self.kind == "maand":
            return month_end(self.first)
        if self.kind == "kwartaal":
            return month_end(dt.date(self.year, 3 * self.number, 1))
        return dt.date(self.year, 12, 31)

    @property
    def key(self) -> str:
        if self.kind == "maand":
            return f"{self.year}-{self.number:02d}"
        if self.kind == "kwartaal":
            return f"{self.year}-K{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == "maand":
            return f"{MONTHS[self.number - 1]} {self.year}"
        if self.kind == "kwartaal":
            return f"{self.number}e kwartaal {self.year}"
        return f"jaar {self.year}"

    def children(self) -> list[Period]:
        """The next smaller periods that make this one up (quarters of a year, months of a
        quarter; none for a month)."""
        if self.kind == "jaar":
            return [Period("kwartaal", self.year, q) for q in range(1, 5)]
        if self.kind == "kwartaal":
            return [Period("maand", self.year, 3 * self.number - 2 + i) for i in range(3)]
        return []

    def reference_dates(self) -> list[dt.date]:
        """Last day before the period, the last day of each quarter in it, and its last day:
        all last days of a month."""
        out = {previous_month_end(self.first), self.last}
        for month in (3, 6, 9, 12):
            day = month_end(dt.date(self.year, month, 1))
            if self.first <= day <= self.last:
                out.add(day)
        return sorted(out)

    def __str__(self) -> str:
        return self.label


def parse(key: str) -> Period | None:
    """A period from its key ("2025", "2025-K3", "2025-07"), or None."""
    key = (key or "").strip()
    try:
        if len(key) == 4 and key.isdigit():
            return Period("jaar", int(key), 1)
        year, rest = key.split("-", 1)
        if not (len(year) == 4 and year.isdigit()):
            return None
        if rest[:1].upper() == "K" and rest[1:] in ("1", "2", "3", "4"):
            return Period("kwartaal", int(year), int(rest[1:]))
        if len(rest) == 2 and rest.isdigit() and 1 <= int(rest) <= 12:
            return Period("maand", int(year), int(rest))
    except ValueError:
        return None
    return None


def for_dates(first: dt.date, last: dt.date) -> Period | None:
    """The fixed period that runs exactly from `first` to `last`, or None."""
    for kind in KINDS:
        if kind == "maand":
            p = Period(kind, first.year, first.month)
        elif kind == "kwartaal":
            p = Period(kind, first.year, (first.month - 1) // 3 + 1)
        else:
            p = Period(kind, first.year, 1)
        if p.first == first and p.last == last:
            return p
    return None


def completed(today: dt.date, years_back: int = YEARS_BACK) -> list[Period]:
    """The periods that have ended before `today`, newest first within each kind: years, then
    quarters, then months (the last `years_back` years)."""
    out: list[Period] = []
    for kind in ("jaar", "kwartaal", "maand"):
        numbers = {"jaar": [1], "kwartaal": [1, 2, 3, 4], "maand": list(range(1, 13))}[kind]
        for year in range(today.year, today.year - years_back - 1, -1):
            for n in reversed(numbers):
                p = Period(kind, year, n)
                if p.last < today:
                    out.append(p)
    return out


def is_completed(period: Period, today: dt.date, years_back: int = YEARS_BACK) -> bool:
    return period.last < today and period.year >= today.year - years_back


def latest(today: dt.date, kind: str = "kwartaal") -> Period:
    return next(p for p in completed(today) if p.kind == kind)


def month_ends(first: dt.date, last: dt.date, step: str = "quarter") -> list[dt.date]:
    """The last days of each month (step "month") or quarter (step "quarter") from `first` to
    `last`, both included when they are such a day."""
    out = []
    day = month_end(first)
    while day <= last:
        if step == "month" or day.month % 3 == 0:
            out.append(day)
        day = month_end(day + dt.timedelta(days=1))
    return out


def recent_month_ends(today: dt.date, count: int = 5 * 12) -> list[dt.date]:
    """The last days of the months that have ended before `today`, newest first."""
    out = [previous_month_end(today)]
    while len(out) < count:
        out.append(previous_month_end(out[-1]))
    return out

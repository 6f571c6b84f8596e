"""The Dutch calendar for norm terms: working days, weeks, calendar days and calendar months.

Working days exclude Saturdays, Sundays and the Dutch public holidays of the `holidays` package
(country NL): New Year's Day, Easter Monday, King's Day (27 April, or 26 April when the 27th is a
Sunday), Ascension Day, Whit Monday, Christmas Day and Boxing Day. Two days are decided here,
not by the package (whose own choice has changed between versions):

- **Goede Vrijdag (Good Friday)** is a working day by default (`good_friday=False`). It is no day
  off in youth care (CAO Jeugdzorg) nor at the courts, so a GI works and its terms run.
- **Bevrijdingsdag (5 May)** is a day off in lustrum years only (2025, 2030, ...) by default
  (`liberation_day="lustrum"`), the practice of most collective agreements, including youth care.
  `"always"` follows the Algemene termijnenwet reading (5 May is a recognised public holiday every
  year); `"never"` treats it as a working day.

Both are Django settings, so a deployment can follow another reading:
`NORMS_GOOD_FRIDAY_IS_HOLIDAY` (bool) and `NORMS_LIBERATION_DAY` ("lustrum" | "always" | "never").
The defaults are the stricter choice (more working days, earlier due dates): for the safety of
a child a term should rather end a day early than a day late.

Month arithmetic clamps to the end of the month (31 January + 1 month = 28/29 February); a
calendar-day or week term is not moved when it ends on a weekend or public holiday.

Dates are handled as `datetime.date` in the public functions and as proleptic Gregorian
ordinals (`date.toordinal()`) inside the engine, where the same arithmetic runs on integers.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays
from dateutil.easter import easter

from ketenzicht.timeline.domain.state import add_months

FIRST_YEAR, LAST_YEAR = 1990, 2100
LIBERATION_DAY_CHOICES = ("lustrum", "always", "never")

__all__ = [
    "Term",
    "Unit",
    "WorkingCalendar",
    "add_calendar_days",
    "add_months",
    "add_weeks",
    "add_working_days",
    "configure",
    "default_calendar",
    "get_calendar",
]


class WorkingCalendar:
    """Dutch working days for one choice of Good Friday and Liberation Day."""

    def __init__(self, good_friday: bool = False, liberation_day: str = "lustrum"):
        if liberation_day not in LIBERATION_DAY_CHOICES:
            raise ValueError(
                f"NORMS_LIBERATION_DAY: onbekende waarde {liberation_day!r} "
                f"(toegestaan: {', '.join(LIBERATION_DAY_CHOICES)})."
            )
        self.good_friday = good_friday
        self.liberation_day = liberation_day
        self.holidays: dict[dt.date, str] = self._holidays()
        first = dt.date(FIRST_YEAR, 1, 1).toordinal()
        last = dt.date(LAST_YEAR, 12, 31).toordinal()
        hol = {d.toordinal() for d in self.holidays}
        # Ordinal 1 (0001-01-01) is a Monday, so (o - 1) % 7 >= 5 is a weekend day.
        self._working: list[int] = [
            o for o in range(first, last + 1) if (o - 1) % 7 < 5 and o not in hol
        ]
        self._first, self._last = first, last

    def _holidays(self) -> dict[dt.date, str]:
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        out: dict[dt.date, str] = {}
        for day, name in holidays.country_holidays("NL", years=years, language="nl").items():
            out[day] = name
        for year in years:
            friday = easter(year) - dt.timedelta(days=2)
            if self.good_friday:
                out[friday] = "Goede Vrijdag"
            else:
                out.pop(friday, None)
            may5 = dt.date(year, 5, 5)
            if self.liberation_day == "always" or (
                self.liberation_day == "lustrum" and year % 5 == 0
            ):
                out[may5] = "Bevrijdingsdag"
            else:
                out.pop(may5, None)
        return out

    def describe(self) -> str:
        """The calendar choices in Dutch (shown with results and in `norms list`)."""
        friday = "vrije dag" if self.good_friday else "werkdag"
        liberation = {
            "lustrum": "vrije dag alleen in lustrumjaren (2025, 2030, ...)",
            "always": "elk jaar een vrije dag",
            "never": "werkdag",
        }[self.liberation_day]
        return (
            "Werkdagen: maandag tot en met vrijdag, zonder Nederlandse feestdagen; "
            f"Goede Vrijdag: {friday}; Bevrijdingsdag (5 mei): {liberation}."
        )

    def _check(self, ordinal: int) -> None:
        if not self._first <= ordinal <= self._last:
            raise ValueError(f"datum buiten de kalender ({FIRST_YEAR}-{LAST_YEAR}).")

    def is_working_day(self, day: dt.date) -> bool:
        o = day.toordinal()
        self._check(o)
        i = bisect_right(self._working, o)
        return i > 0 and self._working[i - 1] == o

    def add_working_days_ordinal(self, ordinal: int, n: int) -> int:
        """The n-th working day after `ordinal` (n > 0), or before it (n < 0); n = 0: itself.

        The start day never counts: 5 working days after a Friday is the next Friday.
        """
        self._check(ordinal)
        if n == 0:
            return ordinal
        i = bisect_right(self._working, ordinal)  # working days <= ordinal: [0, i)
        if n > 0:
            j = i + n - 1
        else:
            # days strictly before ordinal: [0, i) minus ordinal itself when it is a working day
            before = i - 1 if i and self._working[i - 1] == ordinal else i
            j = before + n
        if not 0 <= j < len(self._working):
            raise ValueError(f"datum buiten de kalender ({FIRST_YEAR}-{LAST_YEAR}).")
        return self._working[j]

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        return dt.date.fromordinal(self.add_working_days_ordinal(day.toordinal(), n))


@lru_cache(maxsize=8)
def _calendar(good_friday: bool, liberation_day: str) -> WorkingCalendar:
    return WorkingCalendar(good_friday, liberation_day)


def get_calendar(good_friday: bool = False, liberation_day: str = "lustrum") -> WorkingCalendar:
    """One shared calendar per choice (building one takes a tenth of a second)."""
    return _calendar(bool(good_friday), liberation_day)


# The calendar chosen in the Django settings: `norms.apps` calls `configure` when Django starts and
# again when a test overrides one of the two settings; this module itself imports no Django.
_chosen: list = [False, "lustrum"]


def configure(good_friday: bool = False, liberation_day: str = "lustrum") -> None:
    """Choose the default calendar (NORMS_GOOD_FRIDAY_IS_HOLIDAY, NORMS_LIBERATION_DAY)."""
    get_calendar(good_friday, liberation_day)  # refuses an unknown choice before it is kept
    _chosen[:] = [bool(good_friday), liberation_day]


def default_calendar() -> WorkingCalendar:
    """The calendar chosen in the settings (the defaults until `configure` is called)."""
    return get_calendar(*_chosen)


def add_working_days(day: dt.date, n: int, calendar: WorkingCalendar | None = None) -> dt.date:
    return (calendar or default_calendar()).add_working_days(day, n)


def add_weeks(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(weeks=n)


def add_calendar_days(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


_MONTHS: dict[tuple[int, int], int] = {}


def _months(ordinal: int, n: int) -> int:
    """`add_months` on ordinals, remembered (the whole country has a few thousand dates)."""
    key = (ordinal, n)
    out = _MONTHS.get(key)
    if out is None:
        out = _MONTHS[key] = add_months(dt.date.fromordinal(ordinal), n).toordinal()
    return out


class Unit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"


UNIT_LABELS = {
    Unit.DAYS: ("dag", "dagen"),
    Unit.WORKING_DAYS: ("werkdag", "werkdagen"),
    Unit.WEEKS: ("week", "weken"),
    Unit.MONTHS: ("maand", "maanden"),
}


@dataclass(frozen=True)
class Term:
    """A term such as 5 days, 10 working days, 6 weeks or 3 months."""

    n: int
    unit: Unit

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", Unit(self.unit))
        if self.n < 0:
            raise ValueError("een termijn is niet negatief.")

    def after_ordinal(self, ordinal: int, calendar: WorkingCalendar | None = None) -> int:
        if self.unit is Unit.DAYS:
            return ordinal + self.n
        if self.unit is Unit.WEEKS:
            return ordinal + 7 * self.n
        if self.unit is Unit.WORKING_DAYS:
            return (calendar or default_calendar()).add_working_days_ordinal(ordinal, self.n)
        return _months(ordinal, self.n)

    def before_ordinal(self, ordinal: int, calendar: WorkingCalendar | None = None) -> int:
        if self.unit is Unit.DAYS:
            return ordinal - self.n
        if self.unit is Unit.WEEKS:
            return ordinal - 7 * self.n
        if self.unit is Unit.WORKING_DAYS:
            return (calendar or default_calendar()).add_working_days_ordinal(ordinal, -self.n)
        return _months(ordinal, -self.n)

    def after(self, day: dt.date, calendar: WorkingCalendar | None = None) -> dt.date:
        """The last day of the term that starts the day after `day` (the due date)."""
        return dt.date.fromordinal(self.after_ordinal(day.toordinal(), calendar))

    def before(self, day: dt.date, calendar: WorkingCalendar | None = None) -> dt.date:
        return dt.date.fromordinal(self.before_ordinal(day.toordinal(), calendar))

    def label(self) -> str:
        """Dutch, e.g. '10 werkdagen', '1 maand'."""
        one, many = UNIT_LABELS[self.unit]
        return f"{self.n} {one if self.n == 1 else many}"

    def code(self) -> str:
        """Compact form for files and settings: '5d', '10wd', '6w', '3m'."""
        suffix = {"days": "d", "working_days": "wd", "weeks": "w", "months": "m"}[self.unit]
        return f"{self.n}{suffix}"

    @classmethod
    def parse(cls, text: str) -> Term:
        """'5d', '10wd', '6w' or '3m' (the inverse of `code`)."""
        text = text.strip().lower()
        for suffix, unit in (
            ("wd", Unit.WORKING_DAYS),
            ("d", Unit.DAYS),
            ("w", Unit.WEEKS),
            ("m", Unit.MONTHS),
        ):
            if text.endswith(suffix) and text[: -len(suffix)].isdigit():
                return cls(int(text[: -len(suffix)]), unit)
        raise ValueError(
            f"termijn {text!r} niet begrepen (verwacht bijvoorbeeld 5d, 10wd, 6w of 3m)."
        )

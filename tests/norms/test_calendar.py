"""The Dutch working-day calendar and the terms built on it."""

import datetime as dt

import pytest
from django.test import override_settings

from ketenzicht.norms.calendar import (
    Term,
    Unit,
    WorkingCalendar,
    add_calendar_days,
    add_months,
    add_weeks,
    add_working_days,
    default_calendar,
    get_calendar,
)

D = dt.date
CAL = get_calendar()  # the defaults: Good Friday a working day, Liberation Day in lustrum years


def test_weekends_are_skipped_and_the_start_day_never_counts():
    assert CAL.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Friday -> Monday
    assert CAL.add_working_days(D(2026, 3, 6), 5) == D(2026, 3, 13)  # Friday -> next Friday
    assert CAL.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)  # from a Saturday
    assert CAL.add_working_days(D(2026, 3, 9), 0) == D(2026, 3, 9)
    assert CAL.add_working_days(D(2026, 3, 9), -1) == D(2026, 3, 6)  # Monday back to Friday
    assert CAL.add_working_days(D(2026, 3, 8), -1) == D(2026, 3, 6)  # Sunday back to Friday


def test_kings_day_is_skipped_and_moves_to_the_26th_when_the_27th_is_a_sunday():
    assert not CAL.is_working_day(D(2026, 4, 27))  # a Monday
    assert CAL.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)
    # 27 April 2025 was a Sunday: King's Day was Saturday the 26th.
    assert D(2025, 4, 26) in CAL.holidays and D(2025, 4, 27) not in CAL.holidays
    assert CAL.is_working_day(D(2025, 4, 28))


def test_easter_monday_is_skipped_good_friday_is_a_working_day_by_default():
    assert CAL.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 3)  # Good Friday counts
    assert CAL.add_working_days(D(2026, 4, 3), 1) == D(2026, 4, 7)  # Easter Monday does not
    with_friday = WorkingCalendar(good_friday=True)
    assert with_friday.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)


def test_liberation_day_choices():
    # 5 May 2025 (a lustrum year, Monday) is a day off by default, 5 May 2026 (Tuesday) is not.
    assert CAL.add_working_days(D(2025, 5, 2), 1) == D(2025, 5, 6)
    assert CAL.add_working_days(D(2026, 5, 4), 1) == D(2026, 5, 5)
    always = WorkingCalendar(liberation_day="always")
    assert always.add_working_days(D(2026, 5, 4), 1) == D(2026, 5, 6)
    never = WorkingCalendar(liberation_day="never")
    assert never.add_working_days(D(2025, 5, 2), 1) == D(2025, 5, 5)
    with pytest.raises(ValueError, match="NORMS_LIBERATION_DAY"):
        WorkingCalendar(liberation_day="soms")


def test_other_public_holidays():
    assert CAL.add_working_days(D(2026, 5, 13), 1) == D(2026, 5, 15)  # Ascension Day
    assert CAL.add_working_days(D(2026, 5, 22), 1) == D(2026, 5, 26)  # Whit Monday
    # Christmas and New Year: 24, (25, 26 off), 28, 29, 30, 31 -> the fifth is 31 December.
    assert CAL.add_working_days(D(2026, 12, 23), 5) == D(2026, 12, 31)
    assert CAL.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_settings_choose_the_calendar():
    with override_settings(NORMS_GOOD_FRIDAY_IS_HOLIDAY=True, NORMS_LIBERATION_DAY="always"):
        cal = default_calendar()
        assert (cal.good_friday, cal.liberation_day) == (True, "always")
        assert add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)
    assert default_calendar() is CAL
    assert "Goede Vrijdag: werkdag" in CAL.describe()


def test_month_arithmetic_clamps_to_the_month_end_and_knows_leap_years():
    assert add_months(D(2027, 1, 31), 1) == D(2027, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert Term(3, Unit.MONTHS).after(D(2023, 11, 30)) == D(2024, 2, 29)
    assert Term(3, Unit.MONTHS).after(D(2025, 11, 30)) == D(2026, 2, 28)
    assert Term(6, Unit.MONTHS).after(D(2026, 8, 31)) == D(2027, 2, 28)
    assert Term(1, Unit.MONTHS).before(D(2026, 3, 31)) == D(2026, 2, 28)


def test_terms():
    assert Term(5, Unit.DAYS).after(D(2026, 3, 2)) == D(2026, 3, 7)  # not moved off a Saturday
    assert Term(2, Unit.WEEKS).after(D(2026, 3, 2)) == D(2026, 3, 16)
    assert Term(10, Unit.WORKING_DAYS).after(D(2026, 4, 16), CAL) == D(2026, 5, 1)
    assert Term(10, Unit.WEEKS).before(D(2027, 1, 4)) == D(2026, 10, 26)
    assert add_weeks(D(2026, 1, 1), 6) == D(2026, 2, 12)
    assert add_calendar_days(D(2026, 2, 27), 2) == D(2026, 3, 1)
    assert [Term.parse(t).label() for t in ("5d", "10wd", "1w", "3m", "1m")] == [
        "5 dagen",
        "10 werkdagen",
        "1 week",
        "3 maanden",
        "1 maand",
    ]
    assert Term.parse("6w").code() == "6w"
    with pytest.raises(ValueError, match="niet begrepen"):
        Term.parse("zes weken")

"""Help waits on several dates, loaded once up to the last (`help_waits_on`, used by the council
report for the period's last day and today), equal the waits loaded for each date on its own:
measures that end, and help that starts, between the dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ketenzicht.care.help_selectors import help_waits_on
from ketenzicht.timeline.models import Event

pytestmark = pytest.mark.django_db


def test_waits_on_several_dates_equal_each_date_alone(demo):
    today = timezone.localdate()
    days = [today - dt.timedelta(days=n) for n in (200, 92, 31, 0)]
    together = help_waits_on(days)
    for day in days:
        assert together[day] == help_waits_on([day])[day], day
    # The dates differ in what they know: ends and starts between them.
    first, last = days[0], days[-1]
    between = Event.live.filter(date__gt=first, date__lte=last)
    assert between.filter(event_type="measure_ended").exists()
    assert between.filter(event_type="help_started").exists()
    assert together[first] != together[last]
    assert any(w.measure_ended_on for w in together[last])

"""Date pickers carry their value in ISO: a Dutch "30-11-2026" in `<input type="date">` is
discarded by every browser, and the filter then looks empty although a date is in effect."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from ketenzicht.widgets import DateInput

pytestmark = pytest.mark.django_db


def test_the_widget_renders_iso_whatever_the_language():
    html = DateInput().render("peildatum", dt.date(2026, 11, 30))
    assert 'type="date"' in html and 'value="2026-11-30"' in html


def test_the_reference_date_filter_shows_the_date_in_effect(dataset, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    html = client.get(reverse("care:counts")).content.decode()  # the default date, unbound
    field = re.search(r'<input[^>]*name="peildatum"[^>]*>', html).group(0)
    assert re.search(r'type="date".*value="\d{4}-\d{2}-\d{2}"', field), field

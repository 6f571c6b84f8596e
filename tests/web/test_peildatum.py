"""Issue 14, item 2: every screen that shows norm statuses or counts takes `?peildatum=` through
one helper (`ketenzicht.peildatum`) and passes that date down; a refused date gets a Dutch 400
naming the field, and a page on a chosen date says so."""

import datetime as dt

import pytest
from django.urls import reverse

from ketenzicht import clock, peildatum
from ketenzicht.timeline.models import Measure
from tests.access.conftest import role_users  # noqa: F401  (fixture)
from tests.web.test_lapsed import lapsed  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

# (url name, role) of the screens that take ?peildatum=
SCREENS = [
    ("web:worklist", "jeugdzorgwerker"),
    ("web:worklist_csv", "jeugdzorgwerker"),
    ("web:team_worklist", "teamleider"),
    ("web:team_worklist_csv", "teamleider"),
    ("web:kpi", "teamleider"),
    ("care:waiting_list", "teamleider"),
    ("care:help", "teamleider"),
    ("care:expert_table", "teamleider"),
    ("care:effects", "gi_bestuurder"),
    ("escalation:signals", "teamleider"),
    ("reporting:gi_board", "gi_bestuurder"),
    ("reporting:drilldown", "gi_bestuurder"),
]


def test_parse_defaults_to_today_and_refuses_bad_dates():
    today = dt.date(2026, 12, 1)
    assert peildatum.parse(None, today) == today
    assert peildatum.parse("", today) == today
    assert peildatum.parse("2026-06-30", today) == dt.date(2026, 6, 30)
    with pytest.raises(peildatum.PeildatumError, match="geen geldige datum"):
        peildatum.parse("30-06-2026", today)
    with pytest.raises(peildatum.PeildatumError, match="toekomst"):
        peildatum.parse("2026-12-02", today)


def test_the_clock_is_the_dutch_day_and_can_be_pinned():
    with clock.frozen(dt.date(2026, 3, 1)):
        assert clock.today() == dt.date(2026, 3, 1)
        assert peildatum.parse(None, clock.today()) == dt.date(2026, 3, 1)
    # 23:30 UTC on 30 November is already 1 December in Amsterdam.
    moment = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)
    assert clock.day_of(moment) == dt.date(2026, 12, 1)


@pytest.mark.parametrize(("url_name", "role"), SCREENS)
def test_each_screen_takes_a_peildatum_and_refuses_a_bad_one(
    role_users,  # noqa: F811
    login,
    client,
    url_name,
    role,
):
    login(role_users[role])
    url = reverse(url_name)
    past = client.get(url, {"peildatum": "2026-05-15"})
    assert past.status_code == 200
    if not url_name.endswith("_csv"):
        assert "stand op peildatum 15 mei 2026" in past.content.decode()
        assert "stand op peildatum" not in client.get(url).content.decode()
    for bad, reason in (("15-05-2026", "geen geldige datum"), ("2999-01-01", "toekomst")):
        refused = client.get(url, {"peildatum": bad})
        assert refused.status_code == 400
        assert reason in refused.content.decode()


def test_the_chosen_date_reaches_the_worklist_and_the_case_page(
    lapsed,  # noqa: F811
    make_user,
    login,
    client,
):
    """M-L1's ruling ended on 1 June 2026 without extension: lapsed today, not on 15 May."""
    login(make_user("W-1"))
    today = client.get(reverse("web:worklist")).content.decode()
    assert 'data-lapsed="M-L1"' in today
    before = client.get(reverse("web:worklist"), {"peildatum": "2026-05-15"}).content.decode()
    assert 'data-lapsed="M-L1"' not in before
    youth = Measure.objects.get(external_id="M-L1").youth.external_id
    case_today = client.get(reverse("web:case", args=[youth])).content.decode()
    case_before = client.get(reverse("web:case", args=[youth]), {"peildatum": "2026-05-15"})
    assert "Maatregel verlopen" in case_today
    assert "Maatregel verlopen" not in case_before.content.decode()

"""Money and continuity (issue 17, item 3): measures per month, P&Q revenue from the tariff table,
the 12-month change and the continuity trigger with the date it was crossed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ketenzicht import clock
from ketenzicht.capacity.domain.continuity import continuity, month_ends
from ketenzicht.timeline.models import Measure

TARIFFS = {("11", y): (Decimal("12000"), Decimal("0.25")) for y in range(2020, 2030)}
COUNTED = frozenset({"11", "21"})


def shrinking(n0=100, per_month=1, since=dt.date(2025, 1, 31)):
    """n0 OTS running from 2023; from `since` on one ends every month."""
    rows = []
    for i in range(n0):
        ended = None
        if i < 30:
            ended = since + dt.timedelta(days=31 * i)
        rows.append(("11", dt.date(2023, 1, 1), ended))
    return rows


def test_month_ends_are_the_completed_months():
    assert month_ends(dt.date(2026, 3, 15), 3) == [
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
    ]


def test_revenue_counts_and_the_trigger_with_its_crossing_date():
    c = continuity(shrinking(), dt.date(2026, 3, 1), TARIFFS, COUNTED, months=14)
    last = c.latest
    assert last.end == dt.date(2026, 2, 28)
    # 100 running at the start; one ended each month since 31-1-2025 (that day still ran).
    assert last.counted == 100 - 13
    assert last.revenue == Decimal(87) * 12000 / 12 and last.fixed == last.revenue / 4
    assert last.change == Decimal(87 - 99) / 99
    assert c.triggered
    # -5 % is passed when six more measures ended than a year before: 94 vs 100 at 31-7-2025.
    first_over = next(m for m in c.months if m.change is not None and -m.change > Decimal("0.05"))
    assert c.crossed_on == first_over.end == dt.date(2025, 7, 31)


def test_no_warning_under_the_threshold_or_without_history():
    steady = [("11", dt.date(2023, 1, 1), None)] * 50
    assert not continuity(steady, dt.date(2026, 3, 1), TARIFFS, COUNTED).triggered
    assert continuity([], dt.date(2026, 3, 1), TARIFFS, COUNTED).latest.change is None
    # A threshold of 20 %: a 12 % shrink is no trigger.
    c = continuity(shrinking(), dt.date(2026, 3, 1), TARIFFS, COUNTED, Decimal("0.20"))
    assert not c.triggered and c.crossed_on is None


def _board(client, login, user):
    login(user)
    with clock.frozen(dt.date(2026, 11, 1)):
        return client.get(reverse("reporting:gi_board")).content.decode()


@pytest.mark.django_db
def test_the_gi_board_shows_no_warning_without_a_years_history(dataset, role_users, client, login):
    # Only Y-1's OTS, running since March 2026: no count a year before, no change.
    html = _board(client, login, role_users["gi_bestuurder"])
    assert 'data-testid="continuity-ok"' in html and "continuity-warning" not in html


@pytest.mark.django_db
def test_the_gi_board_warns_when_measures_shrink_past_the_threshold(
    dataset, role_users, client, login
):
    m = Measure.objects.get(external_id="M-1")
    # Projection rows only (the continuity figures read start and end of each measure).
    for i in range(40):
        ended = dt.date(2026, 3 + i % 5, 10) if i < 10 else None
        Measure.objects.create(
            external_id=f"M-H{i}",
            youth=m.youth,
            measure_type="11",
            gi=m.gi,
            start_date=dt.date(2024, 1, 1),
            ended_on=ended,
        )
    html = _board(client, login, role_users["gebiedsmanager"])
    assert 'data-testid="continuity-warning"' in html
    # 31 (30 + M-1) at the end of October 2026 against 40 a year before: -22,5 %. The 5 % was
    # passed at the end of April 2026: four ended in March and April, M-1 began: 37 vs 40.
    assert "-22,5 %" in html and "sinds 30 april 2026" in html


@pytest.mark.django_db
def test_only_board_and_gebiedsmanager_see_the_section(dataset, role_users, client, login):
    html = _board(client, login, role_users["teamleider"])
    assert 'data-testid="continuity"' not in html


@pytest.mark.django_db
def test_the_continuity_csv_has_measures_per_type_per_month(dataset, role_users, client, login):
    login(role_users["gi_bestuurder"])
    with clock.frozen(dt.date(2026, 11, 1)):
        text = client.get(reverse("capacity:continuity_csv")).content.decode("utf-8-sig")
    header, *lines = text.splitlines()
    assert header.startswith("maand (einde);OTS;kinderbeschermingsmaatregelen;verandering")
    assert len(lines) == 24 and lines[-1].startswith("2026-10-31;1;1;")
    login(role_users["teamleider"])
    assert client.get(reverse("capacity:continuity_csv")).status_code == 404

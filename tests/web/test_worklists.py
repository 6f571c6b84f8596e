"""Worklists and the norms panel, over the norm engine's results for the builders' data set.

M-1 (OTS, started 02-03-2026, worker W-1): first contact and safety estimate were on time; no
plan of approach, no help started and the only child-alone contact was corrected, so those norms
are overdue on any date after November 2026."""

import re

import pytest
from django.urls import reverse

from ketenzicht.access.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def statuses(html, norm):
    return re.findall(rf'data-norm="{re.escape(norm)}" data-status="(\w+)"', html)


def test_my_worklist_overdue_first(dataset, make_user, login, client):
    login(make_user("W-1"))
    html = client.get(reverse("web:worklist")).content.decode()
    rows = re.findall(r'data-status="(\w+)" data-norm="([\w.-]+)"', html)
    assert ("overdue", "1b.3-plan-van-aanpak") in rows
    assert ("overdue", "2.2-passende-hulp") in rows
    assert ("overdue", "3.1-kind-alleen") in rows  # the corrected contact does not count
    assert "1a.3-eerste-contact" not in [n for _, n in rows]  # met on time: not on the list
    order = [s for s, _ in rows]
    assert order == sorted(order, key=lambda s: s != "overdue")  # overdue before open
    assert "Noor Jansen" in html
    assert AccessLogEntry.objects.filter(subject="werklijst").count() == 1


def test_team_worklist_counts_and_filters(dataset, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    html = client.get(reverse("web:team_worklist")).content.decode()
    counts = re.search(
        r'data-norm="1b.3-plan-van-aanpak">.*?data-status="overdue">(\d+)<', html, re.S
    )
    assert counts and counts.group(1) == "1"
    assert 'data-testid="without-fixed">0<' in html
    only_plan = client.get(reverse("web:team_worklist"), {"norm": "1b.3-plan-van-aanpak"})
    rows = re.findall(r'data-status="\w+" data-norm="([\w.-]+)"', only_plan.content.decode())
    assert rows and set(rows) == {"1b.3-plan-van-aanpak"}
    none = client.get(reverse("web:team_worklist"), {"no_fixed_worker": "on"}).content.decode()
    assert "Noor Jansen" not in none and 'data-testid="without-fixed">0<' in none


def test_case_page_norms_panel(dataset, make_user, login, client):
    login(make_user("W-1"))
    html = client.get(reverse("web:case", args=["Y-1"])).content.decode()
    assert statuses(html, "1a.3-eerste-contact") == ["met_on_time"]
    assert statuses(html, "1b.3-plan-van-aanpak") == ["overdue"]
    assert "Besluit Jeugdwet" in html  # the source of the norm is shown
    assert "Op tijd voldaan" in html and "Termijn verstreken" in html


def test_kpis_per_team_for_a_period(dataset, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    html = client.get(
        reverse("web:kpi"), {"group": "team", "first": "2026-03-01", "last": "2026-06-30"}
    ).content.decode()
    cell = lambda norm: re.search(  # noqa: E731
        rf'data-norm="{re.escape(norm)}" data-due="(\d+)" data-on-time="(\d+)"', html
    ).groups()
    assert 'data-group="Team Den Haag Zuid"' in html
    assert cell("1a.3-eerste-contact") == ("1", "1")  # due 07-03-2026, met 05-03-2026
    assert cell("1b.3-plan-van-aanpak") == ("1", "0")  # due 13-04-2026, not met
    assert cell("2.2-passende-hulp") == ("1", "0")  # due 02-06-2026, no help started
    later = client.get(reverse("web:kpi"), {"first": "2026-07-01", "last": "2026-07-31"})
    assert 'data-norm="1a.3-eerste-contact" data-due="0"' in later.content.decode()
    by_municipality = client.get(reverse("web:kpi"), {"group": "municipality"}).content.decode()
    assert 'data-group="&#x27;s-Gravenhage"' in by_municipality

"""Issue 16, item 1: worklists by risk. Open signals of unsafety first (by severity, then due
date), then what is due within days, then overdue items by the norm's weight; "Oudste eerst" on
request; filters, paging, the team's per-worker view, a scoped and logged CSV, and start-page
counts that open the list behind them.

Data: the builders' M-1 (Noor Jansen, W-1, overdue plan, help and child-alone contact since
spring 2026) with a signal of severity "hoog" from yesterday, and M-2 (Daan Smit, W-1, started
recently) with a signal of severity "laag" from three days ago (due earlier)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.access.models import AccessLogEntry
from ketenzicht.crypto import youth_pseudonym
from ketenzicht.interop.importer import import_lines
from ketenzicht.norms.engine import NormResult, Status
from ketenzicht.norms.priority import Weights, oldest_first, risk_order, worklist_items
from tests.builders import base_records

pytestmark = pytest.mark.django_db

ROW = re.compile(
    r'<tr class="utrecht-table__row" data-status="(\w+)" data-norm="([\w.-]+)" '
    r'data-measure="([\w-]+)"(?: data-severity="(\w+)")?>'
)


def signal_records(today: dt.date, signal_on: dt.date | None = None, old=False) -> list[dict]:
    """The module's data; `signal_on`: the date of M-1's "hoog" signal (default yesterday);
    `old`: also M-3 (Lisa Bos, W-1), started in January 2023 and never contacted."""
    records = base_records()
    start = today - dt.timedelta(days=30)
    if old:
        records += [
            {
                "kind": "youth",
                "id": "Y-3",
                "bsn": "999990044",
                "given_name": "Lisa",
                "family_name": "Bos",
                "birth_date": "2013-02-01",
                "responsible_municipality": "GM0518",
                "stay_municipality": "GM0518",
                "placement_type": "thuis",
            },
            {"kind": "measure", "id": "M-3", "youth": "Y-3", "measure_type": "21"},
            ev(
                "E-30",
                "M-3",
                "measure_started",
                dt.date(2023, 1, 9),
                ruling_date="2023-01-09",
                gi="GI-JBW",
                team="T-DH1",
            ),
            ev(
                "E-31",
                "M-3",
                "worker_assigned",
                dt.date(2023, 1, 9),
                assignment="vast",
                worker="W-1",
            ),
        ]
    records += [
        {
            "kind": "youth",
            "id": "Y-2",
            "bsn": "999990032",
            "given_name": "Daan",
            "family_name": "Smit",
            "birth_date": "2012-05-01",
            "responsible_municipality": "GM0518",
            "stay_municipality": "GM0518",
            "placement_type": "thuis",
        },
        {"kind": "measure", "id": "M-2", "youth": "Y-2", "measure_type": "41"},
        ev(
            "E-20",
            "M-2",
            "measure_started",
            start,
            ruling_date=start.isoformat(),
            gi="GI-JBW",
            team="T-DH1",
            end_date=(start + dt.timedelta(days=365)).isoformat(),
        ),
        ev("E-21", "M-2", "worker_assigned", start, assignment="vast", worker="W-1"),
        ev(
            "E-22",
            "M-2",
            "unsafety_signal",
            today - dt.timedelta(days=3),
            source="school",
            severity="laag",
            description="Vaak te laat op school.",
        ),
        ev(
            "E-23",
            "M-1",
            "unsafety_signal",
            signal_on or today - dt.timedelta(days=1),
            source="politie",
            severity="hoog",
            description="Melding huiselijk geweld.",
        ),
    ]
    return records


def ev(eid, measure, kind, day, **data):
    return {
        "kind": "event",
        "id": eid,
        "measure": measure,
        "type": kind,
        "date": day.isoformat(),
        "data": data,
    }


@pytest.fixture
def signals(db):
    today = timezone.localdate()
    import_lines(list(enumerate(signal_records(today), start=1)), today=today)
    return today


def rows(html):
    return ROW.findall(html)


# --------------------------------------------------------------------------- the order itself


def _r(norm, status, due, measure="M-1", trigger=None):
    return NormResult(measure, norm, status, due, None, None, "standaard", "", trigger)


def test_risk_order_signals_then_soon_then_overdue_by_weight():
    today = dt.date(2026, 11, 30)
    old = _r("1b.3-plan-van-aanpak", Status.OVERDUE, dt.date(2024, 1, 1))
    child = _r("3.1-kind-alleen", Status.OVERDUE, dt.date(2026, 10, 1))
    soon = _r("3.3-casusoverleg", Status.OPEN, today + dt.timedelta(days=2))
    later = _r("3.3-evaluatie-plan", Status.OPEN, today + dt.timedelta(days=30))  # not listed
    high = _r("3.6-signaal-beoordeeld", Status.OPEN, today + dt.timedelta(days=1), "M-2")
    low = _r("3.6-signaal-beoordeeld", Status.OVERDUE, today - dt.timedelta(days=1), "M-3")
    severity = {"M-2": 3, "M-3": 1}
    weights = Weights()
    items = worklist_items([old, child, soon, later, high, low], today, 7)
    assert later not in items
    ordered = risk_order(
        items, lambda r: severity[r.measure_id], lambda r: weights.of(r.norm_id, "GI-JBW")
    )
    # A high-severity signal due tomorrow above a years-old item; child alone (weight 4) above
    # the plan of approach (weight 3) although the plan is older.
    assert ordered == [high, low, soon, child, old]
    assert oldest_first(items) == [old, child, low, high, soon]
    heavier_plan = Weights(organisations={("GI-JBW", "1b.3-plan-van-aanpak"): 5})
    again = risk_order(
        items, lambda r: severity[r.measure_id], lambda r: heavier_plan.of(r.norm_id, "GI-JBW")
    )
    assert again[3:] == [old, child]
    assert heavier_plan.of("1b.3-plan-van-aanpak", "GI-WSS") == 3  # another GI: the default


def test_weights_are_checked():
    with pytest.raises(ValueError, match="tussen 1 en 5"):
        Weights({"3.1-kind-alleen": 9})
    with pytest.raises(ValueError, match="onbekende norm"):
        Weights({"bestaat-niet": 3})


# --------------------------------------------------------------------------- the worklist


def test_my_worklist_puts_the_severe_signal_first(signals, make_user, login, client):
    login(make_user("W-1"))
    found = rows(client.get(reverse("web:worklist")).content.decode())
    assert found[0] == ("open", "3.6-signaal-beoordeeld", "M-1", "hoog")
    assert found[1][1:] == ("3.6-signaal-beoordeeld", "M-2", "laag")
    overdue = [norm for status, norm, m, _ in found if status == "overdue" and m == "M-1"]
    # Overdue by weight: child alone (4) before plan and help (3), whatever the due dates.
    assert overdue.index("3.1-kind-alleen") < overdue.index("1b.3-plan-van-aanpak")
    assert found[-1][0] == "overdue"

    oldest = rows(client.get(reverse("web:worklist"), {"sort": "oudste"}).content.decode())
    assert oldest[0][0] == "overdue" and oldest[0][2] == "M-1"
    assert sorted(oldest) == sorted(found)  # the same items, another order


def test_a_gi_weight_changes_the_order(signals, make_user, login, client):
    from ketenzicht.norms.models import NormWeight
    from ketenzicht.reference.models import Organisation

    NormWeight.objects.create(
        organisation=Organisation.objects.get(external_id="GI-JBW"),
        norm_id="1b.3-plan-van-aanpak",
        weight=5,
    )
    login(make_user("W-1"))
    found = rows(client.get(reverse("web:worklist")).content.decode())
    overdue = [norm for status, norm, m, _ in found if status == "overdue" and m == "M-1"]
    assert overdue.index("1b.3-plan-van-aanpak") < overdue.index("3.1-kind-alleen")


def test_filters_on_my_worklist(signals, make_user, login, client):
    login(make_user("W-1"))
    url = reverse("web:worklist")
    only_signals = rows(client.get(url, {"status": "signaal"}).content.decode())
    assert {n for _, n, _, _ in only_signals} == {"3.6-signaal-beoordeeld"}
    assert {m for _, _, m, _ in only_signals} == {"M-1", "M-2"}
    assert {m for _, _, m, _ in rows(client.get(url, {"child": "Daan Smit"}).content.decode())} == {
        "M-2"
    }
    assert {m for _, _, m, _ in rows(client.get(url, {"child": "Y-1"}).content.decode())} == {"M-1"}
    jr = rows(client.get(url, {"measure_type": "41"}).content.decode())
    assert jr and {m for _, _, m, _ in jr} == {"M-2"}
    plan = rows(client.get(url, {"norm": "1b.3-plan-van-aanpak"}).content.decode())
    assert {n for _, n, _, _ in plan} == {"1b.3-plan-van-aanpak"}
    overdue = rows(client.get(url, {"status": "overdue"}).content.decode())
    assert overdue and {s for s, *_ in overdue} == {"overdue"}


def test_paging_keeps_the_filter(signals, make_user, login, client, monkeypatch):
    monkeypatch.setattr("ketenzicht.web.worklists.PAGE_SIZE", 2)
    login(make_user("W-1"))
    first = client.get(reverse("web:worklist")).content.decode()
    assert len(rows(first)) == 2 and "Volgende pagina" in first
    everything = []
    page = 1
    while True:
        html = client.get(reverse("web:worklist"), {"pagina": page}).content.decode()
        everything += rows(html)
        if "Volgende pagina" not in html:
            break
        page += 1
    assert len(everything) > 2 and len(set(everything)) == len(everything)
    filtered = client.get(reverse("web:worklist"), {"status": "overdue"}).content.decode()
    assert "status=overdue&amp;pagina=2" in filtered


def test_csv_export_is_filtered_scoped_and_logged(signals, make_user, login, client):
    login(make_user("W-1"))
    response = client.get(reverse("web:worklist_csv"), {"status": "signaal"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Dossiernummer;Jeugdige;Maatregel;Norm;Ernst signaal")
    assert len(lines) == 3 and lines[1].startswith("M-1;Noor Jansen") and ";Hoog;" in lines[1]
    assert "999990019" not in response.content.decode()  # no BSN
    entries = AccessLogEntry.objects.filter(action="export", subject="werklijst (CSV)")
    assert {e.youth_pseudonym for e in entries} == {youth_pseudonym("Y-1"), youth_pseudonym("Y-2")}
    assert entries.count() == 2

    # The team CSV of another team's leader has nothing of W-1's team.
    client.logout()
    login(make_user("W-3", role="teamleider"))
    other = client.get(reverse("web:team_worklist_csv")).content.decode("utf-8-sig")
    assert "Noor Jansen" not in other and "Daan Smit" not in other


def test_team_overview_per_worker_view(signals, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    html = client.get(reverse("web:team_worklist")).content.decode()
    row = re.search(r'data-worker="W-1">(.*?)</tr>', html, re.S).group(1)
    assert "Sanne de Vries" in row and "?worker=W-1" in row
    assert re.search(r'data-count="measures">2<', row)
    assert re.search(r'data-count="signals"><a [^>]*status=signaal&amp;worker=W-1">2<', row)
    mine = client.get(reverse("web:team_worklist"), {"worker": "W-1"}).content.decode()
    assert {m for _, _, m, _ in rows(mine)} == {"M-1", "M-2"}
    assert rows(mine)[0][3] == "hoog"
    nobody = client.get(reverse("web:team_worklist"), {"no_fixed_worker": "on"}).content.decode()
    assert rows(nobody) == []
    csv = client.get(reverse("web:team_worklist_csv"), {"worker": "W-1"})
    assert "Sanne de Vries" in csv.content.decode("utf-8-sig")
    assert AccessLogEntry.objects.filter(action="export", subject="teamwerklijst (CSV)").exists()


def test_start_page_counts_link_to_the_lists(signals, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    html = client.get(reverse("web:home")).content.decode()
    team = reverse("web:team_worklist")
    assert f'href="{team}"><strong data-testid="count-total">2<' in html
    assert f'href="{team}?no_fixed_worker=on"><strong data-testid="count-without-worker">' in html
    client.logout()
    login(make_user("W-1"))
    html = client.get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:worklist")}"><strong data-testid="count-mine">2<' in html

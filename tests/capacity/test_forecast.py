"""The forecast of the waiting list on a small history (issue 17, item 4): the snapshots and the
backtest's actuals are the timeline's own counts (`care.selectors`, an independent path), the
Prognose screen and its CSV by role, and Dutch errors for a bad scenario."""

import datetime as dt
import random

import pytest
from django.urls import reverse

from ketenzicht import clock
from ketenzicht.capacity.domain.forecast import forecast
from ketenzicht.capacity.domain.forecast_fit import FIT_MONTHS, backtest, fit, start
from ketenzicht.capacity.forecast_selectors import group_series, snapshot_days
from ketenzicht.care.selectors import without_fixed_worker_counts
from ketenzicht.demo.generator.bsn import bsn_sequence
from ketenzicht.interop.importer import import_lines
from ketenzicht.reference.models import Team

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)
HEADER = {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"}


def history_records(n: int = 36, seed: int = 3) -> list[dict]:
    """Children whose OTS started in the two years before TODAY: most get a fixed worker at
    once, some wait in the in- en doorstroomteam first, some still wait, some ended."""
    rng, bsns = random.Random(seed), bsn_sequence(seed)
    records: list[dict] = [HEADER]
    for k in range(n):
        y, m = f"Y-F{k}", f"M-F{k}"
        begin = TODAY - dt.timedelta(days=rng.randint(20, 720))
        records += [
            {
                "kind": "youth",
                "id": y,
                "bsn": next(bsns),
                "given_name": "Kind",
                "family_name": f"Nummer {k}",
                "birth_date": "2014-06-01",
                "responsible_municipality": "GM0518",
                "stay_municipality": "GM0518",
                "placement_type": "thuis",
            },
            {"kind": "measure", "id": m, "youth": y, "measure_type": "11"},
        ]

        def event(suffix, etype, day, m=m, **data):
            return {
                "kind": "event",
                "id": f"E-{m}-{suffix}",
                "measure": m,
                "type": etype,
                "date": day.isoformat(),
                "data": data,
            }

        records.append(
            event(
                "s",
                "measure_started",
                begin,
                ruling_date=begin.isoformat(),
                end_date=(begin + dt.timedelta(days=364)).isoformat(),
                gi="GI-JBW",
                team="T-DH1",
                court="RB-DH",
            )
        )
        worker = rng.choice(["W-1", "W-2"])
        end = begin + dt.timedelta(days=rng.randint(150, 364))
        kind = rng.random()
        if kind < 0.5:
            records.append(event("a", "worker_assigned", begin, assignment="vast", worker=worker))
        else:
            records.append(
                event("d", "worker_assigned", begin, assignment="doorstroomteam", team="T-IDT")
            )
            later = begin + dt.timedelta(days=rng.randint(20, 200))
            if kind < 0.85 and later < min(end, TODAY):
                records.append(
                    event("a", "worker_assigned", later, assignment="vast", worker=worker)
                )
        if end < TODAY - dt.timedelta(days=5):
            records.append(event("e", "measure_ended", end, reason="04"))
    return records


def staff_records(sick: bool = True) -> list[dict]:
    """W-1 and W-2 jeugdzorgwerker since 2020 (0,8 fte), W-2 sick for six weeks in 2026."""
    staff = [
        {
            "kind": "staff_event",
            "id": f"PF-{w}",
            "organisation": "GI-JBW",
            "type": "in_dienst",
            "date": "2020-01-01",
            "worker": w,
            "team": "T-DH1",
            "fte": 0.8,
            "function": "jeugdzorgwerker",
        }
        for w in ("W-1", "W-2")
    ]
    if sick:
        staff.append(
            {
                "kind": "staff_event",
                "id": "PF-Z",
                "organisation": "GI-JBW",
                "type": "afwezig",
                "date": "2026-02-01",
                "until": "2026-03-15",
                "worker": "W-2",
                "reason": "ziekte",
            }
        )
    return staff


@pytest.fixture
def history(dataset):
    staff = staff_records()
    import_lines(enumerate([*history_records(), *staff], start=1), today=TODAY)


def test_the_snapshots_and_the_backtest_are_the_timelines_own_counts(history):
    series, labels = group_series(
        Team.objects.filter(organisation__external_id="GI-JBW"), TODAY, "gi"
    )
    s = series["GI-JBW"]
    days = snapshot_days(TODAY)
    counts = without_fixed_worker_counts(days, "gi")
    timeline = [counts[d].get("GI-JBW", 0) for d in days]
    assert [s.waiting(k) for k in range(len(days))] == timeline
    assert max(timeline) > 0 and labels["GI-JBW"] == "Jeugdbescherming west"

    tests = backtest(s, seed=5, runs=100)
    assert [b.horizon for b in tests] == [3, 6]
    last = len(days) - 1
    for b in tests:
        origins = [o for o in range(FIT_MONTHS, last - 3 + 1) if o + b.horizon <= last]
        assert b.actuals == tuple(timeline[o + b.horizon] for o in origins)
        expected = [
            abs(
                forecast(fit(s, o - FIT_MONTHS, o), start(s, o), seed=5, runs=100, months=last - o)[
                    b.horizon - 1
                ].waiting.p50
                - timeline[o + b.horizon]
            )
            for o in origins
        ]
        assert b.errors == pytest.approx(expected)
        assert b.mae == pytest.approx(sum(expected) / len(expected))
        assert b.naive == tuple(abs(timeline[o] - timeline[o + b.horizon]) for o in origins)


def _get(client, login, user, name="reporting:forecast", **params):
    login(user)
    with clock.frozen(TODAY):
        return client.get(reverse(name), params)


@pytest.mark.parametrize("role", ["teamleider", "gebiedsmanager", "gi_bestuurder"])
def test_the_prognose_screen_with_a_scenario(history, role_users, client, login, role):
    response = _get(client, login, role_users[role], fte="3", vanaf="2", per="totaal")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="forecast-chart"' in html and 'data-band="P10–P90 met scenario"' in html
    assert "Scenario: +3 fte vanaf januari 2027" in html
    assert "Bij 3 maanden vooruit zat de mediaan gemiddeld" in html
    ((group, _, rows, _),) = response.context["groups"]
    assert [r[0].split(" (")[0] for r in rows] == ["nu", "3 maanden", "6 maanden", "12 maanden"]


@pytest.mark.parametrize("role", ["jeugdzorgwerker", "gemeente_beleidsmedewerker"])
def test_other_roles_are_refused(history, role_users, client, login, role):
    assert _get(client, login, role_users[role]).status_code == 403
    assert _get(client, login, role_users[role], "reporting:forecast_csv").status_code == 403


def test_a_bad_scenario_gets_a_dutch_error_and_no_forecast(history, role_users, client, login):
    user = role_users["gi_bestuurder"]
    response = _get(client, login, user, fte="veel", instroom="1000", norm="0", vanaf="13")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het scenario is niet doorgerekend" in html
    assert "vul een getal in (bijvoorbeeld 4 of 2,5)." in html  # fte
    assert "vul een getal in van -90 tot en met 300." in html  # instroom
    assert "vul een getal in van 1 tot en met 40." in html  # norm
    assert "kies een maand uit de lijst." in html
    assert response.context["groups"] == []
    csv = _get(client, login, user, "reporting:forecast_csv", verzuim="80")
    assert csv.status_code == 400
    assert "Ongeldig scenario: vul een getal in van 0 tot en met 50." in csv.content.decode()


def test_the_csv_holds_the_table(history, role_users, client, login):
    user = role_users["gi_bestuurder"]
    page = _get(client, login, user, instroom="20")
    response = _get(client, login, user, "reporting:forecast_csv", instroom="20")
    header, *lines = response.content.decode("utf-8-sig").splitlines()
    assert header.startswith("GI;Over;Wachtenden P10;Wachtenden P50;Wachtenden P90;")
    ((group, _, rows, _),) = page.context["groups"]
    assert lines == [";".join([group.label, *row]) for row in rows]

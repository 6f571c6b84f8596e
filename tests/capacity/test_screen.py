"""The Capaciteit screen and its CSV (issue 17, item 2): scope by role, the figures replayed on
the reference date, the caseload norm with its history (1:12 from 2024)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ketenzicht import clock
from ketenzicht.interop.importer import import_lines

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)


def staff(fid, ftype, date, **fields):
    return {
        "kind": "staff_event",
        "id": fid,
        "organisation": "GI-JBW",
        "type": ftype,
        "date": date,
        **fields,
    }


@pytest.fixture
def staffed(dataset):
    lines = [
        {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"},
        staff(
            "PF-1",
            "in_dienst",
            "2020-01-01",
            worker="W-1",
            team="T-DH1",
            fte=0.8,
            function="jeugdzorgwerker",
        ),
        staff(
            "PF-2",
            "in_dienst",
            "2025-09-01",
            worker="W-2",
            team="T-DH1",
            fte=1.0,
            function="jeugdzorgwerker",
        ),
        staff("PF-3", "afwezig", "2026-10-01", worker="W-2", reason="ziekte"),
    ]
    import_lines(enumerate(lines, start=1), today=TODAY)


def _get(client, login, user, name="capacity:capacity", **params):
    login(user)
    with clock.frozen(TODAY):
        return client.get(reverse(name), params)


def test_teamleider_sees_their_team_with_available_fte_and_the_gap(
    staffed, role_users, client, login
):
    response = _get(client, login, role_users["teamleider"], peildatum="2026-10-15")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-key="T-DH1"' in html
    assert 'data-key="T-WSS"' not in html  # another GI's team
    rows = response.context["table"]
    row = next(r for key, _, _, r in rows if key == "T-DH1")
    # W-1 0.8 fte present; W-2 1.0 fte sick since 1 October.
    assert row.fte_contract == Decimal("1.8") and row.fte_absent == 1
    assert row.norm == 12  # the national norm since 2024 (001:4734-4738)
    assert row.demand == 1  # Y-1's OTS, held by T-DH1
    assert row.capacity == Decimal("9.6")
    assert "landelijke afspraak" in html and "1:12" in html


def test_the_norm_of_the_reference_date_applies(staffed, role_users, client, login):
    response = _get(client, login, role_users["gi_bestuurder"], peildatum="2023-06-01", per="gi")
    row = next(r for key, _, _, r in response.context["table"] if key == "GI-JBW")
    assert row.norm == 15 and row.fte_contract == Decimal("0.8")


def test_the_csv_holds_the_table(staffed, role_users, client, login):
    response = _get(
        client, login, role_users["gebiedsmanager"], "capacity:capacity_csv", per="cluster"
    )
    text = response.content.decode("utf-8-sig")
    header, *lines = text.splitlines()
    assert header.startswith("Cluster;Fte jeugdzorgwerkers;Fte afwezig;Fte beschikbaar")
    assert lines[0].startswith("Haaglanden;1,8;1,0;0,8;")


@pytest.mark.parametrize("role", ["jeugdzorgwerker", "gedragswetenschapper", "wethouder"])
def test_other_roles_are_refused(staffed, role_users, client, login, role):
    assert _get(client, login, role_users[role]).status_code == 403

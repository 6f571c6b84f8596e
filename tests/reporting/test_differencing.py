"""Issue 11, finding 3: period differencing. A council report (public) is made for a fixed
calendar month, quarter or year only, on the server; two reports one day apart cannot be had.
The fixed periods nest (a year is its quarters, a quarter its months), so the attacker here
holds every report of a year, its quarters and its months, with every equation that links them
(tables' totals, a municipality's part of the region, period = sum of its parts) and must not
recover a single suppressed count. The attacker is independent of the implementation: the null
space of the equations restricted to the unpublished figures (numpy)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from ketenzicht.publication import periods
from ketenzicht.publication.suppression import TOTAL, Equation
from ketenzicht.reporting.report import area_by_name, build_report

# The attack is arithmetic on the published figures; the database only feeds them (the same
# loading runs on both databases in the other reporting tests): one half runs it.
pytestmark = [pytest.mark.django_db, pytest.mark.one_half]

FLOWS = {"normen", "hulp_gestart", "overleg", "incidenten"}
NOT_DATED = {"aanbevelingen"}  # the state now: the same in every report


def recoverable(values: dict, equations: list[Equation], hidden: set) -> set:
    """Hidden figures whose unit vector lies in the row space of the equations restricted to
    the hidden figures: exactly those follow from what is published."""
    parent: dict = {}

    def find(k):
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    rows = []
    for eq in equations:
        row: dict = {}
        for k, c in ((eq.total, 1), *((p, -1) for p in eq.parts)):
            if k in hidden:
                row[k] = row.get(k, 0) + c
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
            ks = list(row)
            for k in ks[1:]:
                a, b = find(ks[0]), find(k)
                if a != b:
                    parent[b] = a
    groups: dict = {}
    for row in rows:
        groups.setdefault(find(next(iter(row))), []).append(row)
    out = set()
    for group in groups.values():
        cols = sorted({k for row in group for k in row}, key=repr)
        index = {k: i for i, k in enumerate(cols)}
        a = np.zeros((len(group), len(cols)))
        for i, row in enumerate(group):
            for k, v in row.items():
                a[i, index[k]] = v
        _, s, vt = np.linalg.svd(a)
        rank = int((s > 1e-9 * max(1.0, s[0])).sum())
        null = vt[rank:]  # basis of the null space (rows)
        for k, j in index.items():
            if null.shape[0] == 0 or np.abs(null[:, j]).max() < 1e-9:
                out.add(k)
    return out


def publication(reports) -> tuple[dict, dict, list[Equation]]:
    """(values, published texts, equations) of everything the reports show, with the links
    between nested periods and between a region's and its municipalities' norm tables."""
    values: dict = {}
    texts: dict = {}
    equations: list[Equation] = []
    for report in reports:
        for table in [*report.tables, *report.parts]:
            if table.id in NOT_DATED:
                continue
            for key, value in table.figures().items():
                text = table.suppression.display(key, value)
                assert texts.get(key, text) == text, (key, texts[key], text)  # one mark per figure
                values[key], texts[key] = value, text
            equations += table.equations()
    codes = {k[2] for k in values if k[0] == "normen" and k[2] != TOTAL}
    for key in values:
        if key[0] not in FLOWS:
            continue
        name, tag, *rest = key
        if name == "normen" and rest[0] == TOTAL:
            parts = tuple((name, tag, c, *rest[1:]) for c in codes)
            if all(p in values for p in parts):
                equations.append(Equation(key, parts))
        children = periods.parse(tag).children()
        parts = tuple((name, c.key, *rest) for c in children)
        if children and all(p in values for p in parts):
            equations.append(Equation(key, parts))
    return values, texts, equations


def test_a_year_its_quarters_and_its_months_reveal_no_suppressed_count(demo):
    year = periods.Period("jaar", timezone.localdate().year - 1, 1)
    quarters = year.children()
    months = [m for q in quarters for m in q.children()]
    area = area_by_name("Haaglanden")
    reports = [build_report(area, p) for p in [year, *quarters, *months]]
    values, texts, equations = publication(reports)
    hidden = {k for k, t in texts.items() if not t.isdigit()}
    small = {k for k, t in texts.items() if t.startswith("<")}
    assert len(small) > 50  # the demo has many small counts, in every kind of table
    assert {k[0] for k in small} >= {"normen", "kinderen", "soort"}
    # The links are real: every period figure is the sum of its parts.
    for eq in equations:
        assert values[eq.total] == sum(values[p] for p in eq.parts), eq
    assert not (recoverable(values, equations, hidden) & small)


def test_a_free_period_is_refused_so_reports_one_day_apart_cannot_be_subtracted(
    demo, demo_user, client
):
    """The probe's attack: the report from day d and the one from day d+1 to the same end.
    On the old code both were computed and the hidden cells of one followed from the other."""
    client.force_login(demo_user("beleidsmedewerker.demo"))
    last = periods.latest(timezone.localdate(), "kwartaal").last
    first = last - dt.timedelta(days=180)
    a = client.get("/rapportage/raadsrapportage/", {"van": first, "tot": last})
    b = client.get(
        "/rapportage/raadsrapportage/", {"van": first + dt.timedelta(days=1), "tot": last}
    )
    if a.context["report"] is not None and b.context["report"] is not None:
        ra, rb = a.context["report"], b.context["report"]
        # Take the figures published in b for those hidden in a, and solve a's equations.
        known, truth = {}, {}
        for table in ra.tables:
            other = rb.table(table.id)
            for key, value in table.figures().items():
                truth[key] = value
                if not table.suppression.hidden(key):
                    known[key] = value
                elif other is not None and key in other.figures():
                    if not other.suppression.hidden(key):
                        known[key] = other.figures()[key]
        found = [
            eq.parts
            for t in ra.tables
            for eq in t.equations()
            if sum(k not in known for k in (eq.total, *eq.parts)) == 1
        ]
        assert not found, f"{len(found)} suppressed counts follow from two reports a day apart"
    for response in (a, b):
        assert response.context["report"] is None
        assert "Een vrije periode (van/tot) kan niet" in response.content.decode()
    csv = client.get("/rapportage/raadsrapportage/csv/", {"van": first, "tot": last})
    assert csv.status_code == 404
    pdf = client.get("/rapportage/gemeente/", {"periode": "2019-13"})
    assert "Kies een periode uit de lijst" in pdf.content.decode()
    # A fixed period in the list is fine, also spelled as dates (old links).
    q = periods.latest(timezone.localdate(), "kwartaal")
    ok = client.get("/rapportage/raadsrapportage/", {"van": q.first, "tot": q.last})
    assert ok.context["report"] is not None and ok.context["report"].period == q

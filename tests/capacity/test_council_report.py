"""The continuity and capacity sections of the council report and the region's dashboard
(issue 17, item 5): per GI the child-protection measures of the region's children now and a year
before, and the capacity of the teams working for them; small numbers suppressed like every
public figure, staff figures of small groups left out, the same tables in the region's and its
municipalities' reports, in the CSV and the PDF."""

import datetime as dt

import pytest
from django.urls import reverse

from ketenzicht import clock
from ketenzicht.capacity.selectors import capacity_table
from ketenzicht.interop.importer import import_lines
from ketenzicht.publication import periods
from ketenzicht.publication.suppression import TOTAL
from ketenzicht.reference.models import Team
from ketenzicht.reporting.report import area_by_name, build_report
from ketenzicht.timeline.models import Measure
from tests.capacity.test_forecast import HEADER, history_records, staff_records

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)
PERIOD = periods.parse("2026-10")


def _history(n_before=40, ended=10):
    m = Measure.objects.get(external_id="M-1")
    for i in range(n_before):
        Measure.objects.create(
            external_id=f"M-H{i}",
            youth=m.youth,
            measure_type="11",
            gi=m.gi,
            start_date=dt.date(2024, 1, 1),
            ended_on=dt.date(2026, 3, 10) if i < ended else None,
        )


def test_region_report_has_the_continuity_table_and_says_when_the_shrink_passes(dataset):
    _history()
    report = build_report(area_by_name("GM0518"), PERIOD, today=TODAY)
    table = report.table("continuiteit")
    assert [r for r, _ in table.rows] == ["GI-JBW"]
    # 30 + M-1 on 31-10-2026, 40 on 31-10-2025: both large enough to publish.
    assert table.cell("GI-JBW", "nu") == "31" and table.cell("GI-JBW", "jaar_eerder") == "40"
    section = next(s for s in report.sections if s.id == "continuiteit")
    assert any(
        "40 → 31" in p and "-22,5 %" in p and "meer dan de afgesproken" in p
        for p in section.paragraphs
    )


def test_small_counts_are_suppressed_and_left_out_of_the_text(dataset):
    report = build_report(area_by_name("GM0518"), PERIOD, today=TODAY)
    table = report.table("continuiteit")
    assert table.is_hidden("GI-JBW", "nu")  # one measure: a small number
    section = next(s for s in report.sections if s.id == "continuiteit")
    assert len(section.paragraphs) == 1  # no sentence built from a hidden count


def test_the_municipality_shows_its_regions_table(dataset):
    _history()
    municipal = build_report(area_by_name("GM0518"), PERIOD, today=TODAY)
    region = build_report(_region_of(municipal), PERIOD, today=TODAY)
    for table_id in ("continuiteit", "capaciteit", "capaciteit_jaar_eerder"):
        a, b = municipal.table(table_id), region.table(table_id)
        assert [(label, cells) for label, cells in a.display_rows()] == b.display_rows()


def _region_of(report):
    from ketenzicht.reporting.areas import universe_of

    return universe_of(report.area)


def test_the_regions_dashboard_shows_the_section(dataset, role_users, client, login):
    _history()
    login(role_users["wethouder"])
    with clock.frozen(TODAY):
        html = client.get(reverse("reporting:region"), {"periode": "2026-10"}).content.decode()
    assert "Continuïteit van de jeugdbescherming" in html
    assert "Capaciteit van de jeugdbescherming" in html and 'data-table="capaciteit"' in html


# --------------------------------------------------------------------------- capacity

LAST = PERIOD.last  # 31-10-2026
BEFORE = dt.date(2025, 10, 31)


def _staffed_history():
    """36 children of 's-Gravenhage held by T-DH1 and T-IDT over two years, W-1 and W-2 with
    staff facts (W-2 sick in early 2026) and eight more jeugdzorgwerkers of 0,9 fte in T-DH1
    (no staff facts: in service throughout): ten jeugdzorgwerkers, enough to publish."""
    workers = [
        {
            "kind": "worker",
            "id": f"W-K{i}",
            "organisation": "GI-JBW",
            "team": "T-DH1",
            "given_name": "Kim",
            "family_name": f"Medewerker {i}",
            "role": "jeugdzorgwerker",
            "fte": 0.9,
        }
        for i in range(8)
    ]
    history = history_records()
    assert history[0] == HEADER
    lines = [HEADER, *workers, *history[1:], *staff_records()]
    import_lines(enumerate(lines, start=1), today=TODAY)


def _shown(n: int) -> str:
    return "<5" if 0 < n < 5 else str(n)


def test_capacity_is_the_domains_figure_for_the_teams_of_the_region(dataset):
    _staffed_history()
    report = build_report(area_by_name("GM0518"), PERIOD, today=TODAY)
    # The independent path: the Capaciteit screen's figures of the teams named here.
    teams = Team.objects.filter(external_id__in=["T-DH1", "T-IDT"])
    for table_id, day in (("capaciteit", LAST), ("capaciteit_jaar_eerder", BEFORE)):
        table = report.table(table_id)
        expected = {x.key: x.row for x in capacity_table(teams, day, "gi")}
        assert [r for r, _ in table.rows] == ["GI-JBW"], table_id
        row = expected["GI-JBW"]
        assert row.protectors == 10 and row.headcount == 10
        assert table.cell("GI-JBW", "vraag") == _shown(row.demand)
        assert table.cell(TOTAL, "vraag") == _shown(row.demand)  # one GI: the total is it
        assert table.cell("GI-JBW", "fte") == str(round(row.fte_available))
        assert table.cell("GI-JBW", "capaciteit") == str(round(row.capacity))
        assert table.cell("GI-JBW", "norm") == "12"
        assert table.cell("GI-JBW", "verzuim") == str(round(row.sick_rate))
        if row.demand >= 5:
            assert table.cell("GI-JBW", "tekort") == str(round(row.gap_children))
            assert table.cell("GI-JBW", "tekort_fte") == str(round(row.gap_fte))
        else:  # demand = gap + capacity: no gap beside a hidden demand
            assert table.cell("GI-JBW", "tekort") == "x"
    now = report.table("capaciteit")
    # 8 x 0,9 + 2 x 0,8 fte, nobody absent on 31-10-2026; 8,8 x 12 = 105,6 children.
    assert now.cell("GI-JBW", "fte") == "9" and now.cell("GI-JBW", "capaciteit") == "106"
    demand = int(now.cell("GI-JBW", "vraag"))
    assert demand >= 5
    section = next(s for s in report.sections if s.id == "capaciteit")
    assert any(
        p.startswith("Jeugdbescherming west: 9 fte beschikbaar, genoeg voor 106 jeugdigen")
        and f"{demand} jeugdigen hebben" in p
        and f"ruimte voor nog {106 - demand} jeugdigen" in p
        for p in section.paragraphs
    )
    assert any("Medewerkers beschermen" == m.figure for m in report.method)


def test_small_demand_and_small_staff_are_not_published(dataset):
    """The builders' data: one child (a small count) and two jeugdzorgwerkers (too few to show
    their fte or sick leave); no sentence is built from what is hidden."""
    report = build_report(area_by_name("GM0518"), PERIOD, today=TODAY)
    table = report.table("capaciteit")
    assert table.cell("GI-JBW", "vraag") == "<5" and table.cell(TOTAL, "vraag") == "<5"
    for col in ("fte", "capaciteit", "tekort", "tekort_fte", "verzuim"):
        assert table.cell("GI-JBW", col) == "x" and table.cell(TOTAL, col) == "x", col
    assert table.cell("GI-JBW", "norm") == "12"  # a setting, not a person
    assert report.table("capaciteit_jaar_eerder").rows == []  # Y-1's OTS started in 2026
    section = next(s for s in report.sections if s.id == "capaciteit")
    assert len(section.paragraphs) == 1


def test_the_capacity_tables_are_in_the_csv_and_the_pdf(
    dataset, role_users, client, login, tmp_path
):
    import csv
    import io
    import subprocess

    from ketenzicht.reporting.pdf import report_pdf

    _staffed_history()
    login(role_users["wethouder"])
    query = {"periode": "2026-10"}
    with clock.frozen(TODAY):
        page = client.get(reverse("reporting:region"), query)
        report = page.context["report"]
        one = client.get(reverse("reporting:council_report_csv"), {**query, "tabel": "capaciteit"})
        long = client.get(reverse("reporting:council_report_csv"), query)
    table = report.table("capaciteit")
    rows = list(csv.reader(io.StringIO(one.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == table.header()
    assert rows[0][:4] == ["GI", "Fte beschikbaar", "Caseloadnorm", "Capaciteit (jeugdigen)"]
    assert rows[1][:4] == ["Jeugdbescherming west", "9", "12", "106"]
    # As shown; a negative gap ("room") a number, not escaped as a formula (csvsafe).
    assert rows[1:] == [[label, *cells] for label, cells in table.display_rows()]
    text = long.content.decode("utf-8-sig")
    assert f"{table.title};Jeugdbescherming west;Fte beschikbaar;9" in text
    assert report.table("capaciteit_jaar_eerder").title in text
    path = tmp_path / "rapport.pdf"
    path.write_bytes(report_pdf(report))
    pdf = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Capaciteit van de jeugdbescherming" in pdf and table.title in pdf
    assert "Medewerkers beschermen" in pdf

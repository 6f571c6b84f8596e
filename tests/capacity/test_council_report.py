"""The continuity section of the council report and the region's dashboard (issue 17, item 5):
per GI the child-protection measures of the region's children now and a year before, small
numbers suppressed like every public figure, the same table in the region's and its
municipalities' reports."""

import datetime as dt

import pytest
from django.urls import reverse

from ketenzicht import clock
from ketenzicht.publication import periods
from ketenzicht.reporting.report import area_by_name, build_report
from ketenzicht.timeline.models import Measure

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
    a, b = municipal.table("continuiteit"), region.table("continuiteit")
    assert [(r, a.cell(r, c)) for r, _ in a.rows for c, _ in a.columns] == [
        (r, b.cell(r, c)) for r, _ in b.rows for c, _ in b.columns
    ]


def _region_of(report):
    from ketenzicht.reporting.areas import universe_of

    return universe_of(report.area)


def test_the_regions_dashboard_shows_the_section(dataset, role_users, client, login):
    _history()
    login(role_users["wethouder"])
    with clock.frozen(TODAY):
        html = client.get(reverse("reporting:region"), {"periode": "2026-10"}).content.decode()
    assert "Continuïteit van de jeugdbescherming" in html

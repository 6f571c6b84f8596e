"""A municipality's council report is a part of its region's: the same figures get the same
published text in both, so laying the region's report next to its municipalities' reports
reveals nothing that one suppressed universe does not (and that universe is proven safe by the
suppression property tests)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ketenzicht import clock
from ketenzicht.publication import periods
from ketenzicht.reporting.report import area_by_name, build_report

pytestmark = pytest.mark.django_db

PER_AREA = {"incidenten", "aanbevelingen"}  # counted per publication (responsible or stay)


def published(report) -> dict:
    out = {}
    for t in report.tables:
        if t.id in PER_AREA:
            continue
        for r in [*(r for r, _ in t.rows), *(["__totaal__"] if t.column_totals else [])]:
            for c in [*(c for c, _ in t.columns), *(["__totaal__"] if t.row_totals else [])]:
                out[t.key(r, c)] = t.cell(r, c)
    return out


def test_municipal_reports_agree_with_the_region_report(demo):
    period = periods.latest(timezone.localdate(), "kwartaal")
    region = build_report(area_by_name("Haaglanden"), period)
    sup = region.tables[0].suppression
    from_region = published(region)
    hidden_somewhere = 0
    for code, _name in region.area.municipalities:
        part = build_report(area_by_name(code), period)
        for key, text in published(part).items():
            if key in from_region:
                assert text == from_region[key], (code, key)
            else:  # the municipality's own norm figures: suppressed in the same universe
                value = part.table("normen").total_value(key[-2], key[-1])
                assert text == sup.display(key, value), (code, key)
            hidden_somewhere += text in ("x",) or text.startswith("<")
    assert hidden_somewhere  # the demo has small numbers in its municipalities


def test_the_report_is_made_on_the_day_its_caller_gives(demo):
    """The caller names the day the report is made (the norms are evaluated and the open
    recommendations counted as known that day); every section has its tables, none says it is
    not available."""
    today = clock.today()
    period = periods.latest(today, "kwartaal")
    report = build_report(area_by_name("Haaglanden"), period, today=today)
    assert report.table("aanbevelingen").title.endswith(
        f"op {today.day}-{today.month}-{today.year}"
    )
    assert [s.id for s in report.sections] == [
        "kinderen",
        "soort",
        "normen",
        "zonder_vaste",
        "hulp",
        "overleg",
        "incidenten",
        "continuiteit",
        "capaciteit",
    ]
    assert all(s.tables for s in report.sections)
    assert not any("niet beschikbaar" in p for s in report.sections for p in s.paragraphs)

"""A municipality's council report is a part of its region's: the same figures get the same
published text in both, so laying the region's report next to its municipalities' reports
reveals nothing that one suppressed universe does not (and that universe is proven safe by the
suppression property tests)."""

from __future__ import annotations

import pytest
from django.utils import timezone

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

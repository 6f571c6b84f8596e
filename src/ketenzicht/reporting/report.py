"""The council report (raadsrapportage) for a municipality or a region and a period.

All tables of one report are suppressed together (`suppression.Report`), the charts are drawn
from the published values only, and the explanatory text is generated from the published
values only: a suppressed number never leaks through a chart or a sentence. The method section
says how each figure was made, as of when, and under which norm definitions.

The municipal dashboards show the same report (municipality, or the region side by side).

This module puts a report together (`build_report`); the parts live next to it: `areas`
(municipality, region, universe), `report_tables` (the tables on a reference date),
`report_flows` (the tables over the period and their suppression), `report_sections` and
`report_text` (sections, charts, summary, method). Their public names are importable from here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from ketenzicht import clock
from ketenzicht.norms.catalogue import CATALOGUE
from ketenzicht.norms.selectors import due_counts
from ketenzicht.publication import min_denominator, periods, threshold
from ketenzicht.publication.suppression import TOTAL, Report, Suppression, Table
from ketenzicht.timeline.models import Event, Measure

from . import integrations
from .areas import (
    Area,
    area_by_name,
    area_from_key,
    municipality_area,
    region_area,
    universe_of,
)
from .figures import load_rows
from .report_capacity import capacity_section, capacity_tables
from .report_continuity import continuity_section, continuity_table
from .report_flows import FlowSource, suppress_flows
from .report_sections import Section, sections
from .report_tables import (
    FAMILY_ROWS,
    children_table,
    dmy,
    only_row,
    recommendations_table,
    stay_here_table,
    stay_table,
    type_table,
    waiting_table,
)
from .report_text import MethodItem, method, summary

__all__ = [
    "FAMILY_ROWS",
    "Area",
    "CouncilReport",
    "FlowSource",
    "MethodItem",
    "PeriodNotAllowed",
    "Section",
    "area_by_name",
    "area_from_key",
    "build_report",
    "fixed_period",
    "municipality_area",
    "region_area",
    "suppress_flows",
    "universe_of",
]


@dataclass
class CouncilReport:
    area: Area
    period: periods.Period
    first: dt.date
    last: dt.date
    dates: list[dt.date]
    generated_at: dt.datetime
    threshold: int
    sections: list[Section]
    method: list[MethodItem]
    norms: list[tuple[str, str, str, str]]  # (id, title, term, source)
    summary: list[str]
    # Tables suppressed with this report but shown in another (a municipality's norms, the
    # stay split on an earlier reference date): what an attacker may also hold.
    parts: list[Table] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)


class PeriodNotAllowed(ValueError):
    """A period that is not a fixed calendar month, quarter or year."""


def fixed_period(first: dt.date, last: dt.date) -> periods.Period:
    found = periods.for_dates(first, last)
    if found is None:
        raise PeriodNotAllowed(
            f"{dmy(first)} tot en met {dmy(last)} is geen vaste periode: kies een kalendermaand, "
            "een kwartaal of een kalenderjaar (zo kunnen twee rapporten niet van elkaar worden "
            "afgetrokken om kleine aantallen terug te rekenen)."
        )
    return found


# The order of the tables in a report.
TABLE_ORDER = (
    "kinderen",
    "verblijf",
    "verblijf_hier",
    "soort",
    "normen",
    "zonder_vaste",
    "hulp",
    "hulp_gestart",
    "overleg",
    "incidenten",
    "aanbevelingen",
    "continuiteit",
    "capaciteit",
    "capaciteit_jaar_eerder",
)


def build_report(
    area: Area,
    period: periods.Period | dt.date,
    last: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> CouncilReport:
    """The council report of `area` over a fixed period (a calendar month, quarter or year;
    two dates are accepted only when they are exactly such a period), made on `today`
    (default: the clock's today): the norms are evaluated and the open recommendations counted
    as known that day."""
    if isinstance(period, dt.date):
        if last is None or period > last:
            raise PeriodNotAllowed("De periode begint na het einde.")
        period = fixed_period(period, last)
    today = today or clock.today()
    first, last = period.first, period.last
    t = threshold()
    md = min_denominator()
    universe = universe_of(area)
    munis = list(universe.municipalities)
    codes_u = universe.codes
    measures = Measure.objects.filter(youth__responsible_municipality__cbs_code__in=codes_u)
    rows = load_rows(measures)
    dates = period.reference_dates()

    # Figures on a reference date (stocks). Each date's figures are suppressed together and
    # apart from other dates, so a date's marks are the same in every report that shows it.
    tables: dict[str, Table] = {"kinderen": children_table(munis, rows, dates)}
    stock_parts = [stay_table(munis, rows, d, last) for d in dates if d != last]
    tables["verblijf"] = stay_table(munis, rows, last, last)
    tables["verblijf_hier"] = stay_here_table(munis, last)
    tables["soort"] = type_table(munis, rows, last)
    # Children without a fixed youth protector per reference date: the very table the
    # municipal reference-date page shows (care.published), so the two always agree.
    tables["zonder_vaste"] = integrations.without_fixed_worker_table(munis, dates)
    # Help: what still waits on the last day, and (below) what started in the period as known
    # today; each asked only of the measures that can have one.
    tables["hulp"] = waiting_table(munis, integrations.waiting_help(last, measures), last)
    stock = Report(list(tables.values()) + stock_parts, t, md).suppress()

    # Figures over the period (flows), suppressed with the smaller fixed periods inside it.
    # Period figures are counted as known today, whatever the period: then a quarter is exactly
    # the sum of its months in every report made today (a norm due on a month's last day is
    # still open on that day, not on the day after).
    pks = [r.pk for r in rows]
    source = FlowSource(
        codes=codes_u,
        muni_rows=munis,
        area_codes=area.codes,
        norm_due=due_counts(
            {r.pk: r.responsible for r in rows},
            "measure__youth__responsible_municipality__cbs_code",
            today,
            first,
            last,
        )
        if pks
        else Counter(),
        waits=integrations.started_between(first, last, today, measures),
        consultations=list(
            Event.live.filter(
                event_type="municipality_consultation",
                date__gte=first,
                date__lte=last,
                data__municipality__in=codes_u,
            ).values_list("data__municipality", "date")
        ),
        incidents=integrations.incidents(area.codes, first, last),
    )
    flow_shown, flow_parts, flow_marks = suppress_flows(source, period, t, md)
    norm_tables = {
        (TOTAL if p.id == "normen" else p.id.split(":", 1)[1]): p
        for p in [flow_shown["normen"], *flow_parts]
    }
    tables |= flow_shown

    # Open recommendations (escalation selectors): the state now, not dated.
    recs = integrations.open_recommendations(area.codes)
    tables["aanbevelingen"] = recommendations_table(recs, last, today)
    rec_marks = Report([tables["aanbevelingen"]], t, md).suppress().marks
    # Continuity (issue 17): the region's table, each date suppressed on its own.
    tables["continuiteit"], cont_marks = continuity_table(codes_u, last, t, md)
    # Capacity (issue 17): the region's tables, each date suppressed on its own.
    capacity, cap_marks = capacity_tables(codes_u, last, t, md)
    tables |= capacity
    tables = {k: tables[k] for k in TABLE_ORDER}

    sup = Suppression({**stock.marks, **flow_marks, **rec_marks, **cont_marks, **cap_marks}, t, md)
    for table in [*tables.values(), *stock_parts, *flow_parts]:
        table.suppression = sup
    if area.kind == "gemeente":  # this municipality's part of the region's tables
        tables = {k: _area_part(k, table, area.key, norm_tables) for k, table in tables.items()}
    return CouncilReport(
        area=area,
        period=period,
        first=first,
        last=last,
        dates=dates,
        generated_at=clock.now(),
        threshold=t,
        sections=[
            *sections(area, last, dates, tables, sup),
            continuity_section(tables, sup),
            capacity_section(tables),
        ],
        method=method(area, first, last, t),
        norms=[(n.id, n.title, n.rule_text(n.term), n.source) for n in CATALOGUE],
        summary=summary(area, first, last, dates, tables, sup),
        parts=[*stock_parts, *flow_parts],
    )


# Shown whole in a municipality's report: counted per publication, or the region's own tables.
WHOLE_TABLES = frozenset(
    {"incidenten", "aanbevelingen", "continuiteit", "capaciteit", "capaciteit_jaar_eerder"}
)


def _area_part(key: str, table: Table, code: str, norm_tables: dict[str, Table]) -> Table:
    """A municipality's part of a table of its region's report."""
    if key == "normen":
        return replace(norm_tables[code], id="normen")
    if key in WHOLE_TABLES:
        return table
    return only_row(table, code)

"""The continuity section of the council report and the region's dashboard (issue 17): per GI
the child-protection measures of the region's children on the last day of the period and a year
before, with the change against the agreed threshold (002:187-201).

Each reference date is suppressed on its own (one table per date, as the other stocks), so a
date's published counts are the same in every report that shows it, whether as "now" or as "a
year before". A municipality's report shows its region's table unchanged (the agreement is the
region's), so laying the reports side by side reveals nothing new. The text is drawn from the
published values only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from ketenzicht.capacity.selectors import measures_per_gi
from ketenzicht.publication.suppression import TOTAL, Report, Suppression, Table

from .report_sections import Section
from .report_tables import dmy

TABLE_ID = "continuiteit"


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _key(gi: str, day: dt.date) -> tuple[str, str, str]:
    return (TABLE_ID, gi, day.isoformat())


def continuity_table(
    codes: list[str], last: dt.date, threshold: int, min_den: int
) -> tuple[Table, dict]:
    """(the table, its suppression marks) for the municipalities `codes` (the universe)."""
    before = year_before(last)
    counts = measures_per_gi(codes, [before, last])
    gis = sorted({g for d in counts.values() for g in d}, key=lambda g: g[1])
    rows = [(gi, name) for gi, name in gis]
    marks: dict = {}
    for day in (last, before):
        single = Table(
            f"{TABLE_ID}:{day.isoformat()}",
            "",
            "GI",
            rows,
            [("n", "aantal")],
            {(gi, "n"): counts[day].get((gi, name), 0) for gi, name in gis},
            row_totals=False,
            keys={(gi, "n"): _key(gi, day) for gi, _ in rows} | {(TOTAL, "n"): _key(TOTAL, day)},
        )
        marks |= Report([single], threshold, min_den).suppress().marks
    columns = [("nu", f"op {dmy(last)}"), ("jaar_eerder", f"op {dmy(before)}")]
    values, keys = {}, {}
    for gi, name in gis:
        for col, day in (("nu", last), ("jaar_eerder", before)):
            values[(gi, col)] = counts[day].get((gi, name), 0)
            keys[(gi, col)] = _key(gi, day)
    for col, day in (("nu", last), ("jaar_eerder", before)):
        keys[(TOTAL, col)] = _key(TOTAL, day)
    table = Table(
        TABLE_ID,
        "Kinderbeschermingsmaatregelen per GI (jeugdigen uit de regio)",
        "GI",
        rows,
        columns,
        values,
        row_totals=False,
        keys=keys,
    )
    return table, marks


def _threshold() -> Decimal:
    return Decimal(str(getattr(settings, "KETENZICHT_CONTINUITY_THRESHOLD", "0.05")))


def continuity_section(tables: dict[str, Table], sup: Suppression) -> Section:
    table = tables[TABLE_ID]
    limit = _threshold()
    paragraphs = [
        "Een GI wordt per maatregel betaald (P&Q); krimpt het aantal kinderbeschermingsmaatregelen "
        f"met meer dan {_pct(limit)} per jaar, dan handelen regio en GI volgens het Bestuurlijk "
        "akkoord continuïteit jeugdbescherming (002:187-201). Geteld: OTS, VOTS en voogdij van "
        "jeugdigen uit de regio, op de laatste dag van de periode en een jaar eerder."
    ]
    for gi, name in [*table.rows, (TOTAL, "Alle GI's samen")]:
        if table.is_hidden(gi, "nu") or table.is_hidden(gi, "jaar_eerder"):
            continue
        now, before = table.total_value(gi, "nu"), table.total_value(gi, "jaar_eerder")
        if not before:
            continue
        change = Decimal(now - before) / before
        text = f"{name}: {before} → {now} maatregelen, {_pct(change, sign=True)} in een jaar"
        if -change > limit:
            text += f"; een krimp van meer dan de afgesproken {_pct(limit)}."
        else:
            text += "."
        paragraphs.append(text)
    return Section(TABLE_ID, "Continuïteit van de jeugdbescherming", paragraphs, [table])


def _pct(x: Decimal, sign: bool = False) -> str:
    value = (100 * x).quantize(Decimal("0.1"))
    text = f"{value:+}" if sign else f"{value}"
    return text.replace(".", ",") + " %"

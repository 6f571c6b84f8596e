"""The tables of a council report on a reference date (stocks), one function per table, and the
helpers every report table shares: the date format, the report-wide figure keys and the
grouping of measure types.

A stock table counts over the universe of the report (`areas.universe_of`): every municipality
of the region, so that a municipality's report is a part of its region's. The tables of the
period (flows) are in `report_flows`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import replace

from django.db.models import F

from ketenzicht.publication.suppression import TOTAL, Suppression, Table
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.models import Measure

from .figures import load_rows

Municipalities = list[tuple[str, str]]  # (CBS code, name)


def dmy(day: dt.date) -> str:
    """A day as the report writes it: 1-10-2026."""
    return f"{day.day}-{day.month}-{day.year}"


# (id, short column label, label, CBS codes)
FAMILY_ROWS = (
    ("ots", "OTS", "Ondertoezichtstelling (OTS)", {"11"}),
    ("vots", "VOTS", "Voorlopige OTS", {"12"}),
    ("voogdij", "voogdij", "(Voorlopige of tijdelijke) voogdij", {"21", "22", "23"}),
    (
        "jr",
        "jeugdreclassering",
        "Jeugdreclassering",
        {c for c, v in codes.MEASURE_TYPES.items() if v[2] is codes.Family.JEUGDRECLASSERING},
    ),
    ("machtiging", "machtiging", "Machtiging uithuisplaatsing of gesloten jeugdhulp", {"71", "72"}),
    ("preventief", "preventief", "Preventief justitieel kader", {"31"}),
)


def only_row(table: Table, code: str) -> Table:
    return replace(table, rows=[r for r in table.rows if r[0] == code], column_totals=False)


def figure_keys(name: str, tag: str, rows: list[str], cols: list[str], *, code: str | None = None):
    """Report-wide keys (name, tag, [code,] row, column) for every cell and total of a table:
    the same figure gets the same key in every table and every publication that shows it."""
    extra = (code,) if code is not None else ()
    return {(r, c): (name, tag, *extra, r, c) for r in [*rows, TOTAL] for c in [*cols, TOTAL]}


def share_on_time(norms: Table, row: str, sup: Suppression) -> float | None:
    """The published percentage of a row of the norms table met on time (None when either
    count is not published or the denominator is too small)."""
    return sup.share(
        norms.key(row, "op_tijd"),
        norms.total_value(row, "op_tijd"),
        norms.key(row, TOTAL),
        norms.total_value(row, TOTAL),
    )


def children_table(munis: Municipalities, rows: list, dates: list[dt.date]) -> Table:
    """Children with a measure per reference date (responsible municipality)."""
    kids: dict[tuple[str, str], int] = {}
    for d in dates:
        per: dict[str, set[int]] = defaultdict(set)
        for r in rows:
            if r.runs_on(d):
                per[r.responsible].add(r.youth_pk)
        for code, _ in munis:
            kids[(code, d.isoformat())] = len(per.get(code, ()))
    return Table(
        "kinderen",
        "Kinderen met een maatregel per peildatum (verantwoordelijke gemeente)",
        "Gemeente",
        list(munis),
        [(d.isoformat(), dmy(d)) for d in dates],
        kids,
        row_totals=False,
        keys={
            (c, d.isoformat()): ("kinderen", d.isoformat(), c)
            for c in [*(c for c, _ in munis), TOTAL]
            for d in dates
        },
    )


def stay_table(munis: Municipalities, rows: list, day: dt.date, last: dt.date) -> Table:
    """Responsibility and stay on `day`: shown on the last day; on the other reference dates a
    hidden part (it shares its totals with the children on that date)."""
    codes_u = [c for c, _ in munis]
    own: dict[str, set[int]] = defaultdict(set)
    away: dict[str, set[int]] = defaultdict(set)
    for r in rows:
        if r.runs_on(day):
            (own if r.stay == r.responsible else away)[r.responsible].add(r.youth_pk)
    split = {}
    for code, _ in munis:
        split[(code, "eigen")] = len(own[code])
        split[(code, "elders")] = len(away[code])
    iso = day.isoformat()
    return Table(
        "verblijf" if day == last else f"verblijf@{iso}",
        f"Kinderen waarvoor de gemeente verantwoordelijk is, naar verblijf, op {dmy(day)}",
        "Gemeente",
        list(munis),
        [("eigen", "verblijft in de eigen gemeente"), ("elders", "verblijft elders")],
        split,
        keys=figure_keys("verblijf", iso, codes_u, ["eigen", "elders"])
        | {(c, TOTAL): ("kinderen", iso, c) for c in [*codes_u, TOTAL]},
    )


def stay_here_table(munis: Municipalities, last: dt.date) -> Table:
    """Children who stay in a municipality while another municipality is responsible."""
    codes_u = [c for c, _ in munis]
    incoming = Measure.objects.filter(youth__stay_municipality__cbs_code__in=codes_u).exclude(
        youth__responsible_municipality=F("youth__stay_municipality")
    )
    inc: dict[str, set[int]] = defaultdict(set)
    for r in load_rows(incoming):
        if r.runs_on(last):
            inc[r.stay].add(r.youth_pk)
    return Table(
        "verblijf_hier",
        "Kinderen die in de gemeente verblijven terwijl een andere gemeente verantwoordelijk "
        f"is, op {dmy(last)}",
        "Gemeente",
        list(munis),
        [("hier", "aantal kinderen")],
        {(code, "hier"): len(inc[code]) for code, _ in munis},
        row_totals=False,
        keys=figure_keys("verblijf_hier", last.isoformat(), codes_u, ["hier"]),
    )


def type_table(munis: Municipalities, rows: list, last: dt.date) -> Table:
    """Running measures by type (CBS grouping) on the last day."""
    by_type: Counter = Counter()
    for r in rows:
        if r.runs_on(last):
            fam = next(k for k, _, _, cs in FAMILY_ROWS if r.measure_type in cs)
            by_type[(fam, r.responsible)] += 1
    type_cols = [(k, short) for k, short, _, _ in FAMILY_ROWS]
    return Table(
        "soort",
        f"Lopende maatregelen naar soort op {dmy(last)}",
        "Gemeente",
        list(munis),
        type_cols,
        {(c, k): by_type[(k, c)] for c, _ in munis for k, _ in type_cols},
        keys=figure_keys(
            "soort", last.isoformat(), [c for c, _ in munis], [k for k, _ in type_cols]
        ),
    )


def waiting_table(munis: Municipalities, waits: list, last: dt.date) -> Table:
    """Help requests still waiting on the last day, within or beyond the norm (care)."""
    codes_u = [c for c, _ in munis]
    waiting: Counter = Counter()
    for w in waits:
        if w.responsible_municipality in codes_u and w.waiting:
            waiting[(w.responsible_municipality, "lang" if w.beyond_norm else "kort")] += 1
    wait_cols = [("kort", "wacht, binnen de norm"), ("lang", "wacht langer dan de norm")]
    return Table(
        "hulp",
        f"Hulpvragen die op {dmy(last)} nog wachten",
        "Gemeente",
        list(munis),
        wait_cols,
        {(c, k): waiting[(c, k)] for c in codes_u for k, _ in wait_cols},
        keys=figure_keys("hulp", last.isoformat(), codes_u, [k for k, _ in wait_cols]),
    )


def recommendations_table(recs: list, last: dt.date, today: dt.date) -> Table:
    """Open recommendations after incidents (escalation): the state on `today`, not dated."""
    overdue = sum(1 for r in recs if r.due_date < last)
    return Table(
        "aanbevelingen",
        f"Openstaande aanbevelingen na calamiteiten op {dmy(today)}",
        "Stand",
        [("binnen", "binnen de afgesproken termijn"), ("verlopen", "termijn verstreken")],
        [("aantal", "aantal")],
        {("binnen", "aantal"): len(recs) - overdue, ("verlopen", "aantal"): overdue},
        row_totals=False,
    )

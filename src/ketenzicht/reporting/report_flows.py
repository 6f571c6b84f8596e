"""The tables of a council report over its period (flows), one function per table, and their
suppression together with every smaller fixed period inside the period (docs/decisions/0006).
`suppress_flows` takes any `PeriodTables`: the chain's lead times (`chain_figures`) use it too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from ketenzicht.norms.catalogue import CATALOGUE
from ketenzicht.publication import periods
from ketenzicht.publication.suppression import TOTAL, Equation, Report, Table
from ketenzicht.timeline.domain import codes

from .report_tables import dmy, figure_keys


class PeriodTables(Protocol):
    """Whatever `suppress_flows` suppresses nested: the tables of flow figures of any fixed
    period, each figure keyed (name, period key, ...) as `figure_keys` makes them, so that the
    same figure of a smaller period is (name, child key, ...)."""

    def tables(self, p: periods.Period) -> tuple[dict[str, Table], list[Table], list[Equation]]:
        """(shown tables, hidden parts, extra equations) of the flow figures of period p."""
        ...


@dataclass
class FlowSource:
    """What the period figures (flows) of a report are counted from, loaded once."""

    codes: list[str]
    muni_rows: list[tuple[str, str]]
    area_codes: list[str]
    # {(municipality, norm id, due date, met on time): count} of the instances that fell due
    # within the report's period (`selectors.due_counts`), as known today.
    norm_due: Counter
    waits: list
    consultations: list[tuple[str, dt.date]]
    incidents: list

    def tables(self, p: periods.Period) -> tuple[dict[str, Table], list[Table], list[Equation]]:
        """(shown tables, hidden parts, extra equations) of the flow figures of period p."""
        norms, parts, equations = norm_tables(self, p)
        shown = {
            "normen": norms,
            "hulp_gestart": help_started_table(self, p),
            "overleg": consultation_table(self, p),
            "incidenten": incident_table(self, p),
        }
        return shown, parts, equations


def norm_tables(src: FlowSource, p: periods.Period) -> tuple[Table, list[Table], list[Equation]]:
    """Norms that fell due in the period, per municipality and in total: (the total table, the
    municipality tables, the equations between them). The municipality tables are hidden parts
    of a region's report and the shown part of a municipality's."""
    first, last, tag = p.first, p.last, p.key
    counts: Counter = Counter()
    for (muni, norm, due, on_time), n in src.norm_due.items():
        if first <= due <= last:
            col = "op_tijd" if on_time else "niet"
            counts[(muni, norm, col)] += n
            counts[(TOTAL, norm, col)] += n
    norm_rows = [(n.id, n.title) for n in CATALOGUE]
    norm_cols = [("op_tijd", "op tijd gehaald"), ("niet", "niet op tijd")]
    nr, nc = [r for r, _ in norm_rows], [c for c, _ in norm_cols]
    total = None
    parts = []
    for code in [*src.codes, TOTAL]:
        table = Table(
            "normen" if code == TOTAL else f"normen:{code}",
            f"Normen die vervielen van {dmy(first)} tot en met {dmy(last)}",
            "Norm",
            norm_rows,
            norm_cols,
            {(n, c): counts[(code, n, c)] for n in nr for c in nc},
            keys=figure_keys("normen", tag, nr, nc, code=code),
        )
        if code == TOTAL:
            total = table
        else:
            parts.append(table)
    equations = [
        Equation(
            ("normen", tag, TOTAL, r, c),
            tuple(("normen", tag, code, r, c) for code in src.codes),
        )
        for r in [*nr, TOTAL]
        for c in [*nc, TOTAL]
    ]
    return total, parts, equations


def help_started_table(src: FlowSource, p: periods.Period) -> Table:
    """Help that started in the period, within or after the norm (care)."""
    first, last = p.first, p.last
    started: Counter = Counter()
    for w in src.waits:
        if w.responsible_municipality not in src.codes or w.waiting:
            continue
        if w.started_on and first <= w.started_on <= last:
            col = "gestart_laat" if w.started_on > w.norm_due else "gestart_op_tijd"
            started[(w.responsible_municipality, col)] += 1
    cols = [
        ("gestart_op_tijd", "gestart binnen de norm"),
        ("gestart_laat", "gestart na de norm"),
    ]
    return Table(
        "hulp_gestart",
        f"Hulp die in de periode startte, {dmy(first)} tot en met {dmy(last)}",
        "Gemeente",
        src.muni_rows,
        cols,
        {(c, k): started[(c, k)] for c in src.codes for k, _ in cols},
        keys=figure_keys("hulp_gestart", p.key, src.codes, [k for k, _ in cols]),
    )


def consultation_table(src: FlowSource, p: periods.Period) -> Table:
    """How often a GI consulted the municipality about help in the period."""
    first, last = p.first, p.last
    consult = Counter(code for code, day in src.consultations if first <= day <= last)
    return Table(
        "overleg",
        f"Overleg van de GI met de gemeente over de inzet van hulp, {dmy(first)} tot en met "
        f"{dmy(last)}",
        "Gemeente",
        src.muni_rows,
        [("overleg", "aantal keer overleg")],
        {(c, "overleg"): consult[c] for c in src.codes},
        row_totals=False,
        keys=figure_keys("overleg", p.key, src.codes, ["overleg"]),
    )


def incident_table(src: FlowSource, p: periods.Period) -> Table:
    """Calamities and serious incidents in the period, by kind (escalation)."""
    first, last = p.first, p.last
    kinds = Counter(i.kind for i in src.incidents if first <= i.occurred_on <= last)
    return Table(
        "incidenten",
        f"Calamiteiten en ernstige incidenten, {dmy(first)} tot en met {dmy(last)}",
        "Soort",
        list(codes.INCIDENT_KINDS.items()),
        [("aantal", "aantal")],
        {(k, "aantal"): kinds[k] for k in codes.INCIDENT_KINDS},
        row_totals=False,
        keys=figure_keys("incidenten", p.key, list(codes.INCIDENT_KINDS), ["aantal"]),
    )


def _additivity(parent: periods.Period, tables: list[Table]) -> list[Equation]:
    """A period's count is the sum of its parts' counts: figure(parent) = sum figure(child)."""
    children = parent.children()
    out = []
    for t in tables:
        for key in t.figures():
            name, _, *rest = key
            out.append(Equation(key, tuple((name, c.key, *rest) for c in children)))
    return out


def suppress_flows(source: PeriodTables, period: periods.Period, t: int, md: int):
    """Suppress the period figures of `period` together with those of every smaller fixed
    period inside it, smallest first: each month on its own, each quarter with its months'
    marks fixed, the year with its quarters' and months' marks fixed (docs/decisions/0006).
    A figure therefore gets the same mark in every report that shows it, and no suppressed
    figure follows from adding up or subtracting published ones of nested periods.
    Returns (shown tables of `period`, its hidden parts, the marks of everything)."""
    marks: dict = {}
    done: dict[str, tuple[list[Table], list[Equation]]] = {}

    def run(p: periods.Period) -> tuple[dict[str, Table], list[Table]]:
        below_tables: list[Table] = []
        below_eqs: list[Equation] = []
        for child in p.children():
            run(child)
        stack = list(p.children())
        while stack:
            c = stack.pop()
            below_tables += done[c.key][0]
            below_eqs += done[c.key][1]
            stack += c.children()
        shown, parts, eqs = source.tables(p)
        own = list(shown.values()) + parts
        if p.children():
            eqs = eqs + _additivity(p, own)
        Report(own + below_tables, t, md, eqs + below_eqs, fixed=dict(marks)).suppress()
        for table in own:
            marks.update({k: table.suppression.marks[k] for k in table.figures()})
        done[p.key] = (own, eqs)
        return shown, parts

    shown, parts = run(period)
    return shown, parts, marks

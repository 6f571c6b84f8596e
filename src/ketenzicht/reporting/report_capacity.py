"""The capacity section of the council report and the region's dashboard (issue 17, item 5): per
GI working for the region's children, on the last day of the period and a year before, the
youth protectors' fte available, the caseload norm, the capacity in children, the demand, the
gap and the sick-leave rate, as the capacity domain computes them (`capacity_for_region`).

One table per reference date, each suppressed on its own as the continuity section's, so a
date's published figures are the same in every report that shows it. The demand is a count of
children and goes through the suppression like every count (its total is the sum of the GIs).
The other figures are not counts of children but describe staff, so they follow a rule of their
own (docs/decisions/0011, the method text): fte, capacity and gap only for a group of at least
the threshold of jeugdzorgwerkers, in whole fte and whole children; the sick-leave rate only
for a group of at least the minimum denominator of staff, in whole percent; a gap only where the
demand is published (demand = gap + capacity); the total's staff figures only when every GI's
are published (else the total minus the others gives the hidden one). A municipality's report
shows its region's tables unchanged. The text is drawn from the published values only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ketenzicht.capacity.domain.capacity import CapacityRow, combined
from ketenzicht.capacity.selectors import Labelled, capacity_for_region, norms_on
from ketenzicht.publication.suppression import TOTAL, Equation, Key, Report, Table

from .report_continuity import year_before
from .report_sections import Section
from .report_tables import dmy

TABLE_ID = "capaciteit"
YEAR_ID = "capaciteit_jaar_eerder"
DEMAND = "vraag"
HIDDEN = "x"
NONE = "—"
COLUMNS = (
    ("fte", "Fte beschikbaar"),
    ("norm", "Caseloadnorm"),
    ("capaciteit", "Capaciteit (jeugdigen)"),
    (DEMAND, "Vraag (jeugdigen)"),
    ("tekort", "Tekort (jeugdigen)"),
    ("tekort_fte", "Tekort (fte)"),
    ("verzuim", "Verzuim 12 mnd (%)"),
)
STAFF = ("fte", "capaciteit", "tekort", "tekort_fte")


@dataclass
class FigureTable(Table):
    """A table with counts of children in the columns `counts` (suppressed as every count, their
    column totals included) and figures that are not counts in the others (fte, a norm, a rate),
    published as the text in `texts`, decided by a rule of their own."""

    counts: tuple[str, ...] = ()
    texts: dict[tuple[str, str], str] = field(default_factory=dict)

    def _count_cols(self) -> list[str]:
        return [c for c, _ in self.columns if c in self.counts]

    def figures(self) -> dict[Key, int]:
        return {
            self.key(r, c): self.total_value(r, c)
            for r in self._row_ids()
            for c in self._count_cols()
        }

    def total_keys(self) -> set[Key]:
        return {self.key(TOTAL, c) for c in self._count_cols()} if self.column_totals else set()

    def equations(self) -> list[Equation]:
        if not self.column_totals:
            return []
        rows = [r for r, _ in self.rows]
        return [
            Equation(self.key(TOTAL, c), tuple(self.key(r, c) for r in rows))
            for c in self._count_cols()
        ]

    def cell(self, row: str, col: str) -> str:
        if col in self.counts:
            return super().cell(row, col)
        return self.texts.get((row, col), NONE)

    def is_hidden(self, row: str, col: str) -> bool:
        if col in self.counts:
            return super().is_hidden(row, col)
        return self.cell(row, col) == HIDDEN


def _key(gi: str, day: dt.date) -> tuple[str, str, str, str]:
    return (TABLE_ID, gi, day.isoformat(), DEMAND)


def _whole(x: Decimal) -> str:
    value = x.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return str(value + 0)  # "+ 0" turns -0 into 0


def _norm(x: Decimal | None) -> str:
    if x is None:
        return NONE
    value = x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return (str(value.to_integral()) if value == value.to_integral() else str(value)).replace(
        ".", ","
    )


def staff_texts(
    row: CapacityRow, norm: Decimal | None, demand_shown: bool, t: int, min_den: int
) -> dict[str, str]:
    """{column: published text} of the figures of `row` that are not counts of children.
    `norm`: the caseload norm as set (not derived from the staff, which would tell when nobody
    was available)."""
    out = {"norm": _norm(norm)}
    if row.protectors < t:
        out |= dict.fromkeys(STAFF, HIDDEN)
    else:
        out["fte"] = _whole(row.fte_available)
        out["capaciteit"] = _whole(row.capacity)
        if not demand_shown:
            out["tekort"] = out["tekort_fte"] = HIDDEN
        else:
            out["tekort"] = _whole(row.gap_children)
            gap_fte = row.gap_fte
            out["tekort_fte"] = NONE if gap_fte is None else _whole(gap_fte)
    if row.headcount < min_den:
        out["verzuim"] = HIDDEN
    else:
        rate = row.sick_rate
        out["verzuim"] = NONE if rate is None else _whole(rate)
    return out


def capacity_table(
    table_id: str, title: str, found: list[Labelled], day: dt.date, t: int, min_den: int
) -> tuple[FigureTable, dict]:
    """(the table on `day`, its suppression marks): one row per GI of `found` (the capacity
    per GI working for the universe's children), the total the sum of the GIs."""
    rows = [(x.key, x.label) for x in found]
    keys = {(gi, DEMAND): _key(gi, day) for gi, _ in rows} | {(TOTAL, DEMAND): _key(TOTAL, day)}
    table = FigureTable(
        table_id,
        title,
        "GI",
        rows,
        list(COLUMNS),
        {(x.key, DEMAND): x.row.demand for x in found},
        row_totals=False,
        keys=keys,
        counts=(DEMAND,),
    )
    sup = Report([table], t, min_den).suppress()
    by_row = {x.key: x.row for x in found}
    texts: dict[tuple[str, str], str] = {}
    norms = norms_on(day, [gi for gi, _ in rows])
    for gi, _ in rows:
        shown = not sup.hidden(_key(gi, day))
        for col, text in staff_texts(by_row[gi], norms[gi], shown, t, min_den).items():
            texts[(gi, col)] = text
    together = combined(TOTAL, by_row.values())
    total = staff_texts(together, together.norm, not sup.hidden(_key(TOTAL, day)), t, min_den)
    # A hidden GI's staff figure must not follow from the total and the other GIs' figures
    # (the total's norm is the fte-weighted mean of the GIs' norms, so it goes too).
    if not rows:  # no team worked for the region's children that day: nothing to show
        total = dict.fromkeys(total, NONE)
    if any(by_row[gi].protectors < t for gi, _ in rows):
        total |= dict.fromkeys((*STAFF, "norm"), HIDDEN)
    if any(by_row[gi].headcount < min_den for gi, _ in rows):
        total["verzuim"] = HIDDEN
    for col, text in total.items():
        texts[(TOTAL, col)] = text
    table.texts = texts
    return table, sup.marks


def capacity_tables(
    codes: list[str], last: dt.date, t: int, min_den: int
) -> tuple[dict[str, FigureTable], dict]:
    """{table id: table} on the last day and a year before, and their suppression marks."""
    before = year_before(last)
    found = capacity_for_region(codes, [before, last])
    now, marks = capacity_table(
        TABLE_ID, f"Capaciteit en vraag per GI op {dmy(last)}", found[last], last, t, min_den
    )
    then, marks_before = capacity_table(
        YEAR_ID,
        f"Capaciteit en vraag per GI op {dmy(before)}",
        found[before],
        before,
        t,
        min_den,
    )
    return {TABLE_ID: now, YEAR_ID: then}, marks | marks_before


def capacity_section(tables: dict[str, Table]) -> Section:
    now = tables[TABLE_ID]
    paragraphs = [
        "Hoeveel jeugdbeschermers de GI's hebben en nodig hebben, in de teams die voor "
        "kinderen uit de regio werken: de beschikbare fte van de jeugdzorgwerkers (zonder wie "
        "ziek of met verlof is), de capaciteit bij de caseloadnorm (fte × norm, in jeugdigen), "
        "de vraag (jeugdigen met een lopende maatregel die een jeugdbeschermer nodig heeft, "
        "in die teams) en het tekort; op de laatste dag van de periode en een jaar eerder. "
        "Een ‘x’ bij fte of verzuim: de groep medewerkers is te klein om dat te tonen."
    ]
    together = [(TOTAL, "Alle GI's samen")] if len(now.rows) > 1 else []
    for gi, name in [*now.rows, *together]:
        cells = {c: now.cell(gi, c) for c, _ in now.columns}
        needed = ("fte", "capaciteit", DEMAND, "tekort")
        if any(now.is_hidden(gi, c) or cells[c] == NONE for c in needed):
            continue
        gap = cells["tekort"]
        text = (
            f"{name}: {cells['fte']} fte beschikbaar, genoeg voor {cells['capaciteit']} "
            f"jeugdigen bij een caseloadnorm van {cells['norm']}; {cells[DEMAND]} jeugdigen "
            "hebben een jeugdbeschermer nodig"
        )
        if gap.startswith("-"):
            text += f": ruimte voor nog {gap[1:]} jeugdigen."
        elif gap == "0":
            text += ": precies genoeg."
        else:
            text += f": een tekort van {gap} jeugdigen"
            if not now.is_hidden(gi, "tekort_fte") and cells["tekort_fte"] != NONE:
                text += f" ({cells['tekort_fte']} fte)"
            text += "."
        paragraphs.append(text)
    return Section(
        TABLE_ID, "Capaciteit van de jeugdbescherming", paragraphs, [now, tables[YEAR_ID]]
    )

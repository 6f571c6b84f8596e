"""Small-number suppression for published tables (pure: no Django).

Rules (docs/user-guide/rapportage.md explains them to readers):

- *Primary suppression*: a count from 1 up to the threshold minus one (default 5: 1-4) is not
  shown; it reads "<5". A zero is shown: it identifies nobody, and hiding zeros would make every
  empty cell look like a small number.
- *Complementary suppression*: no suppressed count may be recoverable by linear equations from
  what is published. Every table contributes its row, column and grand totals as equations
  (total = sum of cells); tables of the same report that show the same figure share a variable
  (a `key`), so an equation in one table can be combined with one in another. A suppressed count
  is recoverable exactly when its unit vector lies in the row space of the equations restricted
  to the unpublished variables; we test that exactly (rational Gaussian elimination) and keep
  suppressing one more published count, next to the exposed one, until nothing is recoverable.
  Cells suppressed only to protect another read "x".
- *Percentages* are shown only when numerator and denominator are both published and the
  denominator is at least `min_denominator` (default 10).

- *Earlier publications*: `suppress(..., fixed=marks)` extends a suppression that is already
  out (the months of a quarter, the quarters of a year): the fixed marks never change, new
  complementary cells are chosen among the new figures only, and the check runs over the old and
  new equations together (see docs/decisions/0006).

Not covered: bounds reasoning beyond linear equations (an attacker knowing that a "<5" is at
least 1). Complementary cells are chosen among non-zero, non-total counts first, which keeps
such intervals wide in practice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from .exposure import Equation, Key, exposed

DEFAULT_THRESHOLD = 5
DEFAULT_MIN_DENOMINATOR = 10
TOTAL = "__totaal__"
COMPLEMENTARY_MARK = "x"


class Mark(StrEnum):
    PUBLISHED = "published"
    SMALL = "small"  # primary: 1 <= value < threshold
    COMPLEMENTARY = "complementary"  # suppressed to protect another cell


def is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


@dataclass
class Suppression:
    marks: dict[Key, Mark]
    threshold: int
    min_denominator: int = DEFAULT_MIN_DENOMINATOR

    def hidden(self, key: Key) -> bool:
        return self.marks.get(key, Mark.PUBLISHED) is not Mark.PUBLISHED

    def display(self, key: Key, value: int) -> str:
        mark = self.marks.get(key, Mark.PUBLISHED)
        if mark is Mark.SMALL:
            return f"<{self.threshold}"
        if mark is Mark.COMPLEMENTARY:
            return COMPLEMENTARY_MARK
        return str(value)

    def share(self, num_key: Key, num: int, den_key: Key, den: int) -> float | None:
        """A percentage (0-100) or None when it could reveal a small number."""
        if self.hidden(num_key) or self.hidden(den_key) or den < self.min_denominator:
            return None
        return 100 * num / den


def suppress(
    values: Mapping[Key, int],
    equations: Iterable[Equation],
    threshold: int = DEFAULT_THRESHOLD,
    totals: Iterable[Key] = (),
    min_denominator: int = DEFAULT_MIN_DENOMINATOR,
    fixed: Mapping[Key, Mark] | None = None,
) -> Suppression:
    """Marks for every variable: primary, then complementary until no primary is exposed.

    `fixed`: marks of figures published before (they keep their mark; only the other figures
    may become complementary).

    A pure function of its arguments, and the costly part of every report: the result is
    remembered per process for the exact same input (the page, its CSV and its PDF of one
    report; every figure and equation is part of the key, so other data is a new key)."""
    equations = tuple(equations)
    key = (
        frozenset(values.items()),
        equations,
        threshold,
        frozenset(totals),
        min_denominator,
        frozenset((fixed or {}).items()),
    )
    marks = _suppressed(key, dict(values), dict(fixed or {}))
    return Suppression(dict(marks), threshold, min_denominator)


def _suppressed(key: tuple, values: dict[Key, int], fixed: dict[Key, Mark]) -> dict[Key, Mark]:
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    _, equations, threshold, totals, min_denominator, _ = key
    marks = _suppress(values, equations, threshold, totals, min_denominator, fixed).marks
    with _CACHE_LOCK:
        _CACHE[key] = marks
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return marks


CACHE_SIZE = 64  # suppressions remembered per process (least recently used dropped first)
_CACHE: OrderedDict[tuple, dict[Key, Mark]] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def _suppress(
    values: Mapping[Key, int],
    equations: Iterable[Equation],
    threshold: int,
    totals: Iterable[Key],
    min_denominator: int,
    fixed: Mapping[Key, Mark],
) -> Suppression:
    equations = list(equations)
    totals = set(totals)
    fixed = dict(fixed or {})
    for eq in equations:
        for k in eq.keys():
            if k not in values:
                raise KeyError(f"equation refers to unknown figure {k!r}")
    marks = {
        k: fixed[k] if k in fixed else (Mark.SMALL if is_small(v, threshold) else Mark.PUBLISHED)
        for k, v in values.items()
    }
    primary = {k for k, m in marks.items() if m is Mark.SMALL}
    hidden = {k for k, m in marks.items() if m is not Mark.PUBLISHED}
    in_eq: dict[Key, list[Equation]] = {}
    for eq in equations:
        for k in eq.keys():
            in_eq.setdefault(k, []).append(eq)

    def preference(k: Key) -> tuple:
        v = values[k]
        return (v == 0, k in totals, v, repr(k))

    cache: dict = {}
    while True:
        # Every exposed small count gets a partner in one round, then the check runs again.
        found = sorted(exposed(values, equations, hidden, cache) & primary, key=repr)
        if not found:
            found = _pinned_by_bounds(values, equations, hidden, primary, threshold)
        if not found:
            break
        added = False
        for target in found:
            taken = hidden | set(fixed)
            choice = _nearest_published(target, equations, in_eq, taken, preference)
            if choice is None:
                choice = _any_free(equations, taken, preference)
            if choice is None:
                # The partners chosen for the other targets of this round took the last free
                # figures; the next round checks whether that protects this one too.
                continue
            hidden.add(choice)
            marks[choice] = Mark.COMPLEMENTARY
            added = True
        if not added:
            raise AssertionError("no published figure left to suppress")
    # A complementary cell that follows from what is published protects nothing: publish it.
    # (Publishing a determined value adds no information, so nothing becomes exposed.)
    # Not when that would pin a small count by its bounds again (rest = k or 4k below).
    for k in sorted(exposed(values, equations, hidden, cache) - primary - set(fixed), key=repr):
        hidden.discard(k)
        if _pinned_by_bounds(values, equations, hidden, primary, threshold):
            hidden.add(k)
        else:
            marks[k] = Mark.PUBLISHED
    return Suppression(marks, threshold, min_denominator)


def _pinned_by_bounds(values, equations, hidden, primary, threshold) -> list[Key]:
    """Small counts pinned by their known bounds: k cells each "<5" (1 to 4) in one equation
    whose published rest leaves exactly k or exactly 4k."""
    for eq in equations:
        parts = [p for p in eq.parts if p in hidden]
        if eq.total in hidden or not parts or any(p not in primary for p in parts):
            continue
        rest = values[eq.total] - sum(values[p] for p in eq.parts if p not in hidden)
        if rest in (len(parts), len(parts) * (threshold - 1)):
            return [sorted(parts, key=repr)[0]]
    return []


def _any_free(equations, taken, preference) -> Key | None:
    free = {k for eq in equations for k in eq.keys() if k not in taken}
    return min(free, key=preference) if free else None


def _nearest_published(target, equations, in_eq, taken, preference) -> Key | None:
    """The best figure that may still be suppressed (not in `taken`: hidden or fixed) next to
    `target`: in an equation with it, or else in an equation reached through hidden or fixed
    figures (breadth first). None when there is none."""
    hidden = taken
    seen_keys = {target}
    frontier = [target]
    seen_eqs: set[int] = set()
    while frontier:
        near = []
        next_frontier = []
        for k in frontier:
            for eq in in_eq.get(k, []):
                if id(eq) in seen_eqs:
                    continue
                seen_eqs.add(id(eq))
                for p in eq.keys():
                    if p not in hidden:
                        near.append(p)
                    elif p not in seen_keys:
                        seen_keys.add(p)
                        next_frontier.append(p)
        if near:
            return min(near, key=preference)
        frontier = next_frontier
    return None


# --------------------------------------------------------------------------- tables


@dataclass
class Table:
    """A two-way table of counts with optional totals, as published.

    `keys` maps (row id, column id) to a report-wide figure key; TOTAL as row or column id
    addresses a total. Unmapped cells get the key (table id, row id, column id). Two tables
    that show the same figure must map it to the same key: then suppression treats them as one.
    """

    id: str
    title: str
    row_header: str
    rows: list[tuple[str, str]]  # (row id, label)
    columns: list[tuple[str, str]]  # (column id, label)
    values: dict[tuple[str, str], int]
    row_totals: bool = True
    column_totals: bool = True
    keys: dict[tuple[str, str], Key] = field(default_factory=dict)
    note: str = ""
    # Set by `Report.suppress`.
    suppression: Suppression | None = None

    def key(self, row: str, col: str) -> Key:
        return self.keys.get((row, col), (self.id, row, col))

    def total_value(self, row: str, col: str) -> int:
        if row != TOTAL and col != TOTAL:
            return self.values.get((row, col), 0)
        rows = [r for r, _ in self.rows] if row == TOTAL else [row]
        cols = [c for c, _ in self.columns] if col == TOTAL else [col]
        return sum(self.values.get((r, c), 0) for r in rows for c in cols)

    def figures(self) -> dict[Key, int]:
        out = {}
        for r in self._row_ids():
            for c in self._col_ids():
                out[self.key(r, c)] = self.total_value(r, c)
        return out

    def total_keys(self) -> set[Key]:
        return {self.key(r, c) for r in self._row_ids() for c in self._col_ids()} - {
            self.key(r, c) for r, _ in self.rows for c, _ in self.columns
        }

    def _row_ids(self) -> list[str]:
        return [r for r, _ in self.rows] + ([TOTAL] if self.column_totals else [])

    def _col_ids(self) -> list[str]:
        return [c for c, _ in self.columns] + ([TOTAL] if self.row_totals else [])

    def equations(self) -> list[Equation]:
        eqs = []
        cols = [c for c, _ in self.columns]
        rows = [r for r, _ in self.rows]
        if self.row_totals:
            for r in self._row_ids():
                eqs.append(Equation(self.key(r, TOTAL), tuple(self.key(r, c) for c in cols)))
        if self.column_totals:
            for c in self._col_ids():
                eqs.append(Equation(self.key(TOTAL, c), tuple(self.key(r, c) for r in rows)))
        return eqs

    # ----------------------------------------------------------------- display

    def cell(self, row: str, col: str) -> str:
        value = self.total_value(row, col)
        if self.suppression is None:
            return str(value)
        return self.suppression.display(self.key(row, col), value)

    def is_hidden(self, row: str, col: str) -> bool:
        return bool(self.suppression and self.suppression.hidden(self.key(row, col)))

    def header(self) -> list[str]:
        out = [self.row_header, *(label for _, label in self.columns)]
        return out + (["Totaal"] if self.row_totals else [])

    def display_rows(self) -> list[tuple[str, list[str]]]:
        """[(row label, [cell texts])], totals included, as published."""
        out = []
        rows = self.rows + ([(TOTAL, "Totaal")] if self.column_totals else [])
        for r, label in rows:
            out.append((label, [self.cell(r, c) for c in self._col_ids()]))
        return out

    def series(self, row: str) -> list[int | None]:
        """A row's published values (None where suppressed), for charts."""
        return [
            None if self.is_hidden(row, c) else self.total_value(row, c) for c, _ in self.columns
        ]

    def column_series(self, col: str) -> list[int | None]:
        return [None if self.is_hidden(r, col) else self.total_value(r, col) for r, _ in self.rows]


class InconsistentFigures(ValueError):
    pass


@dataclass
class Report:
    """The tables of one publication: suppressed together."""

    tables: list[Table]
    threshold: int = DEFAULT_THRESHOLD
    min_denominator: int = DEFAULT_MIN_DENOMINATOR
    extra_equations: list[Equation] = field(default_factory=list)
    fixed: dict[Key, Mark] = field(default_factory=dict)

    def figures(self) -> dict[Key, int]:
        out: dict[Key, int] = {}
        for t in self.tables:
            for k, v in t.figures().items():
                if k in out and out[k] != v:
                    raise InconsistentFigures(f"figure {k!r} is {out[k]} and {v}")
                out[k] = v
        return out

    def suppress(self) -> Suppression:
        values = self.figures()
        equations = [eq for t in self.tables for eq in t.equations()] + self.extra_equations
        totals = set().union(*(t.total_keys() for t in self.tables)) if self.tables else set()
        result = suppress(
            values, equations, self.threshold, totals, self.min_denominator, self.fixed
        )
        for t in self.tables:
            t.suppression = result
        return result

"""The exact exposure check of small-number suppression (pure: no Django): which hidden figures
follow exactly from the published ones through the tables' equations (total = sum of parts).
Used by `suppression`, which re-exports its names; the method is decision 0011's."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from math import gcd

Key = Hashable


@dataclass(frozen=True)
class Equation:
    """total = sum(parts)"""

    total: Key
    parts: tuple[Key, ...]

    def keys(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


def _rref_unit_columns(rows: list[dict[int, int]]) -> set[int]:
    """Columns j such that the unit vector e_j lies in the span of `rows` (sparse integer rows).
    In reduced row echelon form, e_j is in the row space iff some reduced row is a multiple of
    e_j. Exact and fraction-free: rows stay integer (scaled, divided by their gcd)."""

    def normal(r: dict[int, int]) -> dict[int, int]:
        g = 0
        for v in r.values():
            g = gcd(g, v)
        return {c: v // g for c, v in r.items()} if g > 1 else r

    def eliminate(r: dict[int, int], col: int, prow: dict[int, int]) -> dict[int, int]:
        """r without column col, using prow (which has col): lead*r - r[col]*prow."""
        a, b = prow[col], r[col]
        out = {c: a * v for c, v in r.items()}
        for c, v in prow.items():
            nv = out.get(c, 0) - b * v
            if nv:
                out[c] = nv
            else:
                out.pop(c, None)
        return normal(out)

    # Row echelon form first (each new row reduced until its first column is a new pivot),
    # then one backward pass, last pivot first: a row is reduced by rows that are reduced
    # already, so each elimination adds no pivot column (less fill than keeping it reduced).
    pivots: dict[int, dict[int, int]] = {}
    for row in rows:
        r = {c: int(v) for c, v in row.items() if v}
        while r:
            col = min(r)
            if col not in pivots:
                pivots[col] = normal(r)
                break
            r = eliminate(r, col, pivots[col])
    for col in sorted(pivots, reverse=True):
        r = pivots[col]
        for c in sorted((c for c in r if c != col and c in pivots), reverse=True):
            r = eliminate(r, c, pivots[c])
        pivots[col] = r
    return {col for col, r in pivots.items() if len(r) == 1}


def exposed(
    values: Mapping[Key, int],
    equations: Sequence[Equation],
    hidden: set[Key],
    cache: dict | None = None,
) -> set[Key]:
    """The hidden variables whose value follows exactly from the published ones.

    The equations restricted to the hidden variables fall apart in connected components (a
    published figure links nothing); each is reduced on its own, and with `cache` a component
    that did not change since the last call is not reduced again."""
    rows: list[dict[Key, int]] = []
    for eq in equations:
        row: dict[Key, int] = {}
        for k, coeff in ((eq.total, 1), *((p, -1) for p in eq.parts)):
            if k in hidden:
                row[k] = row.get(k, 0) + coeff
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    parent: dict[Key, Key] = {}

    def find(k: Key) -> Key:
        while parent.get(k, k) != k:
            parent[k] = parent.get(parent[k], parent[k])
            k = parent[k]
        return k

    for row in rows:
        keys = iter(row)
        first = find(next(keys))
        for k in keys:
            root = find(k)
            if root != first:
                parent[root] = first
    groups: dict[Key, list[dict[Key, int]]] = {}
    for row in rows:
        groups.setdefault(find(next(iter(row))), []).append(row)
    out: set[Key] = set()
    for group in groups.values():
        members = frozenset(k for row in group for k in row)
        signature = (members, frozenset(frozenset(r.items()) for r in group))
        if cache is not None and signature in cache:
            out |= cache[signature]
            continue
        index = {k: i for i, k in enumerate(sorted(members, key=repr))}
        by_index = {i: k for k, i in index.items()}
        units = _rref_unit_columns([{index[k]: v for k, v in row.items()} for row in group])
        found = {by_index[i] for i in units}
        if cache is not None:
            cache[signature] = found
        out |= found
    return out

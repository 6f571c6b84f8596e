"""CSV exports that a spreadsheet cannot turn into formulas (CSV injection, OWASP).

Every CSV the application hands out goes through `writer()`: a cell whose text starts with a
character that Excel or LibreOffice reads as the start of a formula (=, +, -, @, tab, carriage
return) gets a leading apostrophe, which the spreadsheet shows as text. Numbers stay numbers:
only strings are escaped, so a negative count written as an int is untouched.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer with every cell passed through safe_cell."""

    def __init__(self, out, **kwargs) -> None:
        kwargs.setdefault("delimiter", ";")
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out, **kwargs) -> SafeWriter:
    return SafeWriter(out, **kwargs)

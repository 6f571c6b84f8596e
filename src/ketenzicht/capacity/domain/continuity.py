"""Money and continuity (issue 17, item 3): measures per type per month, P&Q revenue from the
tariff table, the 12-month change and the continuity trigger of the Bestuurlijk akkoord
continuïteit jeugdbescherming (002:187-201): act when the number of child-protection measures
falls by more than the agreed share (default 5 %) a year. No Django here.

Conventions: a measure counts in a month when it runs on the last day of that month (started on
or before it, not ended before it); revenue of a month is that count x the year's tariff / 12;
the fixed-cost part is the tariff's fixed share of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_THRESHOLD = Decimal("0.05")


def month_end(day: dt.date) -> dt.date:
    nxt = day.replace(day=28) + dt.timedelta(days=4)
    return nxt - dt.timedelta(days=nxt.day)


def month_ends(as_of: dt.date, count: int) -> list[dt.date]:
    """The last days of the `count` completed months before `as_of` (oldest first)."""
    out: list[dt.date] = []
    day = as_of.replace(day=1) - dt.timedelta(days=1)
    while len(out) < count:
        out.append(day)
        day = day.replace(day=1) - dt.timedelta(days=1)
    return out[::-1]


@dataclass(frozen=True)
class Month:
    end: dt.date
    counts: dict[str, int]  # measure type -> running measures at the month's end
    revenue: Decimal
    fixed: Decimal  # the fixed-cost part of the revenue
    counted: int  # measures the trigger counts (child protection)
    change: Decimal | None  # against twelve months earlier, as a fraction (-0.06 = -6 %)


@dataclass(frozen=True)
class Continuity:
    months: list[Month]
    threshold: Decimal
    crossed_on: dt.date | None  # the month's end from which the shrink has passed the threshold

    @property
    def latest(self) -> Month | None:
        return self.months[-1] if self.months else None

    @property
    def triggered(self) -> bool:
        m = self.latest
        return m is not None and m.change is not None and -m.change > self.threshold


def continuity(
    measures: Iterable[tuple[str, dt.date | None, dt.date | None]],
    as_of: dt.date,
    tariffs: dict[tuple[str, int], tuple[Decimal, Decimal]],
    counted_types: frozenset[str],
    threshold: Decimal = DEFAULT_THRESHOLD,
    months: int = 24,
) -> Continuity:
    """`measures`: (type, start, ended) of the GI's (or region's) measures; `tariffs`: (type,
    year) -> (amount per measure per year, fixed share); `counted_types`: the measure types
    the trigger counts. The last `months` completed months before `as_of`, each with its change
    against twelve months earlier (known from the 13th month on)."""
    ends = month_ends(as_of, months + 12)
    rows = list(measures)
    series: list[tuple[dt.date, dict[str, int]]] = []
    for end in ends:
        counts: dict[str, int] = {}
        for mtype, start, ended in rows:
            if start is not None and start <= end and (ended is None or ended >= end):
                counts[mtype] = counts.get(mtype, 0) + 1
        series.append((end, counts))
    out: list[Month] = []
    for i, (end, counts) in enumerate(series):
        if i < 12:
            continue
        revenue = fixed = Decimal(0)
        for mtype, n in counts.items():
            amount, share = tariffs.get((mtype, end.year), (Decimal(0), Decimal(0)))
            part = Decimal(n) * amount / 12
            revenue += part
            fixed += part * share
        counted = sum(n for t, n in counts.items() if t in counted_types)
        before = sum(n for t, n in series[i - 12][1].items() if t in counted_types)
        change = (Decimal(counted - before) / before) if before else None
        out.append(Month(end, dict(sorted(counts.items())), revenue, fixed, counted, change))
    crossed = None
    for m in out:
        if m.change is not None and -m.change > threshold:
            crossed = crossed or m.end
        else:
            crossed = None
    return Continuity(out, threshold, crossed)

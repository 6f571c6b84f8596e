"""The continuity section of the GI dashboard (issue 17, item 3): the measures the continuity
agreement counts, month by month, their 12-month change against the agreed threshold, the P&Q
revenue from the tariff table and the warning with the date the threshold was crossed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.safestring import mark_safe

from ketenzicht.access import policy
from ketenzicht.capacity.selectors import continuity_for

from .charts import Series, line_chart


def _pct(x: Decimal | None) -> str:
    return "—" if x is None else f"{(100 * x).quantize(Decimal('0.1'))} %".replace(".", ",")


def _euro(x: Decimal) -> str:
    return f"€ {x.quantize(Decimal('1')):,}".replace(",", ".")


def continuity_section(user, as_of: dt.date) -> dict | None:
    """Context for `reporting/_continuity.html`, None for a user who does not see it."""
    organisations = policy.continuity_organisations(user)
    if not organisations:
        return None
    c = continuity_for(organisations, as_of)
    labels = [f"{m.end.month}-{m.end.year}" for m in c.months]
    chart = line_chart(
        "grafiek-continuiteit",
        "Kinderbeschermingsmaatregelen per maand (einde maand)",
        labels,
        [Series("Kinderbeschermingsmaatregelen", [m.counted for m in c.months])],
    )
    rows = [
        (
            m.end,
            m.counted,
            _pct(m.change),
            _euro(m.revenue),
            _euro(m.fixed),
            m.change is not None and -m.change > c.threshold,
        )
        for m in reversed(c.months)
    ]
    return {
        "continuity": c,
        "threshold": _pct(c.threshold),
        "latest_change": _pct(c.latest.change) if c.latest else "—",
        "chart": mark_safe(chart),  # noqa: S308 - our own escaped SVG
        "rows": rows,
        "as_of": as_of,
    }

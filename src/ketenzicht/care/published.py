"""Waiting figures as a municipal or public user sees them: built once, here, for both the
municipal reference-date page (`care.views.counts`) and the council report and municipal
dashboard (`reporting.report`), and suppressed by the one publication policy
(`ketenzicht.publication`). The same table over the same population with the same keys gets the
same suppression on every screen, so a cell hidden on one is hidden on all (issue 11, finding 2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ketenzicht.publication import min_denominator, threshold
from ketenzicht.publication.suppression import Report, Table
from ketenzicht.reference.models import Municipality
from ketenzicht.timeline.models import Event, Measure, Youth

from . import selectors

WITHOUT_FIXED_TABLE = "zonder_vaste"


def universe(m: Municipality) -> list[tuple[str, str]]:
    """The municipalities suppressed together with `m`: its jeugdhulpregio, as in the council
    report (`reporting.report.universe_of`)."""
    members = Municipality.objects.filter(jeugdhulpregio_id=m.jeugdhulpregio_id).order_by("name")
    return [(x.cbs_code, x.name) for x in members]


def population(codes: list[str]) -> QuerySet[Measure]:
    """Every measure of a youth that was ever responsible in one of `codes` (registered, now, or
    by a change of residence): counting these per municipality on a day gives exactly the count
    over all measures for the municipalities in `codes`."""
    moved_in = Event.objects.filter(
        event_type="residence_changed", data__responsible_municipality__in=codes
    ).values("measure__youth_id")
    youths = Youth.objects.filter(
        Q(responsible_municipality__cbs_code__in=codes)
        | Q(registered_responsible_municipality__cbs_code__in=codes)
        | Q(pk__in=moved_in)
    )
    return Measure.objects.filter(youth__in=youths.values("pk"))


def day_label(day: dt.date) -> str:
    return f"{day.day}-{day.month}-{day.year}"


def without_fixed_worker_table(municipalities: list[tuple[str, str]], days: list[dt.date]) -> Table:
    """Children without a fixed youth protector per municipality (responsible on that day) and
    reference date, with the universe's total per date; not yet suppressed."""
    codes = [c for c, _ in municipalities]
    days = sorted(set(days))
    counts = selectors.without_fixed_worker_counts(days, "municipality", population(codes))
    return Table(
        WITHOUT_FIXED_TABLE,
        "Kinderen zonder vaste jeugdbeschermer per peildatum",
        "Gemeente",
        list(municipalities),
        [(d.isoformat(), day_label(d)) for d in days],
        {(c, d.isoformat()): counts[d].get(c, 0) for c in codes for d in days},
        row_totals=False,
        column_totals=True,
    )


def suppressed(*tables: Table) -> list[Table]:
    """Suppress tables on their own (one publication) with the configured policy."""
    Report(list(tables), threshold(), min_denominator()).suppress()
    return list(tables)


# ------------------------------------------------------------------ effects of waiting
EFFECT_COLUMNS = [
    ("measures", "Maatregelen"),
    ("first_contact", "n dagen tot eerste contact"),
    ("plan", "n dagen tot plan van aanpak"),
    ("help", "n dagen tot start hulp"),
    ("norms_due", "normen verstreken"),
    ("norms_met", "normen op tijd gehaald"),
    ("with_signal", "met een signaal van onveiligheid"),
]


@dataclass(frozen=True)
class ShownMedian:
    shown: str  # the median in days, or "—"
    shown_n: str  # n as published ("<5" when small)


@dataclass(frozen=True)
class ShownEffect:
    """One group of the effects table (waited / not waited) as published."""

    label: str
    shown_measures: str
    first_contact: ShownMedian
    plan: ShownMedian
    help_started: ShownMedian
    norms_share: str
    signal_share: str


def effects_shown(groups: list) -> list[ShownEffect]:
    """The effects of waiting (`selectors.effects`) through the one publication policy: every
    count is a cell of one table suppressed by `Report` (threshold and complementary rules), a
    median is shown only when its n is published, and a percentage only as the policy's
    `share` allows (numerator and denominator published, denominator at least the minimum).
    Before issue 16 this page had rules of its own (a percentage over 5 measures, a small
    numerator shown through its percentage)."""
    rows = [(str(i), g.label) for i, g in enumerate(groups)]
    values: dict[tuple[str, str], int] = {}
    for (rid, _), g in zip(rows, groups, strict=True):
        values |= {
            (rid, "measures"): g.measures,
            (rid, "first_contact"): g.first_contact.n,
            (rid, "plan"): g.plan.n,
            (rid, "help"): g.help_started.n,
            (rid, "norms_due"): g.norms_due,
            (rid, "norms_met"): g.norms_met,
            (rid, "with_signal"): g.with_signal,
        }
    table = Table(
        "effecten",
        "Gewacht en niet gewacht naast elkaar",
        "Groep",
        rows,
        EFFECT_COLUMNS,
        values,
        row_totals=False,
        column_totals=False,
    )
    (table,) = suppressed(table)
    sup = table.suppression

    def median(rid: str, col: str, m) -> ShownMedian:
        hidden = table.is_hidden(rid, col) or m.median is None
        return ShownMedian("—" if hidden else f"{m.median:.0f}", table.cell(rid, col))

    def share(rid: str, num: str, den: str) -> str:
        s = sup.share(
            table.key(rid, num), values[(rid, num)], table.key(rid, den), values[(rid, den)]
        )
        return "—" if s is None else f"{round(s)}%"

    return [
        ShownEffect(
            g.label,
            table.cell(rid, "measures"),
            median(rid, "first_contact", g.first_contact),
            median(rid, "plan", g.plan),
            median(rid, "help", g.help_started),
            share(rid, "norms_met", "norms_due"),
            share(rid, "with_signal", "measures"),
        )
        for (rid, _), g in zip(rows, groups, strict=True)
    ]

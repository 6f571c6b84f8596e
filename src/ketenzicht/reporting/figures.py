"""Dashboard figures: reads over measures, their timelines and the norm engine.

Every figure is defined once as a set of measures per group (`members`); a dashboard shows its
size and the drill-down lists exactly those measures, so a number can always be traced to the
cases behind it. Figures about waiting, caseload, escalations and incidents come from the
selectors of the care and escalation apps (`integrations`).

Conventions (also in the method section of the council report):
- a measure *runs* on day d when its start date <= d and it has not ended before d (a measure
  ended on d still ran that day);
- groups (team, cluster, GI) are the measure's current ones; municipalities are the youth's
  current responsible municipality (woonplaatsbeginsel) and municipality of stay.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from ketenzicht.norms.catalogue import NORMS
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.domain.state import lapsed
from ketenzicht.timeline.models import Measure

from . import integrations
from .norm_figures import INSTANCE_FIGURES, Context, due_tallies, instance_members

NO_GROUP = "—"


@dataclass(frozen=True)
class Row:
    """One measure, as the figures need it (one query for a whole scope)."""

    pk: int
    external_id: str
    youth_pk: int
    measure_type: str
    start: dt.date | None
    ended: dt.date | None
    assignment: str
    gi: str
    gi_name: str
    team: str
    team_name: str
    cluster: str
    responsible: str
    responsible_name: str
    stay: str
    stay_name: str
    planned_end: dt.date | None = None

    def lapsed_on(self, day: dt.date) -> bool:
        """As `Measure.lapsed_on`: running by its registration, but the ruling's end date has
        passed with no extension or end (issue 12)."""
        return self.runs_on(day) and lapsed(self.ended, self.planned_end, day)

    def runs_on(self, day: dt.date) -> bool:
        return (
            self.start is not None
            and self.start <= day
            and (self.ended is None or self.ended >= day)
        )


ROW_FIELDS = (
    "pk",
    "external_id",
    "youth_id",
    "measure_type",
    "start_date",
    "ended_on",
    "assignment",
    "gi__external_id",
    "gi__name",
    "team__external_id",
    "team__name",
    "team__cluster",
    "youth__responsible_municipality__cbs_code",
    "youth__responsible_municipality__name",
    "youth__stay_municipality__cbs_code",
    "youth__stay_municipality__name",
    "planned_end_date",
)


def load_rows(measures: QuerySet[Measure]) -> list[Row]:
    return [
        Row(*(v if v is not None or i in (4, 5, 16) else "" for i, v in enumerate(r)))
        for r in measures.values_list(*ROW_FIELDS)
    ]


GROUPINGS = {
    "team": "Team",
    "cluster": "Cluster",
    "gi": "GI",
    "gemeente": "Verantwoordelijke gemeente",
}


def group_of(row: Row, by: str) -> tuple[str, str]:
    """(key, label) of a measure's group."""
    if by == "team":
        return (row.team or NO_GROUP, row.team_name or "zonder team")
    if by == "cluster":
        return (row.cluster or NO_GROUP, row.cluster or "zonder cluster")
    if by == "gi":
        return (row.gi or NO_GROUP, row.gi_name or "zonder GI")
    if by == "gemeente":
        return (row.responsible, row.responsible_name)
    raise ValueError(f"onbekende groepering '{by}'")


def quarter_start(day: dt.date) -> dt.date:
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def previous_quarter(start: dt.date) -> dt.date:
    month = start.month - 3
    return start.replace(year=start.year - (month < 1), month=(month - 1) % 12 + 1)


def reference_dates(as_of: dt.date, count: int = 5) -> list[dt.date]:
    """The first days of the last quarters and the as-of date itself (count dates in all)."""
    out = [as_of]
    q = quarter_start(as_of)
    if q == as_of:
        q = previous_quarter(q)
    while len(out) < count:
        out.append(q)
        q = previous_quarter(q)
    return sorted(out)


def quarters(as_of: dt.date, count: int = 4) -> list[tuple[dt.date, dt.date]]:
    """The last `count` quarters up to as_of: [(first day, last day)], the current one partial."""
    out = []
    start = quarter_start(as_of)
    end = as_of
    for _ in range(count):
        out.append((start, end))
        end = start - dt.timedelta(days=1)
        start = previous_quarter(start)
    return out[::-1]


# --------------------------------------------------------------------------- the GI board


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    explanation: str  # Dutch: how the number is made


FIGURES = {
    f.id: f
    for f in (
        Figure(
            "lopend",
            "Lopende maatregelen",
            "Maatregelen die op de peildatum lopen (gestart, niet eerder beëindigd).",
        ),
        Figure(
            "verlopen",
            "Maatregel verlopen",
            "Maatregelen die volgens de registratie lopen, maar waarvan de einddatum volgens de "
            "uitspraak vóór de peildatum ligt zonder vastgelegde verlenging of beëindiging: de "
            "registratie ontbreekt of de bescherming is onopgemerkt vervallen. Hun normen stoppen "
            "op de einddatum.",
        ),
        Figure(
            "zonder_vaste",
            "Zonder vaste jeugdzorgwerker",
            "Lopende maatregelen die op de peildatum geen vaste jeugdzorgwerker hebben "
            "(niemand of het in- en doorstroomteam).",
        ),
        Figure(
            "normen_niet_op_tijd",
            "Normen niet op tijd",
            "Maatregelen met een norm die in de periode verviel en niet op tijd is gehaald "
            "(te laat gehaald of termijn verstreken).",
        ),
        Figure(
            "normen_verviel",
            "Normen die vervielen",
            "Maatregelen met een norm die in de periode verviel (gehaald of niet).",
        ),
        Figure(
            "signalen_open",
            "Open signalen van onveiligheid",
            "Maatregelen met een signaal van onveiligheid dat op de peildatum nog niet is "
            "beoordeeld (norm 3.6), binnen of buiten de termijn.",
        ),
        Figure(
            "hulp_wacht_lang",
            "Wacht langer dan de hulpnorm",
            "Maatregelen met een hulpvraag waarvoor de hulp op de peildatum nog niet is "
            "gestart en de termijn van norm 2.2 (3 maanden) is verstreken.",
        ),
        Figure(
            "escalaties_open",
            "Open escalaties",
            "Maatregelen die op de peildatum zijn opgeschaald op de escalatieladder (AVE).",
        ),
    )
}


def members(figure: str, ctx: Context, by: str) -> dict[str, set[int]]:
    """{group key: measure pks} for a figure. The one definition of every dashboard number."""
    out: dict[str, set[int]] = defaultdict(set)
    rows = ctx.rows
    if figure == "lopend":
        for r in rows:
            if r.runs_on(ctx.as_of):
                out[group_of(r, by)[0]].add(r.pk)
    elif figure == "verlopen":
        for r in rows:
            if r.lapsed_on(ctx.as_of):
                out[group_of(r, by)[0]].add(r.pk)
    elif figure == "zonder_vaste":
        for r in rows:
            if r.runs_on(ctx.as_of) and r.assignment != "vast" and r.measure_type in NEEDS_WORKER:
                out[group_of(r, by)[0]].add(r.pk)
    elif figure in INSTANCE_FIGURES:
        by_pk = {r.pk: r for r in rows}
        for pk in instance_members(figure, ctx):
            out[group_of(by_pk[pk], by)[0]].add(pk)
    elif figure == "hulp_wacht_lang":
        waits = integrations.waiting_help(ctx.as_of, ctx.measures())
        by_pk = {r.pk: r for r in rows}
        for w in waits:
            if w.beyond_norm and w.measure_pk in by_pk:
                out[group_of(by_pk[w.measure_pk], by)[0]].add(w.measure_pk)
    elif figure == "escalaties_open":
        pks = integrations.open_escalation_measures(ctx.measures())
        for r in rows:
            if r.pk in pks:
                out[group_of(r, by)[0]].add(r.pk)
    else:
        raise KeyError(figure)
    return dict(out)


# Measure types that need a youth protector (placement authorisations ride on their (V)OTS).
NEEDS_WORKER = frozenset(
    c for c, (_, _, fam) in codes.MEASURE_TYPES.items() if fam is not codes.Family.MACHTIGING
)


@dataclass
class Cell:
    figure: str
    count: int
    group: str


@dataclass
class BoardRow:
    key: str
    label: str
    cells: dict[str, Cell]
    norm_share: float | None = None  # % of norms that fell due in the period met on time
    caseload: tuple[float, int] | None = None  # (mean cases per fte, norm)


@dataclass
class Board:
    as_of: dt.date
    by: str
    period: tuple[dt.date, dt.date]
    rows: list[BoardRow]
    total: BoardRow
    dates: list[dt.date]
    running_trend: dict[str, list[int]]  # group label -> counts per reference date
    without_trend: dict[str, list[int]]  # children without a fixed worker per reference date
    quarters: list[tuple[dt.date, dt.date]]
    norm_trend: dict[str, list[float | None]]  # group label -> % on time per quarter


BOARD_FIGURES = (
    "lopend",
    "verlopen",
    "zonder_vaste",
    "normen_niet_op_tijd",
    "signalen_open",
    "hulp_wacht_lang",
    "escalaties_open",
)


def gi_board(measures: QuerySet[Measure], as_of: dt.date, by: str = "team") -> Board:
    """The GI board for the measures in a role's scope."""
    rows = load_rows(measures.select_related(None))
    period = (as_of - dt.timedelta(days=90), as_of)
    ctx = Context(rows, as_of, period, measures)
    groups = sorted({group_of(r, by) for r in rows if r.runs_on(as_of)}, key=lambda g: g[1])
    per_figure = {f: members(f, ctx, by) for f in BOARD_FIGURES}
    gkey = {r.pk: group_of(r, by)[0] for r in rows}
    # (group or None for all, period) -> [due, on time].
    periods = [period, *quarters(as_of)]
    tally: dict[tuple[str | None, int], list[int]] = defaultdict(lambda: [0, 0])
    for (pk, p), (due, on_time) in due_tallies(ctx, periods).items():
        for key in (gkey[pk], None):
            tally[(key, p)][0] += due
            tally[(key, p)][1] += on_time

    def share(key: str | None, p: int) -> float | None:
        due, on_time = tally.get((key, p), (0, 0))
        return 100 * on_time / due if due else None

    def cells(key: str | None) -> dict[str, Cell]:
        out = {}
        for f in BOARD_FIGURES:
            if key is None:
                n = len(set().union(*per_figure[f].values())) if per_figure[f] else 0
            else:
                n = len(per_figure[f].get(key, ()))
            out[f] = Cell(f, n, key or "")
        return out

    caseload = integrations.caseload_by_team(measures, as_of) if by == "team" else None
    board_rows = [
        BoardRow(
            k,
            label,
            cells(k),
            share(k, 0),
            caseload.get(k) if caseload else None,
        )
        for k, label in groups
    ]
    total = BoardRow("", "Totaal", cells(None), share(None, 0))
    dates = reference_dates(as_of)
    per_key: dict[str, list[int]] = defaultdict(lambda: [0] * len(dates))
    for r in rows:
        for n, d in enumerate(dates):
            if r.runs_on(d):
                per_key[gkey[r.pk]][n] += 1
    running = {label: list(per_key[k]) for k, label in groups}
    w_by = {"team": "team", "cluster": "cluster", "gi": "gi", "gemeente": "municipality"}[by]
    counts = integrations.without_fixed_worker_counts(dates, w_by, measures)
    without = {label: [counts[d].get(k, 0) for d in dates] for k, label in groups}
    qs = quarters(as_of)
    norm_trend: dict[str, list[float | None]] = {}
    for k, label in groups:
        norm_trend[label] = [share(k, p) for p in range(1, len(qs) + 1)]
    return Board(as_of, by, period, board_rows, total, dates, running, without, qs, norm_trend)


def measures_behind(
    measures: QuerySet[Measure],
    figure: str,
    by: str,
    group: str | None,
    as_of: dt.date,
    period: tuple[dt.date, dt.date] | None = None,
) -> QuerySet[Measure]:
    """The measures behind one dashboard number (group None: all groups)."""
    rows = load_rows(measures)
    ctx = Context(rows, as_of, period or (as_of - dt.timedelta(days=90), as_of), measures)
    found = members(figure, ctx, by)
    pks: Iterable[int] = (
        set().union(*found.values()) if group is None and found else found.get(group or "", ())
    )
    return Measure.objects.filter(pk__in=list(pks))


def norm_titles() -> dict[str, str]:
    return {n.id: n.title for n in NORMS.values()}

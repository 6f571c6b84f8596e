"""The council report (raadsrapportage) for a municipality or a region and a period.

All tables of one report are suppressed together (`suppression.Report`), the charts are drawn
from the published values only, and the explanatory text is generated from the published
values only: a suppressed number never leaks through a chart or a sentence. The method section
says how each figure was made, as of when, and under which norm definitions.

The municipal dashboards show the same report (municipality, or the region side by side).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import F
from django.utils import timezone

from ketenzicht.norms.catalogue import CATALOGUE
from ketenzicht.norms.engine import Status
from ketenzicht.norms.selectors import instances_for_measures
from ketenzicht.publication import min_denominator, periods, threshold
from ketenzicht.publication.suppression import (
    TOTAL,
    Equation,
    Report,
    Suppression,
    Table,
)
from ketenzicht.reference.models import Municipality, Region
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.models import Event, Measure

from . import integrations
from .charts import Series, bar_chart, line_chart
from .figures import NEEDS_WORKER, load_rows

UNAVAILABLE = "nog niet beschikbaar"


# --------------------------------------------------------------------------- areas


@dataclass(frozen=True)
class Area:
    key: str  # "GM0518" or "R<pk>"
    name: str
    kind: str  # "gemeente" | "regio"
    municipalities: tuple[tuple[str, str], ...]  # (CBS code, name)

    @property
    def codes(self) -> list[str]:
        return [c for c, _ in self.municipalities]

    @property
    def title(self) -> str:
        return f"gemeente {self.name}" if self.kind == "gemeente" else f"regio {self.name}"


def municipality_area(m: Municipality) -> Area:
    return Area(m.cbs_code, m.name, "gemeente", ((m.cbs_code, m.name),))


def region_area(r: Region) -> Area:
    members = Municipality.objects.filter(
        **{
            "jeugdhulpregio"
            if r.kind == Region.Kind.JEUGDHULPREGIO
            else "jeugdbeschermingsregio": r
        }
    ).order_by("name")
    return Area(f"R{r.pk}", r.name, "regio", tuple((m.cbs_code, m.name) for m in members))


def area_from_key(key: str) -> Area | None:
    if key.startswith("GM"):
        m = Municipality.objects.filter(cbs_code=key).first()
        return municipality_area(m) if m else None
    if key.startswith("R") and key[1:].isdigit():
        r = Region.objects.filter(pk=int(key[1:])).first()
        return region_area(r) if r else None
    return None


def area_by_name(name: str) -> Area | None:
    m = Municipality.objects.filter(cbs_code=name).first() or (
        Municipality.objects.filter(name__iexact=name).first()
    )
    if m:
        return municipality_area(m)
    r = Region.objects.filter(name__iexact=name).order_by("kind").first()
    return region_area(r) if r else None


# --------------------------------------------------------------------------- the report


@dataclass
class Section:
    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    available: bool = True


@dataclass
class MethodItem:
    figure: str
    how: str


@dataclass
class CouncilReport:
    area: Area
    period: periods.Period
    first: dt.date
    last: dt.date
    dates: list[dt.date]
    generated_at: dt.datetime
    threshold: int
    sections: list[Section]
    method: list[MethodItem]
    norms: list[tuple[str, str, str, str]]  # (id, title, term, source)
    summary: list[str]
    # Tables suppressed with this report but shown in another (a municipality's norms, the
    # stay split on an earlier reference date): what an attacker may also hold.
    parts: list[Table] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)


def _d(day: dt.date) -> str:
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


def universe_of(area: Area) -> Area:
    """The set of municipalities suppressed together: a municipality's report is a part of its
    jeugdhulpregio's, so the two (and the reports of the region's other municipalities) can be
    laid side by side without a suppressed count becoming derivable."""
    if area.kind != "gemeente":
        return area
    m = Municipality.objects.select_related("jeugdhulpregio").get(cbs_code=area.key)
    return region_area(m.jeugdhulpregio)


def _only_row(table: Table, code: str) -> Table:
    return replace(table, rows=[r for r in table.rows if r[0] == code], column_totals=False)


class PeriodNotAllowed(ValueError):
    """A period that is not a fixed calendar month, quarter or year."""


def fixed_period(first: dt.date, last: dt.date) -> periods.Period:
    found = periods.for_dates(first, last)
    if found is None:
        raise PeriodNotAllowed(
            f"{_d(first)} tot en met {_d(last)} is geen vaste periode: kies een kalendermaand, "
            "een kwartaal of een kalenderjaar (zo kunnen twee rapporten niet van elkaar worden "
            "afgetrokken om kleine aantallen terug te rekenen)."
        )
    return found


def _keys(name: str, tag: str, rows: list[str], cols: list[str], *, code: str | None = None):
    """Report-wide keys (name, tag, [code,] row, column) for every cell and total of a table:
    the same figure gets the same key in every table and every publication that shows it."""
    extra = (code,) if code is not None else ()
    return {(r, c): (name, tag, *extra, r, c) for r in [*rows, TOTAL] for c in [*cols, TOTAL]}


@dataclass
class _FlowSource:
    """What the period figures (flows) of a report are counted from, loaded once."""

    codes: list[str]
    muni_rows: list[tuple[str, str]]
    area_codes: list[str]
    instances: list
    muni_of: dict[str, str]
    waits: list | None
    consultations: list[tuple[str, dt.date]]
    incidents: list | None

    def tables(self, p: periods.Period) -> tuple[dict[str, Table], list[Table], list[Equation]]:
        """(shown tables, hidden parts, extra equations) of the flow figures of period p."""
        first, last, tag = p.first, p.last, p.key
        shown: dict[str, Table] = {}
        # Norms that fell due in the period, per municipality and in total (the municipality
        # tables are hidden parts of a region's report and the shown part of a municipality's).
        counts: Counter = Counter()
        for i in self.instances:
            if i.fell_due_in(first, last):
                col = "op_tijd" if i.status is Status.MET_ON_TIME else "niet"
                counts[(self.muni_of[i.measure_id], i.norm_id, col)] += 1
                counts[(TOTAL, i.norm_id, col)] += 1
        norm_rows = [(n.id, n.title) for n in CATALOGUE]
        norm_cols = [("op_tijd", "op tijd gehaald"), ("niet", "niet op tijd")]
        nr, nc = [r for r, _ in norm_rows], [c for c, _ in norm_cols]
        parts = []
        for code in [*self.codes, TOTAL]:
            table = Table(
                "normen" if code == TOTAL else f"normen:{code}",
                f"Normen die vervielen van {_d(first)} tot en met {_d(last)}",
                "Norm",
                norm_rows,
                norm_cols,
                {(n, c): counts[(code, n, c)] for n in nr for c in nc},
                keys=_keys("normen", tag, nr, nc, code=code),
            )
            if code == TOTAL:
                shown["normen"] = table
            else:
                parts.append(table)
        equations = [
            Equation(
                ("normen", tag, TOTAL, r, c),
                tuple(("normen", tag, code, r, c) for code in self.codes),
            )
            for r in [*nr, TOTAL]
            for c in [*nc, TOTAL]
        ]
        if self.waits is not None:
            started: Counter = Counter()
            for w in self.waits:
                if w.responsible_municipality not in self.codes or w.waiting:
                    continue
                if w.started_on and first <= w.started_on <= last:
                    col = "gestart_laat" if w.started_on > w.norm_due else "gestart_op_tijd"
                    started[(w.responsible_municipality, col)] += 1
            cols = [
                ("gestart_op_tijd", "gestart binnen de norm"),
                ("gestart_laat", "gestart na de norm"),
            ]
            shown["hulp_gestart"] = Table(
                "hulp_gestart",
                f"Hulp die in de periode startte, {_d(first)} tot en met {_d(last)}",
                "Gemeente",
                self.muni_rows,
                cols,
                {(c, k): started[(c, k)] for c in self.codes for k, _ in cols},
                keys=_keys("hulp_gestart", tag, self.codes, [k for k, _ in cols]),
            )
        consult = Counter(code for code, day in self.consultations if first <= day <= last)
        shown["overleg"] = Table(
            "overleg",
            f"Overleg van de GI met de gemeente over de inzet van hulp, {_d(first)} tot en met "
            f"{_d(last)}",
            "Gemeente",
            self.muni_rows,
            [("overleg", "aantal keer overleg")],
            {(c, "overleg"): consult[c] for c in self.codes},
            row_totals=False,
            keys=_keys("overleg", tag, self.codes, ["overleg"]),
        )
        if self.incidents is not None:
            kinds = Counter(i.kind for i in self.incidents if first <= i.occurred_on <= last)
            shown["incidenten"] = Table(
                "incidenten",
                f"Calamiteiten en ernstige incidenten, {_d(first)} tot en met {_d(last)}",
                "Soort",
                list(codes.INCIDENT_KINDS.items()),
                [("aantal", "aantal")],
                {(k, "aantal"): kinds[k] for k in codes.INCIDENT_KINDS},
                row_totals=False,
                keys=_keys("incidenten", tag, list(codes.INCIDENT_KINDS), ["aantal"]),
            )
        return shown, parts, equations


def _additivity(parent: periods.Period, tables: list[Table]) -> list[Equation]:
    """A period's count is the sum of its parts' counts: figure(parent) = sum figure(child)."""
    children = parent.children()
    out = []
    for t in tables:
        for key in t.figures():
            name, _, *rest = key
            out.append(Equation(key, tuple((name, c.key, *rest) for c in children)))
    return out


def suppress_flows(source: _FlowSource, period: periods.Period, t: int, md: int):
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


def build_report(
    area: Area, period: periods.Period | dt.date, last: dt.date | None = None
) -> CouncilReport:
    """The council report of `area` over a fixed period (a calendar month, quarter or year;
    two dates are accepted only when they are exactly such a period)."""
    if isinstance(period, dt.date):
        if last is None or period > last:
            raise PeriodNotAllowed("De periode begint na het einde.")
        period = fixed_period(period, last)
    first, last = period.first, period.last
    t = threshold()
    md = min_denominator()
    universe = universe_of(area)
    munis = list(universe.municipalities)
    codes_u = universe.codes
    measures = Measure.objects.filter(youth__responsible_municipality__cbs_code__in=codes_u)
    rows = load_rows(measures)
    dates = period.reference_dates()
    tables: dict[str, Table] = {}
    stock_parts: list[Table] = []
    muni_rows = [(c, n) for c, n in munis]
    date_cols = [(d.isoformat(), _d(d)) for d in dates]

    # Figures on a reference date (stocks). Each date's figures are suppressed together and
    # apart from other dates, so a date's marks are the same in every report that shows it.
    # 1. Children with a measure per reference date (responsible municipality).
    kids: dict[tuple[str, str], int] = {}
    for d in dates:
        per: dict[str, set[int]] = defaultdict(set)
        for r in rows:
            if r.runs_on(d):
                per[r.responsible].add(r.youth_pk)
        for code, _ in munis:
            kids[(code, d.isoformat())] = len(per.get(code, ()))
    tables["kinderen"] = Table(
        "kinderen",
        "Kinderen met een maatregel per peildatum (verantwoordelijke gemeente)",
        "Gemeente",
        muni_rows,
        date_cols,
        kids,
        row_totals=False,
        keys={
            (c, d.isoformat()): ("kinderen", d.isoformat(), c)
            for c in [*codes_u, TOTAL]
            for d in dates
        },
    )

    # 2. Responsibility and stay, shown on the last day; on the other reference dates a hidden
    # part (it shares its totals with the children on that date).
    for d in dates:
        own: dict[str, set[int]] = defaultdict(set)
        away: dict[str, set[int]] = defaultdict(set)
        for r in rows:
            if r.runs_on(d):
                (own if r.stay == r.responsible else away)[r.responsible].add(r.youth_pk)
        split = {}
        for code, _ in munis:
            split[(code, "eigen")] = len(own[code])
            split[(code, "elders")] = len(away[code])
        iso = d.isoformat()
        table = Table(
            "verblijf" if d == last else f"verblijf@{iso}",
            f"Kinderen waarvoor de gemeente verantwoordelijk is, naar verblijf, op {_d(d)}",
            "Gemeente",
            muni_rows,
            [("eigen", "verblijft in de eigen gemeente"), ("elders", "verblijft elders")],
            split,
            keys=_keys("verblijf", iso, codes_u, ["eigen", "elders"])
            | {(c, TOTAL): ("kinderen", iso, c) for c in [*codes_u, TOTAL]},
        )
        if d == last:
            tables["verblijf"] = table
        else:
            stock_parts.append(table)
    incoming = Measure.objects.filter(
        youth__stay_municipality__cbs_code__in=universe.codes
    ).exclude(youth__responsible_municipality=F("youth__stay_municipality"))
    inc: dict[str, set[int]] = defaultdict(set)
    for r in load_rows(incoming):
        if r.runs_on(last):
            inc[r.stay].add(r.youth_pk)
    tables["verblijf_hier"] = Table(
        "verblijf_hier",
        "Kinderen die in de gemeente verblijven terwijl een andere gemeente verantwoordelijk "
        f"is, op {_d(last)}",
        "Gemeente",
        muni_rows,
        [("hier", "aantal kinderen")],
        {(code, "hier"): len(inc[code]) for code, _ in munis},
        row_totals=False,
        keys=_keys("verblijf_hier", last.isoformat(), codes_u, ["hier"]),
    )

    # 3. Measures by type on the last day.
    by_type: Counter = Counter()
    for r in rows:
        if r.runs_on(last):
            fam = next(k for k, _, _, cs in FAMILY_ROWS if r.measure_type in cs)
            by_type[(fam, r.responsible)] += 1
    type_cols = [(k, short) for k, short, _, _ in FAMILY_ROWS]
    tables["soort"] = Table(
        "soort",
        f"Lopende maatregelen naar soort op {_d(last)}",
        "Gemeente",
        muni_rows,
        type_cols,
        {(c, k): by_type[(k, c)] for c, _ in munis for k, _ in type_cols},
        keys=_keys("soort", last.isoformat(), codes_u, [k for k, _ in type_cols]),
    )

    # 4. Children without a fixed youth protector per reference date: the very table the
    # municipal reference-date page shows (care.published), so the two always agree.
    without = integrations.without_fixed_worker_table(munis, dates)
    if without is not None:
        tables["zonder_vaste"] = without

    # 5. Waiting for help on the last day (care selectors).
    waits = integrations.help_waits(last, measures)
    if waits is not None:
        waiting: Counter = Counter()
        for w in waits:
            if w.responsible_municipality in codes_u and w.waiting:
                waiting[(w.responsible_municipality, "lang" if w.beyond_norm else "kort")] += 1
        wait_cols = [("kort", "wacht, binnen de norm"), ("lang", "wacht langer dan de norm")]
        tables["hulp"] = Table(
            "hulp",
            f"Hulpvragen die op {_d(last)} nog wachten",
            "Gemeente",
            muni_rows,
            wait_cols,
            {(c, k): waiting[(c, k)] for c in codes_u for k, _ in wait_cols},
            keys=_keys("hulp", last.isoformat(), codes_u, [k for k, _ in wait_cols]),
        )
    stock_tables = list(tables.values()) + stock_parts
    stock = Report(stock_tables, t, md).suppress()

    # Figures over the period (flows), suppressed with the smaller fixed periods inside it.
    # Period figures are counted as known today, whatever the period: then a quarter is exactly
    # the sum of its months in every report made today (a norm due on a month's last day is
    # still open on that day, not on the day after).
    pks = [r.pk for r in rows]
    today = timezone.localdate()
    source = _FlowSource(
        codes=codes_u,
        muni_rows=muni_rows,
        area_codes=area.codes,
        instances=instances_for_measures(pks, today) if pks else [],
        muni_of={r.external_id: r.responsible for r in rows},
        waits=integrations.help_waits(today, measures) if waits is not None else None,
        consultations=list(
            Event.objects.filter(
                event_type="municipality_consultation",
                corrected_by__isnull=True,
                date__gte=first,
                date__lte=last,
                data__municipality__in=codes_u,
            ).values_list("data__municipality", "date")
        ),
        incidents=integrations.incidents(area.codes, first, last),
    )
    flow_shown, flow_parts, flow_marks = suppress_flows(source, period, t, md)
    norm_tables = {
        (TOTAL if p.id == "normen" else p.id.split(":", 1)[1]): p
        for p in [flow_shown["normen"], *flow_parts]
    }
    order = ["kinderen", "verblijf", "verblijf_hier", "soort", "normen", "zonder_vaste"]
    order += ["hulp", "hulp_gestart", "overleg", "incidenten"]
    tables |= flow_shown
    tables = {k: tables[k] for k in order if k in tables}

    # 6. Open recommendations (escalation selectors): the state now, not dated.
    recs = integrations.open_recommendations(area.codes)
    rec_marks = {}
    if recs is not None:
        overdue = sum(1 for r in recs if r.due_date < last)
        tables["aanbevelingen"] = Table(
            "aanbevelingen",
            f"Openstaande aanbevelingen na calamiteiten op {_d(timezone.localdate())}",
            "Stand",
            [("binnen", "binnen de afgesproken termijn"), ("verlopen", "termijn verstreken")],
            [("aantal", "aantal")],
            {("binnen", "aantal"): len(recs) - overdue, ("verlopen", "aantal"): overdue},
            row_totals=False,
        )
        rec_marks = Report([tables["aanbevelingen"]], t, md).suppress().marks

    sup = Suppression({**stock.marks, **flow_marks, **rec_marks}, t, md)
    for table in [*tables.values(), *stock_parts, *flow_parts]:
        table.suppression = sup
    if area.kind == "gemeente":  # this municipality's part of the region's tables
        code = area.key
        per_area = {
            k: (
                replace(norm_tables[code], id="normen")
                if k == "normen"
                else tables[k]
                if k in ("incidenten", "aanbevelingen")
                else _only_row(tables[k], code)
            )
            for k in tables
        }
        tables = per_area
    sections = _sections(area, first, last, dates, tables, sup)
    return CouncilReport(
        area=area,
        period=period,
        first=first,
        last=last,
        dates=dates,
        generated_at=timezone.now(),
        threshold=t,
        sections=sections,
        method=_method(area, first, last, t),
        norms=[(n.id, n.title, n.rule_text(n.term), n.source) for n in CATALOGUE],
        summary=_summary(area, first, last, dates, tables, sup),
        parts=[*stock_parts, *flow_parts],
    )


# --------------------------------------------------------------------------- text and charts


def _published(table: Table, row: str, col: str) -> str:
    return table.cell(row, col)


def _area_row(table: Table, area: Area) -> str:
    """The row (or the total) that stands for the whole area."""
    return TOTAL if len(area.municipalities) > 1 else area.municipalities[0][0]


def _short(text: str) -> str:
    if text.startswith("<"):
        return f"minder dan {text[1:]}"
    return "niet gepubliceerd" if text == "x" else text


def _count_words(text: str, noun: str) -> str:
    if text.startswith("<"):
        return f"minder dan {text[1:]} {noun}"
    if text == "x":
        return f"een niet gepubliceerd aantal {noun} (om kleine aantallen te beschermen)"
    return f"{text} {noun}"


def _summary(area, first, last, dates, tables, sup) -> list[str]:
    out = []
    kids = tables["kinderen"]
    row = _area_row(kids, area)
    now = kids.cell(row, last.isoformat())
    start = dates[0]
    then = kids.cell(row, start.isoformat())
    sentence = (
        f"Op {_d(last)} hadden {_count_words(now, 'kinderen')} uit de {area.title} een "
        f"kinderbeschermings- of jeugdreclasseringsmaatregel"
    )
    if now.isdigit() and then.isdigit():
        a, b = int(then), int(now)
        if a:
            change = 100 * (b - a) / a
            trend = "meer" if b > a else "minder" if b < a else "evenveel"
            sentence += (
                f"; op {_d(start)} waren dat er {a} ({abs(change):.0f}% {trend})"
                if trend != "evenveel"
                else f", evenveel als op {_d(start)}"
            )
    out.append(sentence + ".")
    norms = tables["normen"]
    total_due = norms.total_value(TOTAL, TOTAL)
    share = sup.share(
        norms.key(TOTAL, "op_tijd"),
        norms.total_value(TOTAL, "op_tijd"),
        norms.key(TOTAL, TOTAL),
        total_due,
    )
    if share is not None:
        out.append(
            f"Van de {total_due} keer dat in de periode een wettelijke of inspectienorm verviel, "
            f"werd die in {share:.0f}% van de gevallen op tijd gehaald."
        )
        worst = []
        for n in CATALOGUE:
            s = sup.share(
                norms.key(n.id, "op_tijd"),
                norms.total_value(n.id, "op_tijd"),
                norms.key(n.id, TOTAL),
                norms.total_value(n.id, TOTAL),
            )
            if s is not None:
                worst.append((s, n.title))
        if worst:
            s, title = min(worst)
            out.append(f"Het minst vaak op tijd gehaald: ‘{title}’ ({s:.0f}%).")
    else:
        out.append("Er vervielen te weinig normen in de periode om een percentage te tonen.")
    zonder = tables.get("zonder_vaste")
    if zonder is not None:
        z_now = zonder.cell(row, last.isoformat())
        z_then = zonder.cell(row, start.isoformat())
        out.append(
            f"Zonder vaste jeugdbeschermer waren op {_d(last)} "
            f"{_count_words(z_now, 'kinderen')} (op {_d(start)}: {_short(z_then)})."
        )
    hulp = tables.get("hulp")
    if hulp is not None:
        lang = hulp.cell(row, "lang")
        out.append(
            f"Op {_d(last)} wachtten {_count_words(lang, 'hulpvragen')} langer dan de norm van "
            "drie maanden op passende hulp."
        )
    inc = tables.get("incidenten")
    if inc is not None:
        n = inc.cell(TOTAL, "aantal")
        out.append(
            f"In de periode zijn {_count_words(n, 'calamiteiten of ernstige incidenten')} gemeld."
        )
    return out


def _sections(area, first, last, dates, tables, sup) -> list[Section]:
    many = len(area.municipalities) > 1
    date_labels = [_d(d) for d in dates]
    sections = []

    kids = tables["kinderen"]
    series = [Series(area.name, kids.series(TOTAL) if many else kids.series(area.codes[0]))]
    series[0] = Series(
        area.name,
        series[0].values,
        [kids.cell(TOTAL if many else area.codes[0], c) for c, _ in kids.columns],
    )
    if many and len(area.municipalities) <= 5:
        series += [
            Series(name, kids.series(code), [kids.cell(code, c) for c, _ in kids.columns])
            for code, name in area.municipalities
        ]
    sections.append(
        Section(
            "kinderen",
            "Kinderen met een maatregel",
            [
                "Het aantal kinderen met een lopende maatregel op elke peildatum, geteld bij de "
                "gemeente die volgens het woonplaatsbeginsel verantwoordelijk is; daarna waar "
                "die kinderen verblijven, en welke kinderen in de gemeente verblijven terwijl een "
                "andere gemeente verantwoordelijk is."
            ],
            [kids, tables["verblijf"], tables["verblijf_hier"]],
            [
                line_chart(
                    "grafiek-kinderen",
                    "Kinderen met een maatregel per peildatum",
                    date_labels,
                    series,
                )
            ],
        )
    )

    soort = tables["soort"]
    row = TOTAL if many else area.codes[0]
    sections.append(
        Section(
            "soort",
            "Maatregelen naar soort",
            [
                "Lopende maatregelen op de laatste peildatum, naar soort (CBS-indeling): "
                + "; ".join(f"{short}: {label}" for _, short, label, _ in FAMILY_ROWS)
                + "."
            ],
            [soort],
            [
                bar_chart(
                    "grafiek-soort",
                    f"Lopende maatregelen naar soort op {_d(last)}",
                    [label for _, _, label, _ in FAMILY_ROWS],
                    [
                        Series(
                            "maatregelen",
                            soort.series(row),
                            [soort.cell(row, c) for c, _ in soort.columns],
                        )
                    ],
                    label_width=300,
                )
            ],
        )
    )

    norms = tables["normen"]
    shares, texts = [], []
    for n in CATALOGUE:
        s = sup.share(
            norms.key(n.id, "op_tijd"),
            norms.total_value(n.id, "op_tijd"),
            norms.key(n.id, TOTAL),
            norms.total_value(n.id, TOTAL),
        )
        shares.append(s)
        texts.append(f"{s:.0f}%" if s is not None else "niet getoond")
    sections.append(
        Section(
            "normen",
            "Normen op tijd gehaald",
            [
                "Per norm: hoe vaak de termijn in de periode verviel en hoe vaak de norm op tijd "
                "was gehaald. Een percentage staat er alleen als beide aantallen gepubliceerd "
                f"zijn en de norm minstens {min_denominator()} keer verviel."
            ],
            [norms],
            [
                bar_chart(
                    "grafiek-normen",
                    "Aandeel op tijd gehaald per norm",
                    [n.title for n in CATALOGUE],
                    [Series("op tijd", shares, texts)],
                    percent=True,
                    label_width=300,
                )
            ],
        )
    )

    zonder = tables.get("zonder_vaste")
    sec = Section("zonder_vaste", "Wachten op een vaste jeugdbeschermer")
    if zonder is None:
        sec.available = False
        sec.paragraphs = [f"Dit cijfer is {UNAVAILABLE}: het onderdeel wachten is nog niet klaar."]
    else:
        row = TOTAL if many else area.codes[0]
        sec.paragraphs = [
            "Kinderen met een lopende maatregel die op de peildatum geen vaste jeugdbeschermer "
            "hadden (niemand, of het in- en doorstroomteam), per gemeente op die dag."
        ]
        sec.tables = [zonder]
        sec.charts = [
            line_chart(
                "grafiek-zonder-vaste",
                "Kinderen zonder vaste jeugdbeschermer per peildatum",
                date_labels,
                [
                    Series(
                        area.name,
                        zonder.series(row),
                        [zonder.cell(row, c) for c, _ in zonder.columns],
                    )
                ],
            )
        ]
    sections.append(sec)

    hulp = tables.get("hulp")
    sec = Section("hulp", "Wachten op passende hulp")
    if hulp is None:
        sec.available = False
        sec.paragraphs = [f"Dit cijfer is {UNAVAILABLE}: het onderdeel wachten is nog niet klaar."]
    else:
        row = TOTAL if many else area.codes[0]
        sec.paragraphs = [
            "Hulpvragen van kinderen met een maatregel: wachtend op de laatste peildatum "
            "(binnen of buiten de norm van drie maanden, norm 2.2), en hulp die in de periode "
            "startte (binnen of na die norm)."
        ]
        started = tables.get("hulp_gestart")
        parts = [(hulp, c, label) for c, label in hulp.columns]
        if started is not None:
            parts += [(started, c, label) for c, label in started.columns]
        sec.tables = [hulp] + ([started] if started is not None else [])
        sec.charts = [
            bar_chart(
                "grafiek-hulp",
                "Hulpvragen naar stand",
                [label for _, _, label in parts],
                [
                    Series(
                        "hulpvragen",
                        [
                            None if tb.is_hidden(row, c) else tb.total_value(row, c)
                            for tb, c, _ in parts
                        ],
                        [tb.cell(row, c) for tb, c, _ in parts],
                    )
                ],
                label_width=260,
            )
        ]
    sections.append(sec)

    sections.append(
        Section(
            "overleg",
            "Overleg met de gemeente over hulp",
            [
                "Hoe vaak een GI in de periode met de gemeente overlegde over de inzet van hulp "
                "(norm 2.3: vóór de inzet van hulp)."
            ],
            [tables["overleg"]],
        )
    )

    sec = Section("incidenten", "Calamiteiten en openstaande aanbevelingen")
    parts = [tables[k] for k in ("incidenten", "aanbevelingen") if k in tables]
    if not parts:
        sec.available = False
        sec.paragraphs = [
            f"Deze cijfers zijn {UNAVAILABLE}: het onderdeel escalatie en incidenten is nog "
            "niet klaar."
        ]
    else:
        sec.paragraphs = [
            "Calamiteiten en ernstige incidenten bij kinderen met een maatregel waarbij een "
            "gemeente uit het gebied verantwoordelijk is of het kind er verblijft (oefeningen "
            "tellen niet mee), en aanbevelingen uit de evaluaties die nog niet zijn afgerond."
        ]
        sec.tables = parts
    sections.append(sec)
    return sections


def _method(area: Area, first: dt.date, last: dt.date, t: int) -> list[MethodItem]:
    return [
        MethodItem(
            "Gebied en bevolking",
            f"Alle maatregelen van kinderen voor wie een gemeente van de {area.title} "
            "verantwoordelijk is (woonplaatsbeginsel, volgens de huidige registratie), bij alle "
            "GI's die hun gegevens in Ketenzicht leveren. Het rapport van een gemeente is een "
            "deel van dat van haar jeugdhulpregio: dezelfde cijfers staan er hetzelfde in.",
        ),
        MethodItem(
            "Peildata",
            f"De laatste dag vóór de periode ({_d(periods.previous_month_end(first))}), de "
            f"laatste dag van elk kwartaal erin, en het einde ({_d(last)}): altijd de laatste dag "
            "van een maand. Een maatregel loopt op een peildatum als hij op of vóór "
            "die dag begon en niet vóór die dag eindigde; de datums komen uit de tijdlijn "
            "(uitspraak, beëindiging).",
        ),
        MethodItem(
            "Kinderen",
            "Ieder kind telt één keer per peildatum, ook met meer maatregelen. Verblijf: de "
            "gemeente van verblijf volgens de laatste plaatsing op de tijdlijn; ‘verblijft in de "
            "gemeente terwijl een andere gemeente verantwoordelijk is’ telt per gemeente van "
            "verblijf.",
        ),
        MethodItem(
            "Maatregelen naar soort",
            "Lopende maatregelen op de laatste peildatum, gegroepeerd naar de CBS-codes van "
            "Beleidsinformatie Jeugd.",
        ),
        MethodItem(
            "Normen",
            "Elke keer dat een norm in de periode verviel (eenmalige normen één keer, "
            "terugkerende normen per termijn, signalen per signaal), getoetst door de "
            f"normengine op de dag dat het rapport is gemaakt (niet op {_d(last)}: zo is een "
            "kwartaal precies de som van zijn maanden). ‘Op tijd’: vóór of op de vervaldatum "
            "gehaald. Wat nog binnen de termijn loopt of niet van toepassing is, telt niet "
            "mee. De normen en hun termijnen staan hieronder.",
        ),
        MethodItem(
            "Zonder vaste jeugdbeschermer",
            "Kinderen met een lopende maatregel die een jeugdbeschermer nodig heeft, die aan "
            "het eind van de peildatum door niemand of door het in- en doorstroomteam werden "
            "gehouden, volgens de toewijzingen op de tijdlijn (correcties meegenomen).",
        ),
        MethodItem(
            "Wachten op hulp",
            "Per hulpvraag: wachtend als de hulp op de laatste peildatum nog niet is gestart en "
            "de maatregel nog loopt; ‘langer dan de norm’ als de termijn van norm 2.2 "
            "(passende hulp binnen 3 maanden, instelbaar) is verstreken.",
        ),
        MethodItem(
            "Overleg met de gemeente",
            "Events ‘overleg met gemeente over inzet hulp’ in de periode met die gemeente.",
        ),
        MethodItem(
            "Calamiteiten en aanbevelingen",
            "Gemelde calamiteiten en ernstige incidenten in de periode (zonder oefeningen); "
            "aanbevelingen uit evaluaties die op de laatste peildatum niet zijn afgerond.",
        ),
        MethodItem(
            "Kleine aantallen",
            f"Aantallen van 1 tot en met {t - 1} staan er als ‘<{t}’; 0 wordt wel getoond. "
            "Een ‘x’ is een aantal dat is weggelaten zodat een klein aantal niet uit totalen of "
            "uit een andere tabel in dit rapport kan worden teruggerekend. Percentages staan er "
            f"alleen als teller en noemer gepubliceerd zijn en de noemer minstens "
            f"{min_denominator()} is. Het rapport gaat altijd over een vaste periode (een "
            "kalendermaand, -kwartaal of -jaar) en de kleinere vaste perioden erin zijn samen "
            "onderdrukt: wie rapporten over een maand, het kwartaal en het jaar naast elkaar legt "
            "of van elkaar aftrekt, kan geen klein aantal terugrekenen. Geen kind is "
            "herkenbaar: er staan geen namen, geboortedatums of dossiernummers in dit rapport.",
        ),
    ]


REPORTS_CSV_HEADER_NOTE = "Kleine aantallen onderdrukt zoals in het rapport."


def needs_worker_types() -> frozenset[str]:
    return NEEDS_WORKER

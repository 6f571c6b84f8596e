"""Lead times of the chain before the measure (issue 18) for a municipality or its region, over a
fixed period (`publication.periods`), as a municipal user sees them.

Per link (`chain.domain.LINKS`, and the link from the concern to the youth protector's first
contact): the number of trajectories that completed the link in the period with the median and
the 80th percentile of their lead time in calendar days; and the children waiting at the link at
the end of the period (or today, for the running period) with the median days they have waited.

The counts of the whole region are suppressed together, per municipality and link, through
`publication.suppression` (a municipality's dashboard shows its column of the region's table, so
the region minus a municipality reveals nothing small). The lead-time counts are a flow: they
are suppressed together with those of every month and quarter inside the period, smallest first
(`report_flows.suppress_flows`, docs/decisions/0006), so a quarter laid beside its months
reveals no hidden count. The waiting and overdue counts are stocks on one day, suppressed per
day: a quarter shows exactly its last month's. A median or percentile is shown only when its
count is published and at least the threshold. A trajectory counts for the municipality its
concern names.

Per chain norm (`chain.norms`, decision 0015) the trajectories past its term on the same day:
open trajectories, and the VOTS limit after a ruling (a term that had passed only at a closure
is history and is not counted), suppressed together with the waiting counts of that day.

`coming` gives a GI's planning input from the same waiting table (issue 18, item 4).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from ketenzicht.chain import domain, norms as chain_norms, selectors
from ketenzicht.chain.models import Trajectory
from ketenzicht.chain.services import record_of
from ketenzicht.norms.calendar import default_calendar
from ketenzicht.norms.chain_catalogue import CHAIN_CATALOGUE, ChainKind
from ketenzicht.norms.configured import settings_config
from ketenzicht.publication import min_denominator, periods, threshold
from ketenzicht.publication.suppression import COMPLEMENTARY_MARK, TOTAL, Equation, Report, Table
from ketenzicht.reference.models import Municipality
from ketenzicht.timeline.models import Event

from .areas import Area, region_area, universe_of
from .report_flows import suppress_flows
from .report_tables import figure_keys

LINK_ROWS = [(code, label) for code, label, _s, _e in domain.LINKS] + [domain.FIRST_CONTACT_LINK]
WAITING_ROWS = [(code, label) for code, label in LINK_ROWS if code in domain.WAITING_LINKS]
NORM_ROWS = [(n.id, n.title) for n in CHAIN_CATALOGUE]


@dataclass(frozen=True)
class LinkRow:
    link: str
    label: str
    count: str
    median: str
    p80: str


@dataclass(frozen=True)
class ChainFigures:
    period: periods.Period
    waiting_on: dt.date
    lead_times: list[LinkRow]
    waiting: list[LinkRow]
    # Per chain norm (`link` is the norm's id): trajectories past its term on `waiting_on`,
    # with the median days past the term (`median`).
    overdue: list[LinkRow]


def _days(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def _first_contacts(measure_ids: list[int]) -> dict[int, dt.date]:
    rows = (
        Event.live.filter(measure_id__in=measure_ids, event_type="first_contact")
        .order_by("date")
        .values_list("measure_id", "date")
    )
    out: dict[int, dt.date] = {}
    for mid, day in rows:
        out.setdefault(mid, day)
    return out


def _overdue_now(results: list[chain_norms.ChainNormResult], state: domain.TrajectoryState):
    """The chain norms past their term that still concern the child: on an open trajectory,
    and the VOTS limit after the ruling (a norm overdue only at a closure is history)."""
    return [
        r
        for r in chain_norms.overdue(results)
        if state.is_open or r.norm.kind is ChainKind.VOTS_LIMIT
    ]


def _table(
    table_id: str, title: str, rows, munis, values, tag: str, row_header: str = "Schakel"
) -> Table:
    """A region's table (links or norms by municipality, with the region's total per row), its
    figures keyed (table, period or day, row, municipality) like the council report's."""
    return Table(
        id=table_id,
        title=title,
        row_header=row_header,
        rows=rows,
        columns=munis,
        values={k: len(v) for k, v in values.items()},
        row_totals=True,
        column_totals=False,
        keys=figure_keys(table_id, tag, [r for r, _ in rows], [c for c, _ in munis]),
    )


@dataclass(frozen=True)
class Stocks:
    """A region's figures on one day (children waiting per link, trajectories past a chain
    norm), suppressed together and apart from any other day: a day's figures get the same marks
    in every publication that shows that day (the quarter's are its last month's)."""

    day: dt.date
    waiting: Table
    overdue: Table
    days_waiting: dict[tuple[str, str], list[int]]  # (link, municipality) -> days waited
    days_late: dict[tuple[str, str], list[int]]  # (chain norm, municipality) -> days past term


class ChainSource:
    """A region's trajectories, loaded and folded once; the figures of every fixed period
    (lead times: a flow, by the day the link was completed) and of every day (stocks) are
    counted from them. `tables` is what `report_flows.suppress_flows` suppresses nested."""

    def __init__(self, universe: Area) -> None:
        self.munis = list(universe.municipalities)
        found = (
            Trajectory.objects.filter(municipality__cbs_code__in=universe.codes)
            .select_related("municipality", "measure")
            .prefetch_related("events")
        )
        self._found = [(t, [record_of(e) for e in t.events.all()]) for t in found]
        self._stocks: dict[dt.date, Stocks] = {}

    @cached_property
    def _lead_times(self) -> dict[tuple[int, int], list[tuple[str, domain.LeadTime]]]:
        """(year, month) -> (municipality, lead time) of every link completed in that month, as
        known today: a period's count is then exactly the sum of its months'."""
        contacts = _first_contacts([t.measure_id for t, _ in self._found if t.measure_id])
        out: dict[tuple[int, int], list[tuple[str, domain.LeadTime]]] = defaultdict(list)
        for t, records in self._found:
            for lt in domain.lead_times(domain.fold(records), contacts.get(t.measure_id)):
                out[(lt.ended_on.year, lt.ended_on.month)].append((t.municipality.cbs_code, lt))
        return out

    def lead_times(self, p: periods.Period) -> dict[tuple[str, str], list[int]]:
        """(link, municipality) -> lead times of the links completed in period p (a fixed
        period: whole months)."""
        out: dict[tuple[str, str], list[int]] = defaultdict(list)
        for month in periods.month_ends(p.first, p.last, step="month"):
            for code, lt in self._lead_times.get((month.year, month.month), []):
                out[(lt.link, code)].append(lt.days)
        return out

    def tables(self, p: periods.Period) -> tuple[dict[str, Table], list[Table], list[Equation]]:
        lead = _table(
            "keten_doorlooptijd", "Doorlooptijd per schakel", LINK_ROWS, self.munis,
            self.lead_times(p), p.key,
        )  # fmt: skip
        return {"keten_doorlooptijd": lead}, [], []

    def stocks(self, day: dt.date) -> Stocks:
        """The figures on `day`, suppressed (once per day)."""
        if day not in self._stocks:
            waiting, late = self._on(day)
            tag = day.isoformat()
            wait = _table(
                "keten_wachtend", "Wachtend per schakel", WAITING_ROWS, self.munis, waiting, tag
            )
            over = _table(
                "keten_normen", "Ketennormen: termijn verstreken", NORM_ROWS, self.munis, late,
                tag, "Ketennorm",
            )  # fmt: skip
            Report([wait, over], threshold(), min_denominator()).suppress()
            self._stocks[day] = Stocks(day, wait, over, waiting, late)
        return self._stocks[day]

    def _on(self, day: dt.date):
        """((link, municipality) -> days waiting on `day`, (chain norm, municipality) -> days
        past the term on `day`), from each trajectory's state as of that day."""
        calendar = default_calendar()
        terms = settings_config().terms
        waiting: dict[tuple[str, str], list[int]] = defaultdict(list)
        late: dict[tuple[str, str], list[int]] = defaultdict(list)
        for t, records in self._found:
            code = t.municipality.cbs_code
            then = domain.as_of(records, day)
            w = domain.waiting_at(then, day)
            if w is not None:
                waiting[(w.link, code)].append(w.days)
            if then.opened_on is not None:
                results = chain_norms.evaluate(
                    then, day, calendar, terms, selectors.vots_ended_on(t, then)
                )
                for r in _overdue_now(results, then):
                    assert r.due_date is not None
                    late[(r.norm.id, code)].append((day - r.due_date).days)
        return waiting, late


def chain_figures(area: Area, period: periods.Period, today: dt.date) -> ChainFigures:
    """The chain's figures of `area` over `period`, as its users see them. The lead-time counts
    of the whole region are suppressed together with those of every month and quarter inside
    the period, smallest first (`report_flows.suppress_flows`, docs/decisions/0006); the waiting
    and overdue figures are those of the day `waiting_on` (the period's last day, or today in a
    running period), suppressed per day."""
    universe = universe_of(area)
    waiting_on = min(period.last, today)
    t = threshold()
    source = ChainSource(universe)
    lead = suppress_flows(source, period, t, min_denominator())[0]["keten_doorlooptijd"]
    stocks = source.stocks(waiting_on)
    cols = [area.key] if area.kind == "gemeente" else universe.codes
    col = area.key if area.kind == "gemeente" else TOTAL

    def rows(table: Table, values, with_p80: bool) -> list[LinkRow]:
        out = []
        for link, label in table.rows:
            days = [d for c in cols for d in values.get((link, c), [])]
            shown = not table.is_hidden(link, col) and len(days) >= t
            out.append(
                LinkRow(
                    link,
                    label,
                    table.cell(link, col),
                    _days(domain.median(days)) if shown else "—",
                    str(domain.percentile_80(days)) if shown and with_p80 else "—",
                )
            )
        return out

    return ChainFigures(
        period,
        waiting_on,
        rows(lead, source.lead_times(period), True),
        rows(stocks.waiting, stocks.days_waiting, False),
        rows(stocks.overdue, stocks.days_late, False),
    )


# The links at which a trajectory is at the Raad or the court: requested, investigated, advised,
# petitioned. Those are the measures a GI will likely get (issue 18, item 4).
RAAD_LINKS = ("verzoek_start", "onderzoek", "advies_verzoekschrift", "verzoekschrift_uitspraak")
RAAD_LINK_LABELS = {
    "verzoek_start": "Verzoek gedaan, onderzoek niet gestart",
    "onderzoek": "Raadsonderzoek loopt",
    "advies_verzoekschrift": "Advies gegeven, nog geen verzoekschrift",
    "verzoekschrift_uitspraak": "Verzoekschrift bij de rechter",
}


@dataclass(frozen=True)
class ComingRow:
    municipality: str  # CBS code
    name: str
    cells: list[str]  # per RAAD_LINKS, as published
    total: str  # the sum when every cell is published, else the complementary mark


@dataclass(frozen=True)
class Coming:
    period: periods.Period
    waiting_on: dt.date
    links: list[tuple[str, str]]
    rows: list[ComingRow]


def coming(codes: list[str], today: dt.date) -> Coming | None:
    """What is coming to a GI (issue 18, item 4: planning input for capacity): per municipality
    in `codes`, the open trajectories at the Raad or the court, per link, on the last day of the
    latest completed month. No case data: the cells are those of the municipal chain figures of
    that month (the waiting table of each municipality's jeugdhulpregio, suppressed with the
    region as the dashboard and the council report suppress it), so this shows nothing those
    publications do not. A municipality's total is shown only when all its cells are (their sum
    is then no new information); otherwise it reads as a complementary suppression."""
    if not codes:
        return None
    period = periods.latest(today, "maand")
    day = min(period.last, today)
    munis = list(
        Municipality.objects.filter(cbs_code__in=codes)
        .select_related("jeugdhulpregio")
        .order_by("name")
    )
    tables = {}
    for region in {m.jeugdhulpregio_id: m.jeugdhulpregio for m in munis}.values():
        tables[region.pk] = ChainSource(region_area(region)).stocks(day).waiting
    rows = []
    for m in munis:
        wait = tables[m.jeugdhulpregio_id]
        cells = [wait.cell(link, m.cbs_code) for link in RAAD_LINKS]
        hidden = any(wait.is_hidden(link, m.cbs_code) for link in RAAD_LINKS)
        total = COMPLEMENTARY_MARK if hidden else str(sum(int(c) for c in cells))
        rows.append(ComingRow(m.cbs_code, m.name, cells, total))
    links = [(link, RAAD_LINK_LABELS[link]) for link in RAAD_LINKS]
    return Coming(period, day, links, rows)


def method_text(t: int) -> str:
    """How the chain's lead times are made, with the definition of each link (the method
    section of the council report)."""
    from ketenzicht.chain.events import TRAJECTORY_EVENT_TYPES as TYPES

    links = "; ".join(
        f"{label.lower()}: van ‘{TYPES[start].label.lower()}’ tot ‘{TYPES[end].label.lower()}’"
        for _code, label, start, end in domain.LINKS
    )
    return (
        "Trajecten vóór de maatregel (zorgmelding tot uitspraak), geteld bij de gemeente die de "
        f"zorgmelding noemt. Schakels: {links}; en {domain.FIRST_CONTACT_LINK[1].lower()}: van "
        "de zorgmelding tot het eerste contact op de maatregel die met de uitspraak begon. Een "
        "doorlooptijd telt in de periode waarin de schakel werd afgerond, in kalenderdagen van "
        "de eerste datum van de ene stap tot de eerste datum van de volgende; P80 is de "
        "kleinste waarde waarop ten minste 80% van de trajecten klaar was. Wachtend: open "
        "trajecten op het einde van de periode (of vandaag), bij de schakel waar ze staan; na "
        "een Jeugdbeschermingstafel zonder verzoek tot onderzoek, of na een advies van de Raad "
        "zonder maatregel, wacht een traject nergens. "
        f"Aantallen onder {t} staan als ‘<{t}’ en worden met de hele regio onderdrukt; de "
        "aantallen afgeronde schakels ook samen met die van de maanden en kwartalen in de "
        "periode (een kwartaal is de som van zijn maanden), de wachtenden en ketennormen per "
        "dag (een kwartaal toont die van zijn laatste maand). Een mediaan of P80 over minder "
        f"dan {t} trajecten wordt niet getoond. Een doorlooptijd telt mee zoals de gegevens "
        "bekend zijn op de dag dat het rapport wordt gemaakt. Ketennormen: per "
        "norm de trajecten waarvan de termijn op die dag verstreken is (open trajecten, en na "
        "een uitspraak met een VOTS de VOTS van meer dan drie maanden), met de mediaan van het "
        "aantal dagen over de termijn; een termijn die alleen bij het sluiten van een traject "
        "verstreken was, telt niet meer mee."
    )


def for_report(report, today: dt.date) -> ChainFigures:
    """The chain's figures beside a council report (page, PDF and CSV): its area and period."""
    return chain_figures(report.area, report.period, today)


def csv_tables(chain: ChainFigures) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """(id, title, header, rows) of the three chain tables, as the report shows them (suppressed
    counts as '<5', medians not shown as '—'), for the council report's CSV."""
    return [
        (
            "keten_doorlooptijd",
            f"Doorlooptijd per schakel, {chain.period.label}",
            ["Schakel", "Trajecten", "Mediaan (dagen)", "P80 (dagen)"],
            [[r.label, r.count, r.median, r.p80] for r in chain.lead_times],
        ),
        (
            "keten_wachtend",
            f"Kinderen die wachten per schakel, {chain.waiting_on:%d-%m-%Y}",
            ["Schakel", "Wachtend", "Mediaan wachttijd (dagen)"],
            [[r.label, r.count, r.median] for r in chain.waiting],
        ),
        (
            "keten_normen",
            f"Ketennormen: termijn verstreken, {chain.waiting_on:%d-%m-%Y}",
            ["Ketennorm", "Trajecten", "Mediaan dagen over de termijn"],
            [[r.label, r.count, r.median] for r in chain.overdue],
        ),
    ]

"""The sections of a council report, one function each: the tables a section shows, the text
that introduces them and the charts, drawn from the published values only (a suppressed number
never leaks through a chart)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ketenzicht.norms.catalogue import CATALOGUE
from ketenzicht.publication import min_denominator
from ketenzicht.publication.suppression import TOTAL, Suppression, Table

from .areas import Area
from .charts import Series, bar_chart, line_chart
from .report_tables import FAMILY_ROWS, dmy, share_on_time


@dataclass
class Section:
    id: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)


def _row(area: Area) -> str:
    """The row (or the total) that stands for the whole area."""
    return TOTAL if len(area.municipalities) > 1 else area.codes[0]


def sections(
    area: Area, last: dt.date, dates: list[dt.date], tables: dict[str, Table], sup: Suppression
) -> list[Section]:
    date_labels = [dmy(d) for d in dates]
    return [
        children_section(area, date_labels, tables),
        type_section(area, last, tables),
        norms_section(tables, sup),
        without_fixed_worker_section(area, date_labels, tables),
        help_section(area, tables),
        consultation_section(tables),
        incidents_section(tables),
    ]


def children_section(area: Area, date_labels: list[str], tables: dict[str, Table]) -> Section:
    many = len(area.municipalities) > 1
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
    return Section(
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


def type_section(area: Area, last: dt.date, tables: dict[str, Table]) -> Section:
    soort = tables["soort"]
    row = _row(area)
    return Section(
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
                f"Lopende maatregelen naar soort op {dmy(last)}",
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


def norms_section(tables: dict[str, Table], sup: Suppression) -> Section:
    norms = tables["normen"]
    shares, texts = [], []
    for n in CATALOGUE:
        s = share_on_time(norms, n.id, sup)
        shares.append(s)
        texts.append(f"{s:.0f}%" if s is not None else "niet getoond")
    return Section(
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


def without_fixed_worker_section(
    area: Area, date_labels: list[str], tables: dict[str, Table]
) -> Section:
    zonder = tables["zonder_vaste"]
    row = _row(area)
    return Section(
        "zonder_vaste",
        "Wachten op een vaste jeugdbeschermer",
        [
            "Kinderen met een lopende maatregel die op de peildatum geen vaste jeugdbeschermer "
            "hadden (niemand, of het in- en doorstroomteam), per gemeente op die dag."
        ],
        [zonder],
        [
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
        ],
    )


def help_section(area: Area, tables: dict[str, Table]) -> Section:
    hulp, started = tables["hulp"], tables["hulp_gestart"]
    row = _row(area)
    parts = [(hulp, c, label) for c, label in hulp.columns]
    parts += [(started, c, label) for c, label in started.columns]
    return Section(
        "hulp",
        "Wachten op passende hulp",
        [
            "Hulpvragen van kinderen met een maatregel: wachtend op de laatste peildatum "
            "(binnen of buiten de norm van drie maanden, norm 2.2), en hulp die in de periode "
            "startte (binnen of na die norm)."
        ],
        [hulp, started],
        [
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
        ],
    )


def consultation_section(tables: dict[str, Table]) -> Section:
    return Section(
        "overleg",
        "Overleg met de gemeente over hulp",
        [
            "Hoe vaak een GI in de periode met de gemeente overlegde over de inzet van hulp "
            "(norm 2.3: vóór de inzet van hulp)."
        ],
        [tables["overleg"]],
    )


def incidents_section(tables: dict[str, Table]) -> Section:
    return Section(
        "incidenten",
        "Calamiteiten en openstaande aanbevelingen",
        [
            "Calamiteiten en ernstige incidenten bij kinderen met een maatregel waarbij een "
            "gemeente uit het gebied verantwoordelijk is of het kind er verblijft (oefeningen "
            "tellen niet mee), en aanbevelingen uit de evaluaties die nog niet zijn afgerond."
        ],
        [tables["incidenten"], tables["aanbevelingen"]],
    )

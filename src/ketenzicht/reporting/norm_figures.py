"""The norm figures of the dashboards (issue 15, item 1): which measures an instance puts in a
figure and how many instances fell due per period, counted in SQL over the norms read model
(`norms.readmodel`) where it holds for the as-of date, from the engine's instances for the rest.
`NormInstance.fell_due_in` and `_hit` are the definitions; `fell_due_q` and `_hit_q` say the same
over stored rows (a stored open or overdue row is decided by the as-of date), and the tests hold
both paths to the same answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from ketenzicht.norms import readmodel
from ketenzicht.norms.configured import load_config
from ketenzicht.norms.engine import NormInstance, Status
from ketenzicht.norms.readmodel import PENDING, fell_due_q
from ketenzicht.norms.selectors import due_by_measure, instances_for_measures, tally

if TYPE_CHECKING:
    from .figures import Row

SIGNAL_NORM = "3.6-signaal-beoordeeld"


@dataclass
class Context:
    """What a figure may use: the rows in scope, the as-of date, the norms read model's split
    and the engine's instances of the rest (lazily)."""

    rows: list[Row]
    as_of: dt.date
    period: tuple[dt.date, dt.date]
    # The rows' queryset, when there is one: passed on as a subquery (a list of a national GI's
    # 18,000 keys cost more to send and convert, query after query, than the queries took).
    scope: Any = None
    _split: tuple[list[int], list[int]] | None = None
    _rest: list[NormInstance] | None = None

    def split(self) -> tuple[list[int], list[int]]:
        """(measures the norms read model holds for on the as-of date, the rest): the first
        are counted in SQL over the stored rows, the rest from the engine's instances."""
        if self._split is None:
            self._split = readmodel.split([r.pk for r in self.rows], self.as_of, load_config())
        return self._split

    @property
    def rest_instances(self) -> list[NormInstance]:
        if self._rest is None:
            rest = self.split()[1]
            self._rest = instances_for_measures(rest, self.as_of) if rest else []
        return self._rest

    def measures(self) -> Any:
        """The measures as a queryset (`scope`) or else their keys."""
        return self.scope if self.scope is not None else [r.pk for r in self.rows]

    def by_external_id(self) -> dict[str, Row]:
        return {r.external_id: r for r in self.rows}


INSTANCE_FIGURES = ("normen_niet_op_tijd", "normen_verviel", "signalen_open")


def _hit(figure: str, i: NormInstance, period: tuple[dt.date, dt.date]) -> bool:
    """Whether an instance puts its measure in an instance figure."""
    if figure == "signalen_open":
        return i.norm_id == SIGNAL_NORM and i.status in PENDING
    hit = i.fell_due_in(*period)
    if figure == "normen_niet_op_tijd":
        hit = hit and i.status is not Status.MET_ON_TIME
    return hit


def _hit_q(figure: str, ctx: Context) -> Q:
    """`_hit` over stored rows."""
    if figure == "signalen_open":
        return Q(norm_id=SIGNAL_NORM, status__in=PENDING)
    hit = fell_due_q(*ctx.period, ctx.as_of)
    if figure == "normen_niet_op_tijd":
        hit &= ~Q(status=Status.MET_ON_TIME)
    return hit


def instance_members(figure: str, ctx: Context) -> set[int]:
    """The measures (pks) with an instance that puts them in the figure: in SQL over the norms
    read model where it holds, from the engine's instances for the rest."""
    covered, _ = ctx.split()
    out: set[int] = set()
    for rows in readmodel.stored(covered):
        out.update(rows.filter(_hit_q(figure, ctx)).values_list("measure_id", flat=True))
    by_id = ctx.by_external_id()
    out.update(by_id[i.measure_id].pk for i in ctx.rest_instances if _hit(figure, i, ctx.period))
    return out


def due_tallies(
    ctx: Context, periods: list[tuple[dt.date, dt.date]]
) -> dict[tuple[int, int], tuple[int, int]]:
    """{(measure pk, period index): (instances that fell due in it, of which met on time)}
    (`selectors.due_by_measure` for the measures the read model holds for; the engine's
    instances the other figures already evaluated for the rest)."""
    covered, _ = ctx.split()
    out = due_by_measure(covered, ctx.as_of, periods) if covered else {}
    by_id = ctx.by_external_id()
    rest = ((by_id[i.measure_id].pk, i) for i in ctx.rest_instances)
    out.update(tally(rest, periods))
    return out

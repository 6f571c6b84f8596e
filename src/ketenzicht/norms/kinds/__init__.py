"""The rule kinds: one module per trigger kind of the catalogue, holding what the kind means
twice, side by side: `rule` (Python, one measure: the engine, used for one case, every due
instance and the exchange file) and `column` (numpy, all loaded measures at once: the bulk
path for worklists, overviews, dashboards and the API). The property test
(`tests/norms/test_paths_agree.py`) holds the two to identical results on random timelines.

A new trigger kind is one module here plus its `Trigger` member. At import the registry checks
that every kind has both versions, and that the set-based version supports every norm of the
catalogue (`unsupported`); the loader checks its own capacity (`loader.check_capacity`). Each
failure raises `loader.CapacityError` with a Dutch message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..arrays import Work
from ..catalogue import CATALOGUE, Norm, Trigger
from ..limits import CapacityError
from ..rules import Rule
from . import each_event, first_event, measure_start, no_fixed_worker, planned_end


@dataclass(frozen=True)
class Kind:
    rule: Rule  # Python: one measure
    column: Callable[[Work], None]  # numpy: all loaded measures
    unsupported: Callable[[Norm], str]  # why `column` cannot compute a norm ("" if it can)


KINDS: dict[Trigger, Kind] = {
    Trigger.MEASURE_START: Kind(
        measure_start.rule, measure_start.column, measure_start.unsupported
    ),
    Trigger.FIRST_EVENT: Kind(first_event.rule, first_event.column, first_event.unsupported),
    Trigger.EACH_EVENT: Kind(each_event.rule, each_event.column, each_event.unsupported),
    Trigger.NO_FIXED_WORKER: Kind(
        no_fixed_worker.rule, no_fixed_worker.column, no_fixed_worker.unsupported
    ),
    Trigger.PLANNED_END: Kind(planned_end.rule, planned_end.column, planned_end.unsupported),
}


def check_kinds(norms: Iterable[Norm], kinds: dict[Trigger, Kind] = KINDS) -> None:
    """Every trigger kind has a rule; the set-based version supports every norm."""
    missing = sorted(set(Trigger) - set(kinds))
    if missing:
        raise CapacityError(f"Aanleidingen zonder regel in norms/kinds: {', '.join(missing)}.")
    for norm in norms:
        why = kinds[norm.trigger].unsupported(norm)
        if why:
            raise CapacityError(
                f"Norm {norm.id}: de set-gebaseerde versie van {norm.trigger} kent geen {why}. "
                f"Breid `column` in norms/kinds/{norm.trigger.value}.py uit."
            )


check_kinds(CATALOGUE)

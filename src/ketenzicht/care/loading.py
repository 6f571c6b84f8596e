"""Loading for the care selectors: the measures that need a youth protector, their live events
up to a date, the holders over time per measure and the responsible municipality over time per
youth (a few queries each, whatever the number of measures)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from ketenzicht.reference.models import Municipality
from ketenzicht.timeline.models import Event, Measure, Youth

from .domain import NEEDS_WORKER
from .holders import histories  # noqa: F401  (the holder read model, care.holders)


def load_population(
    measures: QuerySet | None, types: Iterable[str] | None = NEEDS_WORKER
) -> QuerySet:
    qs = Measure.objects.all()
    if types is not None:
        qs = qs.filter(measure_type__in=list(types))
    if measures is not None:
        qs = qs.filter(pk__in=measures.values("pk"))
    return qs


def events_of(measure_pks: Any, types: Iterable[str], until: dt.date | None = None) -> QuerySet:
    qs = Event.live.filter(measure_id__in=measure_pks, event_type__in=list(types))
    if until is not None:
        qs = qs.filter(date__lte=until)
    return qs


def residence(youth_pks: Any) -> tuple[dict[int, str], dict[int, list]]:
    """(registered responsible municipality per youth, residence changes per youth) for the
    youths in `youth_pks` (a subquery)."""
    codes = dict(Municipality.objects.values_list("pk", "cbs_code"))
    registered = {
        pk: codes[m]
        for pk, m in Youth.objects.filter(pk__in=youth_pks).values_list(
            "pk", "registered_responsible_municipality_id"
        )
    }
    changes: dict[int, list] = defaultdict(list)
    rows = (
        Event.live.filter(
            measure__youth_id__in=youth_pks,
            event_type="residence_changed",
        )
        .order_by("date", "recorded_at", "seq")
        .values_list("measure__youth_id", "date", "recorded_at", "data")
    )
    for yid, day, at, data in rows:
        changes[yid].append((day, at, data.get("responsible_municipality")))
    return registered, changes

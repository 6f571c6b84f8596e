"""Step read models (issue 15, item 1; decisions 0019 and 0020): per measure, the live events of
some types decoded from their JSON payloads into plain columns, in the order a fold reads them.

A step depends on its measure's own events only, so the steps are derived again for every measure
an event is written for (`timeline.signals.events_written`, inside the write's transaction: forms,
import, API) and `ketenzicht timeline-rebuild [--check]` compares every measure with a fresh
derivation. Two stores: the holders (`care.holders`) and the help requests (`care.help_steps`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from django.db import connection, models

from ketenzicht import bulkinsert
from ketenzicht.timeline.models import Event, Measure


class StepStore:
    """`model` holds (measure, position, *fields) rows; `derive` turns one measure's live events
    of `types`, as tuples of `columns` (Event fields), into its steps (tuples of `fields`)."""

    def __init__(
        self,
        model: type[models.Model],
        types: Sequence[str],
        columns: Sequence[str],
        fields: Sequence[str],
        derive: Callable[[Iterable[tuple]], list[tuple]],
        label: str,
    ) -> None:
        self.model, self.types, self.columns = model, tuple(types), tuple(columns)
        self.fields, self.derive, self.label = tuple(fields), derive, label

    def fresh(self, pks: Sequence[int]) -> Iterator[tuple[int, list[tuple]]]:
        """(measure pk, steps) derived from the live events, for the measures that have any."""
        rows = (
            Event.live.filter(measure_id__in=list(pks), event_type__in=self.types)
            .order_by("measure_id")
            .values_list("measure_id", *self.columns)
        )
        for pk, events in groupby(rows.iterator(chunk_size=5000), key=itemgetter(0)):
            yield pk, self.derive(e[1:] for e in events)

    def refresh(self, measures: Iterable[int]) -> int:
        """Derive the measures' steps anew (inside the write's transaction). Returns the number
        of steps stored."""
        pks = sorted(set(measures))
        for part in bulkinsert.slices(pks):
            self.model.objects.filter(measure_id__in=part).delete()

        def rows() -> Iterator[tuple]:
            for part in bulkinsert.slices(pks):
                for pk, steps in self.fresh(part):
                    for i, step in enumerate(steps):
                        yield (pk, i, *step)

        return bulkinsert.insert(self.model, ("measure_id", "position", *self.fields), rows())

    def refresh_on_write(
        self, sender: Any = None, measure_pks: Iterable[int] = (), **kwargs: Any
    ) -> None:
        """Receiver of `timeline.signals.events_written`."""
        self.refresh(measure_pks)

    def stored(self, pks: Sequence[int]) -> dict[int, list[tuple]]:
        out: dict[int, list[tuple]] = defaultdict(list)
        rows = (
            self.model.objects.filter(measure_id__in=list(pks))
            .order_by("measure_id", "position")
            .values_list("measure_id", *self.fields)
        )
        for pk, *step in rows:
            out[pk].append(tuple(step))
        return out

    def differences(self, fix: bool) -> list[str]:
        """One Dutch line per measure whose stored steps differ from the events, for
        `timeline-rebuild`; with `fix`, those measures are derived anew."""
        out: list[str] = []
        wrong: list[int] = []
        measures = dict(Measure.objects.values_list("pk", "external_id"))
        for part in bulkinsert.slices(sorted(measures)):
            have = self.stored(part)
            want = dict(self.fresh(part))
            for pk in part:
                if have.get(pk, []) != want.get(pk, []):
                    out.append(f"maatregel {measures[pk]}: {self.label} wijkt af van de events")
                    wrong.append(pk)
        if fix and wrong:
            self.refresh(wrong)
        return out

    def select(self, measures: models.QuerySet, until: dt.date | None = None) -> list[tuple]:
        """(measure pk, *fields) of the measures in the queryset `measures`, steps dated up
        to `until` (None: all), in (measure, position) order: a plain cursor, as the ORM's
        per-row conversions cost more than the folds that read them. Dates come back as
        `datetime.date` and booleans as `bool` on both databases (SQLite's text parsed once
        per distinct date)."""
        table = self.model._meta.db_table
        sub, params = measures.values("pk").query.sql_with_params()
        dates = [
            i
            for i, name in enumerate(self.fields)
            if isinstance(self.model._meta.get_field(name), models.DateField)
        ]
        if connection.vendor == "sqlite":
            cols = [f"{f} || ''" if i in dates else f for i, f in enumerate(self.fields)]
        else:
            cols = list(self.fields)
        sql = (
            f"SELECT measure_id, {', '.join(cols)} FROM {table} "  # noqa: S608
            f"WHERE measure_id IN ({sub})"
        )
        args = list(params)
        if until is not None:
            sql += " AND date <= %s"
            args.append(until)
        sql += " ORDER BY measure_id, position"
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            rows = cursor.fetchall()
        bools = [
            i
            for i, name in enumerate(self.fields)
            if isinstance(self.model._meta.get_field(name), models.BooleanField)
        ]
        if connection.vendor != "sqlite" or not (dates or bools):
            return rows
        parsed: dict[Any, Any] = {None: None}
        out = []
        for r in rows:
            r = list(r)
            for i in dates:
                text = r[i + 1]
                if text not in parsed:
                    parsed[text] = dt.date.fromisoformat(text)
                r[i + 1] = parsed[text]
            for i in bools:  # SQLite stores 0 and 1
                r[i + 1] = bool(r[i + 1])
            out.append(tuple(r))
        return out


def fill(
    apps: Any,
    model_name: str,
    types: Sequence[str],
    columns: Sequence[str],
    fields: Sequence[str],
    derive: Callable[[Iterable[tuple]], list[tuple]],
) -> None:
    """A store's first fill in its migration, with the migration's (historical) models: the
    steps of every existing measure from its live events. Afterwards every write keeps them and
    `timeline-rebuild` checks them."""
    event = apps.get_model("timeline", "Event")
    model = apps.get_model("care", model_name)
    corrections = event.objects.filter(corrects_id=models.OuterRef("pk"))
    rows = (
        event.objects.filter(~models.Exists(corrections), event_type__in=list(types))
        .order_by("measure_id")
        .values_list("measure_id", *columns)
        .iterator(chunk_size=5000)
    )
    batch = []
    for pk, events in groupby(rows, key=itemgetter(0)):
        for i, step in enumerate(derive(e[1:] for e in events)):
            batch.append(model(measure_id=pk, position=i, **dict(zip(fields, step, strict=True))))
        if len(batch) >= 5000:
            model.objects.bulk_create(batch)
            batch.clear()
    model.objects.bulk_create(batch)

"""Reads over the timeline for the web views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from ketenzicht.crypto import bsn_from_query, bsn_hash
from ketenzicht.reference.models import Municipality, Organisation, Team, Worker

from .domain.events import EVENT_TYPES
from .models import Event, Measure, Youth


def search_youths(
    qs: QuerySet[Youth], query: str, limit: int = 50, measures: QuerySet[Measure] | None = None
) -> QuerySet[Youth]:
    """Youths in `qs` (the caller's scope) matching a name, BSN, youth id or measure id. With
    `measures` (the caller's visible measures), a measure id matches only one of those: the id of
    another GI's measure does not find the child (issue 11, finding 4)."""
    query = query.strip()
    if not query:
        return qs.none()
    if bsn := bsn_from_query(query):
        cond = Q(bsn_hash=bsn_hash(bsn))
    else:
        by_measure = Q(measures__external_id__iexact=query)
        if measures is not None:
            by_measure &= Q(measures__in=measures)
        cond = Q(external_id__iexact=query) | by_measure
        name_cond = Q()
        for term in query.split():
            name_cond &= Q(given_name__icontains=term) | Q(family_name__icontains=term)
        cond |= name_cond
    return (
        qs.filter(cond)
        .select_related("responsible_municipality", "stay_municipality")
        .distinct()
        .order_by("family_name", "given_name")[:limit]
    )


@dataclass
class TimelineRow:
    event: Event
    measure: Measure
    label: str
    details: list[tuple[str, str]]
    corrected_by: Event | None


class _Names:
    """Resolves the external ids in event payloads to display names, in bulk."""

    def __init__(self, events: list[Event]):
        refs: dict[str, set[str]] = {
            "worker": set(),
            "organisation": set(),
            "team": set(),
            "municipality": set(),
        }
        for e in events:
            spec = EVENT_TYPES[e.event_type]
            for f in spec.fields:
                if f.kind == "ref" and f.ref in refs and f.name in e.data:
                    refs[f.ref].add(e.data[f.name])
        self.names: dict[str, dict[str, str]] = {
            "worker": {
                w.external_id: str(w) for w in Worker.objects.filter(external_id__in=refs["worker"])
            },
            "organisation": dict(
                Organisation.objects.filter(external_id__in=refs["organisation"]).values_list(
                    "external_id", "name"
                )
            ),
            "team": dict(
                Team.objects.filter(external_id__in=refs["team"]).values_list("external_id", "name")
            ),
            "municipality": dict(
                Municipality.objects.filter(cbs_code__in=refs["municipality"]).values_list(
                    "cbs_code", "name"
                )
            ),
        }
        self.event_labels = {
            e.external_id: f"{EVENT_TYPES[e.event_type].label} van {e.date:%d-%m-%Y}"
            for e in events
        }

    def show(self, f, value: Any) -> str:
        if f.kind == "bool":
            return "ja" if value else "nee"
        if f.kind == "code":
            return f.choices.get(value, value)
        if f.kind == "codes":
            return ", ".join(f.choices.get(v, v) for v in value)
        if f.kind == "date":
            return "-".join(reversed(value.split("-")))
        if f.kind == "ref":
            if f.ref == "event":
                return self.event_labels.get(value, value)
            return self.names.get(f.ref, {}).get(value, value)
        return str(value)


def timeline(youth: Youth, measures: Any = None) -> list[TimelineRow]:
    """The events of the youth's measures, newest first, with Dutch labels. `measures` (a list or
    queryset): only the events of those measures (the ones the reader may see, per measure)."""
    events_qs = Event.objects.filter(measure__youth=youth)
    if measures is not None:
        events_qs = events_qs.filter(measure__in=measures)
    events = list(events_qs.select_related("measure").order_by("-date", "-seq"))
    corrections = {e.corrects_id: e for e in events if e.corrects_id}
    names = _Names(events)
    rows = []
    for e in events:
        spec = EVENT_TYPES[e.event_type]
        details = [
            (f.label, names.show(f, e.data[f.name])) for f in spec.fields if f.name in e.data
        ]
        rows.append(TimelineRow(e, e.measure, spec.label, details, corrections.get(e.pk)))
    return rows


def measures_of(youth: Youth, visible: QuerySet[Measure] | None = None) -> QuerySet[Measure]:
    """The youth's measures, newest first; with `visible`, only those (per-measure scope)."""
    qs = youth.measures.all() if visible is None else visible.filter(youth=youth)
    return qs.select_related("gi", "team", "worker").order_by("-start_date")

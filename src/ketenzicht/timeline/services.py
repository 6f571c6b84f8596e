"""Operations that change the timeline. One function per use case, each in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ketenzicht import clock
from ketenzicht.reference.models import Municipality, Organisation, Team, Worker

from .domain.events import PayloadError, clean_payload, dump_payload
from .domain.state import EventRecord, MeasureFacts, MeasureState, YouthPlace, current_place, fold
from .models import Change, Event, Measure, Youth
from .signals import events_written

# PostgreSQL advisory lock held from a write's change rows to its commit ("KZCH").
CHANGE_LOCK = 0x4B5A4348


class DbReferences:
    """`References` backed by the database, with a per-instance cache."""

    def __init__(self) -> None:
        self._orgs: dict[str, str | None] = {}
        self._teams: dict[str, str | None] = {}
        self._workers: dict[str, tuple[str, str | None] | None] = {}
        self._munis: dict[str, bool] = {}

    def organisation_type(self, ext_id: str) -> str | None:
        if ext_id not in self._orgs:
            self._orgs[ext_id] = (
                Organisation.objects.filter(external_id=ext_id)
                .values_list("type", flat=True)
                .first()
            )
        return self._orgs[ext_id]

    def team_organisation(self, ext_id: str) -> str | None:
        if ext_id not in self._teams:
            self._teams[ext_id] = (
                Team.objects.filter(external_id=ext_id)
                .values_list("organisation__external_id", flat=True)
                .first()
            )
        return self._teams[ext_id]

    def worker(self, ext_id: str) -> tuple[str, str | None] | None:
        if ext_id not in self._workers:
            row = (
                Worker.objects.filter(external_id=ext_id)
                .values_list("organisation__external_id", "team__external_id")
                .first()
            )
            self._workers[ext_id] = tuple(row) if row else None  # type: ignore[assignment]
        return self._workers[ext_id]

    def municipality_exists(self, code: str) -> bool:
        if code not in self._munis:
            self._munis[code] = Municipality.objects.filter(cbs_code=code).exists()
        return self._munis[code]


def event_record(event: Event) -> EventRecord:
    data = clean_payload(event.event_type, event.data)
    return EventRecord(event.external_id, event.event_type, event.date, data, event.seq)


def measure_facts(measure: Measure) -> MeasureFacts:
    return MeasureFacts(measure.external_id, measure.measure_type, measure.youth.birth_date)


class ProjectionLookup:
    """Resolves the external ids in a measure state to rows, for writing projections."""

    def __init__(self) -> None:
        self.orgs: dict[str, int] = {}
        self.teams: dict[str, int] = {}
        self.workers: dict[str, int] = {}
        self.munis: dict[str, int] = {}

    def _get(self, cache: dict[str, int], model: Any, field: str, key: str | None) -> int | None:
        if key is None:
            return None
        if key not in cache:
            cache[key] = model.objects.values_list("pk", flat=True).get(**{field: key})
        return cache[key]

    def org(self, key: str | None) -> int | None:
        return self._get(self.orgs, Organisation, "external_id", key)

    def team(self, key: str | None) -> int | None:
        return self._get(self.teams, Team, "external_id", key)

    def worker(self, key: str | None) -> int | None:
        return self._get(self.workers, Worker, "external_id", key)

    def muni(self, key: str | None) -> int | None:
        return self._get(self.munis, Municipality, "cbs_code", key)


MEASURE_PROJECTION = [
    "start_date",
    "ruling_date",
    "planned_end_date",
    "ended_on",
    "end_reason",
    "gi_id",
    "team_id",
    "assignment",
    "worker_id",
    "assignment_since",
    "extensions",
]
YOUTH_PROJECTION = ["responsible_municipality_id", "stay_municipality_id", "placement_type"]


def projection_values(state: MeasureState, ids: ProjectionLookup) -> dict[str, Any]:
    """The measure's projection columns (MEASURE_PROJECTION) for a folded state."""
    return {
        "start_date": state.start_date,
        "ruling_date": state.ruling_date,
        "planned_end_date": state.planned_end,
        "ended_on": state.ended_on,
        "end_reason": state.end_reason or "",
        "gi_id": ids.org(state.gi),
        "team_id": ids.team(state.team),
        "assignment": state.assignment,
        "worker_id": ids.worker(state.worker),
        "assignment_since": state.assignment_since,
        "extensions": state.extensions,
    }


def apply_measure_projection(measure: Measure, state: MeasureState, ids: ProjectionLookup) -> None:
    for field, value in projection_values(state, ids).items():
        setattr(measure, field, value)


def youth_place(
    youth: Youth, events: Iterable[EventRecord], codes_by_id: dict[int, str]
) -> YouthPlace:
    initial = YouthPlace(
        codes_by_id[youth.registered_responsible_municipality_id],
        codes_by_id[youth.registered_stay_municipality_id],
        youth.registered_placement_type,
    )
    return current_place(initial, events)


def _live_place_events(youth: Youth) -> list[EventRecord]:
    rows = Event.live.filter(
        measure__youth=youth,
        event_type__in=("placement_changed", "residence_changed"),
    ).order_by("date", "recorded_at", "seq")
    return [event_record(e) for e in rows]


def refresh_youth_projection(youth: Youth) -> None:
    codes_by_id = dict(Municipality.objects.values_list("pk", "cbs_code"))
    place = youth_place(youth, _live_place_events(youth), codes_by_id)
    ids = {v: k for k, v in codes_by_id.items()}
    youth.responsible_municipality_id = ids[place.responsible_municipality]
    youth.stay_municipality_id = ids[place.stay_municipality]
    youth.placement_type = place.placement_type
    youth.save(update_fields=YOUTH_PROJECTION)


def next_event_id() -> str:
    return f"KZ-E-{timezone.now():%Y%m%d%H%M%S%f}"


@transaction.atomic
def append_event(
    measure: Measure,
    event_type: str,
    date: dt.date,
    data: dict[str, Any],
    *,
    recorded_by: Any = None,
    external_id: str | None = None,
    today: dt.date | None = None,
) -> Event:
    """Validate one new event against the whole timeline and store it with the projections.

    Raises PayloadError or TimelineError (both with a Dutch message naming the field); nothing
    is stored then.
    """
    measure = Measure.objects.select_for_update().select_related("youth").get(pk=measure.pk)
    today = today or clock.today()
    cleaned = clean_payload(event_type, data)
    existing = list(measure.events.order_by("seq"))
    seq = (existing[-1].seq + 1) if existing else 1
    ext_id = external_id or next_event_id()
    if Event.objects.filter(external_id=ext_id).exists():
        raise PayloadError("id", f"id: event-id '{ext_id}' bestaat al.")
    new = EventRecord(ext_id, event_type, date, cleaned, seq)
    state = fold(measure_facts(measure), [*map(event_record, existing), new], DbReferences(), today)
    corrects = None
    if event_type == "correction":
        corrects = next(e for e in existing if e.external_id == cleaned["corrects"])
    event = Event.objects.create(
        external_id=ext_id,
        measure=measure,
        seq=seq,
        event_type=event_type,
        date=date,
        data=dump_payload(cleaned),
        corrects=corrects,
        recorded_by=recorded_by,
    )
    apply_measure_projection(measure, state, ProjectionLookup())
    measure.save(update_fields=MEASURE_PROJECTION)
    note_changes([(measure.pk, seq, seq)])
    events_written.send(sender=Event, measure_pks=[measure.pk])
    if event_type in ("placement_changed", "residence_changed") or (
        corrects is not None and corrects.event_type in ("placement_changed", "residence_changed")
    ):
        refresh_youth_projection(measure.youth)
    return event


def note_changes(rows: Iterable[tuple[int, int, int]]) -> None:
    """Record (measure pk, first seq, last seq) of the events a write appended, as the last step
    of its transaction. The lock makes ids follow commit order (see Change); SQLite has one
    writer at a time already."""
    changes = [Change(measure_id=m, first_seq=a, last_seq=b) for m, a, b in rows]
    if not changes:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOCK])
    Change.objects.bulk_create(changes, batch_size=5000)


class PreloadedReferences:
    """`References` with all reference data loaded at once (for set-based work)."""

    def __init__(self) -> None:
        self.orgs = dict(Organisation.objects.values_list("external_id", "type"))
        self.teams = dict(Team.objects.values_list("external_id", "organisation__external_id"))
        self.workers = {
            w: (o, t)
            for w, o, t in Worker.objects.values_list(
                "external_id", "organisation__external_id", "team__external_id"
            )
        }
        self.munis = set(Municipality.objects.values_list("cbs_code", flat=True))

    def organisation_type(self, ext_id: str) -> str | None:
        return self.orgs.get(ext_id)

    def team_organisation(self, ext_id: str) -> str | None:
        return self.teams.get(ext_id)

    def worker(self, ext_id: str) -> tuple[str, str | None] | None:
        return self.workers.get(ext_id)

    def municipality_exists(self, code: str) -> bool:
        return code in self.munis


def rebuild_projections(*, fix: bool = True, today: dt.date | None = None) -> list[str]:
    """Recompute every measure's and youth's projection columns from the events.

    Returns a Dutch description of each difference found; with fix=True the columns are
    rewritten. The events are read once, in measure order (no query per measure).
    """
    today = today or clock.today()
    refs = PreloadedReferences()
    ids = ProjectionLookup()
    ids.orgs = dict(Organisation.objects.values_list("external_id", "pk"))
    ids.teams = dict(Team.objects.values_list("external_id", "pk"))
    ids.workers = dict(Worker.objects.values_list("external_id", "pk"))
    ids.munis = dict(Municipality.objects.values_list("cbs_code", "pk"))
    codes_by_id = {pk: code for code, pk in ids.munis.items()}
    measures = {m.pk: m for m in Measure.objects.select_related("youth")}
    by_measure: dict[int, list[EventRecord]] = {}
    place_events: dict[int, list[EventRecord]] = {}
    rows = Event.objects.order_by("measure_id", "seq").values_list(
        "measure_id", "external_id", "event_type", "date", "data", "seq", "corrected_by__pk"
    )
    for mid, eid, etype, date, data, seq, corrected in rows.iterator(chunk_size=5000):
        rec = EventRecord(eid, etype, date, clean_payload(etype, data), seq)
        by_measure.setdefault(mid, []).append(rec)
        if etype in ("placement_changed", "residence_changed") and corrected is None:
            place_events.setdefault(measures[mid].youth_id, []).append(rec)
    differences: list[str] = []
    changed_measures = []
    for pk, measure in measures.items():
        state = fold(measure_facts(measure), by_measure.get(pk, []), refs, today)
        before = [getattr(measure, f) for f in MEASURE_PROJECTION]
        apply_measure_projection(measure, state, ids)
        after = [getattr(measure, f) for f in MEASURE_PROJECTION]
        if before != after:
            fields = [
                f for f, b, a in zip(MEASURE_PROJECTION, before, after, strict=True) if b != a
            ]
            differences.append(f"maatregel {measure.external_id}: {', '.join(fields)}")
            changed_measures.append(measure)
    changed_youths = []
    for youth in {m.youth_id: m.youth for m in measures.values()}.values():
        place = youth_place(youth, place_events.get(youth.pk, []), codes_by_id)
        before = [getattr(youth, f) for f in YOUTH_PROJECTION]
        youth.responsible_municipality_id = ids.munis[place.responsible_municipality]
        youth.stay_municipality_id = ids.munis[place.stay_municipality]
        youth.placement_type = place.placement_type
        if before != [getattr(youth, f) for f in YOUTH_PROJECTION]:
            differences.append(f"jeugdige {youth.external_id}: plaats of plaatsing")
            changed_youths.append(youth)
    if fix:
        with transaction.atomic():
            Measure.objects.bulk_update(changed_measures, MEASURE_PROJECTION, batch_size=2000)
            Youth.objects.bulk_update(changed_youths, YOUTH_PROJECTION, batch_size=2000)
    return differences

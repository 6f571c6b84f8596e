"""Operations that change trajectories: one write path (docs/decisions/0007 and 0012).

The screens and the API append through `record`/`open_trajectory`; the importer validates with
`check_event` and `fold_trajectory` and writes the projection with `projection_values`. All of
them decide with `chain.events.clean`, `check_references` and `chain.domain.fold`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from ketenzicht import clock
from ketenzicht.reference.models import Municipality, Organisation, Worker
from ketenzicht.timeline.domain.events import PayloadError, dump_payload
from ketenzicht.timeline.models import Measure, Youth
from ketenzicht.timeline.services import DbReferences

from . import domain
from .domain import TrajectoryEvent as Record
from .events import References, check_references, clean
from .models import Trajectory, TrajectoryEvent

PROJECTION = [
    "opened_on",
    "municipality_id",
    "link",
    "closed_on",
    "closure",
    "measure_id",
    "regie_organisation_id",
    "regie_worker_id",
    "regie_since",
    "offer_organisation_id",
    "offer_worker_id",
    "offered_on",
    "rvdk_id",
]


def check_event(
    event_type: str,
    date: dt.date,
    data: Any,
    refs: References,
    measure_exists: Callable[[str], bool],
    today: dt.date,
) -> dict[str, Any]:
    """One event on its own: payload, references, not in the future. PayloadError otherwise."""
    cleaned = clean(event_type, data)
    check_references(event_type, cleaned, refs, measure_exists)
    if date > today:
        raise PayloadError("date", f"date: de datum ligt in de toekomst (na {today:%d-%m-%Y}).")
    return cleaned


def fold_trajectory(records: Iterable[Record], refs: References) -> domain.TrajectoryState:
    def worker_organisation(worker: str) -> str | None:
        info = refs.worker(worker)
        return info[0] if info else None

    return domain.fold(records, worker_organisation)


def record_of(event: TrajectoryEvent) -> Record:
    return Record(
        event.external_id,
        event.event_type,
        event.date,
        clean(event.event_type, event.data),
        event.seq,
    )


def projection_values(state: domain.TrajectoryState, ids: Lookup) -> dict[str, Any]:
    return {
        "opened_on": state.opened_on,
        "municipality_id": ids.get(Municipality, "cbs_code", state.municipality),
        "link": state.link or "",
        "closed_on": state.closed_on,
        "closure": state.closure or "",
        "measure_id": ids.get(Measure, "external_id", state.measure),
        "regie_organisation_id": ids.get(Organisation, "external_id", state.regie.organisation),
        "regie_worker_id": ids.get(Worker, "external_id", state.regie.worker),
        "regie_since": state.regie.since,
        "offer_organisation_id": ids.get(
            Organisation, "external_id", state.offer.organisation if state.offer else None
        ),
        "offer_worker_id": ids.get(
            Worker, "external_id", state.offer.worker if state.offer else None
        ),
        "offered_on": state.offer.offered_on if state.offer else None,
        "rvdk_id": ids.get(Organisation, "external_id", state.rvdk),
    }


class Lookup:
    """External id -> primary key, cached per model."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, str], int] = {}

    def get(self, model: Any, field: str, key: str | None) -> int | None:
        if key is None:
            return None
        if (model, key) not in self.cache:
            self.cache[(model, key)] = model.objects.values_list("pk", flat=True).get(
                **{field: key}
            )
        return self.cache[(model, key)]


def next_id(prefix: str) -> str:
    return f"KZ-{prefix}-{timezone.now():%Y%m%d%H%M%S%f}"


def _measure_exists(ext_id: str) -> bool:
    return Measure.objects.filter(external_id=ext_id).exists()


@transaction.atomic
def open_trajectory(
    youth: Youth,
    organisation: Organisation,
    date: dt.date,
    data: dict[str, Any],
    *,
    recorded_by: Any = None,
    external_id: str | None = None,
    today: dt.date | None = None,
) -> Trajectory:
    """A new trajectory with its concern (zorgmelding). PayloadError/TrajectoryError: nothing
    is stored."""
    ext_id = external_id or next_id("T")
    if Trajectory.objects.filter(external_id=ext_id).exists():
        raise PayloadError("id", f"id: traject '{ext_id}' bestaat al.")
    trajectory = Trajectory.objects.create(
        external_id=ext_id, youth=youth, organisation=organisation
    )
    record(trajectory, "concern_registered", date, data, recorded_by=recorded_by, today=today)
    trajectory.refresh_from_db()
    return trajectory


@transaction.atomic
def record(
    trajectory: Trajectory,
    event_type: str,
    date: dt.date,
    data: dict[str, Any],
    *,
    recorded_by: Any = None,
    external_id: str | None = None,
    today: dt.date | None = None,
) -> TrajectoryEvent:
    """Validate one new event against the whole trajectory and store it with the projection.

    Raises PayloadError or domain.TrajectoryError (a Dutch message naming the field)."""
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    today = today or clock.today()
    refs = DbReferences()
    cleaned = check_event(event_type, date, data, refs, _measure_exists, today)
    existing = list(trajectory.events.order_by("seq"))
    seq = existing[-1].seq + 1 if existing else 1
    ext_id = external_id or next_id("TE")
    if TrajectoryEvent.objects.filter(external_id=ext_id).exists():
        raise PayloadError("id", f"id: event-id '{ext_id}' bestaat al.")
    new = Record(ext_id, event_type, date, cleaned, seq)
    state = fold_trajectory([*map(record_of, existing), new], refs)
    event = TrajectoryEvent.objects.create(
        external_id=ext_id,
        trajectory=trajectory,
        seq=seq,
        event_type=event_type,
        date=date,
        data=dump_payload(cleaned),
        recorded_by=recorded_by,
    )
    for name, value in projection_values(state, Lookup()).items():
        setattr(trajectory, name, value)
    trajectory.save(update_fields=PROJECTION)
    return event


def state_of(trajectory: Trajectory, day: dt.date | None = None) -> domain.TrajectoryState:
    records = [record_of(e) for e in trajectory.events.order_by("seq")]
    return domain.fold(records) if day is None else domain.as_of(records, day)


def rebuild_projections(fix: bool = True) -> list[str]:
    """Fold every trajectory's stored events again and compare the projection columns
    (PROJECTION) with the result; with `fix` the differing rows are written. Returns one Dutch
    line per trajectory that differed (`ketenzicht chain-rebuild`), as `timeline-rebuild` does
    for measures."""
    ids = Lookup()
    for model, field in (
        (Organisation, "external_id"),
        (Worker, "external_id"),
        (Measure, "external_id"),
        (Municipality, "cbs_code"),
    ):
        for key, pk in model.objects.values_list(field, "pk").iterator(chunk_size=5000):
            ids.cache[(model, key)] = pk
    differences: list[str] = []
    changed: list[Trajectory] = []
    rows = TrajectoryEvent.objects.order_by("trajectory_id", "seq").values_list(
        "trajectory_id", "external_id", "event_type", "date", "data", "seq"
    )
    by_trajectory: dict[int, list[Record]] = {}
    for tid, eid, etype, date, data, seq in rows.iterator(chunk_size=5000):
        by_trajectory.setdefault(tid, []).append(Record(eid, etype, date, clean(etype, data), seq))
    for trajectory in Trajectory.objects.order_by("pk").iterator(chunk_size=2000):
        state = domain.fold(by_trajectory.get(trajectory.pk, []))
        after = projection_values(state, ids)
        fields = [f for f in PROJECTION if getattr(trajectory, f) != after[f]]
        if fields:
            differences.append(f"traject {trajectory.external_id}: {', '.join(fields)}")
            for name in fields:
                setattr(trajectory, name, after[name])
            changed.append(trajectory)
    if fix and changed:
        with transaction.atomic():
            Trajectory.objects.bulk_update(changed, PROJECTION, batch_size=2000)
    return differences

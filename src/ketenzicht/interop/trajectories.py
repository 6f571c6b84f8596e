"""Trajectory records of the exchange format (version 1.2, issue 18): validation against the
file and the database, and writing. The rules are `chain.services.check_event` and
`chain.services.fold_trajectory`, the same as the screens' (docs/decisions/0012)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ketenzicht import clock
from ketenzicht.bulkinsert import UPDATE_BATCH, slices
from ketenzicht.chain.domain import TrajectoryError, TrajectoryEvent
from ketenzicht.chain.events import TRAJECTORY_EVENT_TYPES
from ketenzicht.chain.models import Trajectory, TrajectoryEvent as StoredEvent
from ketenzicht.chain.services import (
    PROJECTION,
    Lookup,
    check_event,
    fold_trajectory,
    projection_values,
    record_of,
)
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.domain.events import PayloadError, dump_payload
from ketenzicht.timeline.models import Measure, Youth

from .outcome import ImportReport, Problem
from .plan import Plan, PlanReferences

BATCH = 5000


def check(plan: Plan, problems: list[Problem], today: dt.date) -> None:
    """Trajectory records and their events; fills `plan.trajectory_states`."""
    plan.trajectory_states = {}
    trajectories, events = plan.records["trajectory"], plan.records["trajectory_event"]
    if not trajectories and not events:
        return
    stored = _stored_trajectories(
        plan, set(trajectories) | {p.data["trajectory"] for p in events.values()}
    )
    for tid, p in trajectories.items():
        d = p.data
        if d["youth"] not in plan.db_youth and d["youth"] not in plan.rejected:
            problems.append(Problem(p.line, "youth", f"jeugdige '{d['youth']}' is onbekend."))
        if plan.org_type.get(d["organisation"]) is None and d["organisation"] not in plan.rejected:
            org = d["organisation"]
            problems.append(Problem(p.line, "organisation", f"organisatie '{org}' is onbekend."))
        known = stored.get(tid)
        if known is not None and known != (d["youth"], d["organisation"]):
            problems.append(
                Problem(
                    p.line,
                    "youth",
                    "jeugdige en organisatie van een bestaand traject kunnen niet wijzigen.",
                )
            )
    refs = PlanReferences(plan)
    measures_in_file = set(plan.records["measure"])

    def measure_exists(ext_id: str) -> bool:
        if ext_id in measures_in_file or ext_id in plan.db_measure:
            return True
        return plan.database and Measure.objects.filter(external_id=ext_id).exists()

    existing = _existing_events(plan, list(events))
    new: dict[str, list[tuple[TrajectoryEvent, int]]] = defaultdict(list)
    tainted: set[str] = set()
    for eid, p in events.items():
        d = p.data
        tid = d["trajectory"]
        if tid not in trajectories and tid not in stored:
            if tid not in plan.rejected:
                problems.append(Problem(p.line, "trajectory", f"traject '{tid}' is onbekend."))
            continue
        try:
            cleaned = check_event(d["type"], d["date"], d["data"], refs, measure_exists, today)
        except PayloadError as exc:
            problems.append(Problem(p.line, exc.field, exc.message))
            tainted.add(tid)
            continue
        recorded_at = d.get("recorded_at")
        if recorded_at is not None and clock.day_of(recorded_at) > today:
            problems.append(
                Problem(p.line, "recorded_at", "het tijdstip van registratie ligt in de toekomst.")
            )
        if eid in existing:
            if existing[eid] != (tid, d["type"], d["date"], dump_payload(cleaned)):
                problems.append(
                    Problem(
                        p.line,
                        "id",
                        f"trajectevent '{eid}' bestaat al met andere inhoud; events zijn "
                        "onveranderlijk.",
                    )
                )
            continue
        new[tid].append((TrajectoryEvent(eid, d["type"], d["date"], cleaned), p.line))
    for tid, p in trajectories.items():
        if tid not in new and tid not in stored:
            problems.append(
                Problem(
                    p.line, "id", "traject zonder events: een traject begint met een zorgmelding."
                )
            )
    stored_events = _stored_events(plan, [t for t in new if t in stored])
    for tid, items in new.items():
        if tid in tainted:
            continue
        before = stored_events.get(tid, [])
        seq0 = before[-1].seq if before else 0
        records = [
            TrajectoryEvent(e.external_id, e.event_type, e.date, e.data, seq0 + i)
            for i, (e, _line) in enumerate(items, start=1)
        ]
        try:
            state = fold_trajectory([*before, *records], refs)
        except TrajectoryError as exc:
            line = next((ln for e, ln in items if e.external_id == exc.event_id), items[0][1])
            problems.append(Problem(line, exc.field, exc.message))
            continue
        plan.trajectory_states[tid] = (state, records)


def _stored_trajectories(plan: Plan, ids: set[str]) -> dict[str, tuple[str, str]]:
    if not plan.database:
        return {}
    rows = Trajectory.objects.filter(external_id__in=list(ids)).values_list(
        "external_id", "youth__external_id", "organisation__external_id"
    )
    return {t: (y, o) for t, y, o in rows}


def _existing_events(plan: Plan, ids: list[str]) -> dict[str, tuple]:
    if not plan.database:
        return {}
    found: dict[str, tuple] = {}
    for part in slices(ids):
        rows = StoredEvent.objects.filter(external_id__in=part).values_list(
            "external_id", "trajectory__external_id", "event_type", "date", "data"
        )
        for eid, tid, etype, date, data in rows:
            found[eid] = (tid, etype, date, data)
    return found


def _stored_events(plan: Plan, tids: list[str]) -> dict[str, list[TrajectoryEvent]]:
    out: dict[str, list[TrajectoryEvent]] = defaultdict(list)
    if not plan.database or not tids:
        return out
    rows = (
        StoredEvent.objects.filter(trajectory__external_id__in=tids)
        .select_related("trajectory")
        .order_by("trajectory_id", "seq")
    )
    for e in rows:
        out[e.trajectory.external_id].append(record_of(e))
    return out


def write(plan: Plan, report: ImportReport) -> None:
    """Trajectories (new ones created; every one with new events gets its projection), then
    their events. Runs inside the import's transaction, after measures and their events."""
    r = plan.records
    if not r["trajectory"] and not plan.trajectory_states:
        return
    youth_pk = dict(
        Youth.objects.filter(
            external_id__in=[p.data["youth"] for p in r["trajectory"].values()]
        ).values_list("external_id", "pk")
    )
    org_pk = dict(Organisation.objects.values_list("external_id", "pk"))
    existing = {
        t.external_id: t for t in Trajectory.objects.filter(external_id__in=list(r["trajectory"]))
    }
    create = [
        Trajectory(
            external_id=tid,
            youth_id=youth_pk[p.data["youth"]],
            organisation_id=org_pk[p.data["organisation"]],
        )
        for tid, p in r["trajectory"].items()
        if tid not in existing
    ]
    Trajectory.objects.bulk_create(create, batch_size=BATCH)
    report.created["trajectory"] += len(create)
    report.unchanged["trajectory"] += len(existing)
    by_id = {
        t.external_id: t
        for t in Trajectory.objects.filter(external_id__in=list(plan.trajectory_states))
    }
    ids = Lookup()
    changed = []
    for tid, (state, _records) in plan.trajectory_states.items():
        t = by_id[tid]
        for name, value in projection_values(state, ids).items():
            setattr(t, name, value)
        changed.append(t)
    Trajectory.objects.bulk_update(changed, PROJECTION, batch_size=UPDATE_BATCH)
    now = clock.now()
    events = r["trajectory_event"]
    rows: list[StoredEvent] = []
    for tid, (_state, records) in plan.trajectory_states.items():
        for rec in records:
            rows.append(
                StoredEvent(
                    external_id=rec.external_id,
                    trajectory_id=by_id[tid].pk,
                    seq=rec.seq,
                    event_type=rec.event_type,
                    date=rec.date,
                    data=dump_payload(rec.data),
                    recorded_at=events[rec.external_id].data.get("recorded_at") or now,
                )
            )
    StoredEvent.objects.bulk_create(rows, batch_size=BATCH)
    report.created["trajectory_event"] += len(rows)
    report.unchanged["trajectory_event"] += len(events) - len(rows)


def export_records() -> Iterator[dict[str, Any]]:
    """The trajectory records of an export, after the measures' events."""
    rows = Trajectory.objects.values_list(
        "external_id", "youth__external_id", "organisation__external_id"
    ).order_by("external_id")
    for tid, yid, org in rows.iterator(chunk_size=2000):
        yield {"kind": "trajectory", "id": tid, "youth": yid, "organisation": org}
    events = StoredEvent.objects.values_list(
        "external_id", "trajectory__external_id", "event_type", "date", "data", "recorded_at"
    ).order_by("trajectory__external_id", "seq")
    for eid, tid, etype, date, data, recorded_at in events.iterator(chunk_size=2000):
        spec = TRAJECTORY_EVENT_TYPES[etype]
        yield {
            "kind": "trajectory_event",
            "id": eid,
            "trajectory": tid,
            "type": etype,
            "date": date.isoformat(),
            "data": {f.name: data[f.name] for f in spec.fields if f.name in data},
            "recorded_at": recorded_at.astimezone(dt.UTC).isoformat(),
        }


def count() -> int:
    return Trajectory.objects.count() + StoredEvent.objects.count()

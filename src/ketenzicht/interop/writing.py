"""Writing a validated import (`plan.Plan`) in set-based batches: reference data, youths with
their current place and network, measures with their projection, then the events (corrections
last) and the changes feed. Runs inside the import's transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from tqdm import tqdm

from ketenzicht import clock
from ketenzicht.bulkinsert import UPDATE_BATCH, insert, json_text, slices
from ketenzicht.crypto import encrypt_bsn
from ketenzicht.reference.models import Organisation, Team, Worker
from ketenzicht.timeline.domain.events import clean_payload, dump_payload
from ketenzicht.timeline.domain.state import EventRecord, YouthPlace, current_place
from ketenzicht.timeline.models import Event, Measure, NetworkMember, Youth
from ketenzicht.timeline.services import ProjectionLookup, note_changes, projection_values
from ketenzicht.timeline.signals import events_written

from . import trajectories
from .outcome import ImportReport
from .plan import Parsed, Plan
from .staff import write_staff_events

BATCH = 5000
EVENT_FIELDS = ("external_id", "measure_id", "seq", "event_type", "date", "data", "recorded_at")


def _upsert(
    model: Any, key: str, rows: dict[str, dict[str, Any]], kind: str, report: ImportReport
) -> dict[str, Any]:
    """Create or update rows matched on `key`; returns {key: instance}."""
    existing = {getattr(o, key): o for o in model.objects.filter(**{f"{key}__in": list(rows)})}
    create, update, fields = [], [], set()
    for k, values in rows.items():
        obj = existing.get(k)
        if obj is None:
            create.append(model(**{key: k}, **values))
            continue
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if changed:
            for f in changed:
                setattr(obj, f, values[f])
            fields.update(changed)
            update.append(obj)
        else:
            report.unchanged[kind] += 1
    model.objects.bulk_create(create, batch_size=BATCH)
    if update:
        model.objects.bulk_update(update, sorted(fields), batch_size=UPDATE_BATCH)
    report.created[kind] += len(create)
    report.updated[kind] += len(update)
    return {k: o for k, o in existing.items()} | {getattr(o, key): o for o in create}


def write(plan: Plan, progress: bool) -> ImportReport:
    report = ImportReport()
    r = plan.records
    muni = plan.munis
    orgs = _upsert(
        Organisation,
        "external_id",
        {
            k: {
                "name": p.data["name"],
                "type": p.data["type"],
                "municipality_id": muni.get(p.data.get("municipality")),
                "national": p.data.get("national", False),
            }
            for k, p in r["organisation"].items()
        },
        "organisation",
        report,
    )
    org_pk = dict(Organisation.objects.values_list("external_id", "pk")) | {
        k: o.pk for k, o in orgs.items()
    }
    _upsert(
        Team,
        "external_id",
        {
            k: {
                "organisation_id": org_pk[p.data["organisation"]],
                "name": p.data["name"],
                "cluster": p.data.get("cluster", ""),
                "is_doorstroomteam": p.data.get("doorstroomteam", False),
            }
            for k, p in r["team"].items()
        },
        "team",
        report,
    )
    team_pk = dict(Team.objects.values_list("external_id", "pk"))
    _upsert(
        Worker,
        "external_id",
        {
            k: {
                "organisation_id": org_pk[p.data["organisation"]],
                "team_id": team_pk.get(p.data.get("team")),
                "given_name": p.data["given_name"],
                "family_name": p.data["family_name"],
                "role": p.data["role"],
                "fte": p.data["fte"],
            }
            for k, p in r["worker"].items()
        },
        "worker",
        report,
    )
    worker_pk = dict(Worker.objects.values_list("external_id", "pk"))

    # Youths, with the current place folded from placement and residence events.
    place_events: dict[str, list[EventRecord]] = defaultdict(list)
    for mid, (_, new_records) in plan.states.items():
        for rec in new_records:
            if rec.type in ("placement_changed", "residence_changed"):
                place_events[plan.db_measure[mid][0]].append(rec)
    touched_youth = set(r["youth"]) | set(place_events)
    youth_rows = {}
    db_youth = {y.external_id: y for y in Youth.objects.filter(external_id__in=list(touched_youth))}
    code_of = {pk: code for code, pk in muni.items()}
    for yid in touched_youth:
        p = r["youth"].get(yid)
        if p is not None:
            d = p.data
            initial = YouthPlace(
                d["responsible_municipality"], d["stay_municipality"], d["placement_type"]
            )
            values = {
                "bsn_hash": plan.db_youth[yid][0],
                "given_name": d["given_name"],
                "family_name": d["family_name"],
                "birth_date": d["birth_date"],
                "registered_responsible_municipality_id": muni[d["responsible_municipality"]],
                "registered_stay_municipality_id": muni[d["stay_municipality"]],
                "registered_placement_type": d["placement_type"],
            }
        else:
            y = db_youth[yid]
            initial = YouthPlace(
                code_of[y.registered_responsible_municipality_id],
                code_of[y.registered_stay_municipality_id],
                y.registered_placement_type,
            )
            values = {}
        stored = _stored_place_events(yid) if yid in db_youth else []
        place = current_place(initial, stored + place_events.get(yid, []))
        values |= {
            "responsible_municipality_id": muni[place.responsible_municipality],
            "stay_municipality_id": muni[place.stay_municipality],
            "placement_type": place.placement_type,
        }
        youth_rows[yid] = values
    # Encrypt a BSN only for new youths or a changed BSN (Fernet tokens differ per call).
    stored_hash = {
        y: h
        for y, h in Youth.objects.filter(external_id__in=list(youth_rows)).values_list(
            "external_id", "bsn_hash"
        )
    }
    for yid, values in youth_rows.items():
        p = r["youth"].get(yid)
        if p is not None and stored_hash.get(yid) != values["bsn_hash"]:
            values["bsn_encrypted"] = encrypt_bsn(p.data["bsn"])
    youths = _upsert(Youth, "external_id", youth_rows, "youth", report)
    _write_network(r["youth"], youths)
    youth_pk = {k: y.pk for k, y in youths.items()} | dict(
        Youth.objects.filter(
            external_id__in=[
                p.data["youth"] for p in r["measure"].values() if p.data["youth"] not in youths
            ]
        ).values_list("external_id", "pk")
    )

    # Measures with their projection (folded from their events during validation); measures
    # already stored that only received new events get their projection updated.
    measure_rows: dict[str, dict[str, Any]] = {}
    for mid, p in r["measure"].items():
        measure_rows[mid] = {
            "youth_id": youth_pk[p.data["youth"]],
            "measure_type": p.data["measure_type"],
        }
    ids = ProjectionLookup()
    ids.orgs, ids.teams, ids.workers = org_pk, team_pk, worker_pk
    for mid, (state, _) in plan.states.items():
        measure_rows.setdefault(mid, {}).update(projection_values(state, ids))
    measures = _upsert(Measure, "external_id", measure_rows, "measure", report)
    related = [
        (mid, p.data["related_measure"])
        for mid, p in r["measure"].items()
        if p.data.get("related_measure")
    ]
    measure_pk = _pks(Measure, set(r["measure"]) | set(plan.states) | {rel for _, rel in related})
    if related:
        for mid, rel in related:
            measures[mid].related_measure_id = measure_pk[rel]
        Measure.objects.bulk_update(
            [measures[m] for m, _ in related], ["related_measure_id"], batch_size=UPDATE_BATCH
        )
    _write_events(plan, measure_pk, report, progress)
    # The measures whose evaluation may have changed: new events, or a stored youth's new birth
    # date (it decides the age norms; a measure's type cannot change).
    written = {measure_pk[mid] for mid, (_, new) in plan.states.items() if new}
    reborn = [
        db_youth[yid].pk
        for yid, p in r["youth"].items()
        if yid in db_youth and db_youth[yid].birth_date != p.data["birth_date"]
    ]
    written.update(Measure.objects.filter(youth_id__in=reborn).values_list("pk", flat=True))
    events_written.send(sender=Event, measure_pks=sorted(written))
    report.unchanged["event"] += len(r["event"]) - report.created["event"]
    write_staff_events(plan, report)
    trajectories.write(plan, report)
    return report


def _pks(model: Any, external_ids: set[str]) -> dict[str, int]:
    """{external id: primary key} of these rows (not the whole table: an import in parts)."""
    ids = sorted(external_ids)
    found: dict[str, int] = {}
    for part in slices(ids):
        found.update(model.objects.filter(external_id__in=part).values_list("external_id", "pk"))
    return found


def _stored_place_events(youth_ext: str) -> list[EventRecord]:
    rows = Event.live.filter(
        measure__youth__external_id=youth_ext,
        event_type__in=("placement_changed", "residence_changed"),
    ).values_list("external_id", "event_type", "date", "data", "seq")
    return [EventRecord(e, t, d, clean_payload(t, data), s) for e, t, d, data, s in rows]


def _write_network(youth_records: dict[str, Parsed], youths: dict[str, Youth]) -> None:
    """Replace the network of each youth in the file whose members changed (set-based)."""
    pks = [youths[yid].pk for yid in youth_records]
    current: dict[int, list[tuple]] = defaultdict(list)
    for part in slices(pks):
        for youth_id, rel, name, auth in (
            NetworkMember.objects.filter(youth_id__in=part)
            .order_by("youth_id", "position")
            .values_list("youth_id", "relation", "name", "has_authority")
        ):
            current[youth_id].append((rel, name, auth))
    changed: list[int] = []
    new: list[NetworkMember] = []
    for yid, p in youth_records.items():
        youth = youths[yid]
        wanted = [
            (m["relation"], m["name"], m.get("has_authority", False))
            for m in p.data.get("network", [])
        ]
        if current.get(youth.pk, []) != wanted:
            changed.append(youth.pk)
            new.extend(
                NetworkMember(youth=youth, position=i, relation=rel, name=name, has_authority=auth)
                for i, (rel, name, auth) in enumerate(wanted, start=1)
            )
    for part in slices(changed):
        NetworkMember.objects.filter(youth_id__in=part).delete()
    NetworkMember.objects.bulk_create(new, batch_size=BATCH)


def _write_events(
    plan: Plan, measure_pk: dict[str, int], report: ImportReport, progress: bool
) -> None:
    """Insert the new events as plain rows (`bulkinsert`: a national file has millions),
    corrections last because they point at the events they supersede."""
    now = clock.now()
    events = plan.records["event"]
    total = sum(len(new) for _, new in plan.states.values())
    bar = tqdm(
        total=total, desc="Events opslaan", unit=" events", disable=not progress, mininterval=1
    )
    corrections: list[tuple[tuple, str]] = []

    def rows() -> Iterator[tuple]:
        for mid, (_, new_records) in plan.states.items():
            for rec in new_records:
                row = (
                    rec.id,
                    measure_pk[mid],
                    rec.seq,
                    rec.type,
                    rec.date,
                    json_text(dump_payload(rec.data)),
                    events[rec.id].data.get("recorded_at") or now,
                )
                if rec.type == "correction":
                    corrections.append((row, rec.data["corrects"]))
                    continue
                bar.update(1)
                yield row

    insert(Event, EVENT_FIELDS, rows())
    if corrections:
        targets = list({ext for _, ext in corrections})
        pk_of: dict[str, int] = {}
        for part in slices(targets):
            pk_of.update(
                Event.objects.filter(external_id__in=part).values_list("external_id", "pk")
            )
        insert(
            Event,
            (*EVENT_FIELDS, "corrects_id"),
            ((*row, pk_of[target]) for row, target in corrections),
        )
        bar.update(len(corrections))
    bar.close()
    report.created["event"] += total
    # The changes feed: per measure the range of seq numbers this import appended (last step).
    note_changes(
        (measure_pk[mid], new[0].seq, new[-1].seq) for mid, (_, new) in plan.states.items() if new
    )

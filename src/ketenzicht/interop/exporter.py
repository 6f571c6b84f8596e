"""Export to the exchange format: deterministic, so export → import → export is byte-identical."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import IO, Any

from tqdm import tqdm

from ketenzicht.capacity.models import StaffEvent
from ketenzicht.reference.models import Organisation, Team, Worker
from ketenzicht.timeline.domain.events import EVENT_TYPES
from ketenzicht.timeline.models import Event, Measure, NetworkMember, Youth

from . import trajectories
from .records import FORMAT_NAME, FORMAT_VERSION

CHUNK = 5000


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def _compact(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in (None, "", False, [])}


def records() -> Iterator[dict[str, Any]]:
    yield {"kind": "header", "format": FORMAT_NAME, "version": FORMAT_VERSION}
    for o in Organisation.objects.select_related("municipality").order_by("external_id"):
        yield _compact(
            {
                "kind": "organisation",
                "id": o.external_id,
                "name": o.name,
                "type": o.type,
                "municipality": o.municipality.cbs_code if o.municipality else None,
                "national": o.national,
            }
        )
    for t in Team.objects.select_related("organisation").order_by("external_id"):
        yield _compact(
            {
                "kind": "team",
                "id": t.external_id,
                "organisation": t.organisation.external_id,
                "name": t.name,
                "cluster": t.cluster,
                "doorstroomteam": t.is_doorstroomteam,
            }
        )
    for w in Worker.objects.select_related("organisation", "team").order_by("external_id"):
        yield _compact(
            {
                "kind": "worker",
                "id": w.external_id,
                "organisation": w.organisation.external_id,
                "team": w.team.external_id if w.team else None,
                "given_name": w.given_name,
                "family_name": w.family_name,
                "role": w.role,
                "fte": float(w.fte),
            }
        )
    network: dict[int, list[dict[str, Any]]] = {}
    for n in NetworkMember.objects.order_by("youth_id", "position"):
        network.setdefault(n.youth_id, []).append(
            _compact({"relation": n.relation, "name": n.name, "has_authority": n.has_authority})
        )
    youths = Youth.objects.select_related(
        "registered_responsible_municipality", "registered_stay_municipality"
    ).order_by("external_id")
    for y in youths.iterator(chunk_size=CHUNK):
        yield _compact(
            {
                "kind": "youth",
                "id": y.external_id,
                "bsn": y.bsn,
                "given_name": y.given_name,
                "family_name": y.family_name,
                "birth_date": y.birth_date.isoformat(),
                "responsible_municipality": y.registered_responsible_municipality.cbs_code,
                "stay_municipality": y.registered_stay_municipality.cbs_code,
                "placement_type": y.registered_placement_type,
                "network": network.get(y.pk, []),
            }
        )
    measures = Measure.objects.values_list(
        "external_id", "youth__external_id", "measure_type", "related_measure__external_id"
    ).order_by("external_id")
    for mid, yid, mtype, rel in measures.iterator(chunk_size=CHUNK):
        yield _compact(
            {
                "kind": "measure",
                "id": mid,
                "youth": yid,
                "measure_type": mtype,
                "related_measure": rel,
            }
        )
    events = Event.objects.values_list(
        "external_id", "measure__external_id", "event_type", "date", "data", "recorded_at"
    ).order_by("measure__external_id", "seq")
    for eid, mid, etype, date, data, recorded_at in events.iterator(chunk_size=CHUNK):
        spec = EVENT_TYPES[etype]
        ordered = {f.name: data[f.name] for f in spec.fields if f.name in data}
        yield {
            "kind": "event",
            "id": eid,
            "measure": mid,
            "type": etype,
            "date": date.isoformat(),
            "data": ordered,
            "recorded_at": recorded_at.astimezone(dt.UTC).isoformat(),
        }
    yield from _staff_events()
    yield from trajectories.export_records()


def _staff_events() -> Iterator[dict[str, Any]]:
    """Staff facts (1.2) in registration order, which is the order the importer stored them."""
    rows = StaffEvent.objects.values_list(
        "external_id",
        "organisation__external_id",
        "event_type",
        "date",
        "worker__external_id",
        "team__external_id",
        "until",
        "fte",
        "function",
        "reason",
        "refers",
        "recorded_at",
    ).order_by("pk")
    for eid, org, etype, date, worker, team, until, fte, function, reason, refers, at in rows:
        yield _compact(
            {
                "kind": "staff_event",
                "id": eid,
                "organisation": org,
                "type": etype,
                "date": date.isoformat(),
                "worker": worker,
                "team": team,
                "until": until.isoformat() if until else None,
                "fte": float(fte) if fte is not None else None,
                "function": function,
                "reason": reason,
                "refers": refers,
                "recorded_at": at.astimezone(dt.UTC).isoformat(),
            }
        )


def count_records() -> int:
    return (
        1
        + Organisation.objects.count()
        + Team.objects.count()
        + Worker.objects.count()
        + Youth.objects.count()
        + Measure.objects.count()
        + Event.objects.count()
        + trajectories.count()
        + StaffEvent.objects.count()
    )


def export(stream: IO[str], progress: bool = False) -> int:
    total = count_records() if progress else None
    n = 0
    for obj in tqdm(
        records(),
        total=total,
        desc="Exporteren",
        unit=" regels",
        disable=not progress,
        mininterval=1,
    ):
        stream.write(_line(obj))
        n += 1
    return n

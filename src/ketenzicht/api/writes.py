"""The API's one write: a batch of exchange-format records (teams, workers, youths, measures,
events, staff facts; trajectories and their events), checked against the client's scope
(access.policy, api.trajectory_scope) and then stored by the importer's `import_lines`, the
same validation and transaction as a file import and the screens' rules (decision 0007). All
or nothing; idempotent by the sender's own ids; every fault with its record and field."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ketenzicht import clock
from ketenzicht.access import policy
from ketenzicht.interop import escalations, importer
from ketenzicht.interop.records import FORMAT_NAME, FORMAT_VERSION, KIND_LABELS
from ketenzicht.reference.models import Team, Worker
from ketenzicht.timeline.models import Event, Measure, Youth

from . import trajectory_scope
from .problems import Problem

# Batch keys in the order the importer stores them, with their record kind and write scope.
COLLECTIONS = (
    ("teams", "team", "teams:write"),
    ("workers", "worker", "workers:write"),
    ("youths", "youth", "youths:write"),
    ("measures", "measure", "measures:write"),
    ("events", "event", "events:write"),
    # Issue 17: staff facts of the client's own GI (in/uit dienst, fte, afwezigheid, vacatures).
    ("staff_events", "staff_event", "workers:write"),
    # Issue 18: the chain before a measure (POST /trajectories; decision 0016).
    ("trajectories", "trajectory", "trajectories:write"),
    ("trajectory_events", "trajectory_event", "trajectories:write"),
)
KIND_OF = {key: kind for key, kind, _ in COLLECTIONS}
# What each batch endpoint takes, and the collection it cannot do without.
EVENT_BATCH = ("teams", "workers", "youths", "measures", "events", "staff_events")
TRAJECTORY_BATCH = ("youths", "trajectories", "trajectory_events")


class Batch:
    """The batch's records as numbered lines (1 is the header), and where each came from."""

    def __init__(self, body: dict[str, list[dict[str, Any]]]):
        self.lines: list[tuple[int, dict[str, Any]]] = [
            (1, {"kind": "header", "format": FORMAT_NAME, "version": FORMAT_VERSION})
        ]
        self.origin: dict[int, tuple[str, int, Any]] = {}
        for key, kind, _ in COLLECTIONS:
            for index, record in enumerate(body.get(key) or []):
                line = len(self.lines) + 1
                self.lines.append((line, {**record, "kind": kind}))
                self.origin[line] = (key, index, record.get("id"))

    def where(self, line: int, field: str) -> dict[str, Any]:
        if line not in self.origin:
            return {"name": field or "body"}
        key, index, record_id = self.origin[line]
        out: dict[str, Any] = {"name": f"{key}[{index}].{field}" if field else f"{key}[{index}]"}
        if isinstance(record_id, str):
            out["id"] = record_id
        return out

    def records(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        return [(line, rec) for line, rec in self.lines[1:] if self.origin[line][0] == key]

    def count(self) -> int:
        return len(self.lines) - 1


def _scope_faults(user, org, batch: Batch) -> list[tuple[int, str, str]]:
    """(line, field, reason) for every record the client may not write (access.policy)."""
    faults: list[tuple[int, str, str]] = []
    own = org.external_id
    for key in ("teams", "workers"):
        model = Team if key == "teams" else Worker
        records = batch.records(key)
        stored = dict(
            model.objects.filter(
                external_id__in=[r.get("id") for _, r in records if isinstance(r.get("id"), str)]
            ).values_list("external_id", "organisation__external_id")
        )
        for line, rec in records:
            rid = rec.get("id")
            if rec.get("organisation") != own or (
                isinstance(rid, str) and stored.get(rid, own) != own
            ):
                faults.append((line, "organisation", "alleen records van de eigen organisatie."))
    for line, rec in batch.records("staff_events"):
        if rec.get("organisation") != own:
            faults.append((line, "organisation", "alleen records van de eigen organisatie."))
    new_measures: dict[str, int] = {}
    for line, rec in batch.records("measures"):
        mid = rec.get("id")
        if not isinstance(mid, str):
            continue  # the importer names the missing or wrong id
        measure = Measure.objects.filter(external_id=mid).first()
        if measure is None:
            new_measures[mid] = line
        elif not policy.api_may_write_measure(user, measure):
            faults.append((line, "id", f"maatregel '{mid}' valt niet onder deze organisatie."))
    for line, rec in batch.records("youths"):
        yid = rec.get("id")
        if not isinstance(yid, str):
            continue
        youth = Youth.objects.filter(external_id=yid).first()
        if youth is not None and not policy.api_may_write_youth(user, youth):
            faults.append((line, "id", f"jeugdige '{yid}' valt niet onder deze organisatie."))
    faults += trajectory_scope.trajectory_faults(user, org, batch)
    allowed: dict[str, bool] = {}
    for line, rec in batch.records("events"):
        mid = rec.get("measure")
        if not isinstance(mid, str):
            continue  # the importer names the missing or wrong field
        if rec.get("type") == "measure_started":
            data = rec.get("data")
            if isinstance(data, dict) and data.get("gi") != own:
                faults.append((line, "gi", "een maatregel starten kan alleen bij de eigen GI."))
        if mid in new_measures:
            continue
        if mid not in allowed:
            measure = Measure.objects.filter(external_id=mid).first()
            allowed[mid] = measure is None or policy.api_may_write_measure(user, measure)
        if not allowed[mid]:
            faults.append((line, "measure", f"maatregel '{mid}' valt niet onder deze organisatie."))
    return faults


IMMUTABLE = "bestaat al met andere inhoud"


def store(user, org, body: dict[str, Any], keys=EVENT_BATCH) -> dict[str, int]:
    """Store the batch or raise Problem (400, or 409 when the only faults are events sent
    again with other content). Returns the number of records per collection of `keys`."""
    batch = Batch(body)
    with transaction.atomic():
        # One writer at a time, as a file import: scope and timeline are checked on what is
        # stored when the lock is held.
        importer._lock_imports()
        faults = trajectory_scope.relink_youths(user, batch)
        faults += _scope_faults(user, org, batch)
        if faults:
            raise Problem(
                403,
                "Geen toegang",
                f"{len(faults)} record(s) vallen buiten deze organisatie; er is niets opgeslagen.",
                [batch.where(line, field) | {"reason": reason} for line, field, reason in faults],
            )
        escalated = [
            r["id"]
            for _, r in batch.records("events")
            if r.get("type") == "escalated" and isinstance(r.get("id"), str)
        ]
        known = set(
            Event.objects.filter(external_id__in=escalated).values_list("external_id", flat=True)
        )
        try:
            importer.import_lines(iter(batch.lines), today=clock.today(), analyze=False, batch=True)
        except importer.ImportFailed as failed:
            params = [batch.where(p.line, p.field) | {"reason": p.message} for p in failed.problems]
            conflict = all(IMMUTABLE in p.message for p in failed.problems)
            raise Problem(
                409 if conflict else 400,
                "Conflict" if conflict else "Ongeldige aanvraag",
                f"{len(failed.problems)} fout(en); er is niets opgeslagen."
                + (" Events zijn onveranderlijk: stuur een correctie." if conflict else ""),
                params,
            ) from None
        # What happens now (not a file's history): the new rung is told, as on the screen.
        escalations.notify([e for e in escalated if e not in known])
    return {key: len(body.get(key) or []) for key in keys}


def kinds_sent(body: dict[str, Any]) -> list[str]:
    return [KIND_LABELS[kind] for key, kind, _ in COLLECTIONS if body.get(key)]


def checked_body(request, keys: tuple[str, ...], required: str, limit: int) -> dict[str, Any]:
    """The request's JSON object as a batch for an endpoint taking `keys`: `required` a list,
    every part a list of objects, at most `limit` records, and the token holding each part's
    scope. Problem (400, 403, 413) otherwise, before anything is read from the database."""
    body = request.data
    if not isinstance(body, dict):
        raise Problem(400, "Ongeldige aanvraag", f"Verwacht een JSON-object met '{required}'.")
    unknown = sorted(set(body) - set(keys))
    if unknown:
        raise Problem(
            400,
            "Ongeldige aanvraag",
            f"Onbekende onderdelen: {', '.join(unknown)}.",
            [{"name": k, "reason": "onbekend onderdeel van deze batch."} for k in unknown],
        )
    if not isinstance(body.get(required), list):
        raise Problem(
            400,
            "Ongeldige aanvraag",
            f"{required}: verwacht een lijst van records.",
            [{"name": required, "reason": "verplicht: een lijst van records."}],
        )
    faults = [
        {"name": k, "reason": "verwacht een lijst van objecten."}
        for k in keys
        if k in body
        and not (isinstance(body[k], list) and all(isinstance(r, dict) for r in body[k]))
    ]
    if faults:
        raise Problem(
            400, "Ongeldige aanvraag", faults[0]["name"] + ": " + faults[0]["reason"], faults
        )
    size = sum(len(body.get(k) or []) for k in keys)
    if size > limit:
        raise Problem(
            413,
            "Batch te groot",
            f"De batch bevat {size} records; het maximum is {limit}. Splits de batch.",
        )
    for key, _, scope in COLLECTIONS:
        if body.get(key) and not request.auth.allow_scopes([scope]):
            raise Problem(
                403,
                "Geen toegang",
                f"Het token mist de scope '{scope}' voor {key} in een batch.",
            )
    return body

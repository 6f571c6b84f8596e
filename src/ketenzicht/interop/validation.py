"""Validation of an import: the whole file is checked (record fields, references, BSN, and each
measure's timeline folded by `timeline.domain.state.fold` together with the events already
stored) before anything is written; every fault is a `Problem` with line and field."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from tqdm import tqdm

from ketenzicht import clock
from ketenzicht.bulkinsert import slices
from ketenzicht.crypto import bsn_hash
from ketenzicht.timeline.domain.events import PayloadError, clean_payload, dump_payload
from ketenzicht.timeline.domain.state import EventRecord, MeasureFacts, TimelineError, fold
from ketenzicht.timeline.models import Event, Measure

from . import escalations, trajectories
from .outcome import Problem
from .plan import Carried, Parsed, Plan, PlanReferences, Referenced
from .reading import UNREADABLE
from .records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    KIND_LABELS,
    KINDS,
    SUPPORTED_VERSIONS,
    FieldError,
    clean_record,
)
from .staff import check_staff_events


def validate(
    lines: Iterable[tuple[int, dict[str, Any]]],
    problems: list[Problem],
    today: dt.date,
    progress: bool = False,
    *,
    database: bool = True,
    only: Referenced | None = None,
    header: bool = True,
    carried: Carried | None = None,
    ladder_required: bool | None = None,
) -> Plan:
    """Check the lines; the plan holds what they would store. `header=False`: the lines are a
    later part of a file (`streaming`), whose header was checked with the first part; `carried`:
    the records of earlier parts that were refused; `ladder_required`: an escalation needs the
    GI's ladder (default: for an API batch, `only`)."""
    plan = Plan(database, only)
    if carried is not None:
        carried.lend(plan)
    seen_header = not header
    first = header
    for line_no, raw in tqdm(
        lines, desc="Inlezen", unit=" regels", disable=not progress, mininterval=1
    ):
        kind = raw.get("kind")
        if kind is UNREADABLE:
            first = False
            if raw["id"]:
                plan.rejected.add(raw["id"])
            continue
        if first:
            first = False
            if kind == "header":
                seen_header = True
                if raw.get("format") != FORMAT_NAME:
                    problems.append(Problem(line_no, "format", f"verwacht '{FORMAT_NAME}'."))
                if raw.get("version") not in SUPPORTED_VERSIONS:
                    problems.append(
                        Problem(
                            line_no,
                            "version",
                            f"versie {raw.get('version')!r} "
                            f"wordt niet ondersteund (wel: {', '.join(SUPPORTED_VERSIONS)}).",
                        )
                    )
                continue
        if kind == "header":
            problems.append(Problem(line_no, "kind", "de kopregel hoort alleen op regel 1."))
            continue
        if kind not in KINDS:
            problems.append(
                Problem(
                    line_no,
                    "kind",
                    f"onbekende soort record {kind!r} (toegestaan: {', '.join(KINDS)}).",
                )
            )
            continue
        try:
            data = clean_record(kind, raw)
        except FieldError as exc:
            problems.append(Problem(line_no, exc.field, exc.message))
            if isinstance(raw.get("id"), str):
                plan.rejected.add(raw["id"])
            if kind == "event" and isinstance(raw.get("measure"), str):
                plan.tainted_measures.add(raw["measure"])
            continue
        bucket = plan.records[kind]
        if data["id"] in bucket:
            problems.append(
                Problem(
                    line_no,
                    "id",
                    f"{KIND_LABELS[kind]} '{data['id']}' staat al op "
                    f"regel {bucket[data['id']].line}.",
                )
            )
            continue
        bucket[data["id"]] = Parsed(line_no, data)
        if kind == "event":
            plan.event_order.append(data["id"])
    if first and not problems:
        problems.append(
            Problem(
                0,
                "",
                "het bestand is leeg; verwacht ten minste de kopregel "
                f'({{"kind": "header", "format": "{FORMAT_NAME}", '
                f'"version": "{FORMAT_VERSION}"}}).',
            )
        )
    if not seen_header and not first:
        problems.append(
            Problem(
                1,
                "kind",
                "regel 1 moet de kopregel zijn "
                f'({{"kind": "header", "format": "{FORMAT_NAME}", '
                f'"version": "{FORMAT_VERSION}"}}).',
            )
        )
    _check_reference_data(plan, problems)
    _check_youths(plan, problems, today)
    _check_measures(plan, problems)
    _check_events(plan, problems, today, progress)
    escalations.check(
        plan, problems, batch=only is not None if ladder_required is None else ladder_required
    )
    check_staff_events(plan, problems, today)
    trajectories.check(plan, problems, today)
    return plan


def _check_reference_data(plan: Plan, problems: list[Problem]) -> None:
    for p in plan.records["organisation"].values():
        m = p.data.get("municipality")
        if m and m not in plan.munis:
            problems.append(Problem(p.line, "municipality", f"gemeentecode '{m}' is onbekend."))
        existing = plan.org_type.get(p.data["id"])
        if (
            existing
            and existing != p.data["type"]
            and Measure.objects.filter(gi__external_id=p.data["id"]).exists()
        ):
            problems.append(
                Problem(
                    p.line,
                    "type",
                    "de soort van een organisatie met maatregelen kan niet wijzigen.",
                )
            )
        plan.org_type[p.data["id"]] = p.data["type"]
    for p in plan.records["team"].values():
        org = p.data["organisation"]
        if plan.org_type.get(org) is None:
            if org not in plan.rejected:
                problems.append(
                    Problem(p.line, "organisation", f"organisatie '{org}' is onbekend.")
                )
        elif plan.org_type[org] != "gi":
            problems.append(
                Problem(
                    p.line,
                    "organisation",
                    f"organisatie '{org}' is geen GI; alleen een GI heeft teams.",
                )
            )
        plan.team_org[p.data["id"]] = org
    for p in plan.records["worker"].values():
        org, team = p.data["organisation"], p.data.get("team")
        if plan.org_type.get(org) is None and org not in plan.rejected:
            problems.append(Problem(p.line, "organisation", f"organisatie '{org}' is onbekend."))
        if team is not None and plan.team_org.get(team) != org and team not in plan.rejected:
            why = "is onbekend" if team not in plan.team_org else f"hoort niet bij '{org}'"
            problems.append(Problem(p.line, "team", f"team '{team}' {why}."))
        plan.worker_info[p.data["id"]] = (org, team)


def _check_youths(plan: Plan, problems: list[Problem], today: dt.date) -> None:
    bsn_owner = {bsn: yid for yid, (bsn, _) in plan.db_youth.items()}
    for p in plan.records["youth"].values():
        d = p.data
        for name in ("responsible_municipality", "stay_municipality"):
            if d[name] not in plan.munis:
                problems.append(Problem(p.line, name, f"gemeentecode '{d[name]}' is onbekend."))
        if d["birth_date"] > today:
            problems.append(Problem(p.line, "birth_date", "de geboortedatum ligt in de toekomst."))
        hashed = bsn_hash(d["bsn"])
        owner = bsn_owner.get(hashed)
        if owner is not None and owner != d["id"]:
            problems.append(Problem(p.line, "bsn", f"dit BSN hoort al bij jeugdige '{owner}'."))
        bsn_owner[hashed] = d["id"]
        plan.db_youth[d["id"]] = (hashed, d["birth_date"])


def _check_measures(plan: Plan, problems: list[Problem]) -> None:
    measures = plan.records["measure"]
    for p in measures.values():
        d = p.data
        if d["youth"] not in plan.db_youth and d["youth"] not in plan.rejected:
            problems.append(Problem(p.line, "youth", f"jeugdige '{d['youth']}' is onbekend."))
        known = plan.db_measure.get(d["id"])
        if known and (known[0], known[1]) != (d["youth"], d["measure_type"]):
            problems.append(
                Problem(
                    p.line,
                    "measure_type",
                    "jeugdige en soort van een bestaande "
                    "maatregel kunnen niet wijzigen; registreer een nieuwe maatregel.",
                )
            )
        rel = d.get("related_measure")
        if rel is not None and rel not in measures and rel not in plan.db_measure:
            problems.append(Problem(p.line, "related_measure", f"maatregel '{rel}' is onbekend."))
        elif rel == d["id"]:
            problems.append(
                Problem(p.line, "related_measure", "een maatregel kan niet bij zichzelf horen.")
            )
        plan.db_measure.setdefault(d["id"], (d["youth"], d["measure_type"]))


def _check_events(plan: Plan, problems: list[Problem], today: dt.date, progress: bool) -> None:
    events = plan.records["event"]
    existing_ids = _existing_events(plan, events)
    for eid in plan.event_order:
        p = events[eid]
        d = p.data
        if d["measure"] not in plan.db_measure:
            if d["measure"] not in plan.rejected:
                problems.append(
                    Problem(p.line, "measure", f"maatregel '{d['measure']}' is onbekend.")
                )
            continue
        try:
            cleaned = clean_payload(d["type"], d["data"])
        except PayloadError as exc:
            problems.append(Problem(p.line, exc.field, exc.message))
            plan.tainted_measures.add(d["measure"])
            continue
        del d["data"]  # the cleaned payload below is all that is kept (memory: millions)
        recorded_at = d.get("recorded_at")
        if recorded_at is not None and clock.day_of(recorded_at) > today:
            problems.append(
                Problem(
                    p.line,
                    "recorded_at",
                    f"het tijdstip van registratie ligt in de toekomst (na {today:%d-%m-%Y}).",
                )
            )
        stored = existing_ids.get(eid)
        if stored is not None:
            if stored != (d["measure"], d["type"], d["date"], dump_payload(cleaned)):
                problems.append(
                    Problem(
                        p.line,
                        "id",
                        f"event '{eid}' bestaat al met andere inhoud; "
                        "events zijn onveranderlijk: registreer een correctie.",
                    )
                )
            continue
        plan.new_events[d["measure"]].append(
            (EventRecord(eid, d["type"], d["date"], cleaned, 0), p)
        )
    for mid, p in plan.records["measure"].items():
        if mid not in plan.new_events and mid not in plan.stored_measures:
            problems.append(
                Problem(
                    p.line,
                    "id",
                    "maatregel zonder events: de tijdlijn begint met "
                    "het event 'Maatregel gestart' (uitspraak).",
                )
            )
    refs = PlanReferences(plan)
    stored_by_measure = _stored_events(plan)
    for mid, new in tqdm(
        plan.new_events.items(),
        desc="Tijdlijnen controleren",
        unit=" maatregelen",
        disable=not progress,
        mininterval=1,
    ):
        if mid in plan.tainted_measures or _refers_to_rejected(new, plan.rejected):
            continue  # its faults are reported on their own lines; folding would only echo them
        stored = stored_by_measure.get(mid, [])
        seq0 = stored[-1].seq if stored else 0
        records = list(stored)
        line_of: dict[str, int] = {}
        for i, (rec, parsed) in enumerate(new, start=1):
            records.append(EventRecord(rec.id, rec.type, rec.date, rec.data, seq0 + i))
            line_of[rec.id] = parsed.line
        youth_id, mtype = plan.db_measure[mid]
        if youth_id not in plan.db_youth:
            continue  # the youth is refused or unknown; reported on the measure's line
        facts = MeasureFacts(mid, mtype, plan.db_youth[youth_id][1])
        try:
            plan.states[mid] = (fold(facts, records, refs, today), records[len(stored) :])
        except TimelineError as exc:
            line = line_of.get(exc.event_id, new[0][1].line)
            problems.append(
                Problem(
                    line,
                    exc.field,
                    exc.message.split(": ", 1)[-1]
                    if exc.message.startswith(exc.field + ":")
                    else exc.message,
                )
            )


def _refers_to_rejected(new: list[tuple[EventRecord, Parsed]], rejected: set[str]) -> bool:
    if not rejected:
        return False
    return any(isinstance(v, str) and v in rejected for rec, _ in new for v in rec.data.values())


def _existing_events(plan: Plan, events: dict[str, Parsed]) -> dict[str, tuple]:
    if not plan.database:
        return {}
    ids = list(events)
    found: dict[str, tuple] = {}
    for part in slices(ids):
        for eid, mid, etype, date, data in (
            Event.objects.filter(external_id__in=part)
            .order_by()
            .values_list("external_id", "measure__external_id", "event_type", "date", "data")
        ):
            found[eid] = (mid, etype, date, data)
    return found


def _stored_events(plan: Plan) -> dict[str, list[EventRecord]]:
    mids = [m for m in plan.new_events if m in plan.stored_measures]
    out: dict[str, list[EventRecord]] = defaultdict(list)
    for i in range(0, len(mids), 500):
        for mid, eid, etype, date, data, seq in (
            Event.objects.filter(measure__external_id__in=mids[i : i + 500])
            .order_by("measure_id", "seq")
            .values_list("measure__external_id", "external_id", "event_type", "date", "data", "seq")
        ):
            out[mid].append(EventRecord(eid, etype, date, clean_payload(etype, data), seq))
    return out

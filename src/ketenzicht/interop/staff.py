"""Staff facts in an import (issue 17): checked against the reference data and, per
organisation, with the facts already stored by `capacity.domain.staff.check`; written in file
order after the reference data. Part of the one write path (`importer.import_lines`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ketenzicht import clock
from ketenzicht.capacity.domain.staff import StaffError, StaffFact, check
from ketenzicht.capacity.models import StaffEvent
from ketenzicht.reference.models import Organisation, Team, Worker

from .outcome import ImportReport, Problem
from .plan import Plan

FIELDS = ("organisation", "type", "date", "worker", "team", "until", "fte", "function", "reason")


def _fact(ext_id: str, d: dict, seq: int) -> StaffFact:
    return StaffFact(
        ext_id,
        d["organisation"],
        d["type"],
        d["date"],
        d.get("worker"),
        d.get("team"),
        d.get("until"),
        d.get("fte"),
        d.get("function"),
        d.get("reason"),
        d.get("refers"),
        seq,
    )


def _stored(organisations: set[str]) -> dict[str, StaffFact]:
    rows = (
        StaffEvent.objects.filter(organisation__external_id__in=organisations)
        .order_by("pk")
        .values_list(
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
        )
    )
    return {
        r[0]: StaffFact(*r[:7], r[7], r[8] or None, r[9] or None, r[10] or None, seq)
        for seq, r in enumerate(rows, start=1)
    }


def check_staff_events(plan: Plan, problems: list[Problem], today: dt.date) -> None:
    """Reference checks per record, then the coherence of each organisation's facts."""
    new = plan.records["staff_event"]
    if not new:
        return
    worker_org = {w: org for w, (org, _) in plan.worker_info.items()}
    ok: dict[str, StaffFact] = {}
    for ext_id, p in new.items():
        d = p.data
        fault = None
        if d["date"] > today:
            fault = ("date", f"de datum ligt in de toekomst (na {today:%d-%m-%Y}).")
        elif d["organisation"] not in plan.org_type:
            fault = ("organisation", f"organisatie '{d['organisation']}' is onbekend.")
        elif plan.org_type[d["organisation"]] != "gi":
            fault = ("organisation", f"organisatie '{d['organisation']}' is geen GI.")
        elif d.get("worker") and d["worker"] not in worker_org:
            fault = ("worker", f"medewerker '{d['worker']}' is onbekend.")
        elif d.get("team") and d["team"] not in plan.team_org:
            fault = ("team", f"team '{d['team']}' is onbekend.")
        if fault is not None:
            if not any(d.get(f) in plan.rejected for f in ("organisation", "worker", "team")):
                problems.append(Problem(p.line, *fault))
            continue
        ok[ext_id] = _fact(ext_id, d, 0)
    stored = _stored({f.organisation for f in ok.values()}) if plan.database else {}
    seq0 = len(stored)
    by_org: dict[str, list[StaffFact]] = defaultdict(list)
    for f in stored.values():
        by_org[f.organisation].append(f)
    plan.new_staff = []
    for n, (ext_id, f) in enumerate(ok.items(), start=1):
        known = stored.get(ext_id)
        if known is not None:
            if _content(known) != _content(f):
                problems.append(
                    Problem(
                        new[ext_id].line,
                        "id",
                        f"personeelsfeit '{ext_id}' bestaat al met andere inhoud; "
                        "personeelsfeiten zijn onveranderlijk: registreer een nieuw feit.",
                    )
                )
            continue
        f = _with_seq(f, seq0 + n)
        by_org[f.organisation].append(f)
        plan.new_staff.append(ext_id)
    touched = {ok[e].organisation for e in plan.new_staff}
    for org in sorted(touched):
        try:
            check(by_org[org], worker_org, dict(plan.team_org))
        except StaffError as exc:
            line = new[exc.fact_id].line if exc.fact_id in new else 0
            problems.append(Problem(line, exc.field, exc.message))


def _content(f: StaffFact) -> tuple:
    return (
        f.id,
        f.organisation,
        f.type,
        f.date,
        f.worker,
        f.team,
        f.until,
        f.fte,
        f.function,
        f.reason,
        f.refers,
    )


def _with_seq(f: StaffFact, seq: int) -> StaffFact:
    return StaffFact(*_content(f), seq)


def write_staff_events(plan: Plan, report: ImportReport) -> None:
    """Insert the new facts in file order (after organisations, teams and workers)."""
    new = plan.new_staff
    records = plan.records["staff_event"]
    if records:
        report.unchanged["staff_event"] += len(records) - len(new)
    if not new:
        return
    now = clock.now()
    org_pk = dict(Organisation.objects.values_list("external_id", "pk"))
    team_pk = dict(Team.objects.values_list("external_id", "pk"))
    worker_pk = dict(Worker.objects.values_list("external_id", "pk"))
    rows = []
    for ext_id in new:
        d = records[ext_id].data
        rows.append(
            StaffEvent(
                external_id=ext_id,
                organisation_id=org_pk[d["organisation"]],
                event_type=d["type"],
                date=d["date"],
                worker_id=worker_pk.get(d.get("worker")),
                team_id=team_pk.get(d.get("team")),
                until=d.get("until"),
                fte=d.get("fte"),
                function=d.get("function", ""),
                reason=d.get("reason", ""),
                refers=d.get("refers", ""),
                recorded_at=d.get("recorded_at") or now,
            )
        )
    StaffEvent.objects.bulk_create(rows, batch_size=5000)
    report.created["staff_event"] += len(rows)

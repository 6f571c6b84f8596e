"""Reads for capacity: the staff facts, the caseload norm on a day and the demand (children with a
running measure needing a youth protector, by the team holding it that day, replayed from the
timeline by `care.selectors.histories`). A few queries, then the pure `domain.capacity`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet

from ketenzicht.care.domain import NEEDS_WORKER
from ketenzicht.care.selectors import held_by_any, histories as holder_histories
from ketenzicht.reference.models import Team, Worker
from ketenzicht.timeline.domain import codes
from ketenzicht.timeline.models import Event, Measure

from .domain.capacity import (
    TOTAL,
    CapacityRow,
    WorkerBase,
    capacity_on,
    histories as worker_histories,
)
from .domain.continuity import Continuity, continuity
from .domain.staff import StaffFact
from .models import CaseloadNorm, StaffEvent, Tariff

# The measures the continuity agreement counts: child-protection measures (002:187-201).
COUNTED = frozenset(
    t for t, (_, _, fam) in codes.MEASURE_TYPES.items() if fam == codes.Family.JEUGDBESCHERMING
)
GROUPINGS = {"team": "Team", "cluster": "Cluster", "gi": "GI", "totaal": "Totaal"}


def norms_on(day: dt.date, organisations: list[str]) -> dict[str, Decimal]:
    """{GI external id: caseload norm on `day`}: the GI's own norm, else the national one."""
    rows = CaseloadNorm.objects.filter(valid_from__lte=day).order_by("valid_from")
    national: Decimal | None = None
    own: dict[str, Decimal] = {}
    for org, norm in rows.values_list("organisation__external_id", "children_per_fte"):
        if org is None:
            national = norm
        else:
            own[org] = norm
    return {o: own.get(o, national if national is not None else Decimal(0)) for o in organisations}


def norm_history() -> list[CaseloadNorm]:
    return list(CaseloadNorm.objects.select_related("organisation").order_by("valid_from"))


def staff_facts(organisations: list[str]) -> list[StaffFact]:
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
    return [
        StaffFact(*r[:8], r[8] or None, r[9] or None, r[10] or None, seq)
        for seq, r in enumerate(rows, start=1)
    ]


def worker_bases(organisations: list[str]) -> dict[str, WorkerBase]:
    rows = Worker.objects.filter(organisation__external_id__in=organisations).values_list(
        "external_id", "organisation__external_id", "team__external_id", "fte", "role"
    )
    return {w: WorkerBase(o, t, f, r) for w, o, t, f, r in rows}


def population(organisations: list[str]) -> QuerySet[Measure]:
    """The measures needing a youth protector that one of the organisations holds or held (a
    handed-over measure counts where it was)."""
    handed_over = Event.objects.filter(event_type="handover").values("measure_id")
    return Measure.objects.filter(measure_type__in=list(NEEDS_WORKER)).filter(
        Q(gi__external_id__in=organisations) | Q(pk__in=handed_over)
    )


def demand_on(organisations: list[str], day: dt.date) -> list[tuple[int, str | None, str | None]]:
    """(youth pk, GI, team) of every running measure needing a youth protector on `day`, held
    by one of the organisations that day."""
    measures = population(organisations)
    youth_of = dict(measures.values_list("pk", "youth_id"))
    out = []
    for mid, h in holder_histories(measures, until=day, since=day).items():
        holder = h.holder_on(day)
        if holder is not None and holder.gi in organisations:
            out.append((youth_of[mid], holder.gi, holder.team))
    return out


@dataclass(frozen=True)
class Labelled:
    key: str
    label: str
    row: CapacityRow


def teams_in_scope(teams: QuerySet[Team]) -> tuple[dict[str, tuple[str, str, str, str]], list[str]]:
    """({team: (GI, cluster, team name, GI name)}, the GIs) of the teams in scope."""
    info = {
        t: (o, c, n, on)
        for t, o, c, n, on in teams.values_list(
            "external_id", "organisation__external_id", "cluster", "name", "organisation__name"
        )
    }
    return info, sorted({o for o, _, _, _ in info.values()})


def capacity_table(teams: QuerySet[Team], day: dt.date, by: str) -> list[Labelled]:
    """Capacity on `day` of the given teams, grouped `by` (team, cluster, gi, totaal). Workers
    and demand outside the teams are left out, so a group is never larger than the scope."""
    info, orgs = teams_in_scope(teams)
    if not orgs:
        return []
    bases = worker_bases(orgs)
    hist = worker_histories(staff_facts(orgs), bases)
    demand = [x for x in demand_on(orgs, day) if x[2] in info]
    return _grouped(info, orgs, bases, hist, demand, day, by)


def _grouped(
    info: dict[str, tuple[str, str, str, str]],
    orgs: list[str],
    bases: dict[str, WorkerBase],
    hist: dict,
    demand: list[tuple[int, str | None, str | None]],
    day: dt.date,
    by: str,
) -> list[Labelled]:
    """The capacity rows on `day` of the teams in `info` (demand already limited to them)."""
    # Keep the workers of the teams in scope: judged by their team on the day.
    kept = {}
    for wid, h in hist.items():
        s = h.state_on(day)
        team = s.team if s is not None else bases[wid].team
        if team in info:
            kept[wid] = h
    team_info = {t: (o, c) for t, (o, c, _, _) in info.items()}
    key_by = "total" if by == "totaal" else by
    rows = capacity_on(day, kept, demand, team_info, norms_on(day, orgs), key_by)
    labels = labels_of(info, by)
    out = [Labelled(k, labels.get(k, k), r) for k, r in rows.items()]
    return sorted(out, key=lambda x: x.label)


def capacity_for_region(
    municipalities: list[str], days: list[dt.date]
) -> dict[dt.date, list[Labelled]]:
    """{day: capacity per GI} of the teams working for the municipalities' children on that
    day: the teams holding, at the end of the day, a running measure needing a youth protector
    of a child whose (current) responsible municipality is one of them (the in- en
    doorstroomteam included). The figures are `capacity_table(those teams, day, "gi")`, with
    the teams' whole demand: a team's staff work for all its children, so staff cannot be split
    by municipality. One replay of the holders serves every day. The council report's capacity
    section."""
    last = max(days)
    region = Measure.objects.filter(
        measure_type__in=list(NEEDS_WORKER),
        youth__responsible_municipality__cbs_code__in=municipalities,
    )
    first = min(days)
    region_holders = holder_histories(region, until=last, since=first)
    teams_on: dict[dt.date, set[str]] = {}
    for day in days:
        held = (h.holder_on(day) for h in region_holders.values())
        teams_on[day] = {x.team for x in held if x is not None and x.team}
    all_teams = set().union(*teams_on.values())
    info, orgs = teams_in_scope(Team.objects.filter(external_id__in=all_teams))
    if not orgs:
        return {day: [] for day in days}
    bases = worker_bases(orgs)
    hist = worker_histories(staff_facts(orgs), bases)
    measures = population(orgs)
    youth_of = dict(measures.values_list("pk", "youth_id"))
    # The region's own measures are replayed already: of the GIs' other measures only those a
    # team in scope can have held are read.
    others = measures.exclude(youth__responsible_municipality__cbs_code__in=municipalities)
    holders = holder_histories(held_by_any(others, all_teams), until=last, since=first)
    holders |= {pk: h for pk, h in region_holders.items() if pk in youth_of}
    out = {}
    for day in days:
        scope = {t: info[t] for t in teams_on[day] if t in info}
        demand = []
        for mid, h in holders.items():
            holder = h.holder_on(day)
            if holder is not None and holder.team in scope:
                demand.append((youth_of[mid], holder.gi, holder.team))
        out[day] = _grouped(scope, orgs, bases, hist, demand, day, "gi")
    return out


def labels_of(info: dict[str, tuple[str, str, str, str]], by: str) -> dict[str, str]:
    if by == "team":
        return {t: name for t, (_, _, name, _) in info.items()}
    if by == "cluster":
        return {c: c for _, c, _, _ in info.values() if c} | {"—": "zonder cluster"}
    if by == "gi":
        return {o: on for o, _, _, on in info.values()}
    return {TOTAL: "Totaal"}


def tariffs() -> dict[tuple[str, int], tuple[Decimal, Decimal]]:
    return {
        (t, y): (a, s)
        for t, y, a, s in Tariff.objects.values_list(
            "measure_type", "year", "amount", "fixed_share"
        )
    }


def continuity_for(organisations: list[str], as_of: dt.date) -> Continuity:
    """Measures per type per month, revenue and the continuity trigger of the GIs together."""
    rows = Measure.objects.filter(gi__external_id__in=organisations).values_list(
        "measure_type", "start_date", "ended_on"
    )
    threshold = Decimal(str(getattr(settings, "KETENZICHT_CONTINUITY_THRESHOLD", "0.05")))
    return continuity(rows.iterator(chunk_size=5000), as_of, tariffs(), COUNTED, threshold)


def measures_per_gi(
    municipalities: list[str], days: list[dt.date]
) -> dict[dt.date, dict[tuple[str, str], int]]:
    """{day: {(GI, GI name): child-protection measures running that day}} for the children of
    the municipalities (their current responsible municipality, as the council report's other
    figures), by the measure's current GI: the counts the continuity agreement is about."""
    rows = list(
        Measure.objects.filter(
            measure_type__in=list(COUNTED),
            youth__responsible_municipality__cbs_code__in=municipalities,
            gi__isnull=False,
        ).values_list("gi__external_id", "gi__name", "start_date", "ended_on")
    )
    out: dict[dt.date, dict[tuple[str, str], int]] = {d: {} for d in days}
    for gi, name, start, ended in rows:
        for d in days:
            if start is not None and start <= d and (ended is None or ended >= d):
                out[d][(gi, name)] = out[d].get((gi, name), 0) + 1
    return out

"""Reads for waiting: counts per reference date, the waiting list, caseloads, help waits and
the effects of waiting. Set-based: each function loads what it needs in a few queries and
replays the events in Python (`care.domain`); never a query per measure.

The counts are reconstructed from the timeline's events (never from a counter or from the
measures' current projection columns), so a count on a past date is what the events say about
that date, corrections included.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Min, Q, QuerySet

from ketenzicht.norms.catalogue import NORMS
from ketenzicht.norms.engine import NormInstance, Status
from ketenzicht.norms.selectors import due_by_measure, instances_for_measures
from ketenzicht.reference.models import Municipality, Organisation, Team, Worker
from ketenzicht.timeline.models import Event, Measure

from . import domain
from .domain import TOTAL_KEY
from .holders import held_by_any as held_by_any  # noqa: F401  (capacity asks it here)
from .loading import events_of, histories, load_population, residence

# The loaders (population, events, holder histories, residence) live in `care.loading`, shared
# with `care.help_selectors`.

# ------------------------------------------------------------------ counts per reference date


def group_labels(by: str) -> dict[str, str]:
    """Names of the groups of `without_fixed_worker_counts` (GI, team, municipality), by key."""
    if by == "gi":
        return dict(Organisation.objects.filter(type="gi").values_list("external_id", "name"))
    if by == "team":
        return dict(Team.objects.values_list("external_id", "name"))
    if by == "municipality":
        return dict(Municipality.objects.values_list("cbs_code", "name"))
    return {}


def without_fixed_worker_counts(
    days: list[dt.date], by: str, measures: QuerySet | None = None
) -> dict[dt.date, dict[str, int]]:
    """Children without a fixed youth protector on each day, grouped.

    A child counts on a day when at least one of its measures that needs a youth protector
    (`domain.NEEDS_WORKER`) runs that day and is held by nobody or by an in- en doorstroomteam
    at the end of that day. `by`: "gi" (GI external id), "region" (jeugdbeschermingsregio name of
    the responsible municipality), "municipality" (CBS code of the responsible municipality on
    that day, woonplaatsbeginsel), "team" (team external id), "cluster" (the team's cluster),
    "total" (key "totaal"). Each child counts once per group; a child with measures in two
    groups counts in both (the total counts it once). Groups with no child are left out, except
    "totaal", which is always there. `measures` restricts the population (a role's scope).
    """
    return without_fixed_worker_groupings(days, (by,), measures)[by]


def without_fixed_worker_groupings(
    days: list[dt.date], bys: Iterable[str], measures: QuerySet | None = None
) -> dict[str, dict[dt.date, dict[str, int]]]:
    """`without_fixed_worker_counts` for several groupings at once ({by: counts}): the holder
    histories are loaded and replayed once (up to the last day: a day's holder is the same in
    a history replayed further)."""
    bys = list(dict.fromkeys(bys))
    for by in bys:
        if by not in domain.GROUPINGS:
            raise ValueError(f"onbekende groepering '{by}'")
    days = sorted(set(days))
    out = {by: {d: ({TOTAL_KEY: 0} if by == "total" else {}) for d in days} for by in bys}
    if not days:
        return out
    population = load_population(measures)
    youth_of = dict(population.values_list("pk", "youth_id"))
    hist = histories(population, until=days[-1], since=days[0])
    cluster_of = dict(Team.objects.values_list("external_id", "cluster"))
    registered: dict[int, str] = {}
    changes: dict[int, list] = {}
    region_of: dict[str, str] = {}
    if {"municipality", "region"} & set(bys):
        registered, changes = residence(population.values("youth_id"))
        region_of = dict(
            Municipality.objects.values_list("cbs_code", "jeugdbeschermingsregio__name")
        )
    for day in days:
        groups: dict[tuple[str, str], set[int]] = defaultdict(set)
        for mid, h in hist.items():
            holder = h.holder_on(day)
            if holder is None or holder.assignment == "vast":
                continue
            yid = youth_of[mid]
            muni = None
            for by in bys:
                if by == "total":
                    key = TOTAL_KEY
                elif by == "gi":
                    key = holder.gi or "—"
                elif by == "team":
                    key = holder.team or "—"
                elif by == "cluster":
                    key = cluster_of.get(holder.team or "", "") or "—"
                else:
                    if muni is None:
                        muni = domain.place_on(registered[yid], changes.get(yid, []), day)
                    key = muni if by == "municipality" else region_of.get(muni, "—")
                groups[(by, key)].add(yid)
        for (by, key), youths in groups.items():
            out[by][day][key] = len(youths)
    return out


# ------------------------------------------------------------------ caseloads


@dataclass(frozen=True)
class Caseload:
    worker_id: str  # external id
    worker_pk: int
    name: str
    team: str  # team name
    team_id: str | None
    fte: Decimal
    cases: int  # children with this fixed worker
    norm: int  # the organisation's caseload norm (children per fte)

    @property
    def per_fte(self) -> float | None:
        return float(self.cases / self.fte) if self.fte else None

    @property
    def above(self) -> bool:
        return self.per_fte is None or self.per_fte > self.norm

    @property
    def per_fte_after(self) -> float | None:
        """Cases per fte with one more child."""
        return float((self.cases + 1) / self.fte) if self.fte else None

    @property
    def above_after(self) -> bool:
        """Would one more child bring the worker above the norm?"""
        return self.per_fte_after is None or self.per_fte_after > self.norm


def caseloads(organisation: Organisation, as_of: dt.date) -> list[Caseload]:
    """Per jeugdzorgwerker of the organisation: the children for whom they are the fixed worker
    on `as_of` (replayed from the events), against the organisation's caseload norm. Ordered by
    cases per fte, lowest first."""
    workers = list(
        Worker.objects.filter(organisation=organisation, role="jeugdzorgwerker").select_related(
            "team"
        )
    )
    handed_over = Event.objects.filter(event_type="handover").values("measure_id")
    population = load_population(None).filter(Q(gi=organisation) | Q(pk__in=handed_over))
    youth_of = dict(population.values_list("pk", "youth_id"))
    cases: dict[str, set[int]] = defaultdict(set)
    for mid, h in histories(population, until=as_of, since=as_of).items():
        holder = h.holder_on(as_of)
        if holder and holder.assignment == "vast" and holder.worker:
            cases[holder.worker].add(youth_of[mid])
    rows = [
        Caseload(
            w.external_id,
            w.pk,
            str(w),
            w.team.name if w.team else "—",
            w.team.external_id if w.team else None,
            w.fte,
            len(cases.get(w.external_id, ())),
            organisation.caseload_norm,
        )
        for w in workers
    ]
    rows.sort(key=lambda c: (c.per_fte if c.per_fte is not None else 1e9, c.name))
    return rows


# Waiting for help lives in help_selectors (re-exported here: callers ask `selectors`).
from .help_selectors import (  # noqa: E402
    HELP_NORM as HELP_NORM,
    HELP_TYPES as HELP_TYPES,
    HelpWait as HelpWait,
    WaitSummary as WaitSummary,
    help_term as help_term,
    help_waits as help_waits,
    help_waits_on as help_waits_on,
    priority_list as priority_list,
    started_between as started_between,
    wait_summary as wait_summary,
    waiting_help as waiting_help,
)

# ------------------------------------------------------------------ the waiting list


WAITING_CHECK_NORMS = (
    "team-contact",
    "team-casusoverleg",
    "hp-veiligheidsinschatting",
    "hp-veiligheidsbeoordeling",
    "1a.3-eerste-contact",
    "3.1-kind-alleen",
)


@dataclass
class WaitingRow:
    measure: Measure
    colour: str | None
    ruis_flags: list[str]
    days_waiting: int
    next_check: NormInstance | None
    last_contact: dt.date | None
    last_contact_alone: bool | None
    open_signals: int
    lapsed: bool = False  # the ruling's end date passed with no extension or end (issue 12)

    @property
    def ruis(self) -> bool:
        return bool(self.ruis_flags)

    @property
    def next_check_title(self) -> str:
        return NORMS[self.next_check.norm_id].title if self.next_check else ""

    @property
    def next_check_overdue(self) -> bool:
        return self.next_check is not None and self.next_check.status is Status.OVERDUE

    def sort_key(self) -> tuple:
        return domain.waiting_order(
            self.colour, self.ruis, self.days_waiting, self.measure.external_id
        )


def waiting_list(measures: QuerySet, as_of: dt.date) -> list[WaitingRow]:
    """Every running measure in `measures` that needs a youth protector and has no fixed
    worker, with what the team needs to see, in the waiting list's order
    (`domain.ORDER_EXPLANATION`)."""
    qs = (
        load_population(measures)
        .filter(ended_on__isnull=True, start_date__isnull=False, start_date__lte=as_of)
        .exclude(assignment="vast")
        .select_related("youth", "team", "gi", "youth__responsible_municipality")
    )
    found = {m.pk: m for m in qs}
    if not found:
        return []
    colour: dict[int, str] = {}
    ruis: dict[int, list[str]] = {}
    contact: dict[int, tuple[dt.date, bool | None]] = {}
    rows = (
        events_of(
            qs.values("pk"),
            ("safety_estimate", "safety_assessment", "ruis_flags_set", "contact", "first_contact"),
            as_of,
        )
        .order_by("date", "seq")
        .values_list("measure_id", "event_type", "date", "data")
    )
    for mid, etype, day, data in rows:
        if etype in ("safety_estimate", "safety_assessment"):
            if data.get("colour"):
                colour[mid] = data["colour"]
        elif etype == "ruis_flags_set":
            ruis[mid] = list(data.get("flags") or [])
        elif etype == "contact":
            contact[mid] = (day, data.get("child_spoken_alone"))
        else:
            contact[mid] = (day, None)
    next_check: dict[str, NormInstance] = {}
    signals: dict[str, int] = defaultdict(int)
    for inst in instances_for_measures(qs, as_of):
        if inst.status not in (Status.OPEN, Status.OVERDUE):
            continue
        if inst.norm_id == "3.6-signaal-beoordeeld":
            signals[inst.measure_id] += 1
        elif inst.norm_id in WAITING_CHECK_NORMS:
            best = next_check.get(inst.measure_id)
            if best is None or inst.due_date < best.due_date:
                next_check[inst.measure_id] = inst
    out = []
    for pk, m in found.items():
        since = m.assignment_since or m.start_date
        last = contact.get(pk)
        out.append(
            WaitingRow(
                measure=m,
                colour=colour.get(pk),
                ruis_flags=ruis.get(pk, []),
                days_waiting=(as_of - since).days,
                next_check=next_check.get(m.external_id),
                last_contact=last[0] if last else None,
                last_contact_alone=last[1] if last else None,
                open_signals=signals.get(m.external_id, 0),
                lapsed=m.lapsed_on(as_of),
            )
        )
    out.sort(key=WaitingRow.sort_key)
    return out


# ------------------------------------------------------------------ effects of waiting


@dataclass(frozen=True)
class EffectGroup:
    label: str
    measures: int
    first_contact: domain.Measured
    plan: domain.Measured
    help_started: domain.Measured
    norms_due: int
    norms_met: int
    with_signal: int


def effects(measures: QuerySet, as_of: dt.date) -> list[EffectGroup]:
    """Measures that waited without a fixed worker (more than `domain.WAITED_DAYS` days in
    total) against those that did not: days from the start to the first contact, to the plan
    of approach and to the first help started (medians), the share of norm instances that fell
    due and were met on time (the norm engine), and the share with a signal of unsafety.
    Raw counts: what may be shown of them is decided by `published.effects_shown`."""
    population = load_population(measures).filter(start_date__isnull=False, start_date__lte=as_of)
    hist = histories(population, until=as_of)
    if not hist:
        return []
    ext = dict(population.values_list("pk", "external_id"))
    firsts: dict[int, dict[str, dt.date]] = defaultdict(dict)
    # The first of each type per measure, as one row each (not every event of the four types).
    rows = (
        events_of(
            population.values("pk"),
            ("first_contact", "plan_of_approach", "help_started", "unsafety_signal"),
            as_of,
        )
        .values("measure_id", "event_type")
        .annotate(first=Min("date"))
        .order_by()
        .values_list("measure_id", "event_type", "first")
    )
    for mid, etype, day in rows:
        firsts[mid][etype] = day
    # Every instance that fell due by the as-of date and was judged (not before the GI's
    # go-live, issue 12): `fell_due_in` over all dates.
    tally = due_by_measure(sorted(ext), as_of, [(dt.date.min, dt.date.max)])
    groups: dict[bool, list[int]] = {True: [], False: []}
    for mid, h in hist.items():
        if h.start is None:
            continue
        groups[h.days_without(as_of) > domain.WAITED_DAYS].append(mid)

    def days(mids: list[int], etype: str) -> domain.Measured:
        return domain.measured(
            (firsts[m][etype] - hist[m].start).days  # type: ignore[operator]
            for m in mids
            if etype in firsts[m]
        )

    out = []
    for waited, label in ((True, "Gewacht zonder vaste jeugdzorgwerker"), (False, "Niet gewacht")):
        mids = groups[waited]
        out.append(
            EffectGroup(
                label,
                len(mids),
                days(mids, "first_contact"),
                days(mids, "plan_of_approach"),
                days(mids, "help_started"),
                sum(tally.get((m, 0), (0, 0))[0] for m in mids),
                sum(tally.get((m, 0), (0, 0))[1] for m in mids),
                sum("unsafety_signal" in firsts[m] for m in mids),
            )
        )
    return out


def newly_assigned(measures: QuerySet[Measure], worker_external_id: str, since: dt.date):
    """[(measure, assignment date)]: the measures (of `measures`, e.g. the user's scope) that
    were assigned to this worker as fixed worker on or after `since` and still are ("Nieuw
    toegewezen" on the start page, issue 16), the newest first."""
    events = (
        Event.live.filter(
            event_type="worker_assigned",
            date__gte=since,
            data__assignment="vast",
            data__worker=worker_external_id,
            measure__in=measures.filter(
                ended_on__isnull=True, assignment="vast", worker__external_id=worker_external_id
            ),
        )
        .select_related("measure__youth")
        .order_by("-date", "-pk")
    )
    seen, out = set(), []
    for e in events:
        if e.measure_id not in seen:
            seen.add(e.measure_id)
            out.append((e.measure, e.date))
    return out

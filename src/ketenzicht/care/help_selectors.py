"""Waiting for help (issue #5): per help request of a child with a measure, how long it waits
against the norm term of passende hulp (2.2), the priority list and the summary per help type.
Re-exported by `care.selectors`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from ketenzicht import bulkinsert
from ketenzicht.norms.calendar import Term
from ketenzicht.norms.catalogue import NORMS
from ketenzicht.norms.config import NormConfig
from ketenzicht.norms.configured import load_config

from . import domain
from .help_steps import (
    HELP_TYPES as HELP_TYPES,  # re-exported: care.selectors
    STORE,
)
from .loading import histories, load_population, residence
from .models import HelpStep

# ------------------------------------------------------------------ waiting for help

HELP_NORM = "2.2-passende-hulp"


@dataclass
class HelpWait:
    request_id: str  # event external id of the help request
    measure_id: str
    measure_pk: int
    measure_type: str
    youth_id: str
    youth_pk: int
    responsible_municipality: str  # CBS code on as_of
    gi: str | None  # GI external id on as_of (or at the end of the measure)
    team: str | None
    help_type: str
    provider: str | None  # organisation external id (request, intake or start)
    requested_on: dt.date
    urgent: bool
    norm_due: dt.date  # request date + the configurable term of norm 2.2
    norm_term: str  # Dutch label of that term
    intake_on: dt.date | None = None
    started_on: dt.date | None = None
    measure_ended_on: dt.date | None = None
    priority: bool = False
    priority_reason: str = ""
    priority_on: dt.date | None = None
    expert_table: bool = False
    expert_registration: str | None = None
    expert_reason: str = ""
    expert_meeting: dt.date | None = None
    expert_decisions: list[tuple[dt.date, str]] = field(default_factory=list)
    consultation_id: str | None = None
    consultation_on: dt.date | None = None
    consultation_answer: str | None = None
    waiting_days: int = 0
    beyond_norm: bool = False

    @property
    def waiting(self) -> bool:
        """Still waiting: not started and the measure still runs."""
        return self.started_on is None and self.measure_ended_on is None


def help_term(config: NormConfig, gi: str | None) -> Term:
    """The term of the 3-month norm (norm 2.2) for a GI: per organisation, else the setting,
    else the catalogue's."""
    return (
        config.organisation_terms.get((gi or "", HELP_NORM))
        or config.terms.get(HELP_NORM)
        or NORMS[HELP_NORM].term
    )


def help_waits(
    as_of: dt.date, measures: QuerySet | None = None, config: NormConfig | None = None
) -> list[HelpWait]:
    """One row per help request dated on or before `as_of`, oldest first.

    waiting_days runs from the request to the start of the help, or to `as_of` (or the end of
    the measure) when it has not started; beyond_norm: the help started (or is still not
    started) after the request date plus the configurable term of norm 2.2 (3 months:
    inspectorate norm 2.2, 001:2222, 002:127). The request, its intake, start, priority,
    expert table and consultation are all events on the timeline.
    """
    return help_waits_on([as_of], measures, config)[as_of]


def waiting_help(
    as_of: dt.date, measures: QuerySet | None = None, config: NormConfig | None = None
) -> list[HelpWait]:
    """The help waits still waiting on `as_of` (`HelpWait.waiting`), as `help_waits` gives them,
    for the measures that may have one: a live request dated up to `as_of` that no start after
    it (in the fold's order) answers by then, on a measure not ended by then. The GI board asks
    this for a whole GI; most of its measures have no request waiting and are not read."""
    started = HelpStep.objects.filter(
        measure_id=OuterRef("measure_id"),
        event_type="help_started",
        ref=OuterRef("event_id"),
        position__gt=OuterRef("position"),
        date__lte=as_of,
    )
    requests = HelpStep.objects.filter(
        ~Exists(started), measure_id=OuterRef("pk"), event_type="help_requested", date__lte=as_of
    )
    candidates = load_population(measures, types=None).filter(Exists(requests))
    candidates = bulkinsert.pinned(candidates.exclude(ended_on__lte=as_of))
    return [w for w in help_waits(as_of, candidates, config) if w.waiting]


def started_between(
    first: dt.date,
    last: dt.date,
    as_of: dt.date,
    measures: QuerySet | None = None,
    config: NormConfig | None = None,
) -> list[HelpWait]:
    """The help waits on `as_of` whose help started from `first` to `last`, as `help_waits`
    gives them, for the measures with a start in those days only (the council report's help
    started in the period; nationally most measures have none)."""
    starts = HelpStep.objects.filter(
        measure_id=OuterRef("pk"),
        event_type="help_started",
        date__gte=first,
        date__lte=min(last, as_of),
    )
    candidates = bulkinsert.pinned(load_population(measures, types=None).filter(Exists(starts)))
    waits = help_waits(as_of, candidates, config)
    return [w for w in waits if w.started_on and first <= w.started_on <= last]


def help_waits_on(
    days: list[dt.date], measures: QuerySet | None = None, config: NormConfig | None = None
) -> dict[dt.date, list[HelpWait]]:
    """`help_waits` on several dates ({date: waits}), loaded once up to the last of them: the
    steps, holder histories and residences up to a date are those up to a later one, cut. The
    events come from the help-request read model (`help_steps`), not from their payloads."""
    config = config or load_config()
    last = max(days)
    # Only measures with a request by the last date: the others' holders and residence unread.
    asked = HelpStep.objects.filter(
        measure_id=OuterRef("pk"), event_type="help_requested", date__lte=last
    )
    population = bulkinsert.pinned(load_population(measures, types=None).filter(Exists(asked)))
    info = {
        pk: (ext, mtype, yid, yext)
        for pk, ext, mtype, yid, yext in population.values_list(
            "pk", "external_id", "measure_type", "youth_id", "youth__external_id"
        )
    }
    rows = STORE.select(population, until=last)
    if not rows:
        return {d: [] for d in days}
    # Subqueries, not lists of keys: a long IN list is slow on SQLite at national scale.
    hist = histories(population, until=last)
    registered, changes = residence(population.values("youth_id"))
    return {
        d: _waits(d, [r for r in rows if r[1] <= d], info, hist, registered, changes, config)
        for d in days
    }


def _waits(
    as_of: dt.date,
    rows: list[tuple],
    info: dict,
    hist: dict[int, domain.MeasureHistory],
    registered: dict[int, str],
    changes: dict[int, list],
    config: NormConfig,
) -> list[HelpWait]:
    waits: dict[str, HelpWait] = {}
    registrations: dict[str, HelpWait] = {}
    consultations: dict[str, HelpWait] = {}
    for mid, day, etype, eid, ref, help_type, provider, urgent, text, meeting in rows:
        if etype == "help_requested":
            ext, mtype, yid, yext = info[mid]
            h = hist.get(mid)
            # The history may run past as_of: an end after it is not known on as_of.
            ended = h.ended_on if h and h.ended_on and h.ended_on <= as_of else None
            last = min(ended, as_of) if ended else as_of
            holder = h.holder_on(last) if h else None
            gi = holder.gi if holder else None
            term = help_term(config, gi)
            waits[eid] = HelpWait(
                request_id=eid,
                measure_id=ext,
                measure_pk=mid,
                measure_type=mtype,
                youth_id=yext,
                youth_pk=yid,
                responsible_municipality=domain.place_on(
                    registered[yid], changes.get(yid, []), as_of
                ),
                gi=gi,
                team=holder.team if holder else None,
                help_type=help_type,
                provider=provider,
                requested_on=day,
                urgent=urgent,
                norm_due=term.after(day, config.calendar),
                norm_term=term.label(),
                measure_ended_on=ended,
            )
            continue
        w = waits.get(ref) if ref else None
        if etype == "help_intake" and w and w.intake_on is None:
            w.intake_on = day
            w.provider = provider or w.provider
        elif etype == "help_priority" and w and not w.priority:
            w.priority, w.priority_reason, w.priority_on = True, text, day
        elif etype == "help_started" and w and w.started_on is None:
            w.started_on = day
            w.provider = provider or w.provider
        elif etype == "expert_table_registered":
            if w:
                w.expert_table, w.expert_registration = True, eid
                w.expert_reason, w.expert_meeting = text, meeting
                registrations[eid] = w
        elif etype == "expert_table_decision":
            target = registrations.get(ref)
            if target:
                target.expert_decisions.append((day, text))
        elif etype == "municipality_consultation" and w:
            w.consultation_id, w.consultation_on = eid, day
            consultations[eid] = w
        elif etype == "municipality_consultation_answer":
            target = consultations.get(ref)
            if target:
                target.consultation_answer = text
    out = []
    for w in waits.values():
        until = w.started_on or (min(w.measure_ended_on, as_of) if w.measure_ended_on else as_of)
        w.waiting_days = (until - w.requested_on).days
        w.beyond_norm = until > w.norm_due
        out.append(w)
    out.sort(key=lambda w: (w.requested_on, w.request_id))
    return out


def priority_list(waits: Iterable[HelpWait]) -> list[HelpWait]:
    """The regional list of schadelijk wachtenden: children with a measure who still wait,
    those with a recorded priority first, then beyond the norm, then longest waiting."""
    waiting = [w for w in waits if w.waiting and (w.priority or w.beyond_norm or w.urgent)]
    return sorted(waiting, key=lambda w: (not w.priority, not w.beyond_norm, -w.waiting_days))


@dataclass(frozen=True)
class WaitSummary:
    key: tuple[str, str]  # (provider, help type)
    requests: int
    waiting: int
    started: int
    median_days_to_intake: domain.Measured
    median_days_to_start: domain.Measured
    beyond_norm: int


def wait_summary(waits: Iterable[HelpWait]) -> list[WaitSummary]:
    """Per provider and help type: requests, still waiting, started, medians, beyond norm."""
    groups: dict[tuple[str, str], list[HelpWait]] = defaultdict(list)
    for w in waits:
        groups[(w.provider or "", w.help_type)].append(w)
    out = []
    for key in sorted(groups):
        ws = groups[key]
        out.append(
            WaitSummary(
                key,
                len(ws),
                sum(w.waiting for w in ws),
                sum(w.started_on is not None for w in ws),
                domain.measured(
                    (w.intake_on - w.requested_on).days for w in ws if w.intake_on is not None
                ),
                domain.measured(
                    (w.started_on - w.requested_on).days for w in ws if w.started_on is not None
                ),
                sum(w.beyond_norm for w in ws),
            )
        )
    return out

"""Capacity on a reference date, replayed from the staff facts and the measures' holders.

Per group (team, cluster, GI or everything):

- fte under contract of the jeugdzorgwerkers in service on the day, and of those absent that
  day (sick leave or leave); available fte = contract - absent;
- fte in opleiding / zij-instroom and ondersteunend, shown apart (no caseload);
- demand: the children with a running measure that needs a youth protector held by the group
  (`care.domain.NEEDS_WORKER`; the selectors decide who holds what on the day);
- caseload = demand / available fte, against the caseload norm of the GI on that day (children
  per fte); capacity in children = available fte x norm; the gap in children and in fte;
- uitstroom (turnover): leavers in the twelve months up to the day, as a percentage of the
  average headcount at the start and the end of those months;
- verzuim (sick leave): fte-weighted sick days over fte-weighted days in service in the same
  twelve months, as a percentage.

Workers are replayed into segments (a state from a day on) and the rates are computed by interval
arithmetic; tests/capacity compare them with a day-by-day replay. No Django here.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .staff import StaffFact, ordered

ZERO = Decimal("0")
WINDOW_DAYS = 365
TOTAL = "totaal"


@dataclass(frozen=True)
class WorkerBase:
    """A worker as the reference data holds them: used for a worker without staff facts
    (counted in service throughout, with their current fte; a jeugdzorgwerker by role only)."""

    organisation: str
    team: str | None
    fte: Decimal
    role: str


@dataclass(frozen=True)
class State:
    since: dt.date
    employed: bool
    fte: Decimal
    function: str | None
    team: str | None


@dataclass
class WorkerHistory:
    organisation: str
    states: list[State]
    absences: list[tuple[dt.date, dt.date | None, str]]  # (from, until inclusive or open, kind)
    leaves: list[tuple[dt.date, str | None]] = field(default_factory=list)  # (day, team)

    def state_on(self, day: dt.date) -> State | None:
        i = bisect.bisect_right([s.since for s in self.states], day) - 1
        return self.states[i] if i >= 0 else None

    def absent_on(self, day: dt.date) -> bool:
        return any(a <= day and (b is None or day <= b) for a, b, _ in self.absences)


def histories(
    facts: Iterable[StaffFact], workers: dict[str, WorkerBase]
) -> dict[str, WorkerHistory]:
    """{worker: history} for every worker in `workers`: replayed from their facts, or (no
    facts) in service from the beginning with the reference data's fte."""
    by_worker: dict[str, list[StaffFact]] = defaultdict(list)
    for f in facts:
        if f.worker is not None:
            by_worker[f.worker].append(f)
    out: dict[str, WorkerHistory] = {}
    for wid, base in workers.items():
        own = by_worker.get(wid)
        if not own:
            function = "jeugdzorgwerker" if base.role == "jeugdzorgwerker" else None
            state = State(dt.date.min, True, base.fte, function, base.team)
            out[wid] = WorkerHistory(base.organisation, [state], [])
            continue
        out[wid] = _replay(base, own)
    return out


def _replay(base: WorkerBase, facts: list[StaffFact]) -> WorkerHistory:
    h = WorkerHistory(base.organisation, [], [])
    cur = State(dt.date.min, False, ZERO, None, base.team)
    open_ids: dict[str, int] = {}
    for f in ordered(facts):
        if f.type == "in_dienst":
            cur = State(f.date, True, f.fte or ZERO, f.function, f.team or base.team)
        elif f.type == "uit_dienst":
            h.leaves.append((f.date, cur.team))
            # Still in service on the day of leaving; out from the next day.
            cur = State(f.date + dt.timedelta(days=1), False, cur.fte, cur.function, cur.team)
            # Absences end with the service (also one planned beyond the leaving day).
            h.absences = [
                (a, f.date if b is None or b > f.date else b, kind) for a, b, kind in h.absences
            ]
            open_ids.clear()
        elif f.type == "fte_gewijzigd":
            cur = State(f.date, True, f.fte or ZERO, cur.function, cur.team)
        elif f.type == "functie_gewijzigd":
            cur = State(f.date, True, cur.fte, f.function, f.team or cur.team)
        elif f.type == "afwezig":
            if f.until is None:
                open_ids[f.id] = len(h.absences)
            h.absences.append((f.date, f.until, f.reason or ""))
            continue
        elif f.type == "afwezig_einde":
            i = open_ids.pop(f.refers or "", -1)
            if i >= 0:
                a, _, kind = h.absences[i]
                h.absences[i] = (a, f.date, kind)
            continue
        else:
            continue
        if h.states and h.states[-1].since == cur.since:
            h.states[-1] = cur
        else:
            h.states.append(cur)
    return h


@dataclass
class CapacityRow:
    key: str
    fte_contract: Decimal = ZERO
    fte_absent: Decimal = ZERO
    fte_training: Decimal = ZERO
    fte_support: Decimal = ZERO
    headcount: int = 0
    protectors: int = 0  # jeugdzorgwerkers in service (part of the headcount)
    demand: int = 0  # children
    capacity: Decimal = ZERO  # children: available fte x norm, summed over teams
    leavers: int = 0
    headcount_before: int = 0
    sick_fte_days: Decimal = ZERO
    service_fte_days: Decimal = ZERO

    @property
    def fte_available(self) -> Decimal:
        return self.fte_contract - self.fte_absent

    @property
    def norm(self) -> Decimal | None:
        """The caseload norm the capacity was computed with (a weighted mean across GIs)."""
        return self.capacity / self.fte_available if self.fte_available else None

    @property
    def caseload(self) -> Decimal | None:
        return Decimal(self.demand) / self.fte_available if self.fte_available else None

    @property
    def gap_children(self) -> Decimal:
        return Decimal(self.demand) - self.capacity

    @property
    def gap_fte(self) -> Decimal | None:
        norm = self.norm
        return self.gap_children / norm if norm else None

    @property
    def turnover(self) -> Decimal | None:
        """Leavers in the last twelve months, % of the average headcount."""
        mean = Decimal(self.headcount_before + self.headcount) / 2
        return Decimal(100 * self.leavers) / mean if mean else None

    @property
    def sick_rate(self) -> Decimal | None:
        if not self.service_fte_days:
            return None
        return 100 * self.sick_fte_days / self.service_fte_days


def capacity_on(
    day: dt.date,
    workers: dict[str, WorkerHistory],
    demand: Iterable[tuple[object, str | None, str | None]],
    team_info: dict[str, tuple[str, str]],
    norms: dict[str, Decimal],
    by: str = "team",
) -> dict[str, CapacityRow]:
    """{group key: CapacityRow} on `day`. `demand`: (child, GI, team) of every running measure
    needing a youth protector on the day (a child counts once per group); `team_info`: team ->
    (GI, cluster); `norms`: GI -> caseload norm on the day; `by`: team | cluster | gi | total."""

    def key(gi: str | None, team: str | None) -> str:
        if by == "total":
            return TOTAL
        if by == "gi":
            return gi or "—"
        if by == "cluster":
            return (team_info.get(team or "", ("", ""))[1] or "—") if team else "—"
        return team or "—"

    rows: dict[str, CapacityRow] = {}

    def row(k: str) -> CapacityRow:
        return rows.setdefault(k, CapacityRow(k))

    start = day - dt.timedelta(days=WINDOW_DAYS)
    for h in workers.values():
        s = h.state_on(day)
        if s is not None and s.employed and s.function:
            r = row(key(h.organisation, s.team))
            r.headcount += 1
            if s.function == "jeugdzorgwerker":
                r.protectors += 1
                r.fte_contract += s.fte
                norm = norms.get(h.organisation, ZERO)
                if h.absent_on(day):
                    r.fte_absent += s.fte
                else:
                    r.capacity += s.fte * norm
            elif s.function == "in_opleiding":
                r.fte_training += s.fte
            else:
                r.fte_support += s.fte
        b = h.state_on(start)
        if b is not None and b.employed and b.function:
            row(key(h.organisation, b.team)).headcount_before += 1
        for left, team in h.leaves:
            if start < left <= day:
                row(key(h.organisation, team)).leavers += 1
        _days_in_window(h, start, day, row, key)
    seen: set[tuple[str, object]] = set()
    for child, gi, team in demand:
        k = key(gi, team)
        if (k, child) not in seen:
            seen.add((k, child))
            row(k).demand += 1
    return rows


def combined(key: str, rows: Iterable[CapacityRow]) -> CapacityRow:
    """The rows added up as one group (every field is a sum; the rates and the norm follow)."""
    out = CapacityRow(key)
    for r in rows:
        for name in (
            "fte_contract",
            "fte_absent",
            "fte_training",
            "fte_support",
            "headcount",
            "protectors",
            "demand",
            "capacity",
            "leavers",
            "headcount_before",
            "sick_fte_days",
            "service_fte_days",
        ):
            setattr(out, name, getattr(out, name) + getattr(r, name))
    return out


def _days_in_window(h: WorkerHistory, start: dt.date, day: dt.date, row, key) -> None:
    """Add fte-days in service and fte-days sick in (start, day] per segment's group."""
    first = start + dt.timedelta(days=1)
    for i, s in enumerate(h.states):
        if not (s.employed and s.function):
            continue
        end = h.states[i + 1].since - dt.timedelta(days=1) if i + 1 < len(h.states) else day
        a, b = max(s.since, first), min(end, day)
        if a > b:
            continue
        r = row(key(h.organisation, s.team))
        r.service_fte_days += s.fte * ((b - a).days + 1)
        sick = _covered([(x, y) for x, y, kind in h.absences if kind == "ziekte"], a, b)
        r.sick_fte_days += s.fte * sick


def _covered(intervals: list[tuple[dt.date, dt.date | None]], a: dt.date, b: dt.date) -> int:
    """Days of [a, b] covered by the union of the intervals (inclusive, open end = b)."""
    clipped = sorted(
        (max(x, a), min(y or b, b)) for x, y in intervals if x <= b and (y is None or y >= a)
    )
    total, cur_a, cur_b = 0, None, None
    for x, y in clipped:
        if x > y:
            continue
        if cur_b is not None and x <= cur_b + dt.timedelta(days=1):
            cur_b = max(cur_b, y)
            continue
        if cur_a is not None and cur_b is not None:
            total += (cur_b - cur_a).days + 1
        cur_a, cur_b = x, y
    if cur_a is not None and cur_b is not None:
        total += (cur_b - cur_a).days + 1
    return total

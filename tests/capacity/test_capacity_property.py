"""Issue 17, must-show: capacity and caseload figures equal an independent day-by-day replay of
the worker and measure facts, on random histories (hypothesis). The replay below shares no code
with `capacity.domain.capacity` (it walks every day and applies every fact again)."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from ketenzicht.capacity.domain.capacity import WorkerBase, capacity_on, histories
from ketenzicht.capacity.domain.staff import StaffFact, check

START = dt.date(2023, 1, 1)
TEAMS = {"T-A": ("GI-1", "Noord"), "T-B": ("GI-1", "Zuid"), "T-C": ("GI-2", "Noord")}
NORMS = {"GI-1": Decimal("12"), "GI-2": Decimal("15")}
FTES = [Decimal(x) for x in ("0.5", "0.8", "1.00", "0.9")]


@st.composite
def worker_history(draw, wid):
    """Coherent facts of one worker, strictly increasing dates (one fact per day at most)."""
    team = draw(st.sampled_from(sorted(TEAMS)))
    org = TEAMS[team][0]
    base = WorkerBase(org, team, draw(st.sampled_from(FTES)), "jeugdzorgwerker")
    day = START + dt.timedelta(days=draw(st.integers(0, 200)))
    facts, employed, open_absence, busy_until = [], False, None, dt.date.min
    for i in range(draw(st.integers(0, 12))):
        day += dt.timedelta(days=draw(st.integers(1, 120)))
        fid = f"{wid}-{i}"
        if not employed:
            function = draw(st.sampled_from(["jeugdzorgwerker", "in_opleiding", "ondersteunend"]))
            fte = draw(st.sampled_from(FTES))
            facts.append(StaffFact(fid, org, "in_dienst", day, wid, team, None, fte, function))
            employed = True
            continue
        kind = draw(st.sampled_from(["leave", "fte", "function", "absent", "absent", "close"]))
        if kind == "leave":
            reason = draw(st.sampled_from(["eigen_verzoek", "pensioen"]))
            facts.append(StaffFact(fid, org, "uit_dienst", day, wid, reason=reason))
            employed, open_absence, busy_until = False, None, min(busy_until, day)
        elif kind == "fte":
            facts.append(
                StaffFact(fid, org, "fte_gewijzigd", day, wid, fte=draw(st.sampled_from(FTES)))
            )
        elif kind == "function":
            new_team = draw(st.sampled_from([t for t, (o, _) in TEAMS.items() if o == org]))
            function = draw(st.sampled_from(["jeugdzorgwerker", "in_opleiding"]))
            facts.append(
                StaffFact(fid, org, "functie_gewijzigd", day, wid, new_team, function=function)
            )
        elif kind == "absent" and open_absence is None and day > busy_until:
            reason = draw(st.sampled_from(["ziekte", "ziekte", "verlof"]))
            until = None
            if draw(st.booleans()):
                until = day + dt.timedelta(days=draw(st.integers(0, 60)))
            facts.append(StaffFact(fid, org, "afwezig", day, wid, until=until, reason=reason))
            if until is None:
                open_absence = fid
            else:
                busy_until = until
        elif kind == "close" and open_absence is not None:
            facts.append(StaffFact(fid, org, "afwezig_einde", day, wid, refers=open_absence))
            open_absence, busy_until = None, day
    return base, facts


@st.composite
def scenario(draw):
    n = draw(st.integers(1, 6))
    bases, facts = {}, []
    for k in range(n):
        wid = f"W{k}"
        base, own = draw(worker_history(wid))
        if draw(st.integers(0, 5)) == 0:
            own = []  # a worker without staff facts: the reference data counts
        bases[wid] = base
        facts += own
    facts = [
        StaffFact(
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
            seq,
        )
        for seq, f in enumerate(facts, start=1)
    ]
    day = START + dt.timedelta(days=draw(st.integers(0, 1400)))
    demand = draw(
        st.lists(
            st.tuples(st.integers(1, 15), st.sampled_from(sorted(TEAMS) + [None])), max_size=30
        )
    )
    demand = [(child, TEAMS[t][0] if t else "GI-1", t) for child, t in demand]
    return bases, facts, day, demand


# ---------------------------------------------------------------------- the independent replay


def _state(facts, base, d):
    """(employed, fte, function, team) at the end of day d, applying every fact up to d."""
    if not facts:
        return (
            True,
            base.fte,
            ("jeugdzorgwerker" if base.role == "jeugdzorgwerker" else None),
            base.team,
        )
    employed, fte, function, team = False, Decimal(0), None, base.team
    for f in sorted(facts, key=lambda f: f.date):
        if f.date > d:
            break
        if f.type == "in_dienst":
            employed, fte, function, team = True, f.fte, f.function, f.team or base.team
        elif f.type == "uit_dienst" and f.date < d:
            employed = False
        elif f.type == "fte_gewijzigd":
            fte = f.fte
        elif f.type == "functie_gewijzigd":
            function, team = f.function, f.team or team
    return employed, fte, function, team


def _absence_kind(facts, d):
    for f in facts:
        if f.type != "afwezig" or f.date > d:
            continue
        closes = [g.date for g in facts if g.type == "afwezig_einde" and g.refers == f.id]
        leaves = [g.date for g in facts if g.type == "uit_dienst" and g.date >= f.date]
        ends = closes + leaves + ([f.until] if f.until else [])
        end = min(ends) if ends else None
        if end is None or d <= end:
            return f.reason
    return None


def replay(bases, facts, day, demand, by):
    def key(org, team):
        if by == "total":
            return "totaal"
        if by == "gi":
            return org
        return team or "—"

    own = defaultdict(list)
    for f in facts:
        own[f.worker].append(f)
    out = defaultdict(lambda: defaultdict(Decimal))
    year_ago = day - dt.timedelta(days=365)
    for wid, base in bases.items():
        fs = own.get(wid, [])
        employed, fte, function, team = _state(fs, base, day)
        if employed and function:
            r = out[key(base.organisation, team)]
            r["headcount"] += 1
            if function == "jeugdzorgwerker":
                r["protectors"] += 1
                r["fte_contract"] += fte
                if _absence_kind(fs, day):
                    r["fte_absent"] += fte
                else:
                    r["capacity"] += fte * NORMS[base.organisation]
        employed, _, function, team = _state(fs, base, year_ago)
        if employed and function:
            out[key(base.organisation, team)]["headcount_before"] += 1
        for f in fs:
            if f.type == "uit_dienst" and year_ago < f.date <= day:
                out[key(base.organisation, _state(fs, base, f.date)[3])]["leavers"] += 1
        d = year_ago + dt.timedelta(days=1)
        while d <= day:
            employed, fte, function, team = _state(fs, base, d)
            if employed and function:
                r = out[key(base.organisation, team)]
                r["service"] += fte
                if _absence_kind(fs, d) == "ziekte":
                    r["sick"] += fte
            d += dt.timedelta(days=1)
    groups = defaultdict(set)
    for child, gi, team in demand:
        groups[key(gi, team)].add(child)
    for k, children in groups.items():
        out[k]["demand"] += len(children)
    return out


@settings(max_examples=150, deadline=None)
@given(scenario(), st.sampled_from(["team", "gi", "total"]))
def test_capacity_equals_a_day_by_day_replay(case, by):
    bases, facts, day, demand = case
    check(
        facts, {w: b.organisation for w, b in bases.items()}, {t: o for t, (o, _) in TEAMS.items()}
    )
    rows = capacity_on(day, histories(facts, bases), demand, TEAMS, NORMS, by)
    expected = replay(bases, facts, day, demand, by)
    for k in set(rows) | set(expected):
        r, e = rows.get(k), expected.get(k, {})
        if r is None:
            assert not any(e.values()), (k, dict(e))
            continue
        assert r.fte_contract == e.get("fte_contract", 0), k
        assert r.fte_absent == e.get("fte_absent", 0), k
        assert r.capacity == e.get("capacity", 0), k
        assert r.headcount == e.get("headcount", 0), k
        assert r.protectors == e.get("protectors", 0), k
        assert r.headcount_before == e.get("headcount_before", 0), k
        assert r.leavers == e.get("leavers", 0), k
        assert r.demand == e.get("demand", 0), k
        assert r.service_fte_days == e.get("service", 0), k
        assert r.sick_fte_days == e.get("sick", 0), k
        if r.fte_available:
            assert r.caseload == Decimal(r.demand) / (e["fte_contract"] - e.get("fte_absent", 0))

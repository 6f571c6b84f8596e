"""Property tests: the trajectory fold, its regie flags, lead times and 'waiting at each link'
equal an independent replay of random trajectories written here, differently (index scans over
the raw event list instead of a fold)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from ketenzicht.chain import domain
from ketenzicht.chain.domain import TrajectoryEvent
from ketenzicht.norms.calendar import default_calendar

CAL = default_calendar()
ORGS = ["org-wt", "org-vt", "org-gi", "org-rvdk"]
WORKERS = ["w1", "w2", "w3"]
START = dt.date(2025, 1, 1)

# The chain's milestones in order, as the replay sees them (not taken from domain.LINKS).
CHAIN = [
    ("zorg_jbt", "concern_registered", "jbt_held"),
    ("jbt_verzoek", "jbt_held", "investigation_requested"),
    ("verzoek_start", "investigation_requested", "investigation_started"),
    ("onderzoek", "investigation_started", "investigation_finished"),
    ("advies_verzoekschrift", "investigation_finished", "petition_filed"),
    ("verzoekschrift_uitspraak", "petition_filed", "ruling"),
]


@st.composite
def trajectories(draw):
    """A random valid trajectory: events with non-decreasing dates, built step by step."""
    day = START
    events: list[TrajectoryEvent] = []

    def add(kind, data):
        events.append(TrajectoryEvent(f"e{len(events)}", kind, day, data, len(events) + 1))

    with_regie = draw(st.booleans())
    concern = {"reported_by": "school", "municipality": "0001"}
    if with_regie:
        concern |= {"regie_organisation": draw(st.sampled_from(ORGS)), "regie_worker": "w1"}
    add("concern_registered", concern)
    reached = {"concern_registered"}
    offer = False
    vt = None  # None: never, True: involved, False: handed over
    for _ in range(draw(st.integers(0, 14))):
        day += dt.timedelta(days=draw(st.integers(0, 40)))
        options = ["jbt_held", "regie_offered", "closed_voluntary", "ruling"]
        if offer:
            options += ["regie_accepted", "regie_accepted", "regie_declined"]
            options.remove("regie_offered")
        if vt is None:
            options.append("vt_involved")
        elif vt:
            options.append("vt_handed_over")
        nxt = {
            "investigation_requested": "investigation_requested" not in reached,
            "investigation_started": "investigation_requested" in reached
            and "investigation_started" not in reached,
            "investigation_finished": "investigation_started" in reached
            and "investigation_finished" not in reached,
            "petition_filed": "petition_filed" not in reached,
            "hearing_held": "petition_filed" in reached,
        }
        options += [k for k, ok in nxt.items() if ok] * 2
        kind = draw(st.sampled_from(sorted(options)))
        if kind == "jbt_held":
            data = {"outcome": draw(st.sampled_from(["raadsonderzoek", "vrijwillig", "opnieuw"]))}
        elif kind == "regie_offered":
            data = {"to_organisation": draw(st.sampled_from(ORGS)), "to_worker": "w2"}
            if events and any(e.event_type == "regie_accepted" for e in events):
                data["to_worker"] = draw(st.sampled_from(WORKERS))
            offer = True
        elif kind in ("regie_accepted", "regie_declined"):
            data = {"worker": "w3"} if kind == "regie_accepted" else {"reason": "nee"}
            offer = False
        elif kind == "ruling":
            data = {"outcome": "maatregel", "measure_type": "12", "measure": "m1"}
        elif kind == "vt_involved":
            data, vt = {"organisation": "org-vt"}, True
        elif kind == "vt_handed_over":
            data, vt = {}, False
        elif kind == "investigation_requested":
            data = {"requested_by": "org-wt", "mandate": "college", "rvdk": "org-rvdk"}
        elif kind == "investigation_finished":
            data = {"advice": draw(st.sampled_from(["ots", "gezag", "geen_maatregel"]))}
        else:
            data = {}
        try:
            add(kind, data)
            domain.fold(events)
        except domain.TrajectoryError:
            events.pop()  # e.g. offering regie to the current holder: skip this step
            if kind == "regie_offered":
                offer = False
            continue
        reached.add(kind)
        if kind in ("ruling", "closed_voluntary"):
            break
    later = draw(st.integers(0, 120))
    return events, day + dt.timedelta(days=later)


def replay(events, day):
    """Lead times, the waiting link, the regiehouder and the pending offer by scanning."""
    upto = [e for e in events if e.date <= day]
    if not upto:  # before the concern: no trajectory yet
        return {}, None, True, None, None
    closed = any(e.event_type in ("ruling", "closed_voluntary") for e in upto)

    def first(kind):
        dates = [e.date for e in upto if e.event_type == kind]
        return min(dates) if dates else None

    leads = {}
    for code, start, end in CHAIN:
        a, b = first(start), first(end)
        if a is not None and b is not None and b >= a:
            leads[code] = (b - a).days
    waiting = None
    if not closed:
        reached = [code for code, start, _end in CHAIN if first(start) is not None]
        code = reached[-1]
        jbts = [e for e in upto if e.event_type == "jbt_held"]
        advice = [e.data["advice"] for e in upto if e.event_type == "investigation_finished"]
        no_petition = code == "advies_verzoekschrift" and advice == ["geen_maatregel"]
        if not no_petition and not (
            code == "jbt_verzoek" and jbts[-1].data["outcome"] != "raadsonderzoek"
        ):
            start = dict((c, s) for c, s, _e in CHAIN)[code]
            waiting = (code, (day - first(start)).days)
    holder, pending = upto[0].data.get("regie_organisation"), None
    for e in upto:
        if e.event_type == "regie_offered":
            pending = e
        elif e.event_type == "regie_accepted":
            holder, pending = pending.data["to_organisation"], None
        elif e.event_type == "regie_declined":
            pending = None
    return leads, waiting, closed, holder, pending


def term_passed(offered, day, term):
    """At least `term` working days lie strictly between the offer and `day`, by counting."""
    n, d = 0, offered + dt.timedelta(days=1)
    while d < day:
        n += CAL.is_working_day(d)
        d += dt.timedelta(days=1)
    return day > offered and n >= term


@settings(max_examples=300, deadline=None)
@given(trajectories(), st.integers(0, 10))
def test_lead_times_waiting_and_regie_equal_a_replay(case, term):
    events, day = case
    for probe in (day, events[-1].date, events[0].date, day - dt.timedelta(days=day.day % 9)):
        state = domain.as_of(events, probe)
        leads, waiting, closed, holder, pending = replay(events, probe)
        got = {lt.link: lt.days for lt in domain.lead_times(state)}
        assert got == leads
        w = domain.waiting_at(state, probe)
        assert (None if w is None else (w.link, w.days)) == waiting
        assert state.is_open == (not closed)
        if not closed:
            assert state.regie.organisation == holder
        codes = {f.code for f in domain.flags(state, probe, CAL.add_working_days, term)}
        # A trajectory without regiehouder is flagged, and only then.
        assert ("geen_regiehouder" in codes) == (not closed and holder is None)
        late = not closed and pending is not None and term_passed(pending.date, probe, term)
        assert ("overdracht_niet_geaccepteerd" in codes) == late

"""Valid timelines for the norm tests: a small builder and a hypothesis strategy.

Every timeline is checked by the real `fold` (with the references of tests/builders.py), so the
engine is only ever tested on timelines an import would accept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from ketenzicht.norms.config import NormConfig
from ketenzicht.norms.engine import NormResult, evaluate_measure, live_compact_events
from ketenzicht.timeline.domain.events import clean_payload, dump_payload
from ketenzicht.timeline.domain.state import (
    EventRecord,
    MeasureFacts,
    TimelineError,
    add_months,
    fold,
)

TODAY = dt.date(2026, 11, 1)
D = dt.date


class Refs:
    """The references of tests/builders.py base_records()."""

    orgs = {
        "GI-JBW": "gi",
        "GI-WSS": "gi",
        "RB-DH": "rechtbank",
        "JHA-1": "jeugdhulpaanbieder",
        "GEM-0518": "gemeente",
    }
    teams = {"T-DH1": "GI-JBW", "T-IDT": "GI-JBW", "T-WSS": "GI-WSS"}
    workers = {"W-1": ("GI-JBW", "T-DH1"), "W-2": ("GI-JBW", "T-DH1"), "W-3": ("GI-WSS", "T-WSS")}

    def organisation_type(self, ext_id):
        return self.orgs.get(ext_id)

    def team_organisation(self, ext_id):
        return self.teams.get(ext_id)

    def worker(self, ext_id):
        return self.workers.get(ext_id)

    def municipality_exists(self, code):
        return code in ("GM0518", "GM0603")


REFS = Refs()


@dataclass
class Timeline:
    """A measure's events, each one checked by `fold` as it is added."""

    measure_type: str = "11"
    id: str = "M-T"
    birth_date: dt.date = D(2012, 6, 1)
    events: list[EventRecord] = field(default_factory=list)

    @property
    def facts(self) -> MeasureFacts:
        return MeasureFacts(self.id, self.measure_type, self.birth_date)

    def add(self, event_type: str, date: dt.date, **data: Any) -> str:
        eid = f"{self.id}-E{len(self.events) + 1}"
        raw = dump_payload({k: v for k, v in data.items() if v is not None})
        rec = EventRecord(
            eid, event_type, date, clean_payload(event_type, raw), len(self.events) + 1
        )
        fold(self.facts, [*self.events, rec], REFS, TODAY)  # raises TimelineError when invalid
        self.events.append(rec)
        return eid

    def try_add(self, event_type: str, date: dt.date, **data: Any) -> str | None:
        try:
            return self.add(event_type, date, **data)
        except TimelineError:
            return None

    def correct(self, eid: str, date: dt.date, reason: str = "Verkeerd vastgelegd.") -> str:
        return self.add("correction", date, corrects=eid, reason=reason)

    def state(self):
        return fold(self.facts, self.events, REFS, TODAY)

    def rows(self):
        return [(e.id, e.type, e.date, e.data, e.seq) for e in self.events]

    def results(self, as_of: dt.date, config: NormConfig | None = None) -> dict[str, NormResult]:
        config = config or NormConfig()
        return {
            r.norm_id: r
            for r in evaluate_measure(
                self.id,
                self.measure_type,
                live_compact_events(self.rows()),
                as_of,
                config,
                birth_date=self.birth_date,
            )
        }

    def records(self, youth_id: str) -> list[dict[str, Any]]:
        """The measure and its events as exchange-format records."""
        out: list[dict[str, Any]] = [
            {"kind": "measure", "id": self.id, "youth": youth_id, "measure_type": self.measure_type}
        ]
        for e in self.events:
            out.append(
                {
                    "kind": "event",
                    "id": e.id,
                    "measure": self.id,
                    "type": e.type,
                    "date": e.date.isoformat(),
                    "data": dump_payload(e.data),
                }
            )
        return out


def ots(
    start: dt.date, end: dt.date | None = None, measure_type: str = "11", gi: str = "GI-JBW", **kw
) -> Timeline:
    t = Timeline(measure_type=measure_type, **kw)
    if end is None and measure_type not in ("21", "22", "23"):
        end = add_months(start, 12 if measure_type != "12" else 3) - dt.timedelta(days=1)
    t.add("measure_started", start, ruling_date=start, end_date=end, gi=gi)
    return t


def bsn(i: int) -> str:
    """A test BSN passing the elfproef, distinct for each i (starting with 9: never real)."""
    for tail in range(10):
        digits = f"9{i:07d}{tail}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - int(digits[8])) % 11 == 0:
            return digits
    return bsn(i + 10_000_000 // 2)


# --------------------------------------------------------------------------- hypothesis

KINDS = (
    "contact",
    "contact",
    "contact",
    "first_contact",
    "safety_estimate",
    "safety_estimate",
    "safety_assessment",
    "plan_of_approach",
    "plan_evaluation",
    "case_discussion",
    "help_started",
    "municipality_consultation",
    "unsafety_signal",
    "unsafety_signal",
    "ruis_flags_set",
    "worker_assigned",
    "worker_assigned",
    "worker_unassigned",
    "handover",
    "measure_extended",
    "extension_requested",
    "handelingsperspectief_decided",
    "measure_ended",
    "correction",
    "correction",
)
HELP = ("ambulant", "pleegzorg")


@st.composite
def timelines(draw, measure_id: str = "M-H") -> Timeline:
    """A random timeline that `fold` accepts: worker changes, handovers, extensions, endings,
    signals, help, consultations and corrections included."""
    mtype = draw(st.sampled_from(("11", "11", "11", "12", "21", "42", "72")))
    start = D(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 600)))
    end = None
    if mtype != "21":
        months = {"12": 3, "42": 6}.get(mtype, 12)
        end = add_months(start, draw(st.integers(1, months))) - dt.timedelta(days=1)
    # From a few weeks to 17 years old at the start: the child-alone norm's age rule is covered.
    birth = start - dt.timedelta(days=draw(st.integers(20, 17 * 365)))
    t = Timeline(measure_type=mtype, id=measure_id, birth_date=birth)
    t.add(
        "measure_started",
        start,
        ruling_date=start,
        end_date=end,
        gi=draw(st.sampled_from(("GI-JBW", "GI-WSS"))),
    )
    # The per-case Handelingsperspectief decision, often at the start (the variant also needs
    # an orange or green first safety estimate, drawn below).
    hp = draw(st.sampled_from((None, None, True, False)))
    if hp is not None:
        t.add("handelingsperspectief_decided", start, decision=hp, decided_by="Directie")
    day = start
    signals: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        day = day + dt.timedelta(days=draw(st.sampled_from((0, 0, 1, 2, 3, 5, 8, 13, 21, 40))))
        if day > TODAY:
            break
        kind = draw(st.sampled_from(KINDS))
        state = t.state()
        b = st.booleans()
        data: dict[str, Any]
        if kind == "contact":
            alone = draw(b)
            data = {
                "present": ["jeugdige"] if alone else ["jeugdige", "moeder"],
                "child_spoken_alone": alone,
                "not_alone_reason": None if alone else "overig",
                "mode": "face_to_face",
                "location": "thuis",
            }
        elif kind == "first_contact":
            data = {"with_child": draw(b), "with_parents": draw(b), "mode": "telefoon"}
        elif kind == "safety_estimate":
            data = {"colour": draw(st.sampled_from(("rood", "oranje", "groen")))}
        elif kind in ("safety_assessment", "case_discussion"):
            data = {"signal": draw(st.sampled_from(signals)) if signals and draw(b) else None}
            if kind == "safety_assessment":
                data["with_behavioural_scientist"] = draw(b)
            else:
                data |= {"external_participant": draw(b), "behavioural_scientist_present": draw(b)}
        elif kind in ("plan_of_approach", "plan_evaluation"):
            data = {"child_involved": draw(b), "parents_involved": draw(b)}
        elif kind == "help_started":
            data = {"help_type": draw(st.sampled_from(HELP)), "provider": "JHA-1"}
        elif kind == "municipality_consultation":
            data = {"municipality": "GM0518", "help_type": draw(st.sampled_from(HELP))}
        elif kind == "unsafety_signal":
            data = {"source": "school", "severity": "hoog", "description": "Blauwe plekken."}
        elif kind == "ruis_flags_set":
            data = {"flags": draw(st.sampled_from((None, ["juridische_strijd"])))}
        elif kind == "worker_assigned":
            if state.gi == "GI-JBW":
                choice = draw(st.sampled_from(("W-1", "W-2", "IDT")))
            else:
                choice = draw(st.sampled_from(("W-3", "WSS")))
            if choice.startswith("W-"):
                data = {"assignment": "vast", "worker": choice}
            else:
                data = {
                    "assignment": "doorstroomteam",
                    "team": "T-IDT" if choice == "IDT" else "T-WSS",
                }
        elif kind == "worker_unassigned":
            data = {}
        elif kind == "handover":
            to = "GI-WSS" if state.gi == "GI-JBW" else "GI-JBW"
            data = {"to_gi": to, "received_on": day.isoformat()}
        elif kind == "measure_extended":
            if state.planned_end is None:
                continue
            new_end = add_months(state.planned_end, draw(st.integers(1, 12)))
            data = {"new_end_date": new_end.isoformat()}
        elif kind == "extension_requested":
            if state.planned_end is None:
                continue
            data = {
                "requested_end_date": (
                    add_months(state.planned_end, draw(st.integers(1, 3))).isoformat()
                    if draw(b)
                    else None
                ),
                "court": "RB-DH" if draw(b) else None,
            }
        elif kind == "handelingsperspectief_decided":
            data = {"decision": draw(b), "decided_by": "Directie"}
        elif kind == "measure_ended":
            if draw(st.integers(0, 3)):
                continue  # keep most timelines running a while
            data = {"reason": "07" if mtype == "12" else "04"}
        else:  # correction
            targets = [
                e.id
                for e in t.events
                if e.type not in ("measure_started", "correction") and e.id not in state.superseded
            ]
            if not targets:
                continue
            data = {"corrects": draw(st.sampled_from(targets)), "reason": "Fout vastgelegd."}
        eid = t.try_add(kind, day, **data)
        if kind == "unsafety_signal" and eid:
            signals.append(eid)
        if t.state().ended_on is not None:
            break
    return t

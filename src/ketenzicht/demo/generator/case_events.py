"""The events of one case: its state over time and the timeline of a main measure."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .contact_events import ContactEventsMixin
from .help_events import HelpEventsMixin
from .measure_events import MeasureEventsMixin
from .model import Case, MPlan, Timeline
from .signal_events import SignalEventsMixin
from .util import d, pick

if TYPE_CHECKING:
    from .core import DemoGenerator


class CaseContext(MeasureEventsMixin, ContactEventsMixin, HelpEventsMixin, SignalEventsMixin):
    """Everything about one case over time, for making its events."""

    def __init__(self, gen: DemoGenerator, c: Case, rng: random.Random):
        self.gen = gen
        self.c = c
        self.rng = rng
        self.today = gen.today
        self.assign_dates = [e[0] for e in c.assign]

    # -- state over time

    def assignment_at(self, day: dt.date, inclusive: bool = True) -> tuple:
        entries = self.c.assign
        i = (bisect_right if inclusive else bisect_left)(self.assign_dates, day)
        if i == 0:
            return ("none",)
        e = entries[i - 1]
        if e[1] == "vast":
            return ("vast", e[2])
        if e[1] == "door":
            return ("door", e[3])
        return ("none",)

    def responsible_at(self, day: dt.date) -> str:
        r = self.c.residence
        return r[1] if r and day >= r[0] else self.c.muni.code

    def placement_at(self, day: dt.date) -> str:
        p = self.c.place
        if p and day >= p[0]:
            if p[3] is not None and day >= p[3]:
                return "thuis"
            return p[1]
        return self.c.placement

    def age_at(self, day: dt.date) -> int:
        return (day - self.c.birth).days // 365

    def provider(self, help_type: str) -> str:
        region = self.gen.muni_by_code[self.responsible_at(self.today)].region
        found = self.gen.providers.get((region, help_type))
        if found is None:
            found = self.gen.providers.get((self.c.muni.region, help_type))
        if found is None:
            found = self.gen.providers.get((self.c.muni.region, "ambulant"), "JHA-LVB")
        return found

    # -- a main measure: OTS, VOTS, voogdij, voorlopige voogdij or jeugdreclassering

    def main_events(self, tl: Timeline, m: MPlan) -> None:
        c, rng = self.c, self.rng
        start = m.start
        final = m.end or self.today
        protection = m.type in ("11", "12")
        guardianship = m.type in ("21", "22")
        probation = not (protection or guardianship)
        lapse = self._lapse(m)
        if lapse is not None:
            final = lapse  # the last extension was never registered: lapsed after this day
        tl.add(start, "measure_started", self._start_data(m))
        extensions = list(zip(m.ext_dates, m.ends[1:], strict=True))
        if lapse is not None:
            extensions = extensions[:-1]
        for when, new_end in extensions:
            tl.add(when, "measure_extended", {"new_end_date": new_end.isoformat()})
        self._extension_requests(tl, m, extensions, lapse)
        self._hp_decision(tl, m, final)
        self._assignment_events(tl, start, final)
        never_assigned = not c.assign or c.assign[0][0] > final
        # First contact with child and parents and a first safety estimate (Besluit Jeugdwet,
        # norm 1a.3: within 5 days; Handelingsperspectief: colour within 5 working days): most in
        # time, a minority later or incomplete.
        r = rng.random()
        delay = (
            rng.randint(0, 4)
            if r < 0.82
            else rng.randint(5, 12)
            if r < 0.95
            else rng.randint(13, 40)
        )
        first_contact: dt.date | None = start + d(delay)
        if never_assigned and rng.random() < 0.5:
            first_contact = None
        if first_contact and first_contact <= final:
            adult_child = probation and self.age_at(first_contact) >= 18
            tl.add(
                first_contact,
                "first_contact",
                {
                    "with_child": rng.random() < 0.95,
                    "with_parents": rng.random() < (0.7 if guardianship or adult_child else 0.95),
                    "mode": pick(rng, {"face_to_face": 85, "telefoon": 10, "video": 5}),
                },
            )
        colour = c.colour if protection else pick(rng, {"rood": 8, "oranje": 40, "groen": 52})
        est = start + d(rng.randint(0, 6) if rng.random() < 0.85 else rng.randint(7, 20))
        if est <= final and not (never_assigned and rng.random() < 0.5):
            tl.add(est, "safety_estimate", {"colour": colour})
        if not probation:
            # Safety assessment with the behavioural scientist (HP: within two weeks), then
            # a yearly one.
            ass = start + d(rng.randint(3, 14) if rng.random() < 0.8 else rng.randint(15, 45))
            if ass <= final:
                outcome = (
                    colour
                    if rng.random() < 0.7
                    else pick(rng, {"rood": 15, "oranje": 45, "groen": 40})
                )
                tl.add(
                    ass,
                    "safety_assessment",
                    {"with_behavioural_scientist": rng.random() < 0.92, "colour": outcome},
                )
            t = start + d(rng.randint(330, 400))
            while t <= final:
                tl.add(
                    t,
                    "safety_assessment",
                    {
                        "with_behavioural_scientist": rng.random() < 0.85,
                        "colour": pick(rng, {"rood": 8, "oranje": 40, "groen": 52}),
                    },
                )
                t += d(rng.randint(330, 400))
        # Plan of approach with child and parents (norm 1b.3: within 6 weeks), then evaluations
        # every half year.
        r = rng.random()
        plan_day = start + d(rng.randint(14, 42) if r < 0.8 else rng.randint(43, 120))
        if plan_day <= final:
            young = self.age_at(plan_day) < 4
            tl.add(
                plan_day,
                "plan_of_approach",
                {
                    "child_involved": rng.random() < (0.6 if young else 0.92),
                    "parents_involved": rng.random() < 0.92,
                },
            )
            t = plan_day + d(rng.randint(150, 200))
            while t <= final:
                tl.add(
                    t,
                    "plan_evaluation",
                    {
                        "child_involved": self.age_at(t) >= 4 and rng.random() < 0.8,
                        "parents_involved": rng.random() < 0.85,
                    },
                )
                t += d(rng.randint(150, 210))
        # Case discussion (MDO) at least twice a year; now and then one is skipped.
        t = start + d(rng.randint(45, 150))
        while t <= final:
            if rng.random() > 0.08:
                tl.add(
                    t,
                    "case_discussion",
                    {
                        "external_participant": rng.random() < 0.3,
                        "behavioural_scientist_present": rng.random() < 0.85,
                    },
                )
            t += d(rng.randint(150, 190))
        # Contacts.
        self._contacts(tl, m, first_contact or start + d(7), final, probation, guardianship)
        # Help.
        self._help(tl, m, start, final, probation)
        self._waiting_case(tl, m, start, final, probation)
        # Signals of unsafety, most of them followed by an assessment or case discussion within
        # five working days.
        if not probation or rng.random() < 0.3:
            self._signals(tl, m, start, final)
        # Residence change of the family.
        res = c.residence
        if res and start <= res[0] <= final and res[0] > start:
            data = {"responsible_municipality": res[1]}
            if res[2]:
                data["stay_municipality"] = res[2]
            tl.add(res[0], "residence_changed", data)
        if m.end is not None:
            tl.add(m.end, "measure_ended", {"reason": m.reason})

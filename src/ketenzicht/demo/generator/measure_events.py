"""Events of a measure as such: start, assignments, extensions (and their requests), lapse,
the Handelingsperspectief decision (a part of CaseContext)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from .model import MPlan, Timeline
from .util import ONE_DAY, d


class MeasureEventsMixin:
    """CaseContext: start, assignment, extension and lapse events of a measure."""

    # -- the machtiging uithuisplaatsing: start, assignments, extensions, handover, end

    def machtiging_events(self, tl: Timeline, m: MPlan) -> None:
        final = m.end or self.today
        tl.add(m.start, "measure_started", self._start_data(m))
        self._assignment_events(tl, m.start, final)
        for when, new_end in zip(m.ext_dates, m.ends[1:], strict=True):
            tl.add(when, "measure_extended", {"new_end_date": new_end.isoformat()})
        if m.end is not None:
            tl.add(m.end, "measure_ended", {"reason": m.reason})

    def _start_data(self, m: MPlan) -> dict[str, Any]:
        c = self.c
        data: dict[str, Any] = {"ruling_date": m.ruling.isoformat()}
        if m.ends:
            data["end_date"] = m.ends[0].isoformat()
        data["gi"] = c.gi_at(m.start)
        data["team"] = c.team_at(m.start)
        data["court"] = m.court
        return data

    def _assignment_events(self, tl: Timeline, start: dt.date, final: dt.date) -> None:
        """Mirror the case's assignments (and handover) onto one measure."""
        c = self.c
        state: tuple = ("none",)
        prior = self.assignment_at(start, inclusive=False)
        if prior[0] != "none":
            self._emit_assignment(tl, start, prior)
            state = prior
        for e in c.assign:
            when, kind = e[0], e[1]
            if when < start or when > final:
                continue
            if kind == "handover":
                if when > start:
                    data = {"to_gi": e[2], "to_team": e[3], "received_on": e[4].isoformat()}
                    tl.add(when, "handover", data)
                state = ("none",)
            elif kind == "vast":
                if state != ("vast", e[2]):
                    self._emit_assignment(tl, when, ("vast", e[2]))
                    state = ("vast", e[2])
            elif kind == "door":
                if state != ("door", e[3]):
                    self._emit_assignment(tl, when, ("door", e[3]))
                    state = ("door", e[3])
            elif state[0] != "none":
                tl.add(when, "worker_unassigned", {"reason": e[4]})
                state = ("none",)

    @staticmethod
    def _emit_assignment(tl: Timeline, when: dt.date, state: tuple) -> None:
        if state[0] == "vast":
            tl.add(when, "worker_assigned", {"assignment": "vast", "worker": state[1]})
        else:
            tl.add(when, "worker_assigned", {"assignment": "doorstroomteam", "team": state[1]})

    # -- issue 12: extension requests, the Handelingsperspectief per case, lapsed measures.
    # Each has its own random stream, so the other draws of the demo do not shift.

    def _lapse(self, m: MPlan) -> dt.date | None:
        """A few running OTS whose last extension was never registered: lapsed weeks ago (the
        red flag *Maatregel verlopen*). Only cases with nothing else after that day."""
        c = self.c
        if m is not c.main[-1] or m.end is not None or m.type != "11" or len(m.ends) < 2:
            return None
        old = m.ends[-2]
        if not (self.today - d(120) <= old < self.today - d(7)) or c.flags or c.second:
            return None
        if any(x.related == m.id for x in c.measures) or any(e[0] > old for e in c.assign):
            return None
        if c.residence and c.residence[0] > old:
            return None
        if c.place and (c.place[0] > old or (c.place[3] is not None and c.place[3] > old)):
            return None
        return old if self.gen._case_rng(c.no, "lapse").random() < 0.05 else None

    def _extension_requests(
        self,
        tl: Timeline,
        m: MPlan,
        extensions: list[tuple[dt.date, dt.date]],
        lapse: dt.date | None,
    ) -> None:
        """The request for extension filed with the court (norm verlenging-voorbereid: ten
        weeks before the end date, 001:2319-2322): before every registered extension, mostly on
        time; for a running measure also once its current end date comes near."""
        if not m.ends:
            return
        rng = self.gen._case_rng(self.c.no, f"extension-request:{m.id}")
        court = {"court": m.court} if m.court else {}
        lower = m.start
        for i, (when, new_end) in enumerate(extensions):
            day = self._request_day(rng, m.ends[i], lower, when)
            if day is not None:
                data = {"requested_end_date": new_end.isoformat(), **court}
                tl.add(day, "extension_requested", data)
            lower = when
        if m.end is None and lapse is None:
            day = self._request_day(rng, m.ends[-1], lower, m.ends[-1])
            if day is not None and day <= self.today and rng.random() < 0.9:
                tl.add(day, "extension_requested", dict(court))

    @staticmethod
    def _request_day(
        rng: random.Random, end: dt.date, after: dt.date, before: dt.date
    ) -> dt.date | None:
        """Mostly before the due date (end - 10 weeks), a minority late; strictly between the
        event that set the end date and the extension it asks for (None: no room)."""
        due = end - d(70)
        day = due - d(rng.randint(0, 40)) if rng.random() < 0.8 else due + d(rng.randint(1, 50))
        day = max(min(day, before - ONE_DAY), after + ONE_DAY)
        return day if after < day < before else None

    def _hp_decision(self, tl: Timeline, m: MPlan, final: dt.date) -> None:
        """The directorate's formal decision to work under the Handelingsperspectief in a case
        (001:563-572): mostly WSS OTS cases that start without a fixed worker; now and then a
        case elsewhere, and sometimes the decision is no. Not for VOTS and guardianship."""
        c = self.c
        if m.type != "11":
            return
        rng = self.gen._case_rng(c.no, f"hp:{m.id}")
        gi = c.gi_at(m.start)
        waiting = self.assignment_at(m.start)[0] != "vast"
        share = (0.75 if gi == "GI-WSS" else 0.05) if waiting else 0.0
        if rng.random() >= share:
            return
        day = m.start + d(rng.randint(2, 10))
        if day <= final:
            name = self.gen.orgs.get(gi, {}).get("name", gi)
            tl.add(
                day,
                "handelingsperspectief_decided",
                {"decision": rng.random() < 0.9, "decided_by": f"Directie {name}"},
            )

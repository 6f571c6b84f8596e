"""Assignments of the cases over time, and the child at two GIs (a part of DemoGenerator)."""

from __future__ import annotations

import random
from typing import Any

from ketenzicht.timeline.domain.state import add_months

from .model import Case, MPlan, Timeline
from .tables import DEMO_GI, DEMO_WORKERS, SECOND_GI
from .texts import UNASSIGN_REASONS
from .util import ONE_DAY, d


class AssignmentsMixin:
    """DemoGenerator: who is assigned to a case when; the child known at two GIs."""

    def _plan_assignments(self, c: Case) -> None:
        """The case's assignments over time as (date, kind, worker, team, note) entries, the
        last of which gives the assignment at the reference date (c.current)."""
        rng = self._case_rng(c.no, "assign")
        final = c.main[-1].end or self.today
        entries: list[tuple] = []
        segments = [(c.start, c.gi0, c.team0, c.handover[0] - ONE_DAY if c.handover else final)]
        if c.handover:
            segments.append((c.handover[1], c.gi1, c.team1, final))
        for si, (seg_start, gi, team, seg_end) in enumerate(segments):
            if si == 1:
                entries.append((c.handover[0], "handover", c.gi1, c.team1, c.handover[1]))
            if seg_start > seg_end:
                continue
            idt = self.idt[(gi, self._cluster(gi, c.muni))]
            delay = rng.choice((0, 0, 1, 1, 1, 2, 3))
            first = seg_start + d(min(delay, (seg_end - seg_start).days))
            last_segment = si == len(segments) - 1
            if last_segment and c.active:
                goal = c.current
            elif rng.random() < 0.08 and last_segment:
                goal = ("door",)
            else:
                goal = ("vast", self._random_worker(rng, team))
            span = (seg_end - first).days
            if goal[0] == "vast":
                r = rng.random()
                if r < 0.6 or span < 30:
                    entries.append((first, "vast", goal[1], None, None))
                elif r < 0.78:
                    wait = min(rng.randint(14, 120), span - 7)
                    entries.append((first, "door", None, idt, None))
                    entries.append((first + d(wait), "vast", goal[1], None, None))
                else:
                    before = self._random_worker(rng, team, exclude=goal[1])
                    change = first + d(rng.randint(7, span - 1))
                    entries.append((first, "vast", before, None, None))
                    if before == goal[1]:
                        continue
                    if rng.random() < 0.3 and (change - first).days > 20:
                        gap = rng.randint(7, min(30, (change - first).days - 1))
                        left = change - d(gap)
                        if rng.random() < 0.5:
                            entries.append((left, "none", None, None, rng.choice(UNASSIGN_REASONS)))
                        else:
                            entries.append((left, "door", None, idt, None))
                    entries.append((change, "vast", goal[1], None, None))
            elif goal[0] == "door":
                if span < 150 or rng.random() < 0.5:
                    entries.append((first, "door", None, idt, None))
                else:
                    moved = final - d(rng.randint(7, min(240, span - 7)))
                    entries.append((first, "vast", self._random_worker(rng, team), None, None))
                    entries.append((moved, "door", None, idt, None))
            else:  # nobody at the reference date
                if span < 120 and rng.random() < 0.6:
                    pass  # never assigned yet
                elif span < 20:
                    pass
                else:
                    left = final - d(rng.randint(7, min(200, span - 7)))
                    entries.append((first, "vast", self._random_worker(rng, team), None, None))
                    entries.append((left, "none", None, None, rng.choice(UNASSIGN_REASONS)))
        entries.sort(key=lambda e: e[0])
        c.assign = entries
        if not c.active:
            state = ("none",)
            for e in entries:
                state = {
                    "vast": ("vast", e[2]),
                    "door": ("door",),
                    "none": ("none",),
                    "handover": ("none",),
                }[e[1]]
            c.current = state

    # ------------------------------------------------------------------ a child at two GIs

    def _child_at_two_gis(self) -> None:
        """One child known at two GIs (issue 11, finding 4): a running OTS at Jeugdbescherming
        west (preferably of the demo jeugdzorgwerker) and a jeugdreclassering executed by the
        William Schrikker Stichting. Each GI's users see and act on their own measure only.
        Its own random stream, so no other case changes."""
        if SECOND_GI not in self.scale.national_gis:
            return
        own = ("vast", DEMO_WORKERS["jeugdzorgwerker"])
        candidates = [
            c
            for c in self.cases
            if c.active
            and c.gi0 == DEMO_GI
            and c.handover is None
            and c.main[-1].type == "11"
            and c.main[-1].end is None
            and 13 * 365 <= (self.today - c.birth).days < 17 * 365
            and (self.today - c.main[-1].start).days > 120
        ]
        candidates.sort(key=lambda c: (c.current != own, c.no))
        for c in candidates:
            key = (SECOND_GI, self._cluster(SECOND_GI, c.muni))
            if key not in self.cluster_teams:
                continue
            rng = self._case_rng(c.no, "second-gi")
            team = self._team_for(SECOND_GI, c.muni, c.u)
            if not self.team_workers.get(team):
                continue
            start = self.today - d(rng.randint(60, 150))
            m = MPlan(f"M-{c.no:06d}-{len(c.main) + 1}", "41", start)
            m.ends = [add_months(start, 12) - ONE_DAY]
            m.court = c.main[-1].court
            c.second = (m, SECOND_GI, team, self._random_worker(rng, team))
            return

    def _second_gi_timeline(self, c: Case, rng: random.Random) -> Timeline:
        """The other GI's measure: start, a fixed worker of its own team, first contact, safety
        estimate, plan of approach, a case discussion and contacts every three to five weeks."""
        m, gi, team, worker = c.second  # type: ignore[misc]
        tl = Timeline()
        start, today = m.start, self.today
        tl.add(
            start,
            "measure_started",
            {
                "ruling_date": m.ruling.isoformat(),
                "end_date": m.ends[0].isoformat(),
                "gi": gi,
                "team": team,
                "court": m.court,
            },
        )
        tl.add(start + d(1), "worker_assigned", {"assignment": "vast", "worker": worker})
        first = start + d(rng.randint(2, 4))
        tl.add(
            first,
            "first_contact",
            {"with_child": True, "with_parents": True, "mode": "face_to_face"},
        )
        tl.add(first, "safety_estimate", {"colour": "oranje"})
        plan = start + d(rng.randint(20, 40))
        tl.add(plan, "plan_of_approach", {"child_involved": True, "parents_involved": True})
        tl.add(
            start + d(rng.randint(45, 58)),
            "case_discussion",
            {"external_participant": False, "behavioural_scientist_present": True},
        )
        t = first + d(rng.randint(14, 21))
        while t <= today:
            alone = rng.random() < 0.85
            data: dict[str, Any] = {
                "present": ["jeugdige"] if alone else ["jeugdige", "moeder"],
                "child_spoken_alone": alone,
                "mode": "face_to_face",
                "location": rng.choice(("thuis", "kantoor", "school")),
            }
            if not alone:
                data["not_alone_reason"] = rng.choice(("weigert", "overig"))
            tl.add(t, "contact", data)
            t += d(rng.randint(21, 35))
        return tl

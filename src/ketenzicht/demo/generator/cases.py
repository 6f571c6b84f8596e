"""Planning the cases of the demo data (a part of DemoGenerator)."""

from __future__ import annotations

import datetime as dt
import random

from ketenzicht.timeline.domain.state import add_months

from .model import Case, MPlan
from .regions import Muni
from .tables import ACTIVE_KINDS, AGE_WEIGHTS, ENDED_KINDS, NATIONAL_GIS, NATIONAL_SHARE
from .util import ONE_DAY, d, pick


class CasePlanMixin:
    """DemoGenerator: one plan per case (kind, GI, municipality, extras)."""

    def _plan_cases(self) -> None:
        s = self.scale
        # Each active case has one main measure and, with a placement, a machtiging: aim at the
        # active measures, not the cases.
        n_active = round(s.active_measures / 1.12)
        n_ended = round(n_active * s.history_ratio)
        cases = []
        no = 0
        for active in [True] * n_active + [False] * n_ended:
            no += 1
            cases.append(self._plan_case(no, active))
        self.cases = cases

    def _case_rng(self, case_no: int, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.scale.name}:{case_no}:{purpose}")

    def _pick_gi(self, rng: random.Random, muni: Muni) -> str:
        r = rng.random()
        for gid in self.scale.national_gis:
            share = NATIONAL_SHARE[gid]
            if r < share:
                return gid
            r -= share
        return self.regional_gi[muni.jb_region]

    def _age_days(self, rng: random.Random, kind: str) -> int:
        weights = AGE_WEIGHTS[kind]
        years = pick(rng, {str(i): w for i, w in enumerate(weights)})
        return int(years) * 365 + rng.randrange(365)

    def _plan_case(self, no: int, active: bool) -> Case:
        rng = self._case_rng(no, "plan")
        c = Case(no, active)
        c.muni = self.muni_pick.pick(rng)
        c.gi0 = self._pick_gi(rng, c.muni)
        c.gi_kind = c.gi0 if c.gi0 in NATIONAL_GIS else "regional"
        kinds = ACTIVE_KINDS if active else ENDED_KINDS
        c.kind = pick(rng, kinds[c.gi_kind])
        c.sex = "f" if rng.random() < 0.48 else "m"
        c.u = rng.random()
        c.colour = pick(rng, {"rood": 15, "oranje": 45, "groen": 40})
        today = self.today
        c.final = today if active else today - d(rng.randint(1, self.scale.history_days))
        getattr(self, f"_plan_{c.kind}")(c, rng)
        c.start = c.main[0].start
        c.final = c.main[-1].end or today
        c.measures = list(c.main)
        if c.machtiging:
            c.measures.append(c.machtiging)
        for m in c.measures:
            m.court = self.court_of_region.get(c.muni.region, "RB-DH")
            if rng.random() < 0.2 and m.type != "72":
                m.ruling = m.start - d(rng.choice((1, 2, 3, 7)))
        self._plan_extras(c, rng)
        return c

    # Measures are numbered per case: M-<case>-<n>.
    def _new_measure(self, c: Case, mtype: str, start: dt.date) -> MPlan:
        m = MPlan(
            f"M-{c.no:06d}-{len(c.main) + 1 + (1 if mtype == '72' else 0) * 10}", mtype, start
        )
        return m

    def _periods(
        self,
        m: MPlan,
        rng: random.Random,
        until: dt.date,
        cap: dt.date | None = None,
        extend_months: int = 12,
    ) -> None:
        """Ruling periods from m.start until `until` is covered (extensions before each end)."""
        if not m.ends:
            months = 12 if rng.random() < 0.8 else rng.choice((6, 9))
            first = add_months(m.start, months) - ONE_DAY
            if cap is not None:
                first = min(first, cap)
            m.ends = [max(first, m.start + ONE_DAY)]
        while m.ends[-1] < until:
            old = m.ends[-1]
            months = extend_months if rng.random() < 0.85 else 6
            new = add_months(old, months)
            if cap is not None:
                new = min(new, cap)
            if new <= old:
                break
            lower = (m.ext_dates[-1] if m.ext_dates else m.start) + ONE_DAY
            ext = max(old - d(rng.randint(1, 30)), lower)
            if ext > old:
                break
            m.ext_dates.append(ext)
            m.ends.append(new)

    def _stay_muni(self, rng: random.Random, muni: Muni) -> Muni:
        r = rng.random()
        if r < 0.6:
            return muni
        if r < 0.88:
            return self.by_region[muni.region].pick(rng)
        table = self.by_jb_region.get(muni.jb_region)
        return (table or self.pool_pick).pick(rng) if r < 0.95 else self.pool_pick.pick(rng)

    def _plan_extras(self, c: Case, rng: random.Random) -> None:
        if not hasattr(c, "placement"):
            c.placement = "thuis"
        c.stay = c.muni if c.placement == "thuis" else self._stay_muni(rng, c.muni)
        if c.placement == "zelfstandig":
            c.stay = c.muni
        first_main = c.main[0]
        final = c.main[-1].end or self.today
        starts = {m.start for m in c.measures}
        # Handover between GIs, now and then.
        if rng.random() < 0.025 and (final - first_main.start).days > 150:
            when = first_main.start + d(rng.randint(60, (final - first_main.start).days - 30))
            while when in starts:
                when += ONE_DAY
            if when < final:
                if c.gi0 == "GI-WSS" or c.gi0 == "GI-LJR":
                    to = self.regional_gi[c.muni.jb_region]
                else:
                    others = [g for g in self.scale.national_gis if g != c.gi0]
                    to = others[0] if others else None
                if to and to != c.gi0:
                    received = min(when + d(rng.randint(0, 14)), final, self.today)
                    c.handover = (when, received, to)
                    c.gi1 = to
        # The family moves to another municipality, now and then.
        if rng.random() < 0.04 and (final - first_main.start).days > 60:
            when = first_main.start + d(rng.randint(30, (final - first_main.start).days))
            new = self.by_jb_region[c.muni.jb_region].pick(rng)
            if new.code != c.muni.code and when <= final:
                placed = c.placement != "thuis" or (c.place and c.place[0] <= when)
                c.residence = (when, new.code, None if placed else new.code)
        # Household present at home visits.
        c.adults = rng.choice(
            (("moeder",), ("moeder",), ("moeder", "vader"), ("vader",), ("moeder",), ("ouder",))
        )
        flags = []
        if rng.random() < 0.12:
            flags.append("miss_alone")
        c.flags = tuple(flags)

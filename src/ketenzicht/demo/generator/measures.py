"""Planning the measures of a case: OTS, machtiging, VOTS, voorlopige voogdij, voogdij and
jeugdreclassering (a part of DemoGenerator)."""

from __future__ import annotations

import datetime as dt
import random

from ketenzicht.timeline.domain.state import add_months

from .model import Case, MPlan
from .tables import JR_TYPES
from .util import ONE_DAY, birthday, d, pick, years_ago


class MeasurePlanMixin:
    """DemoGenerator: the measures of a case, their terms and ends."""

    def _sample_ots_length(self, rng: random.Random, active: bool) -> int:
        r = rng.random()
        if active:
            return (
                rng.randint(0, 364)
                if r < 0.45
                else rng.randint(365, 1094)
                if r < 0.8
                else rng.randint(1095, 2190)
            )
        return (
            rng.randint(60, 364)
            if r < 0.4
            else rng.randint(365, 1094)
            if r < 0.8
            else rng.randint(1095, 2190)
        )

    def _young_enough(
        self, rng: random.Random, birth: dt.date, horizon: dt.date, start: dt.date
    ) -> dt.date:
        """`birth`, or a later one when the child would turn 18 within a month of `horizon`
        (a protection measure ends at 18); never after `start`."""
        if birthday(birth, 18) > horizon + d(30):
            return birth
        later = years_ago(horizon, 18) + d(rng.randint(31, 700))
        return min(later, start)

    def _plan_ots(
        self,
        c: Case,
        rng: random.Random,
        until: dt.date | None = None,
        reason: str | None = None,
        birth: dt.date | None = None,
        placed: bool = False,
    ) -> None:
        """An OTS, possibly preceded by a VOTS. With `until`, `reason` and `birth` (a voogdij
        case) the OTS ends on `until` with that reason, with an out-of-home placement when
        `placed`."""
        today = self.today
        age = self._age_days(rng, "ots")
        if until is not None:
            end_target: dt.date | None = until
            length = rng.randint(365, 1100)
        elif c.active:
            end_target = None
            length = self._sample_ots_length(rng, True)
        else:
            end_target = c.final
            length = self._sample_ots_length(rng, False)
        horizon = end_target or today
        if reason is None and not c.active:
            reason = pick(rng, {"04": 56, "03": 14, "02": 14, "01": 12, "06": 0.3})
        if birth is not None:
            length = max(0, min(length, (horizon - birth).days - 30))
        elif reason == "01":
            # The OTS ends on the day before the 18th birthday.
            birth = years_ago(horizon + ONE_DAY, 18)
            length = max(0, min(length, (horizon - birth).days - 30))
        else:
            birth = horizon - d(age + length)
            if birthday(birth, 18) <= horizon + d(30):
                birth = years_ago(horizon, 18) + d(rng.randint(31, 3 * 365))
                length = max(0, min(length, (horizon - birth).days - 1))
        start = horizon - d(length)
        c.birth = birth
        if rng.random() < 0.15 and (start - birth).days > 100:
            v_len = rng.randint(14, 85)
            vstart = start - d(v_len + 1)
            vots = self._new_measure(c, "12", vstart)
            vots.ends = [add_months(vstart, 3) - ONE_DAY]
            vots.end, vots.reason = start - ONE_DAY, "07"
            c.main.append(vots)
        ots = self._new_measure(c, "11", start)
        cap = birthday(birth, 18) - ONE_DAY
        self._periods(ots, rng, horizon, cap=cap)
        if end_target is not None:
            end = end_target
            if reason in ("03", "04"):
                # The term ran out (04) or the extension was refused (03): the planned end.
                end = ots.ends[-1]
                if end >= today:
                    reason, end = "02", end_target
            ots.end, ots.reason = end, reason
        c.main.append(ots)
        # Out-of-home placement with a machtiging uithuisplaatsing, for about a third.
        final = ots.end or today
        if (placed or rng.random() < 0.3) and (final - start).days > 20:
            crisis = rng.random() < 0.2
            when = start if crisis else start + d(rng.randint(14, (final - start).days))
            ptype = self._placement(
                rng, {"pleeggezin": 55, "gezinshuis": 18, "residentieel": 27}, (when - birth).days
            )
            home = None
            if until is None and rng.random() < 0.4:
                home = when + d(rng.randint(120, 720))
                if home > final:
                    home = None
            c.place = (when, ptype, self._stay_muni(rng, c.muni).code, home)
            self._plan_machtiging(c, rng, ots, when, home, crisis)

    def _plan_machtiging(
        self,
        c: Case,
        rng: random.Random,
        ots: MPlan,
        placed: dt.date,
        home: dt.date | None,
        crisis: bool,
    ) -> None:
        mstart = placed if crisis else max(ots.start, placed - d(rng.randint(0, 10)))
        m = MPlan(f"M-{c.no:06d}-{len(c.main) + 10}", "72", mstart)
        m.related = ots.id
        ots_final = ots.ends[-1]
        first = min(ots.planned_end_at(mstart), add_months(mstart, 12) - ONE_DAY)  # type: ignore
        m.ends = [max(first, mstart + ONE_DAY)]
        if home is not None and (ots.end is None or home < ots.end):
            until, reason = home, "02"
        elif ots.end is not None:
            until = ots.end
            reason = ots.reason if ots.reason in ("01", "02", "03", "04", "05") else "04"
        else:
            until, reason = self.today, None
        self._periods(m, rng, until, cap=ots_final)
        if reason is not None:
            m.end, m.reason = until, reason
            if reason in ("03", "04") and m.end < m.ends[-1]:
                m.reason = "02"
        if m.ends[-1] < until:  # could not cover the period: stop at its planned end
            m.end, m.reason = m.ends[-1], "03"
        c.machtiging = m

    @staticmethod
    def _placement(rng: random.Random, weights: dict[str, float], age_days: int) -> str:
        """A type of out-of-home placement; young children go to a foster family or family
        home, not to a residential group."""
        if age_days < 4 * 365:
            weights = {k: w for k, w in weights.items() if k != "residentieel"}
        return pick(rng, weights)

    def _plan_vots(self, c: Case, rng: random.Random) -> None:
        today = self.today
        age = self._age_days(rng, "vots")
        if c.active:
            start = today - d(rng.randint(0, 85))
        else:
            start = c.final - d(rng.randint(14, 88))
        horizon = today if c.active else c.final
        c.birth = self._young_enough(rng, start - d(age), horizon, start)
        m = self._new_measure(c, "12", start)
        m.ends = [add_months(start, 3) - ONE_DAY]
        if not c.active:
            m.end = min(c.final, m.ends[0])
            m.reason = pick(rng, {"02": 50, "04": 35, "03": 15})
            if m.reason in ("03", "04"):
                m.end = m.ends[0]
                if m.end >= today:
                    m.end, m.reason = c.final, "02"
        c.main.append(m)

    def _plan_vv(self, c: Case, rng: random.Random) -> None:
        today = self.today
        age = self._age_days(rng, "vv")
        if c.active:
            start = today - d(rng.randint(0, 150))
        else:
            start = c.final - d(rng.randint(20, 200))
        horizon = today if c.active else c.final
        c.birth = self._young_enough(rng, start - d(age), horizon, start)
        m = self._new_measure(c, "22", start)
        if not c.active:
            m.end, m.reason = c.final, pick(rng, {"14": 60, "99": 40})
        c.main.append(m)
        c.placement = self._placement(
            rng, {"pleeggezin": 60, "residentieel": 25, "gezinshuis": 15}, (start - c.birth).days
        )

    def _plan_voogdij(self, c: Case, rng: random.Random) -> None:
        today = self.today
        age = self._age_days(rng, "voogdij")
        if c.active:
            span = min(age - 30, 9 * 365) if age > 60 else 0
            length = int(span * rng.random() ** 1.3)
            start = today - d(length)
            birth = start - d(age - length) if age > length else start - d(rng.randint(30, 300))
            if birthday(birth, 18) <= today:
                birth = years_ago(today, 17) - d(rng.randint(0, 300))
                start = max(start, birth + d(30))
            reason = None
        else:
            reason = pick(rng, {"11": 62, "12": 18, "13": 4, "14": 12, "15": 0.3})
            length = rng.randint(180, 6 * 365)
            if reason == "11":
                birth = years_ago(c.final + ONE_DAY, 18)
                length = min(length, (c.final - birth).days - 60)
            else:
                birth = c.final - d(length + age)
                if birthday(birth, 18) <= c.final:
                    birth = years_ago(c.final, 17) - d(rng.randint(0, 200))
                    length = min(length, (c.final - birth).days - 60)
            start = c.final - d(max(length, 30))
        c.birth = birth
        r = rng.random()
        if r < 0.18 and (start - birth).days > 500:
            # OTS ended by a gezagsbeëindigende maatregel (05), then voogdij.
            self._plan_ots(c, rng, until=start - ONE_DAY, reason="05", birth=birth, placed=True)
            c.placement = "thuis"
        elif r < 0.28 and (start - birth).days > 130:
            vv_len = rng.randint(30, 120)
            vv = self._new_measure(c, "22", start - d(vv_len + 1))
            vv.end, vv.reason = start - ONE_DAY, "99"
            c.main.append(vv)
            c.placement = self._placement(
                rng,
                {"pleeggezin": 65, "residentieel": 20, "gezinshuis": 15},
                (vv.start - birth).days,
            )
        else:
            c.placement = pick(
                rng,
                {
                    "pleeggezin": 62,
                    "gezinshuis": 15,
                    "residentieel": 13,
                    "thuis": 6,
                    "zelfstandig": 4,
                },
            )
            if c.placement == "zelfstandig" and (today - birth).days < 16 * 365:
                c.placement = "pleeggezin"
            if c.placement == "residentieel" and (start - birth).days < 4 * 365:
                c.placement = "pleeggezin"
        m = self._new_measure(c, "21", start)
        if not c.active:
            m.end, m.reason = c.final, reason
        c.main.append(m)
        # A change of placement (e.g. foster family to family home) for some.
        final = m.end or today
        if c.place is None and rng.random() < 0.15 and (final - start).days > 120:
            placed = start + d(rng.randint(60, (final - start).days))
            ptype = self._placement(
                rng, {"gezinshuis": 50, "residentieel": 30, "pleeggezin": 20}, (placed - birth).days
            )
            c.place = (placed, ptype, self._stay_muni(rng, c.muni).code, None)

    def _plan_jr(self, c: Case, rng: random.Random) -> None:
        today = self.today
        age = self._age_days(rng, "jr")
        if c.active:
            length = rng.randint(0, 420)
            start = today - d(length)
        else:
            length = rng.randint(90, 540)
            start = c.final - d(length)
        c.birth = start - d(age)
        mtype = pick(rng, dict(JR_TYPES))
        m = self._new_measure(c, mtype, start)
        m.ends = [add_months(start, rng.choice((6, 9, 12))) - ONE_DAY]
        horizon = today if c.active else c.final
        self._periods(m, rng, horizon, extend_months=6)
        if not c.active:
            reason = pick(rng, {"21": 60, "22": 18, "23": 6, "24": 10, "25": 6})
            if reason == "23" and (c.final - c.birth).days < 18 * 365:
                reason = "21"
            m.end = c.final
            if reason == "21":
                m.end = m.ends[-1]
                if m.end >= today:
                    m.end, reason = c.final, "22"
            m.reason = reason
        c.main.append(m)
        c.placement = "zelfstandig" if age >= 18 * 365 and rng.random() < 0.3 else "thuis"

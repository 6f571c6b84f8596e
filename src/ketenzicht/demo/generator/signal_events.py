"""Signals of unsafety, their follow-up, and escalations (a part of CaseContext)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ketenzicht.timeline.domain.codes import RUIS_FLAGS

from .model import MPlan, Timeline
from .texts import ESCALATIONS, SIGNALS
from .util import d, pick


class SignalEventsMixin:
    """CaseContext: signals, follow-up and escalations."""

    def _signals(self, tl: Timeline, m: MPlan, start: dt.date, final: dt.date) -> None:
        c, rng = self.c, self.rng
        span = (final - start).days
        forced = "signal_open" in c.flags and m is c.main[-1]
        n = 0
        if span > 20:
            n = 0 if rng.random() < 0.75 else 1 if rng.random() < 0.8 else 2
        days = sorted(start + d(rng.randint(14, span)) for _ in range(n))
        for i, when in enumerate(days + ([self.today - d(rng.randint(2, 12))] if forced else [])):
            if when > final:
                continue
            source, severity, text = rng.choice(SIGNALS)
            data: dict[str, Any] = {"source": source, "severity": severity, "description": text}
            state = self.assignment_at(when)
            if state[0] == "vast" and rng.random() < 0.8:
                data["received_by"] = state[1]
            signal = tl.add(when, "unsafety_signal", data)
            last = forced and i == len(days)
            r = rng.random()
            if last or r > 0.9:
                continue  # no follow-up
            follow = when + d(rng.randint(0, 4) if r < 0.8 else rng.randint(8, 30))
            if follow > final:
                continue
            if rng.random() < 0.6:
                tl.add(
                    follow,
                    "safety_assessment",
                    {
                        "with_behavioural_scientist": True,
                        "colour": pick(rng, {"rood": 35, "oranje": 45, "groen": 20}),
                        "signal": signal,
                    },
                )
            else:
                tl.add(
                    follow,
                    "case_discussion",
                    {
                        "external_participant": rng.random() < 0.4,
                        "behavioural_scientist_present": True,
                        "signal": signal,
                    },
                )
        self._crisis_events(tl, m, start, final)

    def _crisis_events(self, tl: Timeline, m: MPlan, start: dt.date, final: dt.date) -> None:
        """Issue 6: a few ruisdossiers and repeated signals (tegenkracht needed, mostly given)
        and escalations along the demo AVE ladder (demo/crisis.py). Its own random stream, so
        the other draws of the demo do not shift."""
        c = self.c
        rng = self.gen._case_rng(c.no, "crisis")
        if m is not c.main[-1] or final < self.today or (self.today - start).days < 90:
            return
        final = self.today
        r = rng.random()
        if r < 0.08:
            first = start + d(rng.randint(20, (final - start).days - 45))
            if r < 0.04:  # a ruisdossier, then a signal
                flags = rng.sample(sorted(RUIS_FLAGS), rng.randint(1, 2))
                tl.add(first, "ruis_flags_set", {"flags": flags})
            else:  # a first signal, then another one within weeks
                source, severity, text = rng.choice(SIGNALS)
                data = {"source": source, "severity": severity, "description": text}
                tl.add(first, "unsafety_signal", data)
            when = first + d(rng.randint(3, 40))
            source, severity, text = rng.choice(SIGNALS)
            data = {"source": source, "severity": severity, "description": text}
            signal = tl.add(when, "unsafety_signal", data)
            follow = when + d(rng.randint(1, 12))
            if rng.random() < 0.7 and follow <= final:
                tl.add(
                    follow,
                    "case_discussion",
                    {
                        "external_participant": True,
                        "behavioural_scientist_present": True,
                        "signal": signal,
                    },
                )
        if rng.random() < 0.05:
            when = self.today - d(rng.randint(2, 80))
            if when <= start:
                return
            tl.add(when, "escalated", {"rung": "teamleider", "reason": rng.choice(ESCALATIONS)})
            for rung in ("gebiedsmanager", "bestuur"):
                when = when + d(rng.randint(1, 10))
                if rng.random() > 0.35 or when > self.today:
                    break
                tl.add(when, "escalated", {"rung": rung, "reason": rng.choice(ESCALATIONS)})

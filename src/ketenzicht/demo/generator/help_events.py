"""Help: requests, municipality consultations, waiting, intake, priority, the expert table,
ruisdossiers (a part of CaseContext)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ketenzicht.timeline.domain.codes import RUIS_FLAGS

from .model import Ev, MPlan, Timeline
from .tables import CARE_HELP, JR_HELP, PLACEMENT_HELP
from .texts import (
    CONSULTATION_REMARKS,
    EXPERT_DECISIONS,
    EXPERT_REASONS,
    HELP_END_REASONS,
    PRIORITY_REASONS,
    RUIS_REMARKS,
)
from .util import d, pick


class HelpEventsMixin:
    """CaseContext: help chains, placements and waiting."""

    def _help(
        self, tl: Timeline, m: MPlan, start: dt.date, final: dt.date, probation: bool
    ) -> None:
        c, rng = self.c, self.rng
        place = c.place
        if place and start <= place[0] <= final and not probation:
            help_type = PLACEMENT_HELP[place[1]]
            self._help_chain(tl, start, final, help_type, started=place[0], placement=place)
        if m.type in ("21", "22") and self.placement_at(start) in PLACEMENT_HELP:
            # The placement of a child under guardianship continues: registered at the start,
            # after consulting the municipality.
            help_type = PLACEMENT_HELP[self.placement_at(start)]
            cons = tl.add(
                start,
                "municipality_consultation",
                {"municipality": self.responsible_at(start), "help_type": help_type},
            )
            answer_day = start + d(self._waiting_rng().randint(1, 14))
            if answer_day <= min(final, self.today):
                tl.add(
                    answer_day,
                    "municipality_consultation_answer",
                    {"consultation": cons, "answer": "akkoord"},
                )
            tl.add(
                start,
                "help_started",
                {"help_type": help_type, "provider": self.provider(help_type)},
            )
        lvb = c.final_gi == "GI-WSS"
        n = 0 if rng.random() < 0.15 else 1 if rng.random() < 0.65 else 2
        if m.type == "12":
            n = 0  # a VOTS lasts weeks; help is arranged under the OTS that follows
        if "help_waiting" in c.flags and m is c.main[-1]:
            req = self.today - d(rng.randint(100, 180))
            if req >= start:
                self._help_chain(
                    tl, start, final, "lvb" if lvb else "jggz", request=req, started=None
                )
        for i in range(n):
            if probation:
                help_type = rng.choice(JR_HELP)
            elif lvb and rng.random() < 0.5:
                help_type = "lvb"
            else:
                help_type = rng.choice(CARE_HELP)
            # The first help is asked for in the first weeks; appropriate help starts within
            # three months for most (norm 2.2), a minority waits longer (002:125-135).
            req = start + d(rng.randint(3, 35) if i == 0 else rng.randint(60, 300))
            if req > final:
                continue
            wait = rng.randint(10, 60) if rng.random() < 0.72 else rng.randint(91, 300)
            self._help_chain(tl, start, final, help_type, request=req, started=req + d(wait))

    def _help_chain(
        self,
        tl: Timeline,
        start: dt.date,
        final: dt.date,
        help_type: str,
        *,
        started: dt.date | None,
        request: dt.date | None = None,
        placement: tuple | None = None,
    ) -> None:
        rng = self.rng
        if request is None:
            request = max(start, started - d(rng.randint(7, 60)))  # type: ignore[operator]
        if request > final:
            return
        provider = self.provider(help_type)
        req_data: dict[str, Any] = {"help_type": help_type}
        if rng.random() < 0.6:
            req_data["provider"] = provider
        if placement is not None and placement[0] == start or rng.random() < 0.12:
            req_data["urgent"] = True
        req = tl.add(request, "help_requested", req_data)
        # Consultation of the municipality (norm 2.3), mostly before the help starts.
        if rng.random() < 0.92:
            consult_day = request + d(rng.randint(0, 14))
            if consult_day <= final:
                cons = tl.add(
                    consult_day,
                    "municipality_consultation",
                    {
                        "municipality": self.responsible_at(consult_day),
                        "help_type": help_type,
                        "request": req,
                    },
                )
                answer_day = consult_day + d(rng.randint(1, 21))
                if answer_day <= final:
                    answer = pick(
                        rng,
                        {
                            "akkoord": 76,
                            "akkoord_met_voorwaarden": 12,
                            "alternatief": 7,
                            "niet_akkoord": 5,
                        },
                    )
                    data = {"consultation": cons, "answer": answer}
                    if answer in CONSULTATION_REMARKS:
                        data["remark"] = CONSULTATION_REMARKS[answer]
                    tl.add(answer_day, "municipality_consultation_answer", data)
                    if answer == "niet_akkoord" and placement is None:
                        return
        self._waiting_for_help(tl, req, request, started, final, provider)
        if started is None or started > final:
            return  # still waiting
        begun = tl.add(
            started, "help_started", {"help_type": help_type, "provider": provider, "request": req}
        )
        if placement is not None:
            tl.add(
                started,
                "placement_changed",
                {"placement_type": placement[1], "stay_municipality": placement[2]},
            )
            home = placement[3]
            if home is not None and home <= final:
                tl.add(home, "help_ended", {"help": begun, "reason": HELP_END_REASONS[0]})
                tl.add(
                    home,
                    "placement_changed",
                    {"placement_type": "thuis", "stay_municipality": self.responsible_at(home)},
                )
            elif (
                self.c.main[-1].end is not None
                and final == self.c.main[-1].end
                and (self.c.main[-1].type not in ("21", "22"))
            ):
                tl.add(final, "help_ended", {"help": begun, "reason": "Maatregel beëindigd"})
            return
        ended = started + d(rng.randint(90, 450))
        if ended <= final:
            tl.add(
                ended,
                "help_ended",
                {
                    "help": begun,
                    "reason": pick(
                        rng,
                        {HELP_END_REASONS[0]: 60, HELP_END_REASONS[1]: 20, HELP_END_REASONS[2]: 20},
                    ),
                },
            )
        elif final < self.today:
            tl.add(final, "help_ended", {"help": begun, "reason": "Maatregel beëindigd"})

    def _waiting_rng(self) -> random.Random:
        """A separate random stream for the waiting events (intake, priority, expert table,
        ruisdossier), so that adding them shifts none of the case's other draws."""
        rng = getattr(self, "_wrng", None)
        if rng is None:
            rng = self._wrng = self.gen._case_rng(self.c.no, "waiting")
        return rng

    def _waiting_for_help(
        self,
        tl: Timeline,
        req: Ev,
        request: dt.date,
        started: dt.date | None,
        final: dt.date,
        provider: str,
    ) -> None:
        """Intake, priority as schadelijk wachtende and the Experttafel Complexe Zorg for one
        help request (002:149-155, 004:185-200)."""
        rng = self._waiting_rng()
        end = min(final, self.today)
        waits = started is None or started > end
        if not waits:
            span = (started - request).days  # type: ignore[operator]
            if span > 3 and rng.random() < 0.75:
                intake = request + d(rng.randint(1, max(1, span - 1)))
                tl.add(intake, "help_intake", {"request": req, "provider": provider})
            return
        waited = (end - request).days
        if waited > 10 and rng.random() < 0.5:
            intake = request + d(rng.randint(7, min(60, waited)))
            tl.add(intake, "help_intake", {"request": req, "provider": provider})
        if final < self.today:
            return  # the measure ended while the child waited
        if waited > 75 and rng.random() < 0.55:
            when = request + d(rng.randint(60, min(waited, 150)))
            tl.add(when, "help_priority", {"request": req, "reason": rng.choice(PRIORITY_REASONS)})
        if waited > 110 and rng.random() < 0.3:
            registered = request + d(rng.randint(90, waited))
            meeting = registered + d(rng.randint(7, 28))
            reason = rng.choice(EXPERT_REASONS)
            reg = tl.add(
                registered,
                "expert_table_registered",
                {"reason": reason, "request": req, "meeting_date": meeting.isoformat()},
            )
            if meeting <= self.today:
                decision, help_type = rng.choice(EXPERT_DECISIONS)
                tl.add(
                    meeting,
                    "expert_table_decision",
                    {"registration": reg, "decision": decision, "help_type": help_type},
                )

    def _waiting_case(
        self, tl: Timeline, m: MPlan, start: dt.date, final: dt.date, probation: bool
    ) -> None:
        """Ruisdossiers (001:4098-4122): some protection cases get their flags, a few of them
        are cleared after the extra safety check; cases waiting for a worker more often. A case
        waiting for a worker now also gets a recent safety re-estimate by the in- en
        doorstroomteam (the team's periodic check), so the waiting list shows every colour."""
        if probation or m is not self.c.main[-1] or (final - start).days < 40:
            return
        rng = self._waiting_rng()
        waiting = self.c.active and self.c.current[0] != "vast"
        if waiting and rng.random() < 0.6:
            when = max(start, self.today - d(rng.randint(3, 30)))
            colour = pick(rng, {"rood": 40, "oranje": 35, "groen": 25})
            if when <= final:  # not after a lapsed measure's end (the draws stay the same)
                tl.add(when, "safety_estimate", {"colour": colour})
        if rng.random() >= (0.35 if waiting else 0.04):
            return
        when = start + d(rng.randint(30, (final - start).days))
        flags = rng.sample(sorted(RUIS_FLAGS), rng.choice((1, 1, 2)))
        tl.add(when, "ruis_flags_set", {"flags": flags, "remark": rng.choice(RUIS_REMARKS)})
        cleared = when + d(rng.randint(20, 120))
        if not waiting and cleared <= final and rng.random() < 0.3:
            tl.add(
                cleared,
                "ruis_flags_set",
                {"remark": "Extra veiligheidscheck gedaan; geen ruisdossier meer."},
            )

"""Contacts with the child and corrections of them (a part of CaseContext)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .model import Ev, MPlan, Timeline
from .texts import CORRECTION_REASONS
from .util import d, pick


class ContactEventsMixin:
    """CaseContext: contacts every few weeks, and a few corrected ones."""

    def _contacts(
        self,
        tl: Timeline,
        m: MPlan,
        begin: dt.date,
        final: dt.date,
        probation: bool,
        guardianship: bool,
    ) -> None:
        c, rng = self.c, self.rng
        miss_alone = "miss_alone" in c.flags
        alone_p = 0.05 if miss_alone else 0.88
        t = begin + d(rng.randint(7, 21))
        stable = m.start + d(365)  # a guardianship in a stable placement needs fewer visits
        contacts: list[Ev] = []
        while t <= final:
            state = self.assignment_at(t)
            if state[0] == "vast":
                interval = (
                    rng.randint(28, 49) if guardianship and t > stable else rng.randint(21, 42)
                )
                mode = pick(rng, {"face_to_face": 84, "telefoon": 9, "video": 7})
            elif state[0] == "door":
                interval = rng.randint(32, 44)
                mode = pick(rng, {"telefoon": 60, "video": 15, "face_to_face": 25})
            else:
                interval = rng.randint(60, 150)
                mode = pick(rng, {"telefoon": 70, "face_to_face": 30})
            contacts.append(tl.add(t, "contact", self._contact_data(t, mode, alone_p, probation)))
            t += d(interval)
        # A contact wrongly registered as "child spoken alone", corrected, then registered again
        # as it happened (001:2727-2735).
        if contacts and rng.random() < 0.03:
            wrong = contacts[rng.randrange(len(contacts))]
            placement = self.placement_at(wrong.date)
            adult = (
                "pleegouder"
                if placement in ("pleeggezin", "gezinshuis")
                else ("hulpverlener" if placement in ("residentieel", "gesloten") else c.adults[0])
            )
            wrong.data = {
                "present": ["jeugdige"],
                "child_spoken_alone": True,
                "mode": "face_to_face",
                "location": wrong.data["location"],
            }
            when = min(wrong.date + d(rng.randint(1, 10)), final)
            reason = (
                CORRECTION_REASONS[2]
                if adult == "pleegouder"
                else rng.choice(CORRECTION_REASONS[:2])
            )
            tl.add(when, "correction", {"corrects": wrong, "reason": reason}, reg=when)
            tl.add(
                wrong.date,
                "contact",
                {
                    "present": ["jeugdige", adult],
                    "child_spoken_alone": False,
                    "not_alone_reason": "kind_sliep" if "sliep" in reason else "overig",
                    "mode": "face_to_face",
                    "location": wrong.data["location"],
                },
                reg=when,
            )

    def _contact_data(
        self, t: dt.date, mode: str, alone_p: float, probation: bool
    ) -> dict[str, Any]:
        rng = self.rng
        age = self.age_at(t)
        placement = self.placement_at(t)
        if placement in ("pleeggezin", "gezinshuis"):
            adults, home = ["pleegouder"], "verblijfplaats"
        elif placement in ("residentieel", "gesloten"):
            adults, home = ["hulpverlener"], "verblijfplaats"
        elif placement == "zelfstandig":
            adults, home = [], "verblijfplaats"
        else:
            adults, home = list(self.c.adults), "thuis"
        r = rng.random()
        can_alone = age >= 4 and mode != "telefoon"
        if mode == "face_to_face":
            location = home
        else:
            location = "kantoor"
        if can_alone and r < alone_p:
            if mode == "face_to_face":
                location = pick(
                    rng,
                    {
                        home: 50,
                        "school": 25 if 5 <= age < 18 else 0,
                        "kantoor": 30 if probation else 10,
                        "elders": 8,
                    },
                )
            return {
                "present": ["jeugdige"],
                "child_spoken_alone": True,
                "mode": mode,
                "location": location,
            }
        if r < alone_p + (1 - alone_p) * 0.55 and (mode != "telefoon" or age >= 12):
            present = ["jeugdige", *adults] if adults else ["jeugdige", "hulpverlener"]
            if rng.random() < 0.05:
                present.append("tolk")
            if rng.random() < 0.06 and "broer_zus" not in present:
                present.append("broer_zus")
            if age < 4:
                reason = "te_jong"
            else:
                reason = pick(
                    rng,
                    {
                        "overig": 45,
                        "ouder_weigert": 18,
                        "weigert": 20,
                        "kind_sliep": 10 if age < 10 and home == "thuis" else 0,
                        "te_jong": 0,
                    },
                )
            return {
                "present": present,
                "child_spoken_alone": False,
                "not_alone_reason": reason,
                "mode": mode,
                "location": location,
            }
        present = adults or ["hulpverlener"]
        return {
            "present": list(present),
            "child_spoken_alone": False,
            "not_alone_reason": "niet_aanwezig",
            "mode": mode,
            "location": location,
        }

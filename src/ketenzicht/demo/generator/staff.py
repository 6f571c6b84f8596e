"""Staff history of the demo data (issue 17; a part of DemoGenerator): when each jeugdzorgwerker
came, fte changes, sick leave and leave, and the colleagues who left (with the vacancies they
left behind), over the three years before the reference date.

The story the seeds tell (002:16-20, 001:4257-4259): raised turnover and too little inflow, a
sick-leave peak in the winter a year before the reference date, then a hiring wave (partly
zij-instromers in opleiding) some eight to eleven months before it. Former workers are extra
worker records after the current ones; staff facts come after every other record. Everything
here draws from its own random generator, so the records of the other kinds are exactly what
they were before issue 17.
"""

from __future__ import annotations

import datetime as dt
import random

from .util import Record, d

LEAVE_REASONS = (("eigen_verzoek", 65), ("einde_contract", 15), ("pensioen", 8), ("ontslag", 4))
LEAVE_REASONS += (("overig", 8),)
TURNOVER_PER_YEAR = 0.17  # leavers per jeugdzorgwerker per year (raised; 002:16-20)


class StaffMixin:
    """DemoGenerator: `former_worker_records` and `staff_records`."""

    def _staff_plan(self) -> None:
        if getattr(self, "_staff", None) is not None:
            return
        self._build()
        rng = random.Random(f"staff:{self.seed}:{self.scale.name}")
        today: dt.date = self.today
        start = today.replace(year=today.year - 3, day=1)
        self._former: list[Record] = []
        facts: list[Record] = []
        counter = {"n": 0}

        def fact(org: str, ftype: str, day: dt.date, **fields) -> str:
            counter["n"] += 1
            fid = f"PF-{org.removeprefix('GI-')}-{counter['n']:06d}"
            rec: Record = {"kind": "staff_event", "id": fid, "organisation": org, "type": ftype}
            rec["date"] = day.isoformat()
            rec.update({k: v for k, v in fields.items() if v is not None})
            facts.append(rec)
            return fid

        jzw = [w for w in self.workers if w.role == "jeugdzorgwerker" and w.team]
        for w in jzw:
            u = rng.random()
            function = "jeugdzorgwerker"
            if u < 0.25:  # the hiring wave
                hired = today - d(rng.randint(240, 330))
                if rng.random() < 0.4:
                    function = "in_opleiding"
            elif u < 0.40:
                hired = start + d(rng.randint(0, (today - start).days - 400))
            else:
                hired = start - d(rng.randint(30, 3000))
            fte0 = w.fte
            if rng.random() < 0.15 and hired < today - d(400):
                fte0 = min(1.0, round(w.fte + 0.2, 1))
            fact(w.org, "in_dienst", hired, worker=w.id, team=w.team, fte=fte0, function=function)
            if function == "in_opleiding" and hired + d(180) < today:
                fact(
                    w.org,
                    "functie_gewijzigd",
                    hired + d(180),
                    worker=w.id,
                    function="jeugdzorgwerker",
                )
            if fte0 != w.fte:
                fact(
                    w.org, "fte_gewijzigd", today - d(rng.randint(60, 380)), worker=w.id, fte=w.fte
                )
            self._absences(rng, fact, w.org, w.id, max(hired, start), today, today)
        # Colleagues who left, and their vacancies.
        teams = sorted({(w.org, w.team) for w in jzw})
        per_team = {t: sum(1 for w in jzw if (w.org, w.team) == t) for t in teams}
        for org, team in teams:
            leavers = round(per_team[(org, team)] * TURNOVER_PER_YEAR * 3 * rng.uniform(0.7, 1.3))
            for _ in range(leavers):
                counter_id = len(self._former) + 1
                wid = f"{org.removeprefix('GI-')}-X{counter_id:05d}"
                given = rng.choice(self.first_f if rng.random() < 0.78 else self.first_m)
                fte = rng.choice((0.6, 0.7, 0.8, 0.8, 0.9, 1.0, 1.0))
                self._former.append(
                    {
                        "kind": "worker",
                        "id": wid,
                        "organisation": org,
                        "team": team,
                        "given_name": given,
                        "family_name": rng.choice(self.last),
                        "role": "jeugdzorgwerker",
                        "fte": fte,
                    }
                )
                # Raised outflow: most leavers in the eighteen months before the wave.
                if rng.random() < 0.65:
                    left = today - d(rng.randint(330, 880))
                else:
                    left = start + d(rng.randint(20, (today - start).days - 10))
                hired = left - d(rng.randint(200, 2500))
                fact(
                    org,
                    "in_dienst",
                    hired,
                    worker=wid,
                    team=team,
                    fte=fte,
                    function="jeugdzorgwerker",
                )
                self._absences(rng, fact, org, wid, max(hired, start), left, today)
                reason = rng.choices([r for r, _ in LEAVE_REASONS], [w for _, w in LEAVE_REASONS])[
                    0
                ]
                fact(org, "uit_dienst", left, worker=wid, reason=reason)
                opened = left - d(rng.randint(0, 30))
                vac = fact(
                    org, "vacature_geopend", opened, team=team, fte=fte, function="jeugdzorgwerker"
                )
                filled = opened + d(rng.randint(60, 300))
                if filled < today:
                    fact(org, "vacature_vervuld", filled, team=team, refers=vac)
        facts.sort(key=lambda r: (r["date"], r["id"]))
        self._staff = facts

    @staticmethod
    def _absences(rng, fact, org: str, wid: str, first: dt.date, last: dt.date, today) -> None:
        """Sick leave (more in the peak winter a year before `today`) and some leave."""
        peak = (today - d(470), today - d(330))
        day = first + d(rng.randint(10, 120))
        while day < last:
            in_peak = peak[0] <= day <= peak[1]
            if rng.random() < (0.55 if in_peak else 0.16):
                long = rng.random() < 0.25
                until = day + d(rng.randint(30, 150) if long else rng.randint(2, 14))
                kind = "verlof" if rng.random() < 0.08 else "ziekte"
                if until >= last:
                    if last == today:  # still absent on the reference date
                        fact(org, "afwezig", day, worker=wid, reason=kind)
                    else:  # left while absent: the absence ends with the leaving
                        fact(org, "afwezig", day, worker=wid, reason=kind, until=last.isoformat())
                    return
                if long:
                    aid = fact(org, "afwezig", day, worker=wid, reason=kind)
                    fact(org, "afwezig_einde", until, worker=wid, refers=aid)
                else:
                    fact(org, "afwezig", day, worker=wid, reason=kind, until=until.isoformat())
                day = until + d(rng.randint(20, 90))
            else:
                day += d(rng.randint(40, 120))

    def former_worker_records(self) -> list[Record]:
        self._staff_plan()
        return list(self._former)

    def staff_records(self) -> list[Record]:
        self._staff_plan()
        return list(self._staff)

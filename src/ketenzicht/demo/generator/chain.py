"""The chain before the measure in the demo data (issue 18): wijkteams, workers of the
wijkteams, Veilig Thuis and the Raad, and trajectories with realistic waits.

Written after every other record (the exchange format takes records in any order), from a
random source of its own, so the records before them stay byte-identical. Kinds of trajectory:

- ended in a ruling that started an existing demo measure (an OTS, VOTS or voogdij that began in
  the last two years): the chain from concern to ruling, dated back from the ruling;
- closed in the voluntary framework after a Jeugdbeschermingstafel;
- open: waiting at the table, at the Raad (requested, not started: the wait that issue 18
  is about) or in the investigation; a few without regiehouder and a few with a handover of
  regie that nobody accepted, so the regie signals show.
Open and voluntary trajectories belong to new youths (ids `YT-…`), without a measure.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from .bsn import bsn_sequence
from .regions import Muni
from .tables import RVDK_BY_JB_REGION
from .util import Record, d

RULING_TYPES = ("11", "12", "21", "22")
WIJKTEAMS = 3  # the largest municipalities get a wijkteam of their own
SAME_DAY = {"concern_registered": 0, "ruling": 8, "closed_voluntary": 9}


class ChainPlan:
    def __init__(self, gen: Any):
        self.gen = gen
        self.today: dt.date = gen.today
        self.rng = random.Random(f"demo-chain:{gen.seed}:{gen.scale.name}")
        self.orgs: list[Record] = []
        self.workers: dict[str, list[str]] = {}
        self.worker_records: list[Record] = []
        self.youths: list[Record] = []
        self.trajectories: list[tuple[Record, list[Record]]] = []

    # ------------------------------------------------------------------ organisations

    def _add_workers(self, org: str, n: int) -> None:
        g = self.gen
        for i in range(1, n + 1):
            wid = f"{org}-W{i:02d}"
            first = self.rng.choice(g.first_f if self.rng.random() < 0.7 else g.first_m)
            self.worker_records.append(
                {
                    "kind": "worker",
                    "id": wid,
                    "organisation": org,
                    "given_name": first,
                    "family_name": self.rng.choice(g.last),
                    "role": "medewerker",
                    "fte": 0.9,
                }
            )
            self.workers.setdefault(org, []).append(wid)

    def _organisations(self) -> None:
        g = self.gen
        largest = sorted(g.munis, key=lambda m: (-m.weight, m.code))[:WIJKTEAMS]
        self.wijkteam: dict[str, str] = {}
        for m in sorted(largest, key=lambda m: m.code):
            oid = f"WT-{m.code[2:]}"
            self.orgs.append(
                {
                    "kind": "organisation",
                    "id": oid,
                    "name": f"Wijkteam {m.name}",
                    "type": "wijkteam",
                    "municipality": m.code,
                }
            )
            self.wijkteam[m.code] = oid
            self._add_workers(oid, 4)
        self.vt = sorted(o for o, r in g.orgs.items() if r["type"] == "veilig_thuis")
        self.vt_of_region = {
            g.muni_by_code[r["municipality"]].region: o
            for o, r in g.orgs.items()
            if r["type"] == "veilig_thuis" and r.get("municipality") in g.muni_by_code
        }
        for oid in self.vt:
            self._add_workers(oid, 2)
        self.rvdk = sorted(o for o, r in g.orgs.items() if r["type"] == "rvdk")
        for oid in self.rvdk:
            self._add_workers(oid, 3)

    def _rvdk_of(self, m: Muni) -> str:
        name = RVDK_BY_JB_REGION.get(m.jb_region, m.jb_region)
        rid = "RVDK-" + "".join(w[0] for w in name.replace("-", " ").split()).upper()
        return rid if rid in self.rvdk else self.rvdk[0]

    def _opener(self, m: Muni) -> str:
        """A wijkteam in its municipality (mostly), else Veilig Thuis of the region."""
        if m.code in self.wijkteam and self.rng.random() < 0.8:
            return self.wijkteam[m.code]
        return self.vt_of_region.get(m.region, self.vt[0])

    # ------------------------------------------------------------------ trajectories

    def build(self) -> None:
        g = self.gen
        self._organisations()
        if not self.vt or not self.rvdk:
            return
        n = len(g.cases)
        start = self.today - d(730)
        ruled = [
            (c, m)
            for c in g.cases
            for m in c.measures[:1]
            if m.type in RULING_TYPES and start <= m.ruling <= self.today and c.muni in g.munis
        ]
        for c, m in ruled[: max(6, n // 25)]:
            self._ruled(c.youth_id, c.muni, m)
        bsns = bsn_sequence(g.seed)
        for _ in range(n):
            next(bsns)  # the cases' BSNs
        self.bsns = bsns
        for i in range(max(5, n // 60)):
            self._voluntary(self._youth(), i)
        kinds = ["jbt", "raad", "raad", "raad", "onderzoek", "geen_regie", "niet_geaccepteerd"]
        for i in range(max(len(kinds), n // 30)):
            self._open(self._youth(), kinds[i % len(kinds)])

    def _youth(self) -> tuple[str, Muni]:
        g = self.gen
        no = len(self.youths) + 1
        m = g.muni_pick.pick(self.rng)
        birth = self.today - d(self.rng.randint(2 * 365, 16 * 365))
        female = self.rng.random() < 0.5
        yid = f"YT-{no:05d}"
        self.youths.append(
            {
                "kind": "youth",
                "id": yid,
                "bsn": next(self.bsns),
                "given_name": self.rng.choice(g.first_f if female else g.first_m),
                "family_name": self.rng.choice(g.last),
                "birth_date": birth.isoformat(),
                "responsible_municipality": m.code,
                "stay_municipality": m.code,
                "placement_type": "thuis",
            }
        )
        return yid, m

    def _concern(self, opener: str, m: Muni, regie: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "reported_by": self.rng.choice(("school", "politie", "huisarts", "wijkteam", "burger")),
            "municipality": m.code,
        }
        if regie:
            data["regie_organisation"] = opener
            data["regie_worker"] = self.rng.choice(self.workers[opener])
        return data

    def _request(self, opener: str, m: Muni) -> dict[str, Any]:
        mandate = "veilig_thuis" if opener.startswith("VT-") else "college"
        return {"requested_by": opener, "mandate": mandate, "rvdk": self._rvdk_of(m)}

    def _add(self, youth: str, opener: str, events: list[tuple[str, dt.date, dict]]) -> None:
        tid = f"TR-{len(self.trajectories) + 1:05d}"
        events = sorted(events, key=lambda e: (e[1], SAME_DAY.get(e[0], 5)))
        recs = [
            {
                "kind": "trajectory_event",
                "id": f"{tid}-{n:02d}",
                "trajectory": tid,
                "type": kind,
                "date": day.isoformat(),
                "data": data,
            }
            for n, (kind, day, data) in enumerate(events, start=1)
        ]
        head = {"kind": "trajectory", "id": tid, "youth": youth, "organisation": opener}
        self.trajectories.append((head, recs))

    def _ruled(self, youth: str, m: Muni, measure: Any) -> None:
        r = self.rng
        gaps = [r.randint(14, 45), r.randint(2, 10), r.randint(14, 90), r.randint(35, 100)]
        gaps += [r.randint(3, 14), r.randint(7, 28), r.randint(0, 14)]
        ruling = measure.ruling
        day = ruling - d(sum(gaps))
        opener = self._opener(m)
        rvdk = self._rvdk_of(m)
        ev: list[tuple[str, dt.date, dict]] = [
            ("concern_registered", day, self._concern(opener, m))
        ]
        steps = [
            ("jbt_held", {"outcome": "raadsonderzoek"}),
            ("investigation_requested", self._request(opener, m)),
            ("investigation_started", {"investigator": r.choice(self.workers[rvdk])}),
            (
                "investigation_finished",
                {"advice": "gezag" if measure.type in ("21", "22") else "ots"},
            ),
            ("petition_filed", {}),
            ("hearing_held", {}),
        ]
        for (kind, data), gap in zip(steps, gaps, strict=False):
            day = day + d(gap)
            ev.append((kind, day, data))
            if kind == "investigation_requested":
                ev.append(("regie_offered", day, {"to_organisation": rvdk}))
                accepted = {"worker": r.choice(self.workers[rvdk])}
                ev.append(("regie_accepted", day + d(r.randint(1, 4)), accepted))
        ev.append(
            (
                "ruling",
                ruling,
                {"outcome": "maatregel", "measure_type": measure.type, "measure": measure.id},
            )
        )
        self._add(youth, opener, [e for e in ev if e[1] <= ruling])

    def _voluntary(self, youth: tuple[str, Muni], i: int) -> None:
        yid, m = youth
        r = self.rng
        opener = self._opener(m)
        day = self.today - d(r.randint(60, 600))
        jbt = day + d(r.randint(14, 45))
        closed = jbt + d(r.randint(3, 21))
        ev = [
            ("concern_registered", day, self._concern(opener, m)),
            ("jbt_held", jbt, {"outcome": "vrijwillig"}),
            (
                "closed_voluntary",
                closed,
                {"reason": "Ouders werken mee aan hulp in het vrijwillig kader."},
            ),
        ]
        # A concern less than about two months old may not have reached its JBT or its closure
        # by the reference date (the national demo had one closed in the future).
        self._add(yid, opener, [e for e in ev if e[1] <= self.today])

    def _open(self, youth: tuple[str, Muni], kind: str) -> None:
        yid, m = youth
        r = self.rng
        opener = self._opener(m)
        if kind in ("jbt", "geen_regie", "niet_geaccepteerd"):
            day = self.today - d(r.randint(15, 40))
            ev = [("concern_registered", day, self._concern(opener, m, regie=kind != "geen_regie"))]
            if kind == "niet_geaccepteerd":
                gi = sorted(o for o, rec in self.gen.orgs.items() if rec["type"] == "gi")[0]
                ev.append(("regie_offered", day + d(2), {"to_organisation": gi}))
            self._add(yid, opener, [e for e in ev if e[1] <= self.today])
            return
        requested = self.today - d(r.randint(10, 120) if kind == "raad" else r.randint(60, 150))
        jbt = requested - d(r.randint(2, 10))
        day = jbt - d(r.randint(14, 45))
        ev = [
            ("concern_registered", day, self._concern(opener, m)),
            ("jbt_held", jbt, {"outcome": "raadsonderzoek"}),
            ("investigation_requested", requested, self._request(opener, m)),
        ]
        # The Raad is offered regie with the request (so raad.demo sees what waits for it);
        # mostly it accepts within a few days, sometimes the offer is still open.
        rvdk = self._rvdk_of(m)
        ev.append(("regie_offered", requested, {"to_organisation": rvdk}))
        accepted = requested + d(r.randint(1, 3))
        if (kind == "onderzoek" or r.random() < 0.7) and accepted <= self.today:
            ev.append(("regie_accepted", accepted, {"worker": r.choice(self.workers[rvdk])}))
        if kind == "onderzoek":
            ev.append(("investigation_started", requested + d(r.randint(14, 50)), {}))
        self._add(yid, opener, ev)

    # ------------------------------------------------------------------ records

    def records(self) -> Iterator[Record]:
        yield from self.orgs
        yield from self.worker_records
        yield from self.youths
        for head, _ in self.trajectories:
            yield head
        for _, events in self.trajectories:
            yield from events

"""Teams and workers of the demo data (a part of DemoGenerator)."""

from __future__ import annotations

import math
import random

from .model import Case, TeamInfo, WorkerInfo
from .regions import Muni, region_code
from .tables import (
    CLUSTER_CODES,
    DEFAULT_DOORSTROOM_SHARE,
    DEMO_CASELOAD,
    DEMO_CLUSTER,
    DEMO_GI,
    DEMO_WORKERS,
    DOORSTROOM_SHARE,
    FTE_CHOICES,
    FTE_WEIGHTS,
    NATIONAL_CLUSTERS,
    NATIONAL_GIS,
    TEAM_SIZE,
    WITHOUT_WORKER_RATE,
)


class TeamsMixin:
    """DemoGenerator: teams per GI and cluster, workers and their caseloads."""

    def _cluster(self, gi: str, muni: Muni) -> str:
        if gi in NATIONAL_GIS:
            return NATIONAL_CLUSTERS.get(muni.jb_region, muni.jb_region)
        return muni.region

    def _teams(self) -> None:
        # Active cases per (GI, cluster) at the reference date decide the number of teams.
        load: dict[tuple[str, str], int] = {}
        for c in self.cases:
            keys = [(c.gi0, self._cluster(c.gi0, c.muni))]
            if c.gi1:
                keys.append((c.gi1, self._cluster(c.gi1, c.muni)))
            for k in keys:
                load.setdefault(k, 0)
            if c.active:
                key = keys[-1]
                load[key] += 1
        # Demo cluster first, so the designated workers get their fixed ids.
        order = sorted(load, key=lambda k: (k != (DEMO_GI, DEMO_CLUSTER), k))
        self.teams: dict[str, TeamInfo] = {}
        self.cluster_teams: dict[tuple[str, str], list[str]] = {}
        self.cluster_munis: dict[tuple[str, str], tuple[list[str], list[float], float]] = {}
        self.idt: dict[tuple[str, str], str] = {}
        for key in order:
            gi, cluster = key
            n = max(1, math.ceil(load[key] / TEAM_SIZE))
            munis = sorted(
                (m for m in self.munis if self._cluster(gi, m) == cluster),
                key=lambda m: (-m.weight, m.code),
            )
            if not munis:
                munis = sorted(
                    (m for m in self.pool if self._cluster(gi, m) == cluster),
                    key=lambda m: (-m.weight, m.code),
                )
            cum, total = [], 0.0
            for m in munis:
                cum.append(total)
                total += m.weight
            self.cluster_munis[key] = ([m.code for m in munis], cum, total)
            gcode = gi.removeprefix("GI-")
            ccode = (CLUSTER_CODES.get(cluster) if gi in NATIONAL_GIS else None) or region_code(
                cluster
            )
            ids = []
            names = self._team_names(munis, cum, total, n)
            for i in range(n):
                tid = f"{gcode}-T-{ccode}-{i + 1:02d}"
                self.teams[tid] = TeamInfo(tid, gi, cluster, names[i])
                ids.append(tid)
            self.cluster_teams[key] = ids
            tid = f"{gcode}-T-{ccode}-IDT"
            self.teams[tid] = TeamInfo(
                tid, gi, cluster, f"In- en doorstroomteam {cluster}", doorstroom=True
            )
            self.idt[key] = tid
        for c in self.cases:
            c.team0 = self._team_for(c.gi0, c.muni, c.u)
            if c.gi1:
                c.team1 = self._team_for(c.gi1, c.muni, c.u)

    @staticmethod
    def _team_names(munis: list[Muni], cum: list[float], total: float, n: int) -> list[str]:
        names = []
        for i in range(n):
            lo, hi = total * i / n, total * (i + 1) / n
            covered = [
                m.name
                for m, start in zip(munis, cum, strict=True)
                if start < hi and start + m.weight > lo
            ]
            label = " / ".join(covered[:3]) + (" e.o." if len(covered) > 3 else "")
            names.append(f"Team {label}")
        seen: dict[str, int] = {}
        for name in names:
            seen[name] = seen.get(name, 0) + 1
        counter: dict[str, int] = {}
        out = []
        for name in names:
            if seen[name] > 1:
                counter[name] = counter.get(name, 0) + 1
                name = f"{name} {'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[counter[name] - 1]}"
            out.append(name)
        return out

    def _team_for(self, gi: str, muni: Muni, u: float) -> str:
        key = (gi, self._cluster(gi, muni))
        codes_, cum, total = self.cluster_munis[key]
        teams = self.cluster_teams[key]
        try:
            i = codes_.index(muni.code)
            pos = (cum[i] + u * self.muni_by_code[muni.code].weight) / total
        except ValueError:
            pos = u
        return teams[min(int(pos * len(teams)), len(teams) - 1)]

    def _new_worker(
        self, org: str, team: str | None, role: str, fte: float, wid: str | None = None
    ) -> WorkerInfo:
        if wid is None:
            prefix = org.removeprefix("GI-")
            self._worker_no[prefix] = self._worker_no.get(prefix, 0) + 1
            wid = f"{prefix}-W{self._worker_no[prefix]:05d}"
        female = self.rng.random() < 0.78  # most youth care professionals are women
        given = self.fake.first_name_female() if female else self.fake.first_name_male()
        w = WorkerInfo(wid, org, team, given, self.fake.last_name(), role, fte)
        self.workers.append(w)
        return w

    def _fte(self) -> float:
        return self.rng.choices(FTE_CHOICES, FTE_WEIGHTS)[0]

    def _workers_and_assignments(self) -> None:
        rng = self.rng
        self.workers: list[WorkerInfo] = []
        # Reserved numbers 1-7 at JB west for the demo accounts.
        self._worker_no = {"JBW": 7}
        # 1. Who has no fixed worker at the reference date: per GI a share of the active cases,
        # preferring recent, orange and green cases (red is assigned first, 001:603-610).
        by_gi: dict[str, list[Case]] = {}
        for c in self.cases:
            if c.active:
                by_gi.setdefault(c.final_gi, []).append(c)
        for gi in sorted(by_gi):
            active = by_gi[gi]
            target = round(WITHOUT_WORKER_RATE.get(gi, 0.035) * len(active))
            keyed = []
            for c in active:
                main = c.main[-1]
                if main.type not in ("11", "21"):
                    continue
                recent = (self.today - main.start).days < 150
                w = (3.0 if recent else 1.0) * (0.2 if c.colour == "rood" else 1.0)
                keyed.append((rng.random() ** (1 / w), c.no, c))
            keyed.sort(key=lambda x: (-x[0], x[1]))
            door_share = DOORSTROOM_SHARE.get(gi, DEFAULT_DOORSTROOM_SHARE)
            for _, _, c in keyed[:target]:
                c.current = ("door",) if rng.random() < door_share else ("none",)
        # 2. Teams: workers enough for the fixed caseloads (12-15 per fte, some above the norm).
        team_cases: dict[str, list[Case]] = {tid: [] for tid in self.teams}
        waiting: dict[str, int] = {}  # doorstroomteam -> its cases at the reference date
        for c in self.cases:
            if c.active and c.current is None:
                team_cases[c.final_team].append(c)
            elif c.active and c.current == ("door",):
                idt = self.idt[(c.final_gi, self._cluster(c.final_gi, c.muni))]
                waiting[idt] = waiting.get(idt, 0) + 1
        self.team_workers: dict[str, list[WorkerInfo]] = {}
        gis_done: list[str] = []
        clusters_done: list[tuple[str, str]] = []
        for tid, info in self.teams.items():
            gi = info.gi
            demo_team = tid == self.cluster_teams.get((DEMO_GI, DEMO_CLUSTER), [None])[0]
            if gi not in gis_done:
                gis_done.append(gi)
                wid = DEMO_WORKERS["bestuurder"] if gi == DEMO_GI else None
                self._new_worker(gi, None, "bestuurder", 1.0, wid)
                if gi == DEMO_GI:
                    self._new_worker(
                        gi,
                        None,
                        "functioneel_beheerder",
                        0.8,
                        DEMO_WORKERS["functioneel_beheerder"],
                    )
                    self._new_worker(
                        gi, None, "privacy_officer", 0.6, DEMO_WORKERS["privacy_officer"]
                    )
            if (gi, info.cluster) not in clusters_done:
                clusters_done.append((gi, info.cluster))
                wid = (
                    DEMO_WORKERS["gebiedsmanager"]
                    if (gi, info.cluster) == (DEMO_GI, DEMO_CLUSTER)
                    else None
                )
                self._new_worker(gi, None, "gebiedsmanager", 1.0, wid)
            self._new_worker(
                gi, tid, "teamleider", 1.0, DEMO_WORKERS["teamleider"] if demo_team else None
            )
            if demo_team:
                self._new_worker(
                    gi, tid, "gedragswetenschapper", 0.9, DEMO_WORKERS["gedragswetenschapper"]
                )
            jzw: list[WorkerInfo] = []
            cases = team_cases[tid]
            if info.doorstroom:
                for _ in range(max(2, round(waiting.get(tid, 0) / 40))):
                    jzw.append(self._new_worker(gi, tid, "jeugdzorgwerker", self._fte()))
            else:
                if demo_team:
                    w = self._new_worker(
                        gi, tid, "jeugdzorgwerker", 1.0, DEMO_WORKERS["jeugdzorgwerker"]
                    )
                    w.capacity = DEMO_CASELOAD
                    jzw.append(w)
                i = 0
                for c in cases:
                    while i < len(jzw) and jzw[i].caseload >= jzw[i].capacity:
                        i += 1
                    if i == len(jzw):
                        w = self._new_worker(gi, tid, "jeugdzorgwerker", self._fte())
                        factor = 1.15 if rng.random() < 0.12 else 1.0
                        w.capacity = max(4, round(w.fte * rng.uniform(12, 15) * factor))
                        jzw.append(w)
                    jzw[i].caseload += 1
                    c.current = ("vast", jzw[i].id)
                if not jzw:  # a team with only history still had workers
                    jzw.append(self._new_worker(gi, tid, "jeugdzorgwerker", self._fte()))
            n_gw = max(1, round(len(jzw) / 7)) - (1 if demo_team else 0)
            for _ in range(n_gw):
                self._new_worker(gi, tid, "gedragswetenschapper", self._fte())
            self.team_workers[tid] = jzw
        # Beleidsmedewerkers at the municipalities (one each).
        for oid, org in self.orgs.items():
            if org["type"] == "gemeente":
                self._new_worker(oid, None, "beleidsmedewerker", 0.9, f"{oid}-W01")
        # 3. Flags that make the demo jeugdzorgwerker's list show overdue work.
        demo_cases = [
            c
            for c in self.cases
            if c.active and c.current == ("vast", DEMO_WORKERS["jeugdzorgwerker"])
        ]
        self._force_demo_flags(demo_cases)
        # 4. Each case's history of assignments.
        for c in self.cases:
            self._plan_assignments(c)

    def _force_demo_flags(self, cases: list[Case]) -> None:
        eligible = [
            c
            for c in cases
            if c.main[-1].type in ("11", "21")
            and (self.today - c.birth).days > 6 * 365
            and (self.today - c.main[-1].start).days > 200
        ]
        for i, c in enumerate(eligible[:4]):
            extra = ("miss_alone", "miss_alone", "help_waiting", "signal_open")[i]
            c.flags = tuple(f for f in c.flags if f != extra) + (extra,)

    def _random_worker(self, rng: random.Random, team: str, exclude: str | None = None) -> str:
        pool = [w.id for w in self.team_workers.get(team, []) if w.id != exclude]
        if not pool:
            pool = [w.id for w in self.team_workers.get(team, [])]
        return rng.choice(pool)

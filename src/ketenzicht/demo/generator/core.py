"""The demo generator: builds the plan, then writes the records (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator

from faker import Faker

from ketenzicht.interop.records import FORMAT_NAME, FORMAT_VERSION

from .assignments import AssignmentsMixin
from .bsn import bsn_sequence
from .case_events import CaseContext
from .cases import CasePlanMixin
from .chain import ChainPlan
from .measures import MeasurePlanMixin
from .model import Case, Ev, MPlan, Timeline
from .organisations import OrganisationsMixin
from .regions import SCALES, load_municipalities
from .staff import StaffMixin
from .teams import TeamsMixin
from .util import Record, Weighted, d, summer_time


class DemoGenerator(
    OrganisationsMixin, CasePlanMixin, MeasurePlanMixin, TeamsMixin, AssignmentsMixin, StaffMixin
):
    def __init__(self, scale: str, seed: int, reference_date: dt.date):
        """`reference_date`: no data after this day (the caller's "today"; the generator does not
        ask the clock, so its output depends on its arguments only)."""
        if scale not in SCALES:
            raise ValueError(f"onbekende schaal {scale!r} (kies uit {', '.join(SCALES)})")
        self.scale = SCALES[scale]
        self.seed = seed
        self.today = reference_date
        self.rng = random.Random(f"demo:{seed}:{scale}")
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        person = self.fake.provider("faker.providers.person")
        self.first_f: tuple[str, ...] = tuple(person.first_names_female)
        self.first_m: tuple[str, ...] = tuple(person.first_names_male)
        self.last: tuple[str, ...] = tuple(
            n for n in person.last_names if " van " not in n and not n.endswith("dr")
        )
        self.stats: dict[str, int] = {}
        self._offset_cache: dict[dt.date, str] = {}
        self._built = False

    # ------------------------------------------------------------------ public

    def records(self, on_case: Callable[[], None] | None = None) -> Iterator[Record]:
        """Every record, in the order of an exchange file (header first). `on_case` is called
        after the events of each case (for a progress bar)."""
        self._build()
        self.stats["events"] = 0
        yield self.header()
        yield from self.reference_records()
        for case in self.cases:
            yield self._youth_record(case)
        for case in self.cases:
            yield from self._measure_records(case)
        for case in self.cases:
            yield from self._event_records(case)
            if on_case is not None:
                on_case()
        yield from self.staff_records()
        yield from self.chain().records()

    def chunks(self) -> Iterator[tuple[list[Record], int]]:
        """(records, number of cases) per importable group: reference data first, then groups
        of cases with their youths, measures and events. Each group starts with a header."""
        self._build()
        self.stats["events"] = 0
        yield [self.header(), *self.reference_records()], 0
        size = self.scale.chunk_cases
        for i in range(0, len(self.cases), size):
            group = self.cases[i : i + size]
            out: list[Record] = [self.header()]
            out.extend(self._youth_record(c) for c in group)
            for c in group:
                out.extend(self._measure_records(c))
            for c in group:
                out.extend(self._event_records(c))
            yield out, len(group)
        yield [self.header(), *self.staff_records()], 0
        # The chain before the measure last: it names the measures and youths above.
        yield [self.header(), *self.chain().records()], 0

    def chain(self) -> ChainPlan:
        """The trajectories and their organisations (issue 18), planned once."""
        self._build()
        if getattr(self, "_chain", None) is None:
            self._chain = ChainPlan(self)
            self._chain.build()
        return self._chain

    @property
    def case_count(self) -> int:
        self._build()
        return len(self.cases)

    def summary(self) -> dict[str, int]:
        """Counts decided by the generator (events: once all records have been made)."""
        self._build()
        return dict(self.stats)

    @staticmethod
    def header() -> Record:
        return {"kind": "header", "format": FORMAT_NAME, "version": FORMAT_VERSION}

    # ------------------------------------------------------------------ build

    def _build(self) -> None:
        if self._built:
            return
        all_munis = load_municipalities()
        self.muni_by_code = {m.code: m for m in all_munis}
        s = self.scale
        if s.regions is not None:
            munis = [m for m in all_munis if m.region in s.regions]
        elif s.jb_regions is not None:
            munis = [m for m in all_munis if m.jb_region in s.jb_regions]
        else:
            munis = list(all_munis)
        self.munis = munis
        self.muni_pick = Weighted(munis, [m.weight for m in munis])
        pool = (
            all_munis
            if s.stay_pool is None
            else [m for m in all_munis if m.jb_region in s.stay_pool or m in munis]
        )
        self.pool = pool
        self.by_region: dict[str, Weighted] = {}
        self.by_jb_region: dict[str, Weighted] = {}
        for m in pool:
            self.by_region.setdefault(m.region, Weighted([], []))
            self.by_jb_region.setdefault(m.jb_region, Weighted([], []))
        for m in pool:
            for table, key in ((self.by_region, m.region), (self.by_jb_region, m.jb_region)):
                w = table[key]
                w.items.append(m)
                w.total += m.weight
                w.cum.append(w.total)
        self.pool_pick = Weighted(pool, [m.weight for m in pool])
        self._organisations()
        self._plan_cases()
        self._teams()
        self._workers_and_assignments()
        self._child_at_two_gis()
        self._bsns()
        self._count()
        self._built = True

    # ------------------------------------------------------------------ BSN and counts

    def _bsns(self) -> None:
        seq = bsn_sequence(self.seed)
        for c in self.cases:
            c.bsn = next(seq)

    def _count(self) -> None:
        active_measures = without = youths_without = 0
        for c in self.cases:
            act = [m for m in c.measures if m.end is None]
            active_measures += len(act)
            if c.second is not None:
                active_measures += 1
            if act and c.current[0] != "vast":
                without += len(act)
                youths_without += 1
        self.stats = {
            "organisations": len(self.orgs),
            "teams": len(self.teams),
            "workers": len(self.workers),
            "youths": len(self.cases),
            "measures": sum(len(c.measures) + (c.second is not None) for c in self.cases),
            "active_measures": active_measures,
            "active_without_fixed_worker": without,
            "youths_without_fixed_worker": youths_without,
            "active_youths": sum(1 for c in self.cases if c.active),
        }

    # ------------------------------------------------------------------ reference records

    def reference_records(self) -> Iterator[Record]:
        for oid in sorted(self.orgs):
            yield self.orgs[oid]
        for tid, t in self.teams.items():
            rec: Record = {
                "kind": "team",
                "id": tid,
                "organisation": t.gi,
                "name": t.name,
                "cluster": t.cluster,
            }
            if t.doorstroom:
                rec["doorstroomteam"] = True
            yield rec
        for w in self.workers:
            rec = {"kind": "worker", "id": w.id, "organisation": w.org}
            if w.team:
                rec["team"] = w.team
            rec.update(
                {"given_name": w.given, "family_name": w.family, "role": w.role, "fte": w.fte}
            )
            yield rec
        yield from self.former_worker_records()  # issue 17: colleagues who left

    # ------------------------------------------------------------------ youth and measures

    def _youth_record(self, c: Case) -> Record:
        rng = self._case_rng(c.no, "youth")
        family = rng.choice(self.last)
        given = rng.choice(self.first_f if c.sex == "f" else self.first_m)
        network = []
        voogdij = any(m.type in ("21", "22") for m in c.main if m.start <= c.start)
        mother_family = family if rng.random() < 0.6 else rng.choice(self.last)
        authority = c.main[0].type not in ("21", "22")
        if "moeder" in c.adults or "ouder" in c.adults or rng.random() < 0.7:
            network.append(
                {
                    "relation": "moeder",
                    "name": f"{rng.choice(self.first_f)} {mother_family}",
                    "has_authority": authority,
                }
            )
        if "vader" in c.adults or rng.random() < 0.45:
            network.append(
                {
                    "relation": "vader",
                    "name": f"{rng.choice(self.first_m)} {family}",
                    "has_authority": authority and rng.random() < 0.7,
                }
            )
        if voogdij:
            network.append(
                {"relation": "voogd", "name": self.gi_names[c.gi0], "has_authority": True}
            )
        if c.placement in ("pleeggezin",):
            pf = rng.choice(self.last)
            network.append(
                {
                    "relation": "pleegouder",
                    "name": f"{rng.choice(self.first_f)} {pf}",
                    "has_authority": False,
                }
            )
        if rng.random() < 0.35:
            network.append(
                {
                    "relation": "grootouder",
                    "name": f"{rng.choice(self.first_f)} {mother_family}",
                    "has_authority": False,
                }
            )
        if rng.random() < 0.25:
            network.append(
                {
                    "relation": "broer_zus",
                    "name": f"{rng.choice(self.first_f + self.first_m)} {family}",
                    "has_authority": False,
                }
            )
        rec: Record = {
            "kind": "youth",
            "id": c.youth_id,
            "bsn": c.bsn,
            "given_name": given,
            "family_name": family,
            "birth_date": c.birth.isoformat(),
            "responsible_municipality": c.muni.code,
            "stay_municipality": c.stay.code,
            "placement_type": c.placement,
        }
        if network:
            rec["network"] = network
        return rec

    def _measure_records(self, c: Case) -> Iterator[Record]:
        for m in c.measures:
            rec: Record = {
                "kind": "measure",
                "id": m.id,
                "youth": c.youth_id,
                "measure_type": m.type,
            }
            if m.related:
                rec["related_measure"] = m.related
            yield rec
        if c.second is not None:
            yield {
                "kind": "measure",
                "id": c.second[0].id,
                "youth": c.youth_id,
                "measure_type": c.second[0].type,
            }

    # ------------------------------------------------------------------ events

    def _event_records(self, c: Case) -> Iterator[Record]:
        rng = self._case_rng(c.no, "events")
        ctx = CaseContext(self, c, rng)
        for m in c.measures:
            tl = Timeline()
            if m.type == "72":
                ctx.machtiging_events(tl, m)
            else:
                ctx.main_events(tl, m)
            yield from self._write_events(tl, m, rng)
        if c.second is not None:
            own = self._case_rng(c.no, "second-gi-events")
            yield from self._write_events(self._second_gi_timeline(c, own), c.second[0], own)

    def _offset(self, day: dt.date) -> str:
        off = self._offset_cache.get(day)
        if off is None:
            off = self._offset_cache[day] = "+02:00" if summer_time(day) else "+01:00"
        return off

    def _write_events(self, tl: Timeline, m: MPlan, rng: random.Random) -> Iterator[Record]:
        events = sorted(tl.events, key=lambda e: (e.reg, e.order, e.k))
        for n, e in enumerate(events, start=1):
            e.id = f"{m.id}-{n:03d}"
        last_day, last_minute = None, 0
        today = self.today
        self.stats["events"] += len(events)
        for e in events:
            # Registered the same day mostly, sometimes a few days later; never before the
            # previous registration of this measure, never after the reference date.
            delay = 0 if rng.random() < 0.72 else rng.choice((1, 1, 2, 3, 5))
            day = min(e.reg + d(delay), today)
            if last_day is not None and day < last_day:
                day = last_day
            if day == last_day:
                minute = min(last_minute + rng.randint(1, 40), 23 * 60 + 59)
            else:
                minute = rng.randint(8 * 60, 17 * 60)
            last_day, last_minute = day, minute
            data = {k: (v.id if isinstance(v, Ev) else v) for k, v in e.data.items()}
            yield {
                "kind": "event",
                "id": e.id,
                "measure": m.id,
                "type": e.type,
                "date": e.date.isoformat(),
                "data": data,
                "recorded_at": f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00"
                f"{self._offset(day)}",
            }

"""The plan of an import: the file's records, parsed and keyed by id, next to the reference data
and stored youths and measures they are checked against (`validation` fills it, `writing`
stores it)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from ketenzicht.crypto import bsn_hash
from ketenzicht.reference.models import Municipality, Organisation, Team, Worker
from ketenzicht.reference.services import MUNICIPALITIES_CSV
from ketenzicht.timeline.domain.state import EventRecord
from ketenzicht.timeline.models import Measure, Youth

from .records import KINDS

BSN_SHAPE = re.compile(r"[0-9]{9}")


@dataclass
class Parsed:
    line: int
    data: dict[str, Any]


class PlanReferences:
    """`References` over the file's records and the database."""

    def __init__(self, plan: Plan):
        self.plan = plan

    def organisation_type(self, ext_id: str) -> str | None:
        return self.plan.org_type.get(ext_id)

    def team_organisation(self, ext_id: str) -> str | None:
        return self.plan.team_org.get(ext_id)

    def worker(self, ext_id: str) -> tuple[str, str | None] | None:
        return self.plan.worker_info.get(ext_id)

    def municipality_exists(self, code: str) -> bool:
        return code in self.plan.munis


class Plan:
    """What a file would change, validated. With `database=False` nothing is read from the
    database: the file stands alone (references resolved within it and against the municipality
    list shipped with the package), for `norms evaluate` on a file: the same record validation
    as an import (version, organisations and teams, BSN, timelines), without storing anything."""

    def __init__(self, database: bool = True, only: Referenced | None = None) -> None:
        self.database = database
        self.records: dict[str, dict[str, Parsed]] = {k: {} for k in KINDS}
        self.event_order: list[str] = []
        self.states: dict[str, Any] = {}
        # Ids of records refused for their own faults: references to them raise no second error.
        self.rejected: set[str] = set()
        self.tainted_measures: set[str] = set()
        self.new_events: dict[str, list[tuple[EventRecord, Parsed]]] = defaultdict(list)
        # Trajectory id -> (folded state, its new events): interop.trajectories (issue 18).
        self.trajectory_states: dict[str, Any] = {}
        self.new_staff: list[str] = []  # ids of the staff facts to store, in file order
        if not database:
            self.munis: dict[str, int] = dict.fromkeys(shipped_municipalities(), 0)
            self.org_type: dict[str, str] = {}
            self.team_org: dict[str, str] = {}
            self.worker_info: dict[str, tuple[str, str | None]] = {}
            self.db_youth: dict[str, tuple[str, dt.date]] = {}
            self.db_measure: dict[str, tuple[str, str]] = {}
            self.stored_measures: frozenset[str] = frozenset()
            return
        self.munis = dict(Municipality.objects.values_list("cbs_code", "pk"))
        self.org_type: dict[str, str] = dict(
            Organisation.objects.values_list("external_id", "type")
        )
        self.team_org: dict[str, str] = dict(
            Team.objects.values_list("external_id", "organisation__external_id")
        )
        self.worker_info: dict[str, tuple[str, str | None]] = {
            w: (o, t)
            for w, o, t in Worker.objects.values_list(
                "external_id", "organisation__external_id", "team__external_id"
            )
        }
        # youth id -> (keyed hash of the BSN, birth date); measure id -> (youth id, type). With
        # `only` (a small batch: the API) just the rows its records can touch; a file import
        # loads them all at once.
        youths, measures = Youth.objects.all(), Measure.objects.all()
        if only is not None:
            measures = measures.filter(external_id__in=only.measures)
            youths = youths.filter(
                Q(external_id__in=only.youths)
                | Q(bsn_hash__in=only.bsn_hashes)
                | Q(pk__in=measures.values("youth_id"))
            )
        self.db_youth: dict[str, tuple[str, dt.date]] = {
            y: (b, d) for y, b, d in youths.values_list("external_id", "bsn_hash", "birth_date")
        }
        self.db_measure: dict[str, tuple[str, str]] = {
            m: (y, t)
            for m, y, t in measures.values_list("external_id", "youth__external_id", "measure_type")
        }
        # Measures already stored (each has at least its start event): no query per measure.
        self.stored_measures = frozenset(self.db_measure)


@dataclass
class Carried:
    """What the refused parts of a file import knew that the database does not (`streaming`):
    their records, as one pass over the file would know them, so that a later part refers to
    them without a second report (a trajectory naming a youth of a refused part, an event naming
    a worker whose line had a fault)."""

    rejected: set[str] = field(default_factory=set)
    org_type: dict[str, str] = field(default_factory=dict)
    team_org: dict[str, str] = field(default_factory=dict)
    worker_info: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    db_youth: dict[str, tuple[str, dt.date]] = field(default_factory=dict)
    db_measure: dict[str, tuple[str, str]] = field(default_factory=dict)

    NAMES = ("org_type", "team_org", "worker_info", "db_youth", "db_measure")

    def keep(self, plan: Plan) -> None:
        """Remember a refused part's records."""
        self.rejected.update(plan.rejected)
        for name in self.NAMES:
            getattr(self, name).update(getattr(plan, name))

    def lend(self, plan: Plan) -> None:
        """Give a new part's plan what the refused parts knew."""
        plan.rejected.update(self.rejected)
        for name in self.NAMES:
            getattr(plan, name).update(getattr(self, name))


@dataclass
class Referenced:
    """The youth and measure ids (and BSN hashes) a batch's records refer to."""

    youths: set[str] = field(default_factory=set)
    measures: set[str] = field(default_factory=set)
    bsn_hashes: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, lines: list[tuple[int, dict[str, Any]]]) -> Referenced:
        found = cls()
        for _, raw in lines:
            kind = raw.get("kind")
            if kind == "youth":
                found.youths.add(raw.get("id"))
                if isinstance(raw.get("bsn"), str) and BSN_SHAPE.fullmatch(raw["bsn"]):
                    found.bsn_hashes.add(bsn_hash(raw["bsn"]))
            elif kind == "measure":
                found.measures.update((raw.get("id"), raw.get("related_measure")))
                found.youths.add(raw.get("youth"))
            elif kind == "event":
                found.measures.add(raw.get("measure"))
            elif kind == "trajectory":
                found.youths.add(raw.get("youth"))
        for ids in (found.youths, found.measures):
            ids.difference_update({x for x in ids if not isinstance(x, str)})
        return found


def shipped_municipalities() -> list[str]:
    """The CBS codes of the municipality list shipped with the package."""
    with open(MUNICIPALITIES_CSV, encoding="utf-8") as f:
        return [row["cbs_code"] for row in csv.DictReader(f)]

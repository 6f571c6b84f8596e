"""What an API client may write on trajectories (issue 18 through the API, decision 0016): the
screens' rules (`access.chain_policy`) applied to each event of a batch, in the order the fold
applies them, against the trajectory as it stands just before that event.

The youth of a new concern: a wijkteam's or Veilig Thuis's client sends a youth record with its
own id beside the trajectory. When that BSN already belongs to a stored youth with the same
birth date, the trajectory is linked to that youth and the record changes nothing of it (as the
screen's concern form does); a different birth date is refused on the BSN.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from ketenzicht.access import policy
from ketenzicht.chain import domain
from ketenzicht.chain.events import clean
from ketenzicht.chain.models import Trajectory
from ketenzicht.chain.services import record_of
from ketenzicht.crypto import bsn_hash
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.models import Youth

Fault = tuple[int, str, str]
OUTSIDE = "valt niet onder deze organisatie."


class _Seen:
    """A trajectory as `chain_policy` reads it: primary keys of its organisations."""

    def __init__(self, organisation_id: int | None, state: domain.TrajectoryState, pks):
        self.organisation_id = organisation_id
        self.regie_organisation_id = pks(state.regie.organisation)
        self.offer_organisation_id = pks(state.offer.organisation if state.offer else None)
        self.rvdk_id = pks(state.rvdk)


def relink_youths(user, batch) -> list[Fault]:
    """A chain organisation's youth records: a new id whose BSN is stored links the batch's
    trajectories to the stored youth (the record is dropped); every youth record must belong to
    a trajectory of the batch or to one its organisation registered."""
    if policy.organisation(user) is None or policy.organisation(user).type not in (
        policy.CHAIN_ORGANISATION_TYPES
    ):
        return []
    faults: list[Fault] = []
    named = {rec.get("youth") for _, rec in batch.records("trajectories")}
    relinked: dict[str, str] = {}
    dropped: set[int] = set()
    for line, rec in batch.records("youths"):
        yid = rec.get("id")
        if not isinstance(yid, str):
            continue  # the importer names the missing or wrong id
        if yid not in named and not Youth.objects.filter(external_id=yid).exists():
            faults.append((line, "id", "een jeugdige hoort bij een traject in dezelfde batch."))
            continue
        if Youth.objects.filter(external_id=yid).exists() or not isinstance(rec.get("bsn"), str):
            continue
        known = Youth.objects.filter(bsn_hash=bsn_hash(rec["bsn"])).first()
        if known is None:
            continue
        if known.birth_date.isoformat() != rec.get("birth_date"):
            faults.append(
                (
                    line,
                    "bsn",
                    "bij dit BSN is een jeugdige met een andere geboortedatum bekend; controleer "
                    "het BSN en de geboortedatum.",
                )
            )
            continue
        relinked[yid] = known.external_id
        dropped.add(line)
    if relinked:
        batch.lines = [
            (line, _relinked(rec, relinked)) for line, rec in batch.lines if line not in dropped
        ]
    return faults


def _relinked(rec: dict[str, Any], relinked: dict[str, str]) -> dict[str, Any]:
    if rec.get("kind") == "trajectory" and rec.get("youth") in relinked:
        return {**rec, "youth": relinked[rec["youth"]]}
    return rec


def trajectory_faults(user, org, batch) -> list[Fault]:
    """(line, field, reason) for every trajectory or trajectory event the client may not
    write. Faults of content (unknown ids, a wrong payload, an impossible order) are left to
    the importer, which names them."""
    faults: list[Fault] = []
    records = batch.records("trajectories")
    ids = [r.get("id") for _, r in records] + [
        r.get("trajectory") for _, r in batch.records("trajectory_events")
    ]
    stored = {
        t.external_id: t
        for t in Trajectory.objects.filter(external_id__in=[i for i in ids if isinstance(i, str)])
    }
    visible = set(
        Trajectory.objects.filter(pk__in=[t.pk for t in stored.values()])
        .filter(policy.trajectory_filter(user))
        .values_list("external_id", flat=True)
    )
    opened: dict[str, int] = {}  # new trajectories this client may open -> organisation pk
    for line, rec in records:
        tid = rec.get("id")
        if not isinstance(tid, str):
            continue
        if tid in stored:
            if tid not in visible:
                faults.append((line, "id", f"traject '{tid}' {OUTSIDE}"))
        elif rec.get("organisation") != org.external_id:
            faults.append((line, "organisation", "alleen trajecten van de eigen organisatie."))
        elif not policy.may_open_trajectory(user):
            faults.append(
                (line, "id", "alleen een wijkteam of Veilig Thuis opent een traject (zorgmelding).")
            )
        else:
            opened[tid] = org.pk
    by_trajectory: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for line, rec in batch.records("trajectory_events"):
        tid = rec.get("trajectory")
        if not isinstance(tid, str):
            continue
        if tid in stored and tid not in visible:
            faults.append((line, "trajectory", f"traject '{tid}' {OUTSIDE}"))
        elif tid in stored or tid in opened:
            by_trajectory[tid].append((line, rec))
    pks = _organisation_pks()
    for tid, items in by_trajectory.items():
        known = stored.get(tid)
        faults += _event_faults(user, known, opened.get(tid), items, pks)
    return faults


def _organisation_pks():
    cache: dict[str, int | None] = {}

    def pk(ext_id: str | None) -> int | None:
        if ext_id is None:
            return None
        if ext_id not in cache:
            cache[ext_id] = (
                Organisation.objects.filter(external_id=ext_id).values_list("pk", flat=True).first()
            )
        return cache[ext_id]

    return pk


def _event_faults(user, known, opening_org, items, pks) -> list[Fault]:
    """Each new event against the trajectory's state just before it, in the fold's order."""
    before = [record_of(e) for e in known.events.order_by("seq")] if known else []
    seq0 = before[-1].seq if before else 0
    new: dict[int, int] = {}  # seq -> line
    records = list(before)
    stored_ids = {r.external_id for r in before}  # sent again: the importer compares them
    items = [(line, rec) for line, rec in items if rec.get("id") not in stored_ids]
    for i, (line, rec) in enumerate(items, start=1):
        try:
            data = clean(rec.get("type"), rec.get("data"))
            record = domain.TrajectoryEvent(
                rec.get("id"), rec["type"], dt.date.fromisoformat(rec["date"]), data, seq0 + i
            )
        except (PayloadError, KeyError, TypeError, ValueError):
            return []  # the importer names what is wrong with the content
        records.append(record)
        new[record.seq] = line
    faults: list[Fault] = []
    organisation_id = known.organisation_id if known else opening_org
    ordered = sorted(records, key=domain.order_key)
    for n, record in enumerate(ordered):
        if record.seq not in new:
            continue
        line = new[record.seq]
        if n == 0 and known is None and record.event_type == "concern_registered":
            continue  # the opening concern of a trajectory this client may open
        try:
            state = domain.fold(ordered[:n])
        except domain.TrajectoryError:
            return faults  # an impossible order: the importer names it
        seen = _Seen(organisation_id, state, pks)
        refusal = policy.trajectory_record_refusal(user, seen, record.event_type)
        if refusal:
            faults.append((line, "type", refusal))
    return faults

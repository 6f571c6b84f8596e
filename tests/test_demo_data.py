"""Demo data: valid through the real importer, reproducible, realistic, with working accounts.

The phenomena the demo must show are checked on the timelines as the domain folds them
(`timeline.domain.state.fold`), so a test fails when the generator stops producing them.
"""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
from statistics import median

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from stdnum.nl import bsn as stdnum_bsn

from ketenzicht.access.models import AccessLogEntry
from ketenzicht.demo.generator import (
    DEMO_CASELOAD,
    DEMO_WORKERS,
    DemoGenerator,
    bsn_sequence,
    demo_go_live,
    is_demo_bsn,
    load_municipalities,
)
from ketenzicht.timeline.domain.events import clean_payload
from ketenzicht.timeline.domain.state import (
    EventRecord,
    MeasureFacts,
    YouthPlace,
    current_place,
    fold,
)

REF = dt.date(2026, 11, 1)
ARGS = (
    "demo-data",
    "--scale",
    "small",
    "--seed",
    "1",
    "--reference-date",
    "2026-11-01",
    "--no-progress",
)
USERNAMES = (
    "jzw.demo",
    "gedragswetenschapper.demo",
    "teamleider.demo",
    "gebiedsmanager.demo",
    "bestuurder.demo",
    "beleidsmedewerker.demo",
    "beheerder.demo",
    "privacy.demo",
    "wijkteam.demo",
    "veiligthuis.demo",
    "raad.demo",
)


@pytest.fixture(scope="module")
def small() -> list[dict]:
    return list(DemoGenerator("small", 1, REF).records())


class Folded:
    """The small data set as the domain sees it: every measure folded at the reference date."""

    def __init__(self, records: list[dict]):
        self.by_kind: dict[str, list[dict]] = collections.defaultdict(list)
        self.events: dict[str, list[dict]] = collections.defaultdict(list)
        for r in records:
            self.by_kind[r["kind"]].append(r)
            if r["kind"] == "event":
                self.events[r["measure"]].append(r)
        self.youths = {y["id"]: y for y in self.by_kind["youth"]}
        self.measures = {m["id"]: m for m in self.by_kind["measure"]}
        orgs = {o["id"]: o["type"] for o in self.by_kind["organisation"]}
        teams = {t["id"]: t["organisation"] for t in self.by_kind["team"]}
        workers = {w["id"]: (w["organisation"], w.get("team")) for w in self.by_kind["worker"]}
        munis = {m.code for m in load_municipalities()}

        class Refs:
            def organisation_type(self, ext_id):
                return orgs.get(ext_id)

            def team_organisation(self, ext_id):
                return teams.get(ext_id)

            def worker(self, ext_id):
                return workers.get(ext_id)

            def municipality_exists(self, code):
                return code in munis

        self.records: dict[str, list[EventRecord]] = {}
        self.states = {}
        for mid, m in self.measures.items():
            recs = [
                EventRecord(
                    e["id"], e["type"], day(e["date"]), clean_payload(e["type"], e["data"]), seq
                )
                for seq, e in enumerate(self.events[mid], start=1)
            ]
            facts = MeasureFacts(mid, m["measure_type"], day(self.youths[m["youth"]]["birth_date"]))
            self.records[mid] = recs
            self.states[mid] = fold(facts, recs, Refs(), REF)

    def active(self) -> list[str]:
        return [mid for mid, s in self.states.items() if s.ended_on is None]

    def live(self, mid: str) -> list[EventRecord]:
        gone = self.states[mid].superseded
        return [e for e in self.records[mid] if e.id not in gone]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def folded(small) -> Folded:
    return Folded(small)


# --------------------------------------------------------------------------- import


@pytest.mark.django_db
def test_small_scale_loads_through_the_importer(small, folded):
    from ketenzicht.interop.importer import import_lines
    from ketenzicht.timeline.models import Event, Measure, Youth

    report = import_lines(enumerate(small, start=1), today=REF)
    assert report.created["youth"] == len(folded.youths) == Youth.objects.count()
    assert report.created["measure"] == len(folded.measures) == Measure.objects.count()
    assert report.created["event"] == len(folded.by_kind["event"]) == Event.objects.count()
    # The stored projection agrees with the fold.
    active = Measure.objects.filter(ended_on__isnull=True)
    assert active.count() == len(folded.active())
    assert active.exclude(assignment="vast").count() == sum(
        1 for mid in folded.active() if folded.states[mid].assignment != "vast"
    )


def test_chunks_hold_the_same_records_as_the_file(small):
    chunked = [
        r
        for records, _ in DemoGenerator("small", 1, REF).chunks()
        for r in records
        if r["kind"] != "header"
    ]
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
    expected = (r for r in small if r["kind"] != "header")
    assert sorted(map(key, chunked)) == sorted(map(key, expected))


def test_file_order_is_header_then_kinds_then_events_in_registration_order(small):
    order = ["header", "organisation", "team", "worker", "youth", "measure", "event", "staff_event"]
    # The chain before the measure (issue 18) comes after every event and staff fact, in its
    # own order, so the records before it stay as they were.
    last = max(i for i, r in enumerate(small) if r["kind"] in ("event", "staff_event"))
    positions = [order.index(r["kind"]) for r in small[: last + 1]]
    assert positions == sorted(positions)
    chain = ["organisation", "worker", "youth", "trajectory", "trajectory_event"]
    positions = [chain.index(r["kind"]) for r in small[last + 1 :]]
    assert positions == sorted(positions) and positions
    assert small[0] == {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"}
    for events in Folded(small).events.values():
        stamps = [e["recorded_at"] for e in events]
        assert [dt.datetime.fromisoformat(s) for s in stamps] == sorted(
            dt.datetime.fromisoformat(s) for s in stamps
        )


# --------------------------------------------------------------------------- determinism


def test_same_seed_and_date_give_identical_records(small):
    assert list(DemoGenerator("small", 1, REF).records()) == small


def test_other_seed_or_date_gives_other_records(small):
    other_seed = list(DemoGenerator("small", 2, REF).records())
    assert other_seed != small
    assert {y["bsn"] for y in other_seed if y["kind"] == "youth"} != {
        y["bsn"] for y in small if y["kind"] == "youth"
    }
    other_date = list(DemoGenerator("small", 1, dt.date(2026, 6, 1)).records())
    assert max(e["date"] for e in other_date if e["kind"] == "event") <= "2026-06-01"


def test_output_does_not_depend_on_hash_randomisation():
    code = (
        "import datetime as dt, hashlib, json; from ketenzicht.demo.generator import "
        "DemoGenerator; h = hashlib.sha256(); [h.update(json.dumps(r).encode()) for r in "
        "DemoGenerator('small', 3, dt.date(2026, 11, 1)).records()]; print(h.hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        out = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        digests.add(out.stdout.strip())
    h = hashlib.sha256()
    for r in DemoGenerator("small", 3, REF).records():
        h.update(json.dumps(r).encode())
    assert digests == {h.hexdigest()}


# --------------------------------------------------------------------------- BSN


def test_every_bsn_passes_the_elfproef_and_is_in_the_test_range(folded):
    bsns = [y["bsn"] for y in folded.youths.values()]
    assert len(set(bsns)) == len(bsns)
    for bsn in bsns:
        assert stdnum_bsn.is_valid(bsn), bsn
        assert bsn.startswith("9999") and not bsn.startswith("99999"), bsn
        assert is_demo_bsn(bsn)


def test_bsn_overflow_range_is_never_a_real_number():
    seq = bsn_sequence(1)
    test_range = [next(seq) for _ in range(8182)]
    overflow = [next(seq) for _ in range(5000)]
    assert all(b.startswith("9999") and not b.startswith("99999") for b in test_range)
    assert all(b.startswith("00") for b in overflow)  # at most 7 significant digits
    assert len(set(test_range + overflow)) == len(test_range) + len(overflow)
    assert all(stdnum_bsn.is_valid(b) and is_demo_bsn(b) for b in test_range + overflow)
    assert not is_demo_bsn("999990019")  # kept free for hand-made examples (tests/builders.py)
    assert not is_demo_bsn("123456782")


# --------------------------------------------------------------------------- realism


def test_nothing_lies_after_the_reference_date(folded, small):
    assert all(day(e["date"]) <= REF for e in folded.by_kind["event"])
    assert all(day(e["date"]) <= REF for e in small if e["kind"] == "trajectory_event")
    assert all(
        dt.datetime.fromisoformat(e["recorded_at"]).date() <= REF for e in folded.by_kind["event"]
    )
    assert all(day(y["birth_date"]) < REF for y in folded.youths.values())


def test_a_young_voluntary_trajectory_stops_at_the_reference_date(small):
    """The chain's voluntary trajectories: a concern registered shortly before the reference
    date, with the longest gaps to the JBT and the closure, records nothing after that date
    (the national demo was refused for a closure in the future)."""
    import random

    from ketenzicht.demo.generator import DemoGenerator
    from ketenzicht.demo.generator.chain import ChainPlan

    class Extremes(random.Random):
        def randint(self, a, b):  # the newest concern, the longest gaps
            return a if (a, b) == (60, 600) else b

    gen = DemoGenerator("small", 1, REF)
    gen._build()
    plan: ChainPlan = gen.chain()
    plan.rng, plan.trajectories = Extremes(1), []
    youth = next(y for y in small if y["kind"] == "youth")
    plan._voluntary((youth["id"], gen.munis[0]), 0)
    ((_head, events),) = plan.trajectories
    assert [e["type"] for e in events] == ["concern_registered", "jbt_held"]
    assert all(day(e["date"]) <= REF for e in events)


def test_small_scale_has_the_documented_size(folded):
    active = folded.active()
    assert 300 <= len(active) <= 400
    youths = {folded.measures[m]["youth"] for m in active}
    without = {folded.measures[m]["youth"] for m in active if folded.states[m].assignment != "vast"}
    # Haaglanden: about 100 of 2,500 children without a fixed youth protector (002:78-84).
    assert 0.02 <= len(without) / len(youths) <= 0.08
    kinds = collections.Counter(folded.measures[m]["measure_type"] for m in active)
    assert kinds["11"] > kinds["21"] > kinds["72"] > 0
    main = sum(kinds.values()) - kinds["72"]
    assert 0.22 <= kinds["21"] / main <= 0.42  # about a third voogdij
    assert any(kinds[t] for t in ("41", "42", "61", "62", "63", "50", "51"))


def test_measures_without_a_fixed_worker(folded):
    kinds = collections.Counter(folded.states[m].assignment for m in folded.active())
    assert kinds["doorstroomteam"] > 0
    assert kinds["vast"] > 0.9 * sum(kinds.values())


def test_help_requested_over_three_months_ago_without_help_started(folded):
    waiting = []
    for mid in folded.active():
        live = folded.live(mid)
        started = {e.data.get("request") for e in live if e.type == "help_started"}
        waiting += [
            e
            for e in live
            if e.type == "help_requested" and e.id not in started and (REF - e.date).days > 92
        ]
    assert len(waiting) >= 3


def test_unsafety_signals_mostly_followed_up_within_five_working_days(folded):
    followed = not_followed = 0
    for recs in folded.records.values():
        for signal in (e for e in recs if e.type == "unsafety_signal"):
            answers = [
                e
                for e in recs
                if e.type in ("safety_assessment", "case_discussion")
                and e.data.get("signal") == signal.id
            ]
            if any((a.date - signal.date).days <= 7 for a in answers):
                followed += 1
            else:
                not_followed += 1
    assert followed > 2 * not_followed > 0


def test_extensions_endings_and_vots_becoming_ots(folded):
    states = folded.states
    assert sum(1 for s in states.values() if s.extensions) > 20
    ended = collections.Counter(
        (folded.measures[m]["measure_type"], s.end_reason) for m, s in states.items() if s.ended_on
    )
    ots = {reason: n for (mtype, reason), n in ended.items() if mtype == "11"}
    assert max(ots, key=ots.get) == "04"  # according to plan, most often
    assert ended[("21", "11")] > 0  # voogdij until the age of majority
    assert ended[("12", "07")] > 0
    # A VOTS ending with 07 is followed the next day by an OTS of the same youth.
    for mid, s in states.items():
        if s.end_reason == "07":
            youth = folded.measures[mid]["youth"]
            assert any(
                folded.measures[o]["youth"] == youth
                and folded.measures[o]["measure_type"] == "11"
                and folded.states[o].start_date == s.ended_on + dt.timedelta(1)
                for o in folded.measures
            )
    # OTS terms respect the law: at most 12 months per ruling (checked by the fold) and never
    # after the 18th birthday.
    for mid, s in states.items():
        m = folded.measures[mid]
        if m["measure_type"] == "11" and s.planned_end:
            birth = day(folded.youths[m["youth"]]["birth_date"])
            assert s.planned_end < birth.replace(year=birth.year + 18) + dt.timedelta(1)


def test_extension_requests_hp_decisions_and_lapsed_measures(folded):
    """Issue 12: the two new event types in realistic shares, and a few lapsed measures."""
    requests = collections.Counter()
    prepared = extended = 0
    for mid, recs in folded.records.items():
        types = [e.type for e in recs]
        requests[mid] = types.count("extension_requested")
        if "measure_extended" in types and folded.measures[mid]["measure_type"] != "72":
            extended += 1
            # Every registered extension of a (V)OTS or probation measure was requested before
            # it (the machtiging's own extensions are not modelled).
            first_ext = types.index("measure_extended")
            prepared += "extension_requested" in types[:first_ext]
    assert extended and prepared == extended
    assert sum(requests.values()) > extended  # running measures near their end date too
    hp = {
        mid: [e for e in recs if e.type == "handelingsperspectief_decided"]
        for mid, recs in folded.records.items()
    }
    hp = {mid: evs for mid, evs in hp.items() if evs}
    assert 10 <= len(hp) <= 0.25 * len(folded.active())
    assert all(folded.measures[mid]["measure_type"] == "11" for mid in hp)
    assert any(e.data["decision"] is False for evs in hp.values() for e in evs)
    assert all(e.data["decided_by"].startswith("Directie ") for evs in hp.values() for e in evs)
    lapsed = [
        mid
        for mid in folded.active()
        if folded.states[mid].planned_end and folded.states[mid].planned_end < REF
    ]
    assert 1 <= len(lapsed) <= 0.03 * len(folded.active())


def test_machtiging_belongs_to_an_ots_of_the_same_youth(folded):
    machtigingen = [m for m in folded.measures.values() if m["measure_type"] == "72"]
    assert machtigingen
    for m in machtigingen:
        ots = folded.measures[m["related_measure"]]
        assert ots["measure_type"] == "11" and ots["youth"] == m["youth"]
        assert folded.states[m["id"]].start_date >= folded.states[ots["id"]].start_date


def test_handovers_between_gis(folded):
    handed = [
        mid for mid, recs in folded.records.items() if any(e.type == "handover" for e in recs)
    ]
    assert handed
    for mid in handed:
        start = next(e for e in folded.records[mid] if e.type == "measure_started")
        assert folded.states[mid].gi != start.data["gi"]


def test_corrections_of_contacts_wrongly_recorded_as_child_alone(folded):
    corrections = 0
    for recs in folded.records.values():
        by_id = {e.id: e for e in recs}
        for c in (e for e in recs if e.type == "correction"):
            corrections += 1
            wrong = by_id[c.data["corrects"]]
            assert wrong.type == "contact" and wrong.data["child_spoken_alone"] is True
            assert any(
                e.type == "contact"
                and e.date == wrong.date
                and e.seq > c.seq
                and not e.data["child_spoken_alone"]
                for e in recs
            )
    assert corrections >= 3


def test_contacts_and_the_child_alone_norm(folded):
    eligible = missed = 0
    for mid in folded.active():
        m = folded.measures[mid]
        birth = day(folded.youths[m["youth"]]["birth_date"])
        state = folded.states[mid]
        if (
            m["measure_type"] not in ("11", "21")
            or (REF - birth).days < 4 * 365
            or (REF - state.start_date).days < 42
        ):
            continue
        eligible += 1
        live = folded.live(mid)
        for e in live:
            if e.type == "contact" and e.data["child_spoken_alone"]:
                assert e.data["present"] == ["jeugdige"]
        if not any(
            e.type == "contact" and e.data["child_spoken_alone"] and (REF - e.date).days <= 42
            for e in live
        ):
            missed += 1
    # More than 15 % of the cases miss the six-weekly child-alone contact (001:2717-2721).
    assert 0.15 < missed / eligible < 0.45


def test_first_contact_plan_and_safety_mostly_in_time(folded):
    first, plans, colours = [], [], collections.Counter()
    for mid, recs in folded.records.items():
        start = folded.states[mid].start_date
        for e in recs:
            if e.type == "first_contact":
                first.append((e.date - start).days)
            elif e.type == "plan_of_approach":
                plans.append((e.date - start).days)
            elif e.type == "safety_estimate":
                colours[e.data["colour"]] += 1
    assert 0.7 < sum(d <= 5 for d in first) / len(first) < 0.97
    assert 0.65 < sum(d <= 42 for d in plans) / len(plans) < 0.95
    total = sum(colours.values())
    assert colours["rood"] / total < colours["groen"] / total < colours["oranje"] / total + 0.1


def test_woonplaatsbeginsel_stay_differs_from_responsible_municipality(folded):
    place_events: dict[str, list[EventRecord]] = collections.defaultdict(list)
    for mid, m in folded.measures.items():
        place_events[m["youth"]] += [
            e for e in folded.live(mid) if e.type in ("placement_changed", "residence_changed")
        ]
    elsewhere = placed = 0
    for yid, y in folded.youths.items():
        place = current_place(
            YouthPlace(y["responsible_municipality"], y["stay_municipality"], y["placement_type"]),
            place_events[yid],
        )
        placed += place.placement_type != "thuis"
        elsewhere += place.stay_municipality != place.responsible_municipality
    assert placed > 50 and elsewhere > 20


def test_caseloads(small, folded):
    workers = {w["id"]: w for w in small if w["kind"] == "worker"}
    caseload = collections.Counter(
        folded.states[m].worker
        for m in folded.active()
        if folded.states[m].worker and folded.measures[m]["measure_type"] != "72"
    )
    per_fte = [n / workers[w]["fte"] for w, n in caseload.items()]
    assert 11 <= median(per_fte) <= 17
    assert caseload[DEMO_WORKERS["jeugdzorgwerker"]] == DEMO_CASELOAD


# --------------------------------------------------------------------------- the command


def test_output_writes_the_records_without_touching_the_database(small, tmp_path):
    path = tmp_path / "small.jsonl"
    out = io.StringIO()
    call_command(
        "demo-data",
        "--scale",
        "small",
        "--seed",
        "1",
        "--reference-date",
        "2026-11-01",
        "--no-progress",
        "--output",
        str(path),
        stdout=out,
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == small
    assert "lopend" in out.getvalue()


@pytest.fixture(scope="module")
def _loaded_in_module(django_db_setup, django_db_blocker):
    """`demo-data` run once for this module's tests that read what it loaded (its output text
    is returned), inside a transaction rolled back when the module is done; each test's own
    transaction is a savepoint inside it."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command(*ARGS, stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(_loaded_in_module, db) -> str:
    """The output of `demo-data` (see `_loaded_in_module`)."""
    return _loaded_in_module


def test_command_loads_data_and_creates_the_demo_users(loaded):
    from django.contrib.auth import authenticate, get_user_model
    from django.test import RequestFactory
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ketenzicht.access import policy
    from ketenzicht.demo.users import DEMO_PASSWORD, demo_totp_code
    from ketenzicht.norms.selectors import actionable, results_for_measures
    from ketenzicht.reference.models import Organisation
    from ketenzicht.timeline.models import Event, Measure

    text = loaded
    User = get_user_model()
    for username in USERNAMES:
        assert username in text
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.worker.external_id in DEMO_WORKERS.values()
        assert len(policy.grants(user)) == 1
    assert DEMO_PASSWORD in text

    jzw = User.objects.get(username="jzw.demo")
    mine = policy.visible_measures(jzw).filter(worker=jzw.worker, ended_on__isnull=True)
    assert 12 <= mine.count() <= 15
    # Go-live on 1 January of last year (issue 12): no item on the worklist is older.
    go_live = demo_go_live(REF)
    assert set(Organisation.objects.filter(type="gi").values_list("go_live_date", flat=True)) == {
        go_live
    }
    worklist = actionable([r for rs in results_for_measures(mine, REF).values() for r in rs], REF)
    assert worklist and all(r.due_date >= go_live for r in worklist)
    assert policy.needs_two_factor(jzw)
    device = TOTPDevice.objects.get(user=jzw)
    assert device.confirmed and device.verify_token(demo_totp_code("jzw.demo"))
    team = User.objects.get(username="teamleider.demo")
    assert team.worker.team_id == jzw.worker.team_id
    assert policy.visible_measures(team).count() > mine.count()
    assert (
        User.objects.get(username="gedragswetenschapper.demo").worker.team_id == jzw.worker.team_id
    )
    assert (
        policy.visible_measures(User.objects.get(username="bestuurder.demo")).count()
        > policy.visible_measures(team).count()
    )

    gemeente = User.objects.get(username="beleidsmedewerker.demo")
    assert gemeente.worker.organisation.type == "gemeente"
    assert gemeente.worker.organisation.municipality.name == "'s-Gravenhage"
    assert not policy.visible_measures(gemeente).exists()

    # The chain (issue 18): the wijkteam sees its trajectories, no case files.
    from ketenzicht.chain.models import Trajectory

    wijkteam = User.objects.get(username="wijkteam.demo")
    assert Trajectory.objects.filter(policy.trajectory_filter(wijkteam)).exists()
    assert not policy.visible_measures(wijkteam).exists() and policy.needs_two_factor(wijkteam)

    beheer = User.objects.get(username="beheerder.demo")
    assert beheer.is_staff and not beheer.is_superuser
    assert beheer.has_perm("reference.change_organisation")
    assert not beheer.has_perm("timeline.view_event")
    assert not policy.visible_measures(beheer).exists()
    login = authenticate(
        RequestFactory().post("/inloggen/"),
        username="beleidsmedewerker.demo",
        password=DEMO_PASSWORD,
    )
    assert login == gemeente

    # Running it again (make demo on an existing database) changes nothing.
    counts = (
        Measure.objects.count(),
        Event.objects.count(),
        User.objects.count(),
        TOTPDevice.objects.count(),
    )
    log_size = AccessLogEntry.objects.count()
    call_command(*ARGS, stdout=io.StringIO())
    assert counts == (
        Measure.objects.count(),
        Event.objects.count(),
        User.objects.count(),
        TOTPDevice.objects.count(),
    )
    assert AccessLogEntry.objects.count() == log_size  # the history is written once


def test_demo_access_history_for_the_privacy_officer(loaded):
    from django.contrib.auth import get_user_model

    from ketenzicht.access import audit
    from ketenzicht.access.models import BreakGlass

    assert audit.verify() == []
    by_user = dict(AccessLogEntry.objects.values_list("username").annotate(n=Count("pk")))
    assert by_user["jzw.demo"] > 10 and by_user["teamleider.demo"] > 0
    assert {"view", "search", "print", "break_glass"} <= set(
        AccessLogEntry.objects.values_list("action", flat=True)
    )
    glass = list(BreakGlass.objects.order_by("granted_at"))
    assert len(glass) == 2 and sum(g.reviewed_at is None for g in glass) == 1
    jzw = get_user_model().objects.get(username="jzw.demo")
    assert all(g.user == jzw and len(g.reason) >= 20 for g in glass)


def test_the_demo_starts_with_a_current_norms_read_model(loaded):
    """Every measure's stored evaluation was made under the configuration the pages read with
    (the demo's go-live dates included): none falls back on evaluating its timeline per request.
    Setting the go-live dates after the measures left all but a few stale."""
    from ketenzicht.norms.configured import load_config
    from ketenzicht.norms.models import ReadState
    from ketenzicht.norms.readmodel import fingerprint
    from ketenzicht.timeline.models import Measure

    keys = dict(ReadState.objects.values_list("measure_id", "key"))
    assert set(keys) == set(Measure.objects.values_list("pk", flat=True))
    assert set(keys.values()) == {fingerprint(load_config())}


def test_demo_code_prints_the_current_code(loaded):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    out = io.StringIO()
    call_command("demo-code", "jzw.demo", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert TOTPDevice.objects.get(user__username="jzw.demo").verify_token(code)
    with pytest.raises(CommandError, match="geen tweestapsverificatie"):
        call_command("demo-code", "beleidsmedewerker.demo")

"""The chain in the demo data (issue 18): the trajectories load through the importer (the same
checks as the screens), some end in a ruling linked to a demo measure, some are closed in the
voluntary framework, some wait at the Raad, and the regie signals show."""

from __future__ import annotations

import collections
import datetime as dt
import hashlib
import json

import pytest

from ketenzicht.demo.generator import DemoGenerator

REF = dt.date(2026, 11, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def small() -> list[dict]:
    return list(DemoGenerator("small", 1, REF).records())


def test_the_chain_records_come_after_every_other_record(small):
    kinds = [r["kind"] for r in small]
    first_chain = kinds.index("trajectory")
    last_event = len(kinds) - 1 - kinds[::-1].index("event")
    assert last_event < first_chain
    new_orgs = [r for r in small[last_event + 1 :] if r["kind"] == "organisation"]
    assert {o["type"] for o in new_orgs} == {"wijkteam"}
    # Nothing of the chain (its organisations, workers, youths) is mixed into the records before.
    chain_ids = {r["id"] for r in small[first_chain:] if r["kind"] != "trajectory_event"}
    assert not chain_ids & {r.get("id") for r in small[: last_event + 1]}


def test_the_demo_trajectories_load_and_show_the_chain(small):
    from ketenzicht.chain.domain import flags as regie_flags
    from ketenzicht.chain.models import Trajectory
    from ketenzicht.chain.services import state_of
    from ketenzicht.interop.importer import import_lines
    from ketenzicht.norms.calendar import default_calendar

    import_lines(enumerate(small, start=1), today=REF)
    all_ = list(Trajectory.objects.all())
    assert len(all_) == sum(1 for r in small if r["kind"] == "trajectory")
    closures = collections.Counter(t.closure for t in all_)
    assert closures["uitspraak"] >= 6 and closures["vrijwillig"] >= 5
    assert all(t.measure_id for t in all_ if t.closure == "uitspraak")
    open_ = [t for t in all_ if t.closed_on is None]
    # The Raad holds, or is offered, regie on trajectories that wait for it (raad.demo sees them).
    assert any(t.regie_organisation.type == "rvdk" for t in open_ if t.regie_organisation)
    assert any(t.offer_organisation.type == "rvdk" for t in open_ if t.offer_organisation)
    links = collections.Counter(t.link for t in all_ if t.closed_on is None)
    assert links["verzoek_start"] >= 3 and links["zorg_jbt"] >= 3
    flags = collections.Counter(
        f.code
        for t in all_
        for f in regie_flags(state_of(t), REF, default_calendar().add_working_days)
    )
    assert flags["geen_regiehouder"] >= 1 and flags["overdracht_niet_geaccepteerd"] >= 1


def test_the_chain_is_deterministic(small):
    again = list(DemoGenerator("small", 1, REF).records())
    digest = lambda rs: hashlib.sha256(json.dumps(rs).encode()).hexdigest()  # noqa: E731
    assert digest(again) == digest(small)

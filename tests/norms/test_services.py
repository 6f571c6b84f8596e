"""The API for the web layer: one measure, many measures, per-organisation terms, worklists."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ketenzicht.interop.importer import import_lines
from ketenzicht.norms.bulk import evaluate_all
from ketenzicht.norms.catalogue import NORMS
from ketenzicht.norms.config import ConfigError, config_from
from ketenzicht.norms.configured import load_config
from ketenzicht.norms.engine import Status
from ketenzicht.norms.models import NormSetting
from ketenzicht.norms.selectors import actionable, results_for_measures, status_counts
from ketenzicht.norms.services import results_for_measure
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.models import Measure
from ketenzicht.timeline.services import append_event
from tests.builders import base_records

from .test_paths_agree import exchange_records
from .timelines import TODAY, D, ots

pytestmark = pytest.mark.django_db
AS_OF = D(2026, 6, 1)


@pytest.fixture
def measures():
    """M-1 of the builders plus five measures of our own."""
    tls = []
    for i in range(5):
        t = ots(D(2026, 3, 2) + dt.timedelta(days=7 * i), id=f"M-S{i}")
        t.add("worker_assigned", t.events[0].date, assignment="vast", worker="W-1")
        tls.append(t)
    import_lines(list(enumerate(exchange_records(tls), start=1)), today=TODAY)
    return Measure.objects.order_by("pk")


def test_one_measure_takes_one_query(measures):
    m = measures.get(external_id="M-1")
    config = load_config()
    with CaptureQueriesContext(connection) as ctx:
        results = results_for_measure(m, AS_OF, config)
    assert len(ctx.captured_queries) == 1
    assert [r.norm_id for r in results] == list(NORMS)


def test_bulk_takes_a_fixed_number_of_queries_whatever_the_number_of_measures(measures):
    config = load_config()
    with CaptureQueriesContext(connection) as ctx:
        everything = evaluate_all(None, AS_OF, config)
    n_all = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        some = evaluate_all(measures.filter(external_id__in=["M-S1", "M-S2"]), AS_OF, config)
    # measures, organisations, 3 event queries and the corrected ids (in a savepoint), event
    # ids: the same few queries whatever the number of measures
    assert n_all <= 9 and len(ctx.captured_queries) <= 9
    assert len(everything) == 6 * len(NORMS)
    assert {r.measure_id for r in some} == {"M-S1", "M-S2"}
    by_pk = evaluate_all([measures.get(external_id="M-S3").pk], AS_OF, config)
    assert {r.measure_id for r in by_pk} == {"M-S3"}


def test_results_follow_new_events_and_corrections(measures):
    m = measures.get(external_id="M-S0")  # started 2 March 2026
    r = {x.norm_id: x for x in results_for_measure(m, AS_OF)}["3.1-kind-alleen"]
    assert (r.status, r.due_date) == (Status.OVERDUE, D(2026, 4, 13))
    ev = append_event(
        m,
        "contact",
        D(2026, 5, 25),
        {
            "present": ["jeugdige"],
            "child_spoken_alone": True,
            "mode": "face_to_face",
            "location": "school",
        },
        today=TODAY,
    )
    r = {x.norm_id: x for x in results_for_measure(m, AS_OF)}["3.1-kind-alleen"]
    assert (r.status, r.due_date, r.last_event_id) == (Status.OPEN, D(2026, 7, 6), ev.external_id)
    append_event(
        m,
        "correction",
        D(2026, 5, 26),
        {"corrects": ev.external_id, "reason": "Moeder was erbij."},
        today=TODAY,
    )
    r = {x.norm_id: x for x in results_for_measure(m, AS_OF)}["3.1-kind-alleen"]
    assert (r.status, r.due_date) == (Status.OVERDUE, D(2026, 4, 13))
    bulk = {x.norm_id: x for x in evaluate_all([m.pk], AS_OF)}
    assert bulk["3.1-kind-alleen"] == r


def test_per_organisation_term_from_the_database(measures):
    NormSetting.objects.create(
        organisation=Organisation.objects.get(external_id="GI-JBW"),
        norm_id="3.1-kind-alleen",
        term_value=4,
        term_unit="weeks",
    )
    config = load_config()
    r = results_for_measures(measures.filter(external_id="M-S0"), AS_OF, config)["M-S0"]
    child = {x.norm_id: x for x in r}["3.1-kind-alleen"]
    assert (child.due_date, child.variant) == (D(2026, 3, 30), "organisatie:GI-JBW")
    assert child.rule == "Instelling van GI-JBW: ten minste elke 4 weken"
    assert "4 weken" in str(NormSetting.objects.get())


def test_only_configurable_norms_take_a_term():
    with pytest.raises(ConfigError, match="niet instelbaar"):
        config_from({"1a.3-eerste-contact": "10d"})
    with pytest.raises(ConfigError, match="onbekende norm"):
        config_from({"bestaat-niet": "10d"})
    with pytest.raises(ConfigError, match="niet begrepen"):
        config_from({"3.1-kind-alleen": "vaak"})


def test_worklist_order_and_counts(measures):
    results = [r for rs in results_for_measures(measures, AS_OF).values() for r in rs]
    work = actionable(results, AS_OF)
    statuses = [r.status for r in work]
    assert statuses == sorted(statuses, key=lambda s: s is not Status.OVERDUE)
    overdue = [r.due_date for r in work if r.status is Status.OVERDUE]
    assert overdue == sorted(overdue) and overdue
    soon = [r for r in work if r.status is Status.OPEN]
    assert all(AS_OF <= r.due_date <= AS_OF + dt.timedelta(days=7) for r in soon)
    counts = status_counts(results)
    assert sum(counts["1a.3-eerste-contact"].values()) == 6
    assert counts["1a.3-eerste-contact"][Status.MET_ON_TIME] == 1  # only M-1 had a first contact
    assert base_records()  # the builders' data set is part of the fixture


@pytest.mark.django_db(transaction=True)
def test_large_sets_are_loaded_on_two_threads_with_the_same_results(monkeypatch):
    """Outside a transaction a large set is split over threads (each with its own connection)."""
    from ketenzicht.norms import loader

    tls = [ots(D(2026, 1, 5) + dt.timedelta(days=3 * i), id=f"M-P{i}") for i in range(7)]
    for i, t in enumerate(tls):
        t.add(
            "contact",
            t.events[0].date + dt.timedelta(days=i),
            present=["jeugdige"],
            child_spoken_alone=True,
            mode="face_to_face",
            location="school",
        )
    import_lines(list(enumerate(exchange_records(tls), start=1)), today=TODAY)
    config = config_from()
    sequential = {(r.measure_id, r.norm_id): r for r in evaluate_all(None, AS_OF, config)}
    monkeypatch.setattr(loader, "PARALLEL_FROM", 2)
    # Threads need a database other connections can read: PostgreSQL or a SQLite file.
    memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    assert loader.workers_for(8) == (1 if memory else 2)
    parallel = {(r.measure_id, r.norm_id): r for r in evaluate_all(None, AS_OF, config)}
    single = {
        (r.measure_id, r.norm_id): r
        for m in Measure.objects.all()
        for r in results_for_measure(m, AS_OF, config)
    }
    assert parallel == sequential == single
    assert len(parallel) == 8 * len(NORMS)

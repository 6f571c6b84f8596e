"""Recorded through the form or imported from a file: the same timeline and the same norm
results (issue 12). On random valid timelines (worker changes, handovers, extensions, endings,
signals, help, consultations, corrections), each event after the start goes once through the
generated form of its type (`web.recording`: form data as a browser sends it, then
`record_event`, which appends through `timeline.services.append_event`), and once through the
importer in one file. Event ids differ between the two (the form makes its own); everything else
must be identical."""

import dataclasses

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings, strategies as st

from ketenzicht.interop.importer import import_lines
from ketenzicht.norms.selectors import results_for_measures
from ketenzicht.timeline.domain.events import EVENT_TYPES, dump_payload
from ketenzicht.timeline.models import Event, Measure
from ketenzicht.web import recording
from tests.norms.test_paths_agree import exchange_records
from tests.norms.timelines import TODAY, timelines

pytestmark = pytest.mark.django_db


def form_data(event, ids: dict[str, str]) -> dict:
    """What a browser posts for this event: checked boxes present, others absent; references
    to earlier events by the id the form path gave them."""
    post: dict = {recording.DATE_FIELD: event.date.isoformat()}
    payload = dump_payload(event.data)
    for f in EVENT_TYPES[event.type].fields:
        value = payload.get(f.name)
        if value is None or value is False:
            continue
        if f.kind == "bool":
            post[f.name] = "on"
        elif f.ref == "event":
            post[f.name] = ids[value]
        else:
            post[f.name] = value
    return post


def timeline_and_results(measure_id: str, ids: dict[str, str] | None = None):
    """The measure's events and norm results, with the form path's event ids mapped back."""
    back = {v: k for k, v in (ids or {}).items()}
    events = [
        (
            back.get(e.external_id, e.external_id),
            e.event_type,
            e.date,
            {
                k: back.get(v, v) if EVENT_TYPES[e.event_type].field_map[k].ref == "event" else v
                for k, v in e.data.items()
            },
            e.corrects and back.get(e.corrects.external_id, e.corrects.external_id),
        )
        for e in Event.objects.filter(measure__external_id=measure_id)
        .select_related("corrects")
        .order_by("seq")
    ]
    measure = Measure.objects.get(external_id=measure_id)
    results = [
        dataclasses.replace(
            r,
            event_id=back.get(r.event_id, r.event_id),
            last_event_id=back.get(r.last_event_id, r.last_event_id),
        )
        for r in results_for_measures([measure.pk], TODAY)[measure_id]
    ]
    # External ids, not keys: PostgreSQL does not roll its sequences back between the two paths.
    projection = [
        measure.gi and measure.gi.external_id,
        measure.team and measure.team.external_id,
        measure.worker and measure.worker.external_id,
        measure.assignment,
    ]
    return events, results, projection


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_form_path_and_import_give_the_same_timeline_and_norms(data):
    tl = data.draw(timelines("M-F"), label="timeline")
    records = exchange_records([tl])
    start_only = [r for r in records if r.get("kind") != "event" or r["type"] == "measure_started"]

    with transaction.atomic():
        import_lines(list(enumerate(records, start=1)), today=TODAY)
        imported = timeline_and_results("M-F")
        transaction.set_rollback(True)

    with transaction.atomic():
        import_lines(list(enumerate(start_only, start=1)), today=TODAY)
        ids = {tl.events[0].id: tl.events[0].id}
        for event in tl.events[1:]:
            measure = Measure.objects.get(external_id="M-F")  # its projection as of now
            form = recording.event_form_class(EVENT_TYPES[event.type], measure)(
                form_data(event, ids)
            )
            stored = recording.record_event(form, by=None, today=TODAY)
            assert stored is not None, (event, form.errors)
            ids[event.id] = stored.external_id
        recorded = timeline_and_results("M-F", ids)
        transaction.set_rollback(True)

    assert recorded == imported

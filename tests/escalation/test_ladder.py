"""The escalation ladder (AVE): rungs per GI, up and down on the timeline, validated."""

import datetime as dt

import pytest

from ketenzicht.escalation import ave, selectors
from ketenzicht.escalation.models import Ladder, Rung
from ketenzicht.reference.models import Organisation
from ketenzicht.timeline.domain.events import PayloadError
from ketenzicht.timeline.domain.state import TimelineError
from ketenzicht.timeline.models import Event

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)


def up(measure, key, day=dt.date(2026, 11, 2)):
    return ave.escalate(measure, key, "Zorgen over veiligheid.", day, today=TODAY)


def test_escalate_and_deescalate_are_events_on_the_timeline(measure, ladder):
    up(measure, "teamleider")
    assert selectors.current_rung(measure).key == "teamleider"
    up(measure, "bestuur")
    assert selectors.current_rung(measure).key == "bestuur"
    ave.deescalate(measure, "gebiedsmanager", "Plan loopt.", dt.date(2026, 11, 2), today=TODAY)
    assert selectors.current_rung(measure).key == "gebiedsmanager"
    ave.deescalate(measure, None, "Opgelost.", dt.date(2026, 11, 2), today=TODAY)
    assert selectors.current_rung(measure) is None
    types = list(
        Event.objects.filter(measure=measure, event_type__in=selectors.ESCALATION_TYPES)
        .order_by("seq")
        .values_list("event_type", "data__rung")
    )
    assert types == [
        ("escalated", "teamleider"),
        ("escalated", "bestuur"),
        ("deescalated", "gebiedsmanager"),
        ("deescalated", None),
    ]


def test_rung_must_be_on_the_ladder_and_direction_must_fit(measure, ladder):
    with pytest.raises(PayloadError) as err:
        up(measure, "wethouder")
    assert err.value.field == "data.rung" and "staat niet op de ladder" in err.value.message
    up(measure, "gebiedsmanager")
    with pytest.raises(PayloadError):
        up(measure, "teamleider")  # lower: that is de-escalating
    with pytest.raises(PayloadError):
        ave.deescalate(measure, "bestuur", "x", dt.date(2026, 11, 2), today=TODAY)
    assert Event.objects.filter(measure=measure, event_type="escalated").count() == 1


def test_deescalating_a_case_that_is_not_escalated_is_refused_by_the_timeline(measure, ladder):
    with pytest.raises(TimelineError):
        ave.deescalate(measure, None, "x", dt.date(2026, 11, 2), today=TODAY)


def test_a_gi_may_have_its_own_ladder(measure, ladder):
    own = Ladder.objects.create(
        organisation=Organisation.objects.get(external_id="GI-JBW"), name="Ladder JBW"
    )
    Rung.objects.create(
        ladder=own,
        position=1,
        key="veiligheidsteam",
        label="Veiligheidsteam",
        role="gedragswetenschapper",
    )
    with pytest.raises(PayloadError):
        up(measure, "teamleider")  # on the default ladder, not on the GI's own
    up(measure, "veiligheidsteam")
    assert selectors.current_rung(measure).label == "Veiligheidsteam"


def test_open_escalations_with_the_rungs_term(measure, ladder):
    up(measure, "teamleider", dt.date(2026, 10, 1))
    (row,) = selectors.open_escalations()
    assert row.measure == measure and row.rung.key == "teamleider"
    assert row.since == dt.date(2026, 10, 1) and row.due == dt.date(2026, 10, 6)
    assert row.overdue
    ave.deescalate(measure, None, "Klaar.", dt.date(2026, 11, 2), today=TODAY)
    assert selectors.open_escalations() == []


def test_a_corrected_escalation_does_not_count(measure, ladder):
    from ketenzicht.timeline.services import append_event

    ev = up(measure, "teamleider")
    append_event(
        measure,
        "correction",
        dt.date(2026, 11, 2),
        {"corrects": ev.external_id, "reason": "Fout."},
        today=TODAY,
    )
    assert selectors.open_escalations() == []


def test_there_is_one_default_ladder(ladder):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Ladder.objects.create(name="Nog een standaardladder")

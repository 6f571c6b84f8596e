"""Recording on the timeline from the case page (issue 12): generated forms, one write path,
immediate effect, and who may record what."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ketenzicht.timeline.domain.events import EVENT_TYPES, clean_payload
from ketenzicht.web import recording

pytestmark = pytest.mark.django_db

URL = "web:record"


def record_url(measure="M-1", youth="Y-1"):
    return reverse(URL, args=[youth, measure])


# Values a form user would choose where the first choice does not fit a rule between fields.
SAMPLE = {
    "contact": {"present": ["jeugdige"], "child_spoken_alone": "on", "not_alone_reason": ""},
    "worker_assigned": {"assignment": "vast", "worker": "W-1"},
    "handover": {"to_gi": "GI-WSS"},
}


def sample_post(event_type, form_class):
    """POST data for every declared field: the first real choice, a text, today."""
    data = {recording.DATE_FIELD: timezone.localdate().isoformat()}
    for f in event_type.fields:
        field = form_class.base_fields[f.name]
        if f.kind == "bool":
            data[f.name] = "on"
        elif f.kind == "date":
            data[f.name] = timezone.localdate().isoformat()
        elif f.kind == "text":
            data[f.name] = "Toelichting"
        elif f.kind == "codes":
            data[f.name] = [field.choices[0][0]]
        else:
            choices = [c for c, _ in field.choices if c]
            if choices:
                data[f.name] = choices[0]
    data.update(SAMPLE.get(event_type.code, {}))
    return data


@pytest.fixture
def referable(dataset):
    """M-1 gets a started help and an expert-table registration, so that every event type's
    required references have something to point at."""
    from ketenzicht.timeline.models import Measure
    from ketenzicht.timeline.services import append_event

    m1 = Measure.objects.get(external_id="M-1")
    append_event(
        m1,
        "help_started",
        dt.date(2026, 6, 1),
        {"help_type": "pleegzorg", "provider": "JHA-1", "request": "E-6"},
    )
    append_event(m1, "expert_table_registered", dt.date(2026, 6, 2), {"reason": "Vastgelopen."})


@pytest.mark.parametrize("code", sorted(EVENT_TYPES))
def test_every_event_type_has_a_generated_form_or_its_own_screen(referable, code):
    """The declaration is the form: every field of every type is on it, with its label and
    choices, and what the form cleans is a payload the timeline's own validation accepts."""
    from ketenzicht.timeline.models import Measure

    if code in recording.OWN_SCREENS:
        assert code not in recording.RECORDABLE
        return
    event_type = EVENT_TYPES[code]
    measure = Measure.objects.get(external_id="M-1")
    form_class = recording.event_form_class(event_type, measure)
    assert list(form_class.base_fields) == [recording.DATE_FIELD] + [
        f.name for f in event_type.fields
    ]
    for f in event_type.fields:
        field = form_class.base_fields[f.name]
        assert field.label.lower() == f.label.lower()
        assert field.required == (f.required and f.kind != "bool")
        if f.choices:
            assert {c for c, _ in field.choices if c} == set(f.choices)
    form = form_class(sample_post(event_type, form_class))
    assert form.is_valid(), form.errors
    clean_payload(code, form.payload())  # raises PayloadError if the form made a bad payload


@pytest.fixture
def jzw(dataset, make_user, login):
    return login(make_user("W-1"))


def test_choice_page_lists_the_event_types(jzw):
    html = jzw.get(record_url()).content.decode()
    assert "Contact" in html and "soort=contact" in html
    # The safety assessment is the gedragswetenschapper's: listed, not a link, with the reason.
    assert "soort=safety_assessment" not in html
    assert "Alleen een gedragswetenschapper legt dit vast." in html


def test_form_is_prefilled_from_the_query_string(jzw):
    html = jzw.get(record_url(), {"soort": "contact", "child_spoken_alone": "1"}).content.decode()
    assert 'name="child_spoken_alone"' in html
    checkbox = html.split('name="child_spoken_alone"')[1].split(">")[0]
    assert "checked" in checkbox


def test_recording_a_contact_appends_it_and_clears_the_norm(jzw):
    from ketenzicht.access.models import AccessLogEntry
    from ketenzicht.norms.selectors import results_for_measures
    from ketenzicht.timeline.models import Event, Measure

    measure = Measure.objects.get(external_id="M-1")
    today = timezone.localdate()

    def child_alone():
        results = results_for_measures([measure.pk], today)["M-1"]
        return next(r for r in results if r.norm_id == "3.1-kind-alleen")

    assert child_alone().status.value == "overdue"
    response = jzw.post(
        record_url(),
        {
            "soort": "contact",
            recording.DATE_FIELD: today.isoformat(),
            "present": ["jeugdige"],
            "child_spoken_alone": "on",
            "mode": "face_to_face",
            "location": "thuis",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:case", args=["Y-1"]) + "#tijdlijn"
    event = Event.objects.get(measure=measure, event_type="contact", date=today)
    assert event.data["child_spoken_alone"] is True
    assert event.recorded_by.username.startswith("u-w-1")
    after = child_alone()  # a recurring norm: met today, the next one due in six weeks
    assert after.status.value == "open" and after.last_met_date == today
    assert after.due_date == today + dt.timedelta(weeks=6)
    # The write is in the hash-chained access log.
    assert AccessLogEntry.objects.filter(action="change", subject="vastgelegd: Contact").exists()
    # The case page shows it at once: the norms panel has the next due date, no longer overdue.
    html = jzw.get(reverse("web:case", args=["Y-1"])).content.decode()
    row = html.split('data-norm="3.1-kind-alleen"')[1].split("</tr>")[0]
    assert 'data-status="open"' in html.split('data-norm="3.1-kind-alleen"')[1][:40]
    assert after.due_date.strftime("%d-%m-%Y") in row


def test_fold_error_is_shown_in_dutch_on_the_field_and_nothing_is_stored(jzw):
    from ketenzicht.timeline.models import Event

    before = Event.objects.count()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = jzw.post(
        record_url(),
        {
            "soort": "contact",
            recording.DATE_FIELD: tomorrow.isoformat(),
            # child spoken alone while the mother is present: a rule between fields
            "present": ["jeugdige", "moeder"],
            "child_spoken_alone": "on",
            "mode": "face_to_face",
            "location": "thuis",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert Event.objects.count() == before
    assert "Er is niets opgeslagen" in html and "<title>Fout:" in html
    errors = response.context["form"].errors
    assert "present" in errors or "child_spoken_alone" in errors, errors


def test_future_date_error_lands_on_the_date_field(jzw):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = jzw.post(
        record_url(),
        {"soort": "safety_estimate", recording.DATE_FIELD: tomorrow.isoformat(), "colour": "rood"},
    )
    errors = response.context["form"].errors
    assert "ligt in de toekomst" in errors[recording.DATE_FIELD][0]


def test_correction_strikes_the_original_through(jzw):
    from ketenzicht.timeline.models import Event

    response = jzw.post(
        record_url(),
        {
            "soort": "correction",
            recording.DATE_FIELD: timezone.localdate().isoformat(),
            "corrects": "E-4",
            "reason": "Kleur verkeerd ingevoerd.",
        },
    )
    assert response.status_code == 302
    assert Event.objects.get(external_id="E-4").corrected_by.data["reason"] == (
        "Kleur verkeerd ingevoerd."
    )
    html = jzw.get(reverse("web:case", args=["Y-1"])).content.decode()
    assert "Kleur verkeerd ingevoerd." in html


def test_only_the_gedragswetenschapper_records_the_safety_assessment(
    dataset, make_user, login, client
):
    from ketenzicht.timeline.models import Event

    data = {
        "soort": "safety_assessment",
        recording.DATE_FIELD: timezone.localdate().isoformat(),
        "with_behavioural_scientist": "on",
        "colour": "oranje",
    }
    login(make_user("W-1"))
    assert client.post(record_url(), data).status_code == 403
    client.logout()
    login(make_user("W-2", role="gedragswetenschapper"))
    assert client.post(record_url(), data).status_code == 302
    assert Event.objects.filter(event_type="safety_assessment").count() == 1


def test_break_the_glass_never_grants_writing(dataset, make_user, login, client):
    """W-2 (same team, not the case's worker) has no scope on M-1; after breaking the glass they
    may read it, but recording answers as for an unknown measure."""
    from ketenzicht.access.services import break_glass
    from ketenzicht.timeline.models import Event, Youth

    user = make_user("W-2")
    login(user)
    request = client.get(reverse("web:home")).wsgi_request
    break_glass(request, Youth.objects.get(external_id="Y-1"), "Spoed: moeder belt, collega ziek.")
    assert client.get(reverse("web:case", args=["Y-1"])).status_code == 200
    before = Event.objects.count()
    response = client.post(
        record_url(),
        {"soort": "safety_estimate", recording.DATE_FIELD: "2026-11-01", "colour": "rood"},
    )
    assert response.status_code == 404
    assert Event.objects.count() == before


def test_unknown_event_type_and_own_screen_types_are_refused(jzw):
    assert jzw.get(record_url(), {"soort": "bestaat_niet"}).status_code == 404
    assert jzw.get(record_url(), {"soort": "incident"}).status_code == 404
    assert jzw.get(record_url(), {"soort": "measure_started"}).status_code == 404


def test_worklist_row_opens_the_form_that_meets_the_norm(jzw):
    """ "Kind alleen gesproken" opens a contact with the child spoken alone ticked and the child as
    the one present."""
    html = jzw.get(reverse("web:worklist")).content.decode()
    row = html.split('data-norm="3.1-kind-alleen"')[1].split("</tr>")[0]
    href = row.split('data-testid="record" href="')[1].split('"')[0].replace("&amp;", "&")
    assert href.startswith(record_url() + "?soort=contact")
    assert "child_spoken_alone=1" in href and "present=jeugdige" in href
    form = jzw.get(href).context["form"]
    assert form.initial["child_spoken_alone"] is True
    assert form.initial["present"] == ["jeugdige"]


def test_team_worklist_offers_recording_only_to_roles_that_record(
    dataset, make_user, login, client
):
    login(make_user("W-2", role="teamleider"))
    assert 'data-testid="record"' in client.get(reverse("web:team_worklist")).content.decode()
    client.logout()
    login(make_user("W-2", role="gebiedsmanager", cluster="Haaglanden"))
    html = client.get(reverse("web:team_worklist")).content.decode()
    assert 'data-norm="' in html and 'data-testid="record"' not in html


def test_worklist_offers_no_form_the_user_may_not_record(jzw):
    """The safety assessment with the gedragswetenschapper is on the jzw's worklist, but not
    theirs to record: no link to a form that would refuse them."""
    html = jzw.get(reverse("web:worklist")).content.decode()
    row = html.split('data-norm="hp-veiligheidsbeoordeling"')[1].split("</tr>")[0]
    assert 'data-testid="record"' not in row and "door gedragswetenschapper" in row


def test_a_fixed_worker_above_the_caseload_norm_needs_a_reason(dataset, make_user, login, client):
    """The waiting screen's rule holds for an assignment recorded on the case page too."""
    from ketenzicht.reference.models import Organisation
    from ketenzicht.timeline.models import Event

    Organisation.objects.filter(external_id="GI-JBW").update(caseload_norm=0)
    login(make_user("W-2", role="teamleider"))
    data = {
        "soort": "worker_assigned",
        recording.DATE_FIELD: timezone.localdate().isoformat(),
        "assignment": "vast",
        "worker": "W-2",
    }
    refused = client.post(record_url(), data)
    assert refused.status_code == 200
    assert "boven de caseloadnorm" in refused.context["form"].errors["above_norm_reason"][0]
    assert not Event.objects.filter(event_type="worker_assigned", data__worker="W-2").exists()
    ok = client.post(record_url(), {**data, "above_norm_reason": "Spoed: collega ziek."})
    assert ok.status_code == 302
    assert (
        Event.objects.get(event_type="worker_assigned", data__worker="W-2").data[
            "above_norm_reason"
        ]
        == "Spoed: collega ziek."
    )

"""Waiting (issue #5): the waiting list, assignment, counts per reference date, effects, help
waits, priority, expert table and the consultation with the municipality, through the real
views, services, timeline and norm engine."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from ketenzicht.access.models import AccessLogEntry
from ketenzicht.care import domain, selectors
from ketenzicht.crypto import youth_pseudonym
from ketenzicht.norms.engine import Status
from ketenzicht.norms.services import results_for_measure
from ketenzicht.reference.models import Organisation, Worker
from ketenzicht.timeline.models import Event, Measure
from ketenzicht.timeline.services import append_event
from tests.norms.timelines import bsn

from .conftest import ORDER

pytestmark = pytest.mark.django_db


def measure(ext):
    return Measure.objects.get(external_id=ext)


# ------------------------------------------------------------------ the waiting list


def test_waiting_list_order_scope_and_log(waiting, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    response = client.get(reverse("care:waiting_list"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.measure.external_id for r in rows] == ORDER
    assert rows[3].ruis_flags == ["juridische_strijd"]
    assert rows[1].colour == "rood" and rows[0].colour is None
    assert "Binnen een kleur staan ruisdossiers bovenaan" in response.content.decode()
    # Next check from the norm engine: the team-contact norm for a case without a worker.
    assert rows[0].next_check is not None
    logged = set(
        AccessLogEntry.objects.filter(subject="wachtlijst").values_list(
            "youth_pseudonym", flat=True
        )
    )
    assert logged == {youth_pseudonym(f"Y-{i}") for i in range(2, 7)}


def test_waiting_list_scope_of_another_gi(waiting, make_user, login, client):
    login(make_user("W-3", role="teamleider"))  # WSS: none of these cases
    response = client.get(reverse("care:waiting_list"))
    assert response.context["rows"] == []


def test_ruis_flags_cleared_moves_case_back(waiting, make_user):
    user = make_user("W-2", role="teamleider")
    append_event(measure("M-4"), "ruis_flags_set", dt.date(2026, 11, 2), {}, recorded_by=user)
    rows = selectors.waiting_list(Measure.objects.all(), timezone.localdate())
    assert [r.measure.external_id for r in rows] == ["M-6", "M-2", "M-5", "M-3", "M-4"]


# ------------------------------------------------------------------ assignment


def test_teamleider_assigns_and_the_event_lands_on_the_timeline(waiting, make_user, login, client):
    user = make_user("W-2", role="teamleider")
    login(user)
    url = reverse("care:assign") + "?maatregel=M-2"
    page = client.get(url)
    assert page.status_code == 200
    loads = {c.worker_id: c for c in page.context["loads"]}
    assert set(loads) == {"W-1", "W-2"}  # jeugdzorgwerkers of the teamleider's team
    assert loads["W-1"].cases == 1 and loads["W-2"].cases == 0
    response = client.post(url, {"maatregel": "M-2", "worker": "W-2"})
    assert response.status_code == 302
    m = measure("M-2")
    assert (m.assignment, m.worker.external_id) == ("vast", "W-2")
    event = m.events.get(event_type="worker_assigned", data__worker="W-2")
    assert event.recorded_by == user and "above_norm_reason" not in event.data
    assert selectors.caseloads(m.gi, timezone.localdate())[-1].cases == 1


def test_above_the_caseload_norm_needs_a_reason(waiting, make_user, login, client):
    Organisation.objects.filter(external_id="GI-JBW").update(caseload_norm=1)
    login(make_user("W-2", role="teamleider"))
    url = reverse("care:assign") + "?maatregel=M-3"
    # W-1: 0.8 fte, 1 child; with this one 2.5 per fte, above the norm of 1.
    response = client.post(url, {"maatregel": "M-3", "worker": "W-1"})
    assert response.status_code == 200
    assert "Reden boven de caseloadnorm" in response.context["form"].errors["above_norm_reason"][0]
    assert measure("M-3").assignment == "niemand"
    assert not Event.objects.filter(measure__external_id="M-3", event_type="worker_assigned")
    response = client.post(
        url,
        {"maatregel": "M-3", "worker": "W-1", "above_norm_reason": "Kent het gezin al."},
    )
    assert response.status_code == 302
    event = Event.objects.get(measure__external_id="M-3", event_type="worker_assigned")
    assert event.data["above_norm_reason"] == "Kent het gezin al."


@pytest.mark.parametrize("role", ["gedragswetenschapper", "gebiedsmanager", "gi_bestuurder"])
def test_only_a_teamleider_assigns(waiting, make_user, login, client, role):
    extra = {"cluster": "Haaglanden", "team": None} if role == "gebiedsmanager" else {}
    if role == "gi_bestuurder":
        extra = {"team": None}
    login(make_user("W-2", role=role, **extra))
    response = client.post(reverse("care:assign"), {"maatregel": "M-2", "worker": "W-2"})
    assert response.status_code == 403
    assert measure("M-2").assignment == "doorstroomteam"


def test_a_teamleider_of_another_team_is_refused(waiting, make_user, login, client):
    login(make_user("W-3", role="teamleider"))  # WSS team
    response = client.post(reverse("care:assign"), {"maatregel": "M-2", "worker": "W-3"})
    assert response.status_code == 404
    assert measure("M-2").assignment == "doorstroomteam"


def test_a_worker_outside_the_team_is_refused(waiting, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    response = client.post(
        reverse("care:assign") + "?maatregel=M-2", {"maatregel": "M-2", "worker": "W-3"}
    )
    assert response.status_code == 200 and response.context["form"].errors["worker"]
    assert measure("M-2").assignment == "doorstroomteam"


# ------------------------------------------------------------------ counts


def test_counts_on_a_reference_date_and_csv(waiting, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    response = client.get(
        reverse("care:counts"),
        {"peildatum": "2026-09-15", "van": "2026-06-01", "tot": "2026-10-31", "per": "team"},
    )
    assert response.status_code == 200
    # On 15 Sep: M-2, M-4 (in- en doorstroomteam), M-3 and M-6 (nobody); M-5 starts in Oct.
    assert response.context["total"] == 4
    assert response.context["days"] == [
        dt.date(2026, 7, 1),
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
    ]
    rows = {key: values for key, _, values in response.context["rows"]}
    # 1 Jul: M-3 and M-6 (nobody, team T-DH1); 1 Oct: +M-2, M-4 at the IDT (M-5 from 2 Oct).
    assert rows == {"T-DH1": [2, 3, 2], "T-IDT": [0, 2, 3]}
    assert response.context["totals"] == [2, 5, 5]
    csv = client.get(
        reverse("care:counts_csv"), {"van": "2026-06-01", "tot": "2026-10-31", "per": "gi"}
    )
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Code;Groep;01-07-2026;01-10-2026;31-10-2026"
    assert lines[1] == "GI-JBW;Jeugdbescherming west;2;5;5"
    assert lines[-1] == ";Totaal (elke jeugdige één keer);2;5;5"


def test_counts_are_not_from_the_projection(waiting):
    """A measure whose worker is unassigned and reassigned still counts on the days between,
    whatever its current projection says."""
    m = measure("M-1")
    append_event(m, "worker_unassigned", dt.date(2026, 6, 1), {})
    append_event(
        m, "worker_assigned", dt.date(2026, 6, 20), {"assignment": "vast", "worker": "W-1"}
    )
    got = selectors.without_fixed_worker_counts(
        [dt.date(2026, 5, 31), dt.date(2026, 6, 10), dt.date(2026, 6, 20)], "total"
    )
    assert [v["totaal"] for v in got.values()] == [0, 2, 1]  # M-3 from 1 Jun; M-1 in between


def test_municipality_sees_only_its_own_children(
    waiting, gemeente_worker, make_user, login, client
):
    login(make_user("W-GEM"))
    response = client.get(reverse("care:counts"), {"peildatum": "2026-09-30"})
    assert response.status_code == 200
    ((title, caption, items),) = response.context["on_day"]
    assert items == [("'s-Gravenhage", "GM0518", "<5")]  # small counts suppressed outside the GI
    assert response.context["total"] is None
    assert [k for k, _, _ in response.context["rows"]] == ["GM0518"]


def test_counts_page_text_quotes_no_fixed_figures(
    waiting, gemeente_worker, make_user, login, client, settings
):
    """Issue 16, item 5: the Peildatum text quoted fixed numbers of Haaglanden that did not
    match the app's own, and a fixed '<5' whatever the configured threshold."""
    login(make_user("W-2", role="teamleider"))
    html = client.get(reverse("care:counts")).content.decode()
    # The page's words only: the CSRF token is random and may contain any digits.
    words = set(re.findall(r"[\w-]+", strip_tags(html)))
    assert "csrfmiddlewaretoken" in html
    for fixed in ("121", "84", "93", "108", "110", "Haaglanden"):
        assert fixed not in words
    client.logout()
    settings.KETENZICHT_SMALL_NUMBER_THRESHOLD = 3
    login(make_user("W-GEM"))
    html = client.get(reverse("care:counts"), {"peildatum": "2026-09-30"}).content.decode()
    assert "(‘&lt;3’, of ‘x’" in html and "&lt;5" not in html


def test_counts_form_refuses_a_future_date(waiting, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.get(reverse("care:counts"), {"peildatum": future})
    assert "Peildatum: ligt in de toekomst." in response.context["form"].errors["peildatum"][0]


# ------------------------------------------------------------------ effects


def test_effects_suppress_small_groups(waiting, make_user, login, client):
    login(make_user("W-2", role="gi_bestuurder", team=None))
    response = client.get(reverse("care:effects"))
    waited, not_waited = response.context["groups"]
    assert waited.shown_measures == "5"  # 5 measures
    assert not_waited.shown_measures == "<5"  # 1 measure
    assert not_waited.norms_share == "—" and not_waited.first_contact.shown == "—"
    raw = selectors.effects(Measure.objects.all(), timezone.localdate())[0]
    hidden = 0 < raw.norms_met < 5 or raw.norms_due < 10  # the publication policy's rule
    assert waited.norms_share == (
        "—" if hidden else f"{round(100 * raw.norms_met / raw.norms_due)}%"
    )
    # Issue 16: a percentage over 5 measures is no longer shown (the publication policy's
    # minimum denominator, 10, as in the council report).
    assert waited.signal_share == "—"
    html = response.content.decode()
    assert "&lt;5" in html and "Noor" not in html


def test_effects_leave_norms_before_go_live_out(waiting):
    """Issue 12: an instance 'voor ingebruikname, niet beoordeeld' is no miss in the effects."""
    from ketenzicht.reference.models import Organisation

    as_of = dt.date(2026, 11, 1)
    before = {g.label: g.norms_due for g in selectors.effects(Measure.objects.all(), as_of)}
    assert sum(before.values()) > 0
    Organisation.objects.filter(type="gi").update(go_live_date=dt.date(2026, 11, 1))
    after = {g.label: g.norms_due for g in selectors.effects(Measure.objects.all(), as_of)}
    assert sum(after.values()) == 0  # all one-time norms before go-live, cycles not yet due


# ------------------------------------------------------------------ help, priority, expert table


def test_help_waits_and_priority(waiting, make_user, login, client):
    user = make_user("W-2", role="teamleider")
    waits = selectors.help_waits(dt.date(2026, 11, 1))
    (w,) = waits
    assert (w.measure_id, w.help_type, w.provider, w.requested_on) == (
        "M-1",
        "pleegzorg",
        "JHA-1",
        dt.date(2026, 4, 10),
    )
    assert w.norm_due == dt.date(2026, 7, 10) and w.beyond_norm and w.waiting_days == 205
    login(user)
    response = client.post(reverse("care:give_priority"), {"request": "E-6", "reason": ""})
    assert response.status_code == 302
    assert not Event.objects.filter(event_type="help_priority").exists()
    client.post(reverse("care:give_priority"), {"request": "E-6", "reason": "Kind is onveilig."})
    event = Event.objects.get(event_type="help_priority")
    assert event.data == {"request": "E-6", "reason": "Kind is onveilig."}
    page = client.get(reverse("care:help"))
    assert [p.request_id for p in page.context["priority"]] == ["E-6"]
    assert page.context["priority"][0].priority_reason == "Kind is onveilig."
    html = page.content.decode()
    assert "Bron: Toetsingskader inspecties norm 2.2" in html and "002:127" not in html


def test_intake_and_start_end_the_wait(waiting):
    m = measure("M-1")
    append_event(m, "help_intake", dt.date(2026, 5, 1), {"request": "E-6", "provider": "JHA-1"})
    append_event(
        m,
        "help_started",
        dt.date(2026, 6, 1),
        {"request": "E-6", "help_type": "pleegzorg", "provider": "JHA-1"},
    )
    (w,) = selectors.help_waits(dt.date(2026, 11, 1))
    assert (w.intake_on, w.started_on, w.waiting_days) == (
        dt.date(2026, 5, 1),
        dt.date(2026, 6, 1),
        52,
    )
    assert not w.beyond_norm and not w.waiting


def test_the_norm_term_is_configurable(waiting, settings):
    settings.NORMS_TERMS = {"2.2-passende-hulp": "10wd"}
    (w,) = selectors.help_waits(dt.date(2026, 4, 30))
    assert w.norm_due == dt.date(2026, 4, 24) and w.beyond_norm and w.norm_term == "10 werkdagen"


def test_expert_table_registration_and_decision(waiting, make_user, login, client):
    login(make_user("W-2", role="gedragswetenschapper"))
    meeting = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    response = client.post(
        reverse("care:expert_register"),
        {"request": "E-6", "reason": "Geen pleeggezin beschikbaar.", "meeting_date": meeting},
    )
    assert response.status_code == 302
    reg = Event.objects.get(event_type="expert_table_registered")
    assert reg.data["meeting_date"] == meeting
    client.post(
        reverse("care:expert_decision"),
        {
            "registration": reg.external_id,
            "decision": "Gezinshuis inzetten.",
            "help_type": "gezinshuis",
        },
    )
    decision = Event.objects.get(event_type="expert_table_decision")
    assert decision.data["registration"] == reg.external_id
    page = client.get(reverse("care:expert_table"))
    (row,) = page.context["rows"]
    assert row.expert_decisions == [(timezone.localdate(), "Gezinshuis inzetten.")]


def test_priority_outside_scope_is_refused(waiting, make_user, login, client):
    login(make_user("W-3", role="teamleider"))  # WSS: M-1 is not theirs
    client.post(reverse("care:give_priority"), {"request": "E-6", "reason": "Waarom niet."})
    assert not Event.objects.filter(event_type="help_priority").exists()


# ------------------------------------------------------------------ consultation (norm 2.3)


def _norm_23(m):
    """Status of norm 2.3 the day after the help started (its term ends on the start day)."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    results = {r.norm_id: r for r in results_for_measure(m, tomorrow)}
    return results["2.3-afstemming-gemeente"].status


def test_consultation_sent_answered_and_used_by_the_norm(
    waiting, gemeente_worker, make_user, login, client
):
    jzw = make_user("W-1")
    login(jzw)
    client.post(reverse("care:send_consultation"), {"request": "E-6"})
    consult = Event.objects.get(event_type="municipality_consultation")
    assert consult.data == {"municipality": "GM0518", "help_type": "pleegzorg", "request": "E-6"}
    assert consult.recorded_by == jzw
    # The municipality sees it with minimal data (no name, no BSN) and answers.
    official = make_user("W-GEM")
    client.logout()
    login(official)
    page = client.get(reverse("care:consultations"))
    html = page.content.decode()
    assert "Noor" not in html and "Jansen" not in html and "999990019" not in html
    assert page.context["open_count"] == 1
    assert AccessLogEntry.objects.filter(
        subject="afstemming gemeente", youth_pseudonym=youth_pseudonym("Y-1")
    ).exists()
    client.post(
        reverse("care:answer"),
        {"consultation": consult.external_id, "answer": "akkoord", "remark": "Graag snel."},
    )
    answer = Event.objects.get(event_type="municipality_consultation_answer")
    assert answer.recorded_by == official
    assert answer.data == {
        "consultation": consult.external_id,
        "answer": "akkoord",
        "remark": "Graag snel.",
    }
    # The norm engine: help started after the consultation meets norm 2.3 on time.
    m = measure("M-1")
    append_event(
        m,
        "help_started",
        timezone.localdate(),
        {"request": "E-6", "help_type": "pleegzorg", "provider": "JHA-1"},
    )
    assert _norm_23(m) is Status.MET_ON_TIME


def test_without_consultation_the_norm_is_overdue(waiting):
    m = measure("M-1")
    append_event(
        m,
        "help_started",
        timezone.localdate(),
        {"request": "E-6", "help_type": "pleegzorg", "provider": "JHA-1"},
    )
    assert _norm_23(m) is Status.OVERDUE


def test_another_municipality_cannot_answer(waiting, gemeente_worker, make_user, login, client):
    login(make_user("W-1"))
    client.post(reverse("care:send_consultation"), {"request": "E-6"})
    consult = Event.objects.get(event_type="municipality_consultation")
    other = Organisation.objects.create(
        external_id="GEM-0603",
        name="Gemeente Rijswijk",
        type="gemeente",
        municipality=Organisation.objects.get(
            external_id="GEM-0518"
        ).municipality.__class__.objects.get(cbs_code="GM0603"),
    )
    Worker.objects.create(
        external_id="W-RIJ",
        organisation=other,
        given_name="Rik",
        family_name="Dam",
        role="beleidsmedewerker",
    )
    client.logout()
    login(make_user("W-RIJ"))
    assert client.get(reverse("care:consultations")).context["rows"] == []
    client.post(reverse("care:answer"), {"consultation": consult.external_id, "answer": "akkoord"})
    assert not Event.objects.filter(event_type="municipality_consultation_answer").exists()


def test_a_second_answer_is_refused_with_a_dutch_message(
    waiting, gemeente_worker, make_user, login, client
):
    login(make_user("W-1"))
    client.post(reverse("care:send_consultation"), {"request": "E-6"})
    consult = Event.objects.get(event_type="municipality_consultation")
    client.logout()
    login(make_user("W-GEM"))
    client.post(reverse("care:answer"), {"consultation": consult.external_id, "answer": "akkoord"})
    response = client.post(
        reverse("care:answer"),
        {"consultation": consult.external_id, "answer": "niet_akkoord"},
        follow=True,
    )
    assert "al beantwoord" in response.content.decode()
    assert Event.objects.filter(event_type="municipality_consultation_answer").count() == 1


def test_the_answer_does_not_change_norm_23(waiting, gemeente_worker, make_user):
    """Decision (docs/norms.md, norm 2.3): the norm checks that the GI consulted the
    municipality before the help started; the municipality's answer is shown, it does not
    decide whether the GI met its duty."""
    from ketenzicht.care import services

    today = timezone.localdate()
    scope = Measure.objects.all()
    consult = services.send_consultation("E-6", scope=scope, by=None, today=today)
    m = measure("M-1")
    append_event(
        m, "help_started", today, {"request": "E-6", "help_type": "pleegzorg", "provider": "JHA-1"}
    )
    assert _norm_23(m) is Status.MET_ON_TIME
    services.answer_consultation(
        consult.external_id, "niet_akkoord", "", municipality_code="GM0518", by=None, today=today
    )
    assert _norm_23(m) is Status.MET_ON_TIME


def test_ruis_flags_from_the_screen_move_a_case_up(waiting, make_user, login, client):
    login(make_user("W-2", role="gedragswetenschapper"))
    url = reverse("care:ruis") + "?maatregel=M-3"
    assert client.get(url).status_code == 200
    response = client.post(url, {"maatregel": "M-3", "flags": ["geen_alternatieve_hypothese"]})
    assert response.status_code == 302
    rows = client.get(reverse("care:waiting_list")).context["rows"]
    assert [r.measure.external_id for r in rows] == ["M-6", "M-2", "M-5", "M-3", "M-4"]
    # Removing every flag needs a remark; nothing is stored without one.
    response = client.post(url, {"maatregel": "M-3"})
    assert "Toelichting" in response.context["form"].errors["remark"][0]
    assert (
        Event.objects.filter(measure__external_id="M-3", event_type="ruis_flags_set").count() == 1
    )
    client.post(url, {"maatregel": "M-3", "remark": "Extra veiligheidscheck gedaan."})
    last = Event.objects.filter(event_type="ruis_flags_set", measure__external_id="M-3").last()
    assert last.data == {"remark": "Extra veiligheidscheck gedaan."}


def _import(tmp_path, extra):
    from ketenzicht.interop.importer import import_file
    from tests.builders import write

    from .conftest import TODAY, waiting_records

    import_file(str(write(tmp_path / "w.jsonl", [*waiting_records(), *extra])), today=TODAY)


def _authorisation(mid, youth, related, start, events):
    out = [
        {
            "kind": "measure",
            "id": mid,
            "youth": youth,
            "measure_type": "72",
            "related_measure": related,
        },
        {
            "kind": "event",
            "id": f"{mid}-E0",
            "measure": mid,
            "type": "measure_started",
            "date": start,
            "data": {"ruling_date": start, "end_date": "2027-01-31", "gi": "GI-JBW"},
        },
    ]
    for i, (etype, date, data) in enumerate(events, start=1):
        out.append(
            {"kind": "event", "id": f"{mid}-E{i}", "measure": mid, "type": etype, "date": date}
            | {"data": data}
        )
    return out


def test_children_are_counted_not_measures(db, tmp_path, make_user):
    """A machtiging uithuisplaatsing rides along with its OTS: it is not counted on its own,
    neither in the counts nor in a caseload; assigning the OTS assigns it too."""
    idt = {"assignment": "doorstroomteam", "team": "T-IDT"}
    _import(
        tmp_path,
        [
            # Y-1: OTS with W-1, its machtiging at the in- en doorstroomteam: Y-1 does not wait.
            *_authorisation(
                "M-1U", "Y-1", "M-1", "2026-04-01", [("worker_assigned", "2026-04-02", idt)]
            ),
            # Y-3: OTS with nobody, its machtiging with W-1: not a case of W-1.
            *_authorisation(
                "M-3U",
                "Y-3",
                "M-3",
                "2026-06-01",
                [("worker_assigned", "2026-06-02", {"assignment": "vast", "worker": "W-1"})],
            ),
            *_authorisation(
                "M-2U", "Y-2", "M-2", "2026-09-01", [("worker_assigned", "2026-09-02", idt)]
            ),
        ],
    )
    day = dt.date(2026, 10, 15)
    # M-2, M-3, M-4, M-5 and M-6: five children; the machtigingen add nobody.
    assert selectors.without_fixed_worker_counts([day], "total")[day]["totaal"] == 5
    jbw = Organisation.objects.get(external_id="GI-JBW")
    loads = {c.worker_id: c.cases for c in selectors.caseloads(jbw, day)}
    assert loads["W-1"] == 1  # Y-1 (OTS M-1); Y-3's machtiging does not make Y-3 a case
    from ketenzicht.care import services

    services.assign_worker(
        measure("M-2"), Worker.objects.get(external_id="W-2"), by=None, today=timezone.localdate()
    )
    assert measure("M-2U").assignment == "vast" and measure("M-2U").worker.external_id == "W-2"


def test_counts_restricted_to_a_scope(waiting):
    day = dt.date(2026, 10, 15)
    scope = Measure.objects.filter(external_id__in=["M-2", "M-3"])
    assert selectors.without_fixed_worker_counts([day], "total", scope)[day] == {"totaal": 2}
    assert selectors.without_fixed_worker_counts([day], "municipality", scope)[day] == {"GM0518": 2}
    assert selectors.without_fixed_worker_counts([], "gi") == {}
    with pytest.raises(ValueError):
        selectors.without_fixed_worker_counts([day], "provincie")


def test_municipality_csv_is_scoped(waiting, gemeente_worker, make_user, login, client):
    login(make_user("W-GEM"))
    response = client.get(reverse("care:counts_csv"), {"van": "2026-06-30", "tot": "2026-10-31"})
    lines = response.content.decode("utf-8-sig").splitlines()
    # 30 Jun: M-3; 30 Sep: M-2, M-3, M-4, M-6; 31 Oct: and M-5. Last days of a month only.
    assert lines == [
        "Code;Groep;30-06-2026;30-09-2026;31-10-2026",
        "GM0518;'s-Gravenhage;<5;<5;5",
        ";Totaal (elke jeugdige één keer);<5;<5;5",
    ]
    assert "Jeugdbescherming" not in response.content.decode("utf-8-sig")


# ------------------------------------------------------------------ one publication policy


def _moved(no: int, municipality: str, start: str) -> list[dict]:
    """A child like M-6 (nobody holds the measure), responsible in another municipality."""
    from .conftest import _ots

    out = []
    for record in _ots(6, start, []):
        r = {k: (v.replace("-6", f"-{no}") if isinstance(v, str) else v) for k, v in record.items()}
        if r["kind"] == "youth":
            r.update(
                bsn=bsn(100 + no),
                given_name="Gijs",
                responsible_municipality=municipality,
                stay_municipality=municipality,
            )
        out.append(r)
    return out


@pytest.fixture
def rijswijk(db, tmp_path):
    """The waiting cases of 's-Gravenhage plus one child of Rijswijk (same jeugdhulpregio,
    Haaglanden) without a fixed worker since 1 Oct: on 31 Oct 's-Gravenhage has 5, Rijswijk 1."""
    from ketenzicht.interop.importer import import_file
    from tests.builders import write

    from .conftest import TODAY, waiting_records

    records = [*waiting_records(), *_moved(9, "GM0603", "2026-10-01")]
    import_file(str(write(tmp_path / "rijswijk.jsonl", records)), today=TODAY)


def _recovered(column: dict[str, str], known: dict[str, int]) -> dict[str, int]:
    """Attacker on one column of a published table (total = sum of the municipalities): every
    hidden cell that follows from the published cells plus figures seen elsewhere."""
    values = {k: int(v) for k, v in column.items() if v.isdigit()} | known
    hidden = [k for k in column if k != "__totaal__" and k not in values]
    if "__totaal__" in values and len(hidden) == 1:
        rest = sum(v for k, v in values.items() if k != "__totaal__")
        return {hidden[0]: values["__totaal__"] - rest}
    return {}


def test_a_small_count_cannot_be_derived_from_the_reference_date_page_and_the_report(
    rijswijk, gemeente_worker, make_user, login, client
):
    """Finding 2 of issue 11: the region's table hides Rijswijk's 1 ("<5") and, to protect it,
    's-Gravenhage's 5 ("x"). The reference-date page of a 's-Gravenhage official used to show
    that 5, so 6 - 5 gave Rijswijk's child. Now both screens show the same published figure."""
    login(make_user("W-GEM"))
    day = "2026-10-31"
    region = client.get("/rapportage/regio/", {"van": "2026-10-01", "tot": day})
    table = region.context["report"].table("zonder_vaste")
    codes = [c for c, _ in table.rows] + ["__totaal__"]
    column = {c: table.cell(c, day) for c in codes}
    assert column["GM0603"] == "<5" and column["__totaal__"] == "6"
    page = client.get(reverse("care:counts"), {"peildatum": day})
    ((_, _, items),) = page.context["on_day"]
    ((_, code, shown),) = items
    assert code == "GM0518"
    known = {code: int(shown)} if str(shown).isdigit() else {}
    assert _recovered(column, known) == {}, "a suppressed count follows from the two screens"
    assert str(shown) == column["GM0518"]  # one policy: the same text on both screens
    csv_text = client.get(reverse("care:counts_csv"), {"van": day, "tot": day}).content
    assert f"GM0518;'s-Gravenhage;{column['GM0518']}" in csv_text.decode("utf-8-sig")


def test_municipal_reference_dates_are_fixed(waiting, gemeente_worker, make_user, login, client):
    """A municipal user gets the last day of a month only, checked on the server; a crafted
    date gets a Dutch error and no figures (page) or a 400 (CSV)."""
    login(make_user("W-GEM"))
    page = client.get(reverse("care:counts"), {"peildatum": "2026-09-15"})
    error = page.context["form"].errors["peildatum"][0]
    assert error.startswith("Peildatum: kies een datum uit de lijst")
    ((_, _, items),) = page.context["on_day"]
    assert items == [] and page.context["rows"] == []
    csv_response = client.get(reverse("care:counts_csv"), {"van": "2026-06-01"})
    assert csv_response.status_code == 400
    assert "Reeks vanaf: kies een datum uit de lijst" in csv_response.content.decode()
    # GI roles keep free dates (exact figures of their own cases).
    login(make_user("W-2", role="teamleider"))
    assert client.get(reverse("care:counts"), {"peildatum": "2026-09-15"}).context["total"] == 4


def test_counts_csv_escapes_a_label_that_a_spreadsheet_would_run(waiting, make_user, login, client):
    from ketenzicht.reference.models import Team

    Team.objects.filter(external_id="T-DH1").update(name='=HYPERLINK("http://x","klik")')
    login(make_user("W-2", role="teamleider"))
    response = client.get(
        reverse("care:counts_csv"), {"van": "2026-06-01", "tot": "2026-10-31", "per": "team"}
    )
    text = response.content.decode("utf-8-sig")
    assert "T-DH1;'=HYPERLINK(" in text.replace('"', "")
    assert ";=HYPERLINK" not in text.replace('"', "")


def test_several_groupings_at_once_equal_one_at_a_time(waiting):
    """The counts page asks four groupings in one pass over the histories."""
    days = [dt.date(2026, 6, 30), dt.date(2026, 9, 30), timezone.localdate()]
    together = selectors.without_fixed_worker_groupings(days, domain.GROUPINGS)
    for by in domain.GROUPINGS:
        assert together[by] == selectors.without_fixed_worker_counts(days, by), by
    assert any(together["municipality"][d] for d in days)

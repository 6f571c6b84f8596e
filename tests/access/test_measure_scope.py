"""A child known at two GIs (issue 11, finding 4): the case page, the timeline, the print page,
the norms panel and every action are scoped per measure, not per youth. Y-1 has an OTS (M-1) at
Jeugdbescherming west and, here, a jeugdreclassering (M-2) at the William Schrikker Stichting."""

import datetime as dt

import pytest
from django.urls import reverse

from ketenzicht.access import policy
from ketenzicht.access.models import RoleGrant
from ketenzicht.escalation.models import Incident, OutboxMessage
from ketenzicht.reference.models import Organisation, Team, Worker
from ketenzicht.timeline.models import Event, Measure
from tests.builders import write

pytestmark = pytest.mark.django_db

# Text that only the WSS measure's timeline holds, and text only JB west's holds.
WSS_SECRET = "Gesprek met reclasseringsambtenaar over de taakstraf."
JBW_ONLY = "Moeder was aanwezig bij het gesprek."  # the correction on M-1


def _wss_records():
    return [
        {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.0"},
        {"kind": "measure", "id": "M-2", "youth": "Y-1", "measure_type": "41"},
        {
            "kind": "event",
            "id": "EW-1",
            "measure": "M-2",
            "type": "measure_started",
            "date": "2026-09-01",
            "data": {
                "ruling_date": "2026-09-01",
                "end_date": "2027-08-31",
                "gi": "GI-WSS",
                "team": "T-WSS",
                "court": "RB-DH",
            },
        },
        {
            "kind": "event",
            "id": "EW-2",
            "measure": "M-2",
            "type": "worker_assigned",
            "date": "2026-09-02",
            "data": {"assignment": "vast", "worker": "W-3"},
        },
        {
            "kind": "event",
            "id": "EW-3",
            "measure": "M-2",
            "type": "unsafety_signal",
            "date": "2026-10-01",
            "data": {"source": "politie", "severity": "hoog", "description": WSS_SECRET},
        },
        {
            "kind": "event",
            "id": "EW-4",
            "measure": "M-2",
            "type": "help_requested",
            "date": "2026-10-02",
            "data": {"help_type": "ambulant", "provider": "JHA-1"},
        },
    ]


@pytest.fixture
def two_gis(dataset, tmp_path):
    """Y-1 known at two GIs: M-1 (OTS, JB west, team T-DH1, W-1) and M-2 (JR, WSS, W-3)."""
    from ketenzicht.interop.importer import import_file

    import_file(str(write(tmp_path / "wss.jsonl", _wss_records())), today=dt.date(2026, 11, 1))
    assert set(Measure.objects.values_list("gi__external_id", flat=True)) == {"GI-JBW", "GI-WSS"}


@pytest.fixture
def wss_users(two_gis, make_user, django_user_model):
    """W-3 (WSS jeugdzorgwerker of M-2), a WSS board member, and W-4: a WSS jeugdzorgwerker
    outside M-2's scope (another team)."""
    wss = Organisation.objects.get(external_id="GI-WSS")
    other = Team.objects.create(external_id="T-WSS2", organisation=wss, name="WSS Rijnmond")
    Worker.objects.create(
        external_id="W-4",
        organisation=wss,
        team=other,
        given_name="Kees",
        family_name="Smit",
        role="jeugdzorgwerker",
        fte=1,
    )
    board = django_user_model.objects.create_user("wss.bestuur", password="Wachtwoord-123-abc")
    RoleGrant.objects.create(user=board, role="gi_bestuurder", organisation=wss, status="approved")
    return {"worker": make_user("W-3"), "board": board, "outside": make_user("W-4")}


def _page(client, name="web:case"):
    response = client.get(reverse(name, args=["Y-1"]))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _shows_m1_only(html):
    assert "M-1" in html and "M-2" not in html
    assert 'data-measure="M-1"' in html and 'data-measure="M-2"' not in html  # norms panel
    assert WSS_SECRET not in html and "William Schrikker" not in html
    assert JBW_ONLY in html


def _shows_m2_only(html):
    assert "M-2" in html and "M-1" not in html
    assert 'data-measure="M-2"' in html and 'data-measure="M-1"' not in html
    assert WSS_SECRET in html
    assert JBW_ONLY not in html and "Jeugdbescherming west" not in html
    assert "OTS" not in html  # M-1 in the measures table and the timeline


@pytest.mark.parametrize(
    "role", ["jeugdzorgwerker", "teamleider", "gedragswetenschapper", "gi_bestuurder"]
)
def test_jb_west_sees_only_its_own_measure_of_a_child_known_at_two_gis(
    two_gis, role_users, login, client, role
):
    login(role_users[role])
    for name in ("web:case", "web:case_print"):
        html = _page(client, name)
        _shows_m1_only(html)
        assert "Noor Jansen" in html and "Petra Jansen" in html  # the youth header stays


@pytest.mark.parametrize("who", ["worker", "board"])
def test_the_other_gi_sees_only_its_own_measure(wss_users, login, client, who):
    login(wss_users[who])
    for name in ("web:case", "web:case_print"):
        html = _page(client, name)
        _shows_m2_only(html)


def test_inspecteur_of_jb_west_sees_only_jb_west_measures(two_gis, role_users, login, client):
    login(role_users["inspecteur"])
    _shows_m1_only(_page(client))


def test_break_the_glass_opens_only_the_measures_of_the_own_gi(wss_users, make_user, login, client):
    # W-2: a JB west worker without M-1 in scope (not its worker; team cases not shared).
    login(make_user("W-2"))
    assert client.get(reverse("web:case", args=["Y-1"]))["Location"] == reverse(
        "web:break_glass", args=["Y-1"]
    )
    client.post(
        reverse("web:break_glass", args=["Y-1"]), {"reason": "Melding school, collega ziek."}
    )
    _shows_m1_only(_page(client))
    assert Measure.objects.get(external_id="M-1") in policy.visible_measures_of(
        Worker.objects.get(external_id="W-2").user, Measure.objects.get(external_id="M-1").youth
    )
    client.logout()
    # W-4: a WSS worker outside M-2's scope, breaking the glass at WSS.
    login(wss_users["outside"])
    client.post(reverse("web:break_glass", args=["Y-1"]), {"reason": "Politie belt, collega weg."})
    _shows_m2_only(_page(client))


def test_visible_and_actionable_measures_per_gi(wss_users, role_users):
    m1, m2 = Measure.objects.get(external_id="M-1"), Measure.objects.get(external_id="M-2")
    youth = m1.youth
    for role in ("jeugdzorgwerker", "teamleider", "gebiedsmanager", "gi_bestuurder"):
        user = role_users[role]
        assert list(policy.visible_measures_of(user, youth)) == [m1]
        assert policy.may_act_on_measure(user, m1) and not policy.may_act_on_measure(user, m2)
    assert list(policy.visible_measures_of(wss_users["worker"], youth)) == [m2]
    assert policy.may_act_on_measure(wss_users["worker"], m2)
    assert not policy.may_act_on_measure(wss_users["worker"], m1)
    # The inspecteur reads, never acts.
    assert list(policy.visible_measures_of(role_users["inspecteur"], youth)) == [m1]
    assert not policy.may_act_on_measure(role_users["inspecteur"], m1)
    # Municipal roles see no measure of the child at all.
    assert not policy.visible_measures_of(role_users["wethouder"], youth).exists()


@pytest.fixture
def ladder(two_gis):
    from ketenzicht.escalation.models import Ladder, Rung

    lad = Ladder.objects.create(name="Standaard")
    Rung.objects.create(
        ladder=lad, position=1, key="teamleider", label="Teamleider", role="teamleider"
    )
    return lad


@pytest.fixture
def rotas_everywhere(two_gis):
    from ketenzicht.escalation.models import Rota, RotaMember

    for external_id in ("GI-JBW", "GI-WSS"):
        rota = Rota.objects.create(
            kind="gi_bestuur", organisation=Organisation.objects.get(external_id=external_id)
        )
        RotaMember.objects.create(
            rota=rota, position=1, name=f"Bestuur {external_id}", email=f"{external_id}@x.nl"
        )


INCIDENT = {
    "kind": "calamiteit",
    "occurred_on": "2026-11-01",
    "summary": "Jeugdige aangehouden na een steekincident.",
    "spokesperson": "Woordvoerder",
    "contact": "Teamleider, 070-1234567",
}


def _try_incident_on(client, measure_id):
    url = reverse("escalation:incident_new", args=["Y-1"])
    form = {**INCIDENT, "measure": measure_id}
    first = client.post(url, {**form, "step": "controleren"})
    forged = client.post(url, {**form, "step": "versturen", "bevestiging": "vervalst"})
    return first, forged


def test_incident_on_the_other_gis_measure_is_refused(
    rotas_everywhere, role_users, make_user, login, client
):
    login(role_users["teamleider"])
    page = client.get(reverse("escalation:incident_new", args=["Y-1"])).content.decode()
    assert 'value="M-1"' in page and 'value="M-2"' not in page
    first, forged = _try_incident_on(client, "M-2")
    for response in (first, forged):
        assert response.status_code == 200
        assert "Selecteer een geldige keuze" in response.content.decode()
    client.logout()
    # Not after breaking the glass either: it opens only the own GI's measures.
    login(make_user("W-2"))
    client.post(
        reverse("web:break_glass", args=["Y-1"]), {"reason": "Melding school, collega ziek."}
    )
    _try_incident_on(client, "M-2")
    assert not Incident.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not Event.objects.filter(event_type="incident").exists()
    # The own measure goes through the confirmation step.
    done = _try_incident_on(client, "M-1")[0].content.decode()
    assert "Spoedmelding controleren en versturen" in done
    assert "Bestuur van de GI — Jeugdbescherming west" in done
    assert "William Schrikker" not in done


def test_escalating_the_other_gis_measure_is_refused(wss_users, role_users, login, client, ladder):
    login(role_users["teamleider"])
    url = reverse("escalation:case", args=["Y-1"])
    page = client.get(url).content.decode()
    assert "M-1" in page and "M-2" not in page and WSS_SECRET not in page
    client.post(
        url,
        {
            "action": "up",
            "up-measure": "M-2",
            "up-rung": "teamleider",
            "up-date": "2026-11-01",
            "up-reason": "Zorgen",
        },
    )
    assert not Event.objects.filter(event_type="escalated").exists()


def test_care_actions_on_the_other_gis_measure_are_refused(wss_users, role_users, login, client):
    login(role_users["teamleider"])
    client.post(reverse("care:send_consultation"), {"request": "EW-4"})
    client.post(reverse("care:give_priority"), {"request": "EW-4", "reason": "Dringend nodig."})
    assert not Event.objects.filter(
        measure__external_id="M-2",
        event_type__in=("municipality_consultation", "help_priority"),
    ).exists()
    assert Event.objects.filter(measure__external_id="M-2").count() == 4


def test_search_by_the_other_gis_measure_number_finds_nothing(two_gis, role_users, login, client):
    login(role_users["teamleider"])
    found = client.get(reverse("web:search"), {"q": "M-2"}).content.decode()
    assert reverse("web:case", args=["Y-1"]) not in found
    found = client.get(reverse("web:search"), {"q": "M-1"}).content.decode()
    assert reverse("web:case", args=["Y-1"]) in found


def test_the_demo_has_a_child_known_at_two_gis():
    """The demo data (small, seed 1) holds one child with a running OTS at Jeugdbescherming west
    (of the demo jeugdzorgwerker) and a jeugdreclassering at the William Schrikker Stichting."""
    from ketenzicht.demo.generator import DEMO_WORKERS, DemoGenerator

    records = list(DemoGenerator("small", 1, dt.date(2026, 11, 1)).records())
    measures = {r["id"]: r for r in records if r["kind"] == "measure"}
    gi_of = {
        r["measure"]: r["data"]["gi"]
        for r in records
        if r["kind"] == "event" and r["type"] == "measure_started"
    }
    gis_per_youth: dict[str, set[str]] = {}
    for mid, m in measures.items():
        gis_per_youth.setdefault(m["youth"], set()).add(gi_of[mid])
    two = [y for y, gis in gis_per_youth.items() if len(gis) > 1]
    assert len(two) == 1
    theirs = {mid: gi_of[mid] for mid, m in measures.items() if m["youth"] == two[0]}
    assert set(theirs.values()) == {"GI-JBW", "GI-WSS"}
    wss = next(mid for mid, gi in theirs.items() if gi == "GI-WSS")
    assert measures[wss]["measure_type"] == "41"
    assigned = [
        r["data"].get("worker")
        for r in records
        if r["kind"] == "event" and r["type"] == "worker_assigned" and r["measure"] in theirs
    ]
    assert DEMO_WORKERS["jeugdzorgwerker"] in assigned  # jzw.demo sees the JB west side
    assert any(w and w.startswith("WSS-") for w in assigned)
    # Deterministic: the same child every time.
    again = list(DemoGenerator("small", 1, dt.date(2026, 11, 1)).records())
    assert again == records


def test_part_in_scope_the_rest_of_the_own_gi_only_after_breaking_the_glass(
    two_gis, make_user, login, client, tmp_path
):
    """Y-1 also has a measure at JB west outside W-1's scope (another team's). W-1 sees M-1,
    is offered to break the glass for the rest, and then sees M-3 too (flagged in the log);
    never WSS's M-2."""
    from ketenzicht.access.models import AccessLogEntry
    from ketenzicht.interop.importer import import_file

    Team.objects.create(
        external_id="T-RM",
        organisation=Organisation.objects.get(external_id="GI-JBW"),
        name="Team Rotterdam",
        cluster="Rijnmond",
    )
    records = [
        {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.0"},
        {"kind": "measure", "id": "M-3", "youth": "Y-1", "measure_type": "12"},
        {
            "kind": "event",
            "id": "E3-1",
            "measure": "M-3",
            "type": "measure_started",
            "date": "2026-10-01",
            "data": {
                "ruling_date": "2026-10-01",
                "end_date": "2026-12-31",
                "gi": "GI-JBW",
                "team": "T-RM",
                "court": "RB-DH",
            },
        },
    ]
    import_file(str(write(tmp_path / "m3.jsonl", records)), today=dt.date(2026, 11, 1))
    login(make_user("W-1"))
    html = _page(client)
    assert "M-1" in html and "M-3" not in html and "M-2" not in html
    assert 'data-testid="more-measures"' in html
    client.post(
        reverse("web:break_glass", args=["Y-1"]), {"reason": "Crisis in het weekend, zie M-3."}
    )
    html = _page(client)
    assert "M-1" in html and "M-3" in html and "M-2" not in html and WSS_SECRET not in html
    assert 'data-testid="more-measures"' not in html and "doorbreking" in html
    last = AccessLogEntry.objects.order_by("-seq").first()
    assert (last.action, last.flagged) == ("view", True)

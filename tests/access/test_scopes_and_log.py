"""Scopes per role, break the glass, and the access log with its hash chain."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from ketenzicht.access import audit
from ketenzicht.access.models import AccessLogEntry, BreakGlass, RoleGrant
from ketenzicht.crypto import youth_pseudonym
from ketenzicht.reference.models import Team, Worker
from ketenzicht.timeline.models import Youth

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_team_worker(dataset, make_user):
    """A jeugdzorgwerker of GI-JBW in another team than Y-1's (T-DH1)."""
    team = Team.objects.create(
        external_id="T-DH2",
        organisation_id=Team.objects.get(external_id="T-DH1").organisation_id,
        name="Team Den Haag Noord",
        cluster="Haaglanden",
    )
    Worker.objects.filter(external_id="W-2").update(team=team)
    return make_user("W-2")


def test_worker_sees_own_cases_and_team_cases_only_where_the_gi_allows(
    other_team_worker, login, client
):
    from ketenzicht.access.policy import visible_youths
    from ketenzicht.reference.models import Organisation

    assert not visible_youths(other_team_worker).exists()
    Worker.objects.filter(external_id="W-2").update(team=Team.objects.get(external_id="T-DH1"))
    RoleGrant.objects.filter(user=other_team_worker).update(
        team=Team.objects.get(external_id="T-DH1")
    )
    other_team_worker._kz_grants = None
    assert not visible_youths(other_team_worker).exists()  # same team, but not allowed by the GI
    Organisation.objects.filter(external_id="GI-JBW").update(workers_see_team_cases=True)
    other_team_worker._kz_grants = None
    assert list(visible_youths(other_team_worker).values_list("external_id", flat=True)) == ["Y-1"]


def test_expired_inspecteur_sees_nothing(role_users, login, client):
    RoleGrant.objects.filter(role="inspecteur").update(valid_until=timezone.now() - dt.timedelta(1))
    login(role_users["inspecteur"])
    assert client.get(reverse("web:case", args=["Y-1"])).status_code == 403


def test_viewing_a_case_is_logged_with_role_and_pseudonym(role_users, login, client):
    login(role_users["teamleider"])
    client.get(reverse("web:case", args=["Y-1"]))
    client.get(reverse("web:case_print", args=["Y-1"]))
    client.get(reverse("web:search"), {"q": "Jansen"})
    entries = list(AccessLogEntry.objects.order_by("seq"))
    assert [(e.action, e.role, e.username) for e in entries] == [
        ("view", "Teamleider", "teamleider.test"),
        ("print", "Teamleider", "teamleider.test"),
        ("search", "Teamleider", "teamleider.test"),
    ]
    assert {e.youth_pseudonym for e in entries} == {youth_pseudonym("Y-1")}
    assert entries[0].client_address == "127.0.0.1" and entries[0].organisation == "GI-JBW"


def test_no_bsn_or_name_in_the_access_log(role_users, login, client):
    login(role_users["teamleider"])
    client.get(reverse("web:search"), {"q": "999990019"})
    client.get(reverse("web:case", args=["Y-1"]))
    dump = " ".join(str(v) for row in AccessLogEntry.objects.values_list() for v in row)
    assert AccessLogEntry.objects.count() == 2
    for secret in ("999990019", "Noor", "Jansen"):
        assert secret not in dump


def test_break_the_glass_for_another_teams_case(other_team_worker, login, client):
    login(other_team_worker)
    first = client.get(reverse("web:case", args=["Y-1"]))
    assert first.status_code == 302 and first["Location"] == reverse(
        "web:break_glass", args=["Y-1"]
    )
    form = client.get(first["Location"]).content.decode()
    assert "buiten uw werkgebied" in form and "Noor" not in form  # no case data before the reason
    short = client.post(reverse("web:break_glass", args=["Y-1"]), {"reason": "even kijken"})
    assert "minstens 20 tekens" in short.content.decode()
    assert not BreakGlass.objects.exists()
    reason = "Melding van school over letsel; collega onbereikbaar."
    done = client.post(reverse("web:break_glass", args=["Y-1"]), {"reason": reason})
    assert done["Location"] == reverse("web:case", args=["Y-1"])
    page = client.get(done["Location"]).content.decode()
    assert "Noor Jansen" in page and "doorbreking" in page
    glass = BreakGlass.objects.get()
    assert glass.reason == reason and glass.expires_at - glass.granted_at == dt.timedelta(hours=4)
    logged = list(AccessLogEntry.objects.order_by("seq").values_list("action", "flagged", "reason"))
    assert logged == [("break_glass", True, reason), ("view", True, reason)]
    # After the term, the glass is closed again.
    BreakGlass.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("web:case", args=["Y-1"])).status_code == 302


def test_other_gi_cannot_break_the_glass(dataset, make_user, login, client):
    login(make_user("W-3"))  # WSS; Y-1 is at JB west
    assert client.get(reverse("web:case", args=["Y-1"])).status_code == 404
    # The same 404 as for a child that does not exist (issue 11, finding 7).
    assert client.get(reverse("web:break_glass", args=["Y-1"])).status_code == 404


def test_privacy_officer_reviews_and_searches_the_log(other_team_worker, role_users, login, client):
    login(other_team_worker)
    client.post(reverse("web:break_glass", args=["Y-1"]), {"reason": "r" * 25})
    client.logout()
    login(role_users["privacy_officer"])
    listing = client.get(reverse("access:break_glass_list")).content.decode()
    assert "r" * 25 in listing and "Y-1" in listing
    glass = BreakGlass.objects.get()
    client.post(reverse("access:break_glass_review", args=[glass.pk]), {"note": "Terecht."})
    glass.refresh_from_db()
    assert glass.review_note == "Terecht." and glass.reviewed_by == role_users["privacy_officer"]
    by_youth = client.get(reverse("access:access_log"), {"youth": "999990019"}).content.decode()
    assert by_youth.count('data-action="break_glass"') == 1
    by_user = client.get(reverse("access:access_log"), {"username": other_team_worker.username})
    assert by_user.content.decode().count('<tr class="utrecht-table__row" data-action') == 1
    export = client.get(reverse("access:access_log"), {"youth": "Y-1", "formaat": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert export.content.decode().splitlines()[0].startswith("volgnummer;tijdstip;gebruiker")
    assert AccessLogEntry.objects.order_by("-seq").first().subject.startswith("toegangslog")


def _entries(n):
    return [
        audit.Access(
            username=f"u{i}",
            user_id=i,
            role="Teamleider",
            organisation="GI-JBW",
            youth_external_id=f"Y-{i}",
            action="view",
            subject="dossier",
        )
        for i in range(n)
    ]


def _tamper(sql, *params):
    """Act as someone with database rights who bypasses the update trigger."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER access_log_no_update")
        else:
            cur.execute("ALTER TABLE access_accesslogentry DISABLE TRIGGER access_log_append_only")
        cur.execute(sql, params)


def test_verify_accepts_an_intact_chain(db, capsys):
    audit.append(_entries(5))
    audit.append(_entries(3))
    call_command("auditlog", "verify")
    assert "Toegangslog intact: 8 regels" in capsys.readouterr().out


def test_database_refuses_to_update_the_log(db):
    audit.append(_entries(2))
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(seq=1).update(reason="gewist")


@pytest.mark.parametrize(
    "attack, expected",
    [
        (
            ("UPDATE access_accesslogentry SET username = %s WHERE seq = 3", "iemand-anders"),
            "regel 3: de inhoud is gewijzigd",
        ),
        (("DELETE FROM access_accesslogentry WHERE seq = 2",), "volgnummer 2 ontbreekt"),
        (
            ("UPDATE access_accesslogentry SET seq = seq + 100 WHERE seq IN (2, 3)",),
            "de keten is verbroken",
        ),
        (("DELETE FROM access_accesslogentry WHERE seq = 5",), "de laatste regels zijn verwijderd"),
    ],
)
def test_verify_detects_altered_removed_and_reordered_entries(db, attack, expected, capsys):
    audit.append(_entries(5))
    _tamper(*attack)
    with pytest.raises(CommandError, match="NIET intact"):
        call_command("auditlog", "verify")
    assert expected in capsys.readouterr().err


def test_export_command_logs_every_youth(dataset, tmp_path):
    call_command("export", "--out", str(tmp_path / "x.jsonl"), "--no-progress")
    entries = list(AccessLogEntry.objects.values_list("action", "youth_pseudonym"))
    assert entries == [("export", youth_pseudonym(y.external_id)) for y in Youth.objects.all()]


def test_teamleider_sees_the_doorstroomteam_cases_of_the_cluster_only(dataset, make_user):
    """A teamleider triages and assigns from the in- en doorstroomteam of the own cluster: the
    policy gives those cases (and no other team's), for lists and case page alike."""
    from ketenzicht.access.policy import case_access, visible_youths
    from ketenzicht.timeline.models import Measure
    from ketenzicht.timeline.services import append_event

    gi = Team.objects.get(external_id="T-DH1").organisation_id
    Team.objects.create(
        external_id="T-DH2", organisation_id=gi, name="Team Noord", cluster="Haaglanden"
    )
    Team.objects.create(
        external_id="T-ZH1", organisation_id=gi, name="Team Delft", cluster="Zuid-Holland Zuid"
    )
    Worker.objects.filter(external_id="W-2").update(team_id=Team.objects.get(external_id="T-DH2"))
    Worker.objects.filter(external_id="W-3").update(
        organisation_id=gi, team_id=Team.objects.get(external_id="T-ZH1")
    )
    same_cluster = make_user("W-2", role="teamleider")
    other_cluster = make_user("W-3", role="teamleider")
    youth = Youth.objects.get(external_id="Y-1")
    assert not visible_youths(same_cluster).exists()  # held by a fixed worker of T-DH1

    append_event(
        Measure.objects.get(external_id="M-1"),
        "worker_assigned",
        dt.date(2026, 11, 1),
        {"assignment": "doorstroomteam", "team": "T-IDT"},
        today=dt.date(2026, 11, 1),
    )
    assert list(visible_youths(same_cluster)) == [youth]
    assert case_access(same_cluster, youth) == ("teamleider", None)
    assert not visible_youths(other_cluster).exists()
    assert case_access(other_cluster, youth) == (None, None)

"""Issue 11, finding 1: the functioneel beheerder cannot give anyone case access at any GI.

Through the real admin views (Django test client): two-factor login for /beheer/, users and
grants of the beheerder's own organisation only, no self-grant, four eyes on every grant that
opens case data (approved by the privacy officer or the GI board, never by the requester), and
every admin action in the hash-chained access log."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.access import audit, policy
from ketenzicht.access.models import AccessLogEntry, GrantStatus, RoleGrant
from ketenzicht.reference.models import Organisation, Team

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Wachtwoord-123-abc"


@pytest.fixture
def jbw(dataset):
    return Organisation.objects.get(external_id="GI-JBW")


@pytest.fixture
def wss(dataset):
    return Organisation.objects.get(external_id="GI-WSS")


def _user(username, role, org, **grant):
    user = User.objects.create_user(username, password=PASSWORD)
    RoleGrant.objects.create(user=user, role=role, organisation=org, status="approved", **grant)
    return user


@pytest.fixture
def beheerder(jbw):
    return _user("beheer.jbw", "functioneel_beheerder", jbw)


@pytest.fixture
def admin_client(beheerder, login):
    return login(beheerder, Client())


def grant_row(prefix="role_grants", i=0, **values):
    row = {
        "role": "",
        "organisation": "",
        "team": "",
        "cluster": "",
        "inspected_organisation": "",
        "valid_from_0": "2026-01-01",
        "valid_from_1": "00:00:00",
        "valid_until_0": "",
        "valid_until_1": "",
    }
    row.update({k: ("" if v is None else str(v)) for k, v in values.items()})
    return {f"{prefix}-{i}-{k}": v for k, v in row.items()}


def management(prefix="role_grants", total=1, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_user(client, username, **grant):
    data = {
        "username": username,
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **management(),
        **grant_row(**grant),
    }
    return client.post(reverse("admin:auth_user_add"), data)


def add_grant(client, user, **values):
    data = {
        "user": user.pk,
        **{k.removeprefix("x-0-"): v for k, v in grant_row("x", **values).items()},
    }
    return client.post(reverse("admin:access_rolegrant_add"), data)


def beheer_entries():
    return list(AccessLogEntry.objects.filter(action="beheer").order_by("seq"))


# --------------------------------------------------------------------------- second factor


def test_beheer_needs_the_second_factor(beheerder):
    client = Client()
    login = client.post(reverse("login"), {"username": beheerder.username, "password": PASSWORD})
    assert login.status_code == 302
    for url in (reverse("admin:index"), reverse("admin:auth_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("access:two_factor"))
    # With the second factor, the admin opens.
    assert "QR-code" in client.get(reverse("access:two_factor")).content.decode()
    device = TOTPDevice.objects.get(user=beheerder)  # made by the set-up page
    client.post(reverse("access:two_factor"), {"token": f"{totp(device.bin_key):06d}"})
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_site_itself_refuses_an_unverified_beheerder(beheerder, rf):
    """Even without the middleware (defence in depth), the site refuses without OTP."""
    from django.contrib import admin

    request = rf.get("/beheer/")
    request.user = beheerder
    assert not admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_demo_beheerder_gets_a_demo_authenticator():
    from ketenzicht.demo.users import demo_totp_code, demo_totp_secret

    assert demo_totp_secret("beheerder.demo") is not None
    assert demo_totp_code("beheerder.demo", at=0) is not None
    assert policy.Role.FUNCTIONEEL_BEHEERDER in policy.TWO_FACTOR_ROLES


# --------------------------------------------------------------------------- own organisation


def test_beheerder_sees_only_users_and_grants_of_own_organisation(admin_client, jbw, wss):
    ours = _user("jzw.jbw", "jeugdzorgwerker", jbw, team=Team.objects.get(external_id="T-DH1"))
    theirs = _user("bestuur.wss", "gi_bestuurder", wss)
    users = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "jzw.jbw" in users and "bestuur.wss" not in users
    grants = admin_client.get(reverse("admin:access_rolegrant_changelist")).content.decode()
    assert "jzw.jbw" in grants and "bestuur.wss" not in grants
    # By URL: another organisation's user, password and grant do not exist for this beheerder.
    other_grant = theirs.role_grants.get()
    for url in (
        reverse("admin:auth_user_change", args=[theirs.pk]),
        reverse("admin:auth_user_password_change", args=[theirs.pk]),
        reverse("admin:auth_user_delete", args=[theirs.pk]),
        reverse("admin:access_rolegrant_change", args=[other_grant.pk]),
    ):
        assert admin_client.get(url).status_code in (302, 404), url
    reset = admin_client.post(
        reverse("admin:auth_user_password_change", args=[theirs.pk]),
        {"password1": "Overgenomen-123", "password2": "Overgenomen-123"},
    )
    assert reset.status_code in (302, 404)
    theirs.refresh_from_db()
    assert theirs.check_password(PASSWORD)
    assert admin_client.get(reverse("admin:auth_user_change", args=[ours.pk])).status_code == 200


def test_no_grant_at_another_organisation(admin_client, jbw, wss):
    # A new user with the board role of another GI: refused, nothing created.
    response = add_user(admin_client, "indringer", role="gi_bestuurder", organisation=wss.pk)
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not User.objects.filter(username="indringer").exists()
    # A grant for an own user with a team of another GI: refused too.
    ours = _user("gw.jbw", "gedragswetenschapper", jbw, team=Team.objects.get(external_id="T-DH1"))
    response = add_grant(
        admin_client,
        ours,
        role="teamleider",
        organisation=jbw.pk,
        team=Team.objects.get(external_id="T-WSS").pk,
    )
    assert response.status_code == 200
    assert ours.role_grants.count() == 1
    # The choices offered are the own organisation and its teams only.
    form = admin_client.get(reverse("admin:access_rolegrant_add")).context["adminform"].form
    assert list(form.fields["organisation"].queryset) == [jbw]
    assert {t.organisation_id for t in form.fields["team"].queryset} == {jbw.pk}


def test_no_self_grant(admin_client, beheerder, jbw):
    response = add_grant(admin_client, beheerder, role="gi_bestuurder", organisation=jbw.pk)
    assert response.status_code == 200
    assert list(beheerder.role_grants.values_list("role", flat=True)) == ["functioneel_beheerder"]
    # Nor through the own user page (its grants inline), nor the own password, nor deleting.
    own = beheerder.role_grants.get()
    data = {
        "username": beheerder.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        **management(total=2, initial=1),
        **grant_row(i=0, id=own.pk, user=beheerder.pk, role="functioneel_beheerder"),
        **grant_row(i=1, role="gi_bestuurder", organisation=jbw.pk),
    }
    data["role_grants-0-organisation"] = str(jbw.pk)
    assert (
        admin_client.post(reverse("admin:auth_user_change", args=[beheerder.pk]), data).status_code
        == 403
    )
    assert (
        admin_client.post(
            reverse("admin:auth_user_password_change", args=[beheerder.pk]),
            {"password1": "Nieuw-wachtwoord-9", "password2": "Nieuw-wachtwoord-9"},
        ).status_code
        == 403
    )
    assert (
        admin_client.post(reverse("admin:access_rolegrant_delete", args=[own.pk]), {"post": "yes"})
    ).status_code == 403
    assert list(beheerder.role_grants.values_list("role", flat=True)) == ["functioneel_beheerder"]


def test_beheerder_cannot_make_a_superuser(admin_client, jbw):
    ours = _user("bm.jbw", "teamleider", jbw, team=Team.objects.get(external_id="T-DH1"))
    form = (
        admin_client.get(reverse("admin:auth_user_change", args=[ours.pk]))
        .context["adminform"]
        .form
    )
    assert not {"is_superuser", "groups", "user_permissions"} & set(form.fields)


# --------------------------------------------------------------------------- four eyes


@pytest.fixture
def privacy(jbw):
    return _user("privacy.jbw", "privacy_officer", jbw)


def test_four_eyes_grant_flow(admin_client, beheerder, privacy, jbw, wss, login):
    response = add_user(admin_client, "nieuw.bestuur", role="gi_bestuurder", organisation=jbw.pk)
    assert response.status_code == 302, response.content.decode()[-3000:]
    new = User.objects.get(username="nieuw.bestuur")
    grant = new.role_grants.get()
    assert (grant.status, grant.created_by) == (GrantStatus.PENDING, beheerder)
    # Pending: no case data, not even the permission.
    assert not policy.has_permission(User.objects.get(pk=new.pk), "case.view")
    assert not policy.visible_measures(User.objects.get(pk=new.pk)).exists()
    # The beheerder cannot approve (no access to the screen).
    assert admin_client.get(reverse("access:grant_list")).status_code == 403
    assert (
        admin_client.post(
            reverse("access:grant_decide", args=[grant.pk]), {f"rol{grant.pk}-decision": "approve"}
        ).status_code
        == 403
    )
    # The privacy officer of another organisation does not even see it.
    other_privacy = _user("privacy.wss", "privacy_officer", wss)
    other = login(other_privacy, Client())
    assert "nieuw.bestuur" not in other.get(reverse("access:grant_list")).content.decode()
    assert (
        other.post(
            reverse("access:grant_decide", args=[grant.pk]), {f"rol{grant.pk}-decision": "approve"}
        ).status_code
        == 404
    )
    # The privacy officer of the organisation sees every grant, and approves.
    po = login(privacy, Client())
    page = po.get(reverse("access:grant_list")).content.decode()
    assert "nieuw.bestuur" in page and "beheer.jbw" in page and "wacht op goedkeuring" in page
    assert "Er wacht 1 rol op goedkeuring" in page
    done = po.post(
        reverse("access:grant_decide", args=[grant.pk]), {f"rol{grant.pk}-decision": "approve"}
    )
    assert done.status_code == 302
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by) == (GrantStatus.APPROVED, privacy)
    assert policy.visible_measures(User.objects.get(pk=new.pk)).exists()
    page = po.get(reverse("access:grant_list")).content.decode()
    assert "goedgekeurd" in page and "privacy.jbw" in page
    # The decision is in the hash-chained log.
    decided = AccessLogEntry.objects.get(subject__startswith="rol goedgekeurd")
    assert decided.username == "privacy.jbw" and f"#{grant.pk}" in decided.subject
    assert audit.verify() == []


def test_a_changed_grant_needs_approval_again(admin_client, jbw):
    team = Team.objects.get(external_id="T-DH1")
    ours = _user("tl.jbw", "teamleider", jbw, team=team)
    grant = ours.role_grants.get()
    data = {"user": ours.pk, **{k.removeprefix("x-0-"): v for k, v in grant_row("x").items()}}
    data |= {"role": "gi_bestuurder", "organisation": jbw.pk, "team": team.pk}
    response = admin_client.post(reverse("admin:access_rolegrant_change", args=[grant.pk]), data)
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.role == "gi_bestuurder" and grant.status == GrantStatus.PENDING
    assert not policy.has_role(User.objects.get(pk=ours.pk), "gi_bestuurder")


def test_non_case_roles_take_effect_at_once(admin_client, dataset):
    gem = Organisation.objects.get(external_id="GEM-0518")
    # The beheerder of the municipality makes a beleidsmedewerker: no case data, no approval.
    beheer_gem = _user("beheer.gem", "functioneel_beheerder", gem)
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    device = TOTPDevice.objects.create(user=beheer_gem, confirmed=True)
    client.force_login(beheer_gem)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    add_user(client, "beleid.gem", role="gemeente_beleidsmedewerker", organisation=gem.pk)
    grant = RoleGrant.objects.get(user__username="beleid.gem")
    assert grant.status == GrantStatus.APPROVED and grant.created_by == beheer_gem
    assert policy.has_role(User.objects.get(username="beleid.gem"), "gemeente_beleidsmedewerker")


def test_requester_and_grantee_never_approve(jbw, login):
    both = _user("po.en.aanvrager", "privacy_officer", jbw)
    bestuur = _user("bestuur.jbw", "gi_bestuurder", jbw)
    pending = RoleGrant.objects.create(
        user=bestuur, role="privacy_officer", organisation=jbw, created_by=both
    )
    # The requester (who also holds the privacy officer role) cannot approve their own request.
    c = login(both, Client())
    assert (
        c.post(
            reverse("access:grant_decide", args=[pending.pk]),
            {f"rol{pending.pk}-decision": "approve"},
        ).status_code
        == 403
    )
    # The grantee (a GI-bestuurder, who may review) cannot approve a grant for themselves.
    c = login(bestuur, Client())
    assert (
        c.post(
            reverse("access:grant_decide", args=[pending.pk]),
            {f"rol{pending.pk}-decision": "approve"},
        ).status_code
        == 403
    )
    pending.refresh_from_db()
    assert pending.status == GrantStatus.PENDING
    assert not policy.has_role(User.objects.get(pk=bestuur.pk), "privacy_officer")


def test_reject_needs_a_reason_and_keeps_the_role_off(jbw, privacy, login):
    bestuur = _user("bestuur2.jbw", "gi_bestuurder", jbw)
    user = User.objects.create_user("kandidaat", password=PASSWORD)
    pending = RoleGrant.objects.create(
        user=user, role="gi_bestuurder", organisation=jbw, created_by=bestuur
    )
    c = login(privacy, Client())
    url = reverse("access:grant_decide", args=[pending.pk])
    c.post(url, {f"rol{pending.pk}-decision": "reject"})
    pending.refresh_from_db()
    assert pending.status == GrantStatus.PENDING
    c.post(url, {f"rol{pending.pk}-decision": "reject", f"rol{pending.pk}-note": "Onbekend."})
    pending.refresh_from_db()
    assert pending.status == GrantStatus.REJECTED and pending.decision_note == "Onbekend."
    assert not policy.grants(User.objects.get(pk=user.pk))
    # Decided is decided: no second decision.
    assert c.post(url, {f"rol{pending.pk}-decision": "approve"}).status_code == 403
    page = c.get(reverse("access:grant_list")).content.decode()
    assert "afgewezen" in page and "Onbekend." in page


def test_inspecteur_grant_is_approved_by_the_inspected_gi(jbw, dataset, login):
    inspectorate = Organisation.objects.create(external_id="IGJ", name="Inspectie", type="rvdk")
    igj_privacy = _user("privacy.igj", "privacy_officer", inspectorate)
    jbw_board = _user("bestuur.jbw", "gi_bestuurder", jbw)
    inspecteur = User.objects.create_user("inspecteur.igj", password=PASSWORD)
    pending = RoleGrant.objects.create(
        user=inspecteur,
        role="inspecteur",
        organisation=inspectorate,
        inspected_organisation=jbw,
        valid_until="2030-01-01T00:00:00Z",
    )
    payload = {f"rol{pending.pk}-decision": "approve"}
    url = reverse("access:grant_decide", args=[pending.pk])
    assert login(igj_privacy, Client()).post(url, payload).status_code == 403
    assert login(jbw_board, Client()).post(url, payload).status_code == 302
    pending.refresh_from_db()
    assert pending.status == GrantStatus.APPROVED


def test_grants_made_by_code_are_pending_unless_approved(jbw):
    """Fail closed: a grant that needs approval and was created without a status is pending."""
    user = User.objects.create_user("zonder.status", password=PASSWORD)
    RoleGrant.objects.create(user=user, role="gi_bestuurder", organisation=jbw)
    assert not policy.grants(user)


# --------------------------------------------------------------------------- the access log


def test_every_admin_action_is_in_the_access_log(admin_client, beheerder, jbw):
    from ketenzicht.norms.models import NormSetting

    # A user with a grant (created), its password (reset), its name (changed).
    add_user(
        admin_client,
        "logged.user",
        role="jeugdzorgwerker",
        organisation=jbw.pk,
        team=Team.objects.get(external_id="T-DH1").pk,
    )
    user = User.objects.get(username="logged.user")
    admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"usable_password": "true", "password1": "Nieuw-123-abc-x", "password2": "Nieuw-123-abc-x"},
    )
    user.refresh_from_db()
    assert user.check_password("Nieuw-123-abc-x")
    # Two TOTP devices removed at once (the bulk action: Django writes its log with bulk_create).
    d1 = TOTPDevice.objects.create(user=user, name="oud", confirmed=True)
    d2 = TOTPDevice.objects.create(user=user, name="kwijt", confirmed=True)
    response = admin_client.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [d1.pk, d2.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=user).exists()
    # A norm setting and a rota (other apps' admins).
    norm_id = NormSetting._meta.get_field("norm_id").choices[0][0]
    admin_client.post(
        reverse("admin:norms_normsetting_add"),
        {"organisation": jbw.pk, "norm_id": norm_id, "term_value": "6", "term_unit": "weeks"},
    )
    assert NormSetting.objects.count() == 1
    # Finally the user is deleted.
    admin_client.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"})
    assert not User.objects.filter(pk=user.pk).exists()

    entries = beheer_entries()
    subjects = [e.subject for e in entries]
    assert any(s.startswith("gebruiker toegevoegd: logged.user") for s in subjects), subjects
    assert any("Wachtwoord gewijzigd" in e.reason for e in entries), [e.reason for e in entries]
    assert sum(s.startswith("authenticator-app verwijderd") for s in subjects) == 2, subjects
    assert any(s.startswith("norminstelling toegevoegd") for s in subjects), subjects
    assert any(s.startswith("gebruiker verwijderd: logged.user") for s in subjects)
    for e in entries:
        assert (
            e.username == "beheer.jbw" and e.organisation == "GI-JBW" and e.youth_pseudonym == "-"
        )
    # Account changes are marked for the privacy officer; the chain is intact.
    assert all(e.flagged for e in entries if e.subject.startswith(("gebruiker", "TOTP")))
    assert audit.verify() == []


def _inline_management(page):
    data = {}
    for fs in page.context["inline_admin_formsets"]:
        data |= management(fs.formset.prefix, 0, 0)
    return data


def test_rota_and_ladder_changes_are_logged(admin_client, dataset):
    from ketenzicht.escalation.models import Ladder, Rota
    from ketenzicht.reference.models import Municipality

    url = reverse("admin:escalation_rota_add")
    data = {"kind": "aov", "municipality": Municipality.objects.get(cbs_code="GM0518").pk}
    response = admin_client.post(url, data | _inline_management(admin_client.get(url)))
    assert response.status_code == 302, response.content.decode()[-2000:]
    url = reverse("admin:escalation_ladder_add")
    response = admin_client.post(
        url, {"name": "Ladder"} | _inline_management(admin_client.get(url))
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Ladder.objects.filter(name="Ladder").exists() and Rota.objects.count() == 1
    subjects = [e.subject for e in beheer_entries()]
    assert subjects[0].startswith("bereikbaarheidsrooster toegevoegd"), subjects
    assert subjects[1].startswith("escalatieladder toegevoegd: Ladder"), subjects
    assert len(subjects) == 2


def test_another_gis_teams_and_workers_are_out_of_the_beheerders_reach(admin_client, jbw, wss):
    """A beheerder who could move another GI's team into their own organisation (and then get a
    team role approved there) would see that GI's cases: teams and workers of other
    organisations are not listed, not openable and not choosable; other organisations are
    read-only."""
    from ketenzicht.reference.models import Worker

    other_team = Team.objects.get(external_id="T-WSS")
    assert admin_client.get(
        reverse("admin:reference_team_change", args=[other_team.pk])
    ).status_code in (302, 404)
    listing = admin_client.get(reverse("admin:reference_team_changelist")).content.decode()
    assert "WSS Haaglanden" not in listing and "Team Den Haag Zuid" in listing
    response = admin_client.post(
        reverse("admin:reference_team_change", args=[other_team.pk]),
        {"external_id": "T-WSS", "organisation": jbw.pk, "name": "WSS Haaglanden", "cluster": ""},
    )
    assert response.status_code in (302, 404)
    other_team.refresh_from_db()
    assert other_team.organisation_id == wss.pk
    other_worker = Worker.objects.get(external_id="W-3")
    assert admin_client.get(
        reverse("admin:reference_worker_change", args=[other_worker.pk])
    ).status_code in (302, 404)
    # Another GI's settings (who sees team cases, caseload norm) cannot be changed.
    page = admin_client.get(reverse("admin:reference_organisation_change", args=[wss.pk]))
    assert page.status_code == 200 and 'name="workers_see_team_cases"' not in page.content.decode()
    own = admin_client.get(reverse("admin:reference_organisation_change", args=[jbw.pk]))
    assert 'name="workers_see_team_cases"' in own.content.decode()


def test_a_team_role_never_opens_another_gis_cases(dataset, make_user):
    """Even if a team record of another GI ended up under one's own organisation, a team role
    opens only measures executed by the grant's own GI."""
    from ketenzicht.timeline.models import Measure

    jbw = Organisation.objects.get(external_id="GI-JBW")
    team = Team.objects.get(external_id="T-DH1")
    m1 = Measure.objects.get(external_id="M-1")
    user = make_user("W-2", role="teamleider")
    assert policy.visible_measures(user).filter(pk=m1.pk).exists()
    Measure.objects.filter(pk=m1.pk).update(gi=Organisation.objects.get(external_id="GI-WSS"))
    user = User.objects.get(pk=user.pk)  # fresh grant cache
    assert team.organisation_id == jbw.pk
    assert not policy.visible_measures(user).filter(pk=m1.pk).exists()

"""Every URL × every role: allowed or forbidden, enforced on the server. A URL that is not in
the matrix makes the test fail, so a new screen cannot skip the policy."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import ALL_ROLES, CASE_ROLES

pytestmark = pytest.mark.django_db

OK, DENIED, NOT_ALLOWED_METHOD = "ok", "denied", "405"
EVERYONE = dict.fromkeys(ALL_ROLES, OK)


def only(*roles):
    return {r: (OK if r in roles else DENIED) for r in ALL_ROLES}


def post_only(*roles):
    return {r: (NOT_ALLOWED_METHOD if r in roles else DENIED) for r in ALL_ROLES}


MATRIX = {
    # Health probes (docs/deploy.md): no login, no data.
    "health_live": EVERYONE,
    "health_ready": EVERYONE,
    "login": EVERYONE,
    "logout": dict.fromkeys(ALL_ROLES, NOT_ALLOWED_METHOD),  # POST only
    "web:home": EVERYONE,
    "web:search": only(*CASE_ROLES),
    "web:worklist": only("jeugdzorgwerker"),
    "web:worklist_csv": only("jeugdzorgwerker"),
    "web:team_worklist": only(
        "gedragswetenschapper", "teamleider", "gebiedsmanager", "gi_bestuurder"
    ),
    "web:team_worklist_csv": only(
        "gedragswetenschapper", "teamleider", "gebiedsmanager", "gi_bestuurder"
    ),
    # Trajectories (issue 18): the chain roles, and the GI's teamleider and gebiedsmanager.
    "web:trajectories": only("wijkteam", "veilig_thuis", "rvdk", "teamleider", "gebiedsmanager"),
    # Recording on a trajectory: the concern by a wijkteam or Veilig Thuis worker; one
    # trajectory (registered by, and with regie at, the grants' organisation) for the chain
    # roles and the GI's roles that see it; its steps by the chain roles and the teamleider.
    "web:trajectory_new": only("wijkteam", "veilig_thuis"),
    "web:trajectory": only("wijkteam", "veilig_thuis", "rvdk", "teamleider", "gebiedsmanager"),
    "web:trajectory_record": only("wijkteam", "veilig_thuis", "rvdk", "teamleider"),
    "web:kpi": only("gedragswetenschapper", "teamleider", "gebiedsmanager", "gi_bestuurder"),
    "web:case": only(*CASE_ROLES),
    "web:case_print": only(*CASE_ROLES),
    "web:break_glass": only(*CASE_ROLES),  # in scope: redirected to the case itself
    # Recording (issue 12): own case (jzw) or the team's (teamleider, gedragswetenschapper).
    "web:record": only("jeugdzorgwerker", "gedragswetenschapper", "teamleider"),
    # Waiting (issue 5). POST-only actions: 405 for the roles that may use them.
    "care:waiting_list": only(
        "gedragswetenschapper", "teamleider", "gebiedsmanager", "gi_bestuurder"
    ),
    "care:assign": only("teamleider"),
    "care:assign_many": only("teamleider"),
    "care:ruis": only("gedragswetenschapper", "teamleider"),
    "care:counts": only(
        "gedragswetenschapper",
        "teamleider",
        "gebiedsmanager",
        "gi_bestuurder",
        "gemeente_beleidsmedewerker",
        "wethouder",
    ),
    "care:counts_csv": only(
        "gedragswetenschapper",
        "teamleider",
        "gebiedsmanager",
        "gi_bestuurder",
        "gemeente_beleidsmedewerker",
        "wethouder",
    ),
    "care:effects": only(
        "gebiedsmanager", "gi_bestuurder", "gemeente_beleidsmedewerker", "wethouder"
    ),
    "care:help": only(
        "jeugdzorgwerker", "gedragswetenschapper", "teamleider", "gebiedsmanager", "gi_bestuurder"
    ),
    "care:expert_table": only(
        "jeugdzorgwerker", "gedragswetenschapper", "teamleider", "gebiedsmanager", "gi_bestuurder"
    ),
    "care:give_priority": post_only("gedragswetenschapper", "teamleider"),
    "care:expert_register": post_only("gedragswetenschapper", "teamleider"),
    "care:expert_decision": post_only("gedragswetenschapper", "teamleider"),
    "care:send_consultation": post_only("jeugdzorgwerker", "teamleider"),
    "care:consultations": only("gemeente_beleidsmedewerker"),
    "care:answer": post_only("gemeente_beleidsmedewerker"),
    # Dashboards and the council report (issue 7).
    "reporting:gi_board": only(
        "gedragswetenschapper", "teamleider", "gebiedsmanager", "gi_bestuurder"
    ),
    "reporting:drilldown": only(
        "gedragswetenschapper", "teamleider", "gebiedsmanager", "gi_bestuurder"
    ),
    "reporting:municipality": only("gemeente_beleidsmedewerker", "wethouder"),
    # Capacity (issue 17): staff figures of the teams in scope.
    "capacity:capacity": only("teamleider", "gebiedsmanager", "gi_bestuurder"),
    "capacity:capacity_csv": only("teamleider", "gebiedsmanager", "gi_bestuurder"),
    # The forecast of the waiting list (issue 17, item 4): the same roles as Capaciteit.
    "reporting:forecast": only("teamleider", "gebiedsmanager", "gi_bestuurder"),
    "reporting:forecast_csv": only("teamleider", "gebiedsmanager", "gi_bestuurder"),
    "capacity:continuity_csv": only("gebiedsmanager", "gi_bestuurder"),
    "reporting:region": only("gemeente_beleidsmedewerker", "wethouder"),
    "reporting:council_report": only(
        "gemeente_beleidsmedewerker", "wethouder", "gebiedsmanager", "gi_bestuurder"
    ),
    "reporting:council_report_pdf": only(
        "gemeente_beleidsmedewerker", "wethouder", "gebiedsmanager", "gi_bestuurder"
    ),
    "reporting:council_report_csv": only(
        "gemeente_beleidsmedewerker", "wethouder", "gebiedsmanager", "gi_bestuurder"
    ),
    "reporting:inspection_export": only("inspecteur", "gi_bestuurder"),
    "access:two_factor": EVERYONE,
    "access:access_log": only("privacy_officer"),
    "access:break_glass_list": only("privacy_officer"),
    "access:break_glass_review": only("privacy_officer"),
    # Four eyes on role grants (issue 11): the list for the privacy officer and the GI board;
    # the decision is POST only.
    "access:grant_list": only("privacy_officer", "gi_bestuurder"),
    "access:grant_decide": post_only("privacy_officer", "gi_bestuurder"),
    # Escalation and crisis (issue 6).
    "escalation:escalations": only(
        *CASE_ROLES[:-1], "gemeente_beleidsmedewerker", "wethouder", "burgemeester", "aov"
    ),
    "escalation:signals": only("gedragswetenschapper", "teamleider", "gebiedsmanager"),
    "escalation:case": only(*CASE_ROLES[:-1]),
    "escalation:incident_new": only(
        "jeugdzorgwerker", "teamleider", "gebiedsmanager", "gi_bestuurder"
    ),
    "escalation:incidents": only(
        *CASE_ROLES[:-1],
        "gemeente_beleidsmedewerker",
        "wethouder",
        "burgemeester",
        "aov",
        "functioneel_beheerder",
    ),
    # A real incident: the functioneel beheerder sees exercises only.
    "escalation:incident": only(
        *CASE_ROLES[:-1], "gemeente_beleidsmedewerker", "wethouder", "burgemeester", "aov"
    ),
    "escalation:review": only("teamleider", "gebiedsmanager", "gi_bestuurder"),
    # Issue 16: follow-up with status (POST only; the case scope is checked in the view).
    "escalation:follow_up": post_only("teamleider", "gebiedsmanager", "gi_bestuurder"),
    "escalation:recommendations": only(
        "gebiedsmanager",
        "gi_bestuurder",
        "gemeente_beleidsmedewerker",
        "wethouder",
        "burgemeester",
        "aov",
    ),
    "escalation:exercises": only("functioneel_beheerder"),
    "escalation:exercise_end": {
        r: (NOT_ALLOWED_METHOD if r == "functioneel_beheerder" else DENIED) for r in ALL_ROLES
    },
    # No login: the unguessable token from the mail is the key (shows the urgent report only).
    "escalation:acknowledge": EVERYONE,
    # The API (issue 13): a bearer token of an API client, never a screen session (401 for every
    # logged-in user); its own matrix is tests/api/test_api_matrix.py. The OpenAPI document and
    # its page hold no data; the token endpoint is POST only.
    **{
        f"api:{name}": dict.fromkeys(ALL_ROLES, DENIED)
        for name in (
            "organisations",
            "organisation",
            "teams",
            "team",
            "workers",
            "worker",
            "worker_norm_results",
            "youths",
            "youth",
            "measures",
            "measure",
            "measure_events",
            "measure_norm_results",
            "events",
            "waiting_list",
            "counts",
            "changes",
            "trajectories",
            "trajectory",
            "not_found",
        )
    },
    "api:openapi": EVERYONE,
    "api:docs": EVERYONE,
    "oauth_token": dict.fromkeys(ALL_ROLES, NOT_ALLOWED_METHOD),
}
# Pages without login (tested in test_anonymous_users_are_sent_to_login).
PUBLIC = {
    "escalation:acknowledge",
    "api:openapi",
    "api:docs",
    "oauth_token",
    "health_live",
    "health_ready",
}
# Every admin page: only the functioneel beheerder (except the admin's own login page, and
# logout, which is POST only).
ADMIN = only("functioneel_beheerder")
NOBODY = dict.fromkeys(ALL_ROLES, DENIED)
ADMIN_EXCEPTIONS = {
    "admin:login": EVERYONE,
    # An API client is deactivated, never deleted (the access log refers to it).
    "admin:api_apiclient_delete": NOBODY,
    # POST only for the beheerder; Django sends anyone else to the admin index (which denies).
    "admin:logout": {
        r: (NOT_ALLOWED_METHOD if r == "functioneel_beheerder" else OK) for r in ALL_ROLES
    },
    # None of our models has a page on the site.
    "admin:view_on_site": NOBODY,
    # Nobody sees another user's TOTP secret (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    "admin:otp_totp_totpdevice_config": NOBODY,
    "admin:otp_totp_totpdevice_qrcode": NOBODY,
    # A lost phone is removed, never replaced by the beheerder: the user enrols a new one at the
    # next login (issue 11; a device the beheerder made would be theirs to use).
    "admin:otp_totp_totpdevice_add": NOBODY,
    # Lockout records are made by django-axes, never by hand.
    "admin:axes_accessattempt_add": NOBODY,
    "admin:axes_accesslog_add": NOBODY,
    "admin:axes_accessfailurelog_add": NOBODY,
    # Staff facts come in through the importer only and are never changed (issue 17).
    "admin:capacity_staffevent_add": NOBODY,
    "admin:capacity_staffevent_delete": NOBODY,
}
QUERY = {"admin:autocomplete": "?app_label=access&model_name=rolegrant&field_name=organisation"}


def all_url_names():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{prefix}{p.name}", p

    return list(walk(get_resolver().url_patterns))


def expected_for(name):
    if name in MATRIX:
        return MATRIX[name]
    if name in ADMIN_EXCEPTIONS:
        return ADMIN_EXCEPTIONS[name]
    if name.startswith("admin:"):
        return ADMIN
    return None


def test_every_url_is_in_the_matrix():
    missing = [name for name, _ in all_url_names() if expected_for(name) is None]
    assert not missing, f"URLs without a permission rule: {missing}"


def concrete_url(name, pattern):
    """A URL for the pattern, with arguments pointing at real objects."""
    from django.contrib.contenttypes.models import ContentType

    from ketenzicht.access.models import BreakGlass, RoleGrant
    from ketenzicht.reference.models import Municipality

    keys = list(pattern.pattern.regex.groupindex)
    if not keys:
        return reverse(name) + QUERY.get(name, "")
    values = {}
    for key in keys:
        if key == "external_id":
            values[key] = "Y-1"
        elif key == "pk" and name == "access:grant_decide":
            values[key] = RoleGrant.objects.order_by("pk").first().pk
        elif key == "pk":
            values[key] = BreakGlass.objects.get().pk
        elif key == "app_label":
            values[key] = "reference"
        elif key == "content_type_id":
            values[key] = ContentType.objects.get_for_model(Municipality).pk
        elif key == "object_id":
            values[key] = _object_id_for(name)
        elif key == "id" and name.startswith("api:"):
            values[key] = API_IDS[name.split(":")[1].split("_")[0]]
        elif key == "id":
            values[key] = _object_id_for(name)
        elif key == "incident":
            from ketenzicht.escalation.models import Incident

            values[key] = Incident.objects.filter(exercise=False).get().pk
        elif key == "trajectory_id":
            values[key] = "T-M"
        elif key == "measure_id":
            values[key] = "M-1"
        elif key == "token":
            values[key] = CRISIS["token"]
        else:
            raise AssertionError(f"no example value for <{key}> in {name}")
    return reverse(name, kwargs=values)


API_IDS = {
    "trajectory": "T-M",
    "organisation": "GI-JBW",
    "team": "T-DH1",
    "worker": "W-1",
    "youth": "Y-1",
    "measure": "M-1",
}


def _object_id_for(name):
    from django.apps import apps

    from ketenzicht.reference.models import Municipality

    if name == "admin:view_on_site":
        return Municipality.objects.first().pk
    if name == "admin:auth_user_password_change":
        name = "admin:auth_user_change"
    app_model = name.split(":", 1)[1].rsplit("_", 1)[0]  # e.g. reference_team
    for model in apps.get_models():
        if f"{model._meta.app_label}_{model._meta.model_name}" == app_model:
            return model.objects.order_by("pk").first().pk
    raise AssertionError(f"no model for {name}")


def _staff_fact():
    """One staff fact (issue 17), through the one write path."""
    from ketenzicht.interop.importer import import_lines

    header = {"kind": "header", "format": "ketenzicht-uitwisseling", "version": "1.2"}
    fact = {"kind": "staff_event", "id": "PF-1", "organisation": "GI-JBW", "type": "in_dienst"}
    fact |= {"date": "2024-01-01", "worker": "W-1", "fte": 0.8, "function": "jeugdzorgwerker"}
    import_lines(enumerate([header, fact], start=1))


def outcome(response):
    if response.status_code == 405:
        return NOT_ALLOWED_METHOD
    if response.status_code in (401, 403, 404):
        return DENIED
    if response.status_code == 302:
        location = response["Location"]
        return DENIED if "login" in location or "inloggen" in location else OK
    return OK if response.status_code == 200 else f"status {response.status_code}"


@pytest.fixture
def objects(role_users):
    """At least one object behind every URL with an id in it."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ketenzicht.access.models import BreakGlass
    from ketenzicht.norms.models import NormSetting, NormWeight
    from ketenzicht.reference.models import Organisation
    from ketenzicht.timeline.models import Youth

    Group.objects.create(name="Voorbeeldgroep")
    NormWeight.objects.create(
        organisation=Organisation.objects.get(external_id="GI-JBW"),
        norm_id="3.1-kind-alleen",
        weight=5,
    )
    NormSetting.objects.create(
        organisation=Organisation.objects.get(external_id="GI-JBW"),
        norm_id=NormSetting._meta.get_field("norm_id").choices[0][0],
        term_value=6,
        term_unit="weeks",
    )
    # A user of the beheerder's own organisation (the admin shows no other organisation's).
    TOTPDevice.objects.create(user=role_users["gebiedsmanager"], name="telefoon", confirmed=True)
    attempt = {"username": "iemand", "ip_address": "127.0.0.1", "user_agent": "test"}
    AccessAttempt.objects.create(failures_since_start=1, **attempt)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    _crisis_objects()
    _staff_fact()
    _trajectory()
    from ketenzicht.api.services import create_client

    create_client(Organisation.objects.get(external_id="GI-JBW"), "Zaaksysteem", ["teams:read"])
    BreakGlass.objects.create(
        user=role_users["jeugdzorgwerker"],
        youth=Youth.objects.get(external_id="Y-1"),
        reason="x" * 20,
        expires_at="2030-01-01T00:00:00Z",
    )


def _trajectory():
    """Trajectory T-M of Y-1, registered by GI-JBW (the grants' organisation) with regie there."""
    import datetime as dt

    from ketenzicht.chain import services
    from ketenzicht.reference.models import Organisation
    from ketenzicht.timeline.models import Youth

    services.open_trajectory(
        Youth.objects.get(external_id="Y-1"),
        Organisation.objects.get(external_id="GI-JBW"),
        dt.date(2026, 10, 1),
        {"reported_by": "school", "municipality": "GM0518", "regie_organisation": "GI-JBW"},
        external_id="T-M",
        today=dt.date(2026, 11, 1),
    )


CRISIS: dict[str, str] = {}


def _crisis_objects():
    """A real incident on M-1 (Y-1) with one notification, for the escalation URLs."""
    import datetime as dt

    from ketenzicht.escalation import learning, services
    from ketenzicht.escalation.models import Ladder, OutboxMessage, Rota, RotaMember, Rung
    from ketenzicht.reference.models import Municipality
    from ketenzicht.timeline.models import Measure

    rota = Rota.objects.create(kind="aov", municipality=Municipality.objects.get(cbs_code="GM0518"))
    RotaMember.objects.create(rota=rota, position=1, name="AOV-er", email="aov@example.nl")
    services.register_incident(
        Measure.objects.get(external_id="M-1"),
        kind="calamiteit",
        summary="Voorbeeld",
        occurred_on=dt.date(2026, 11, 1),
        spokesperson="Woordvoerder",
        contact="Contact",
        today=dt.date(2026, 11, 2),
    )
    incident = services.Incident.objects.get()
    review = learning.record_review(incident, held_on=dt.date(2026, 11, 20), findings="Lessen")
    learning.add_recommendation(
        review,
        text="Roosters actueel houden",
        owner="Teamleider",
        owner_organisation=incident.gi,
        due_date=dt.date(2027, 1, 1),
    )
    ladder = Ladder.objects.create(name="Standaard")
    Rung.objects.create(
        ladder=ladder, position=1, key="teamleider", label="Teamleider", role="teamleider"
    )
    body = OutboxMessage.objects.get().body
    CRISIS["token"] = body.split("/escalatie/bevestig/")[1].split("/")[0]


def test_every_url_for_every_role(role_users, objects, login, client):
    failures = []
    urls = [(name, concrete_url(name, p)) for name, p in all_url_names()]
    for role, user in role_users.items():
        client.logout()
        login(user)
        for name, url in urls:
            got = outcome(client.get(url))
            want = expected_for(name)[role]
            if got != want:
                failures.append(f"{role} {url} ({name}): expected {want}, got {got}")
    assert not failures, "\n".join(failures)


def test_anonymous_users_are_sent_to_login(objects, client):
    for name, pattern in all_url_names():
        if name in ("login", "admin:login", "logout", "admin:logout", *PUBLIC):
            continue
        assert outcome(client.get(concrete_url(name, pattern))) == DENIED, name

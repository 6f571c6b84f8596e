"""Lockout, two-factor, session timeout, CSP and CSRF."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "Wachtwoord-123-abc"


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_lockout_after_five_failures(role_users, client):
    user = role_users["teamleider"]
    for _ in range(4):
        assert (
            "Onjuiste gebruikersnaam" in post_login(client, user.username, "fout").content.decode()
        )
    assert post_login(client, user.username, "fout").status_code == 429  # the fifth locks
    locked = post_login(client, user.username, PASSWORD)  # now even the right password fails
    assert locked.status_code == 429
    assert "Account tijdelijk geblokkeerd" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_two_factor_setup_and_login(role_users, client):
    user = role_users["gedragswetenschapper"]
    assert post_login(client, user.username, PASSWORD).status_code == 302
    # Case data is out of reach until the second factor is done.
    blocked = client.get(reverse("web:case", args=["Y-1"]))
    assert blocked.status_code == 302 and blocked["Location"].startswith(
        reverse("access:two_factor")
    )
    setup = client.get(reverse("access:two_factor")).content.decode()
    assert "QR-code" in setup
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("access:two_factor"), {"token": "123456"})
    assert "Onjuiste of verlopen code" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(
        reverse("access:two_factor"),
        {"token": f"{totp(device.bin_key):06d}", "next": "/jeugdige/Y-1/"},
    )
    assert ok.status_code == 302 and ok["Location"] == "/jeugdige/Y-1/"
    assert client.get("/jeugdige/Y-1/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_open_redirect_after_two_factor_is_refused(role_users, client):
    user = role_users["teamleider"]
    device = TOTPDevice.objects.create(user=user, confirmed=True)
    post_login(client, user.username, PASSWORD)
    ok = client.post(
        reverse("access:two_factor"),
        {"token": f"{totp(device.bin_key):06d}", "next": "https://evil.example/"},
    )
    assert ok["Location"] == "/"


def test_roles_without_case_data_need_no_second_factor(role_users, client):
    post_login(client, role_users["gemeente_beleidsmedewerker"].username, PASSWORD)
    assert client.get(reverse("web:home")).status_code == 200


def test_session_times_out_after_thirty_minutes_idle(role_users, login, client):
    login(role_users["teamleider"])
    client.get(reverse("web:home"))
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_csrf_is_enforced(role_users):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("login"), {"username": role_users["aov"].username, "password": PASSWORD}
    )
    assert response.status_code == 403

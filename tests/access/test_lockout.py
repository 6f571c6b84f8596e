"""Lockout per username, not per address; the client's address behind a trusted proxy
(issue 11, finding 6).

Behind the TLS proxy every request comes from the proxy's address, and an office often shares
one address: a lockout per address locked every user there after five typos by anyone. The lock
is per username (from any address) and per username and address; the address is the forwarded
one only when the request comes from a trusted proxy, and the access log records that same
address.
"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from ketenzicht.access.models import AccessLogEntry
from ketenzicht.clientip import client_ip

pytestmark = pytest.mark.django_db
PASSWORD = "Wachtwoord-123-abc"
PROXY = "10.0.0.5"
BEHIND_PROXY = override_settings(KETENZICHT_TRUSTED_PROXIES=[PROXY], KETENZICHT_PROXY_COUNT=1)


def post_login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_under_other_usernames_do_not_lock_a_sixth_user(role_users, client):
    names = ["jeugdzorgwerker", "gedragswetenschapper", "gebiedsmanager", "wethouder", "aov"]
    for name in names:  # five failures from one address, each for another username
        response = post_login(client, role_users[name].username, "fout", REMOTE_ADDR="192.0.2.10")
        assert response.status_code == 200
        assert "Onjuiste gebruikersnaam of wachtwoord" in response.content.decode()
    sixth = post_login(
        client, role_users["teamleider"].username, PASSWORD, REMOTE_ADDR="192.0.2.10"
    )
    assert sixth.status_code == 302 and logged_in(client)
    # Nor are the five locked: one failure each.
    client.logout()
    again = post_login(client, role_users["aov"].username, PASSWORD, REMOTE_ADDR="192.0.2.10")
    assert again.status_code == 302


def test_five_wrong_passwords_for_one_username_lock_it_from_every_address(role_users, client):
    user = role_users["teamleider"]
    for i in range(1, 5):
        response = post_login(client, user.username, "fout", REMOTE_ADDR=f"198.51.100.{i}")
        assert response.status_code == 200
        assert (
            f"Na {settings.AXES_FAILURE_LIMIT} onjuiste wachtwoorden wordt de gebruikersnaam "
            "30 minuten geblokkeerd" in response.content.decode()
        )
    fifth = post_login(client, user.username, "fout", REMOTE_ADDR="198.51.100.5")
    assert fifth.status_code == 429
    # The right password from yet another address: still locked, with a correct message.
    locked = post_login(client, user.username, PASSWORD, REMOTE_ADDR="203.0.113.99")
    assert locked.status_code == 429 and not logged_in(client)
    page = locked.content.decode()
    assert "Voor deze gebruikersnaam is te vaak een onjuist wachtwoord ingevoerd" in page
    assert "vanaf elk adres; andere gebruikers kunnen gewoon inloggen" in page
    # Another user from the same address is not affected.
    other = post_login(client, role_users["aov"].username, PASSWORD, REMOTE_ADDR="203.0.113.99")
    assert other.status_code == 302 and logged_in(client)


def test_lockout_parameters_are_username_and_username_with_address():
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", ["username", "ip_address"]]
    assert "ip_address" not in settings.AXES_LOCKOUT_PARAMETERS  # never per address alone


@BEHIND_PROXY
def test_forwarded_address_is_used_only_from_a_trusted_proxy(role_users, client):
    user = role_users["aov"]
    # Through the proxy: the address the proxy recorded, not the proxy's own.
    post_login(client, user.username, "fout", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    # A client that forges the header in front of the proxy: the proxy appends the real peer,
    # and that one counts.
    post_login(
        client,
        user.username,
        "fout",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.8",
    )
    # Straight to the application, past the proxy: the header is ignored.
    post_login(
        client,
        user.username,
        "fout",
        REMOTE_ADDR="198.51.100.20",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    recorded = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert recorded == {"203.0.113.7", "203.0.113.8", "198.51.100.20"}


def test_forwarded_header_is_ignored_without_trusted_proxies(role_users, client):
    assert settings.KETENZICHT_TRUSTED_PROXIES == []  # development and tests
    post_login(
        client,
        role_users["aov"].username,
        "fout",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


@pytest.mark.parametrize(
    ("trusted", "count", "peer", "forwarded", "expected"),
    [
        ([PROXY], 1, PROXY, "203.0.113.7", "203.0.113.7"),
        ([PROXY], 1, PROXY, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # forged entry ignored
        (["10.0.0.0/24"], 1, "10.0.0.77", "203.0.113.7", "203.0.113.7"),  # a network
        # Two proxies (a load balancer, then the TLS proxy): the second from the right.
        (["10.0.0.0/24"], 2, PROXY, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        ([PROXY], 1, "198.51.100.1", "203.0.113.7", "198.51.100.1"),  # untrusted peer
        ([PROXY], 1, PROXY, "", PROXY),  # no header: the proxy's address
        ([PROXY], 1, PROXY, "garbage", PROXY),  # nothing usable: the proxy's address
        ([], 1, PROXY, "203.0.113.7", PROXY),  # no trusted proxies configured
        (["fd00::5"], 1, "fd00::5", "2001:db8::7", "2001:db8::7"),  # IPv6
    ],
)
def test_client_ip(trusted, count, peer, forwarded, expected):
    meta = {"REMOTE_ADDR": peer}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    with override_settings(KETENZICHT_TRUSTED_PROXIES=trusted, KETENZICHT_PROXY_COUNT=count):
        assert client_ip(request) == expected


@BEHIND_PROXY
def test_access_log_records_the_forwarded_client_address(role_users, login, client):
    login(role_users["teamleider"])
    client.get(
        reverse("web:case", args=["Y-1"]), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    entry = AccessLogEntry.objects.get()
    assert entry.client_address == "203.0.113.7"

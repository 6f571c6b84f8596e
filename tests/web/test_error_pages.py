"""Dutch error pages in the app's layout, the favicon, and the error summary of the NL Design
System form pattern (issues 16 and 19). The test settings have DEBUG off, as production has."""

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import get_resolver

from tests.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def assert_app_layout(response):
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "ketenzicht/ketenzicht.css" in html and 'class="utrecht-heading-1"' in html
    for english in ("Page not found", "Forbidden", "Traceback", "Server Error", "Django"):
        assert english not in html


def test_debug_is_off_in_tests_and_production():
    assert settings.DEBUG is False
    out = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        env_extra=PRODUCTION_ENV | {"DJANGO_DEBUG": "1", "DEBUG": "1"},
    )
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr


def test_404_in_dutch(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert title(response) == "Pagina niet gevonden — Ketenzicht"
    assert_app_layout(response)


def test_404_of_our_own_code_gives_its_reason_and_the_menu(dataset, make_user, login, client):
    login(make_user("W-1"))
    response = client.get("/jeugdige/BESTAAT-NIET/")
    assert response.status_code == 404
    assert_app_layout(response)
    assert "Geen dossier gevonden dat u mag inzien." in response.content.decode()
    assert 'aria-label="Hoofdmenu"' in response.content.decode()


def test_403_in_dutch_with_the_reason(gemeente_worker, make_user, login, client):
    login(make_user("W-GEM", team=None))
    response = client.get("/werklijst/")
    assert response.status_code == 403
    assert title(response) == "Geen toegang — Ketenzicht"
    assert_app_layout(response)
    assert "Uw rol geeft geen toegang tot deze pagina." in response.content.decode()


def test_django_english_reasons_are_not_shown():
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from ketenzicht.web.errors import page_not_found

    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    response = page_not_found(request, Http404("No Youth matches the given query."))
    assert "No Youth" not in response.content.decode()


def test_500_in_dutch_without_any_database_or_request_context():
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/"))
    assert response.status_code == 500
    assert title(response) == "Er ging iets mis — Ketenzicht"
    assert_app_layout(response)


def test_csrf_failure_in_dutch():
    response = Client(enforce_csrf_checks=True).post(
        "/inloggen/", {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    assert title(response) == "Formulier verlopen — Ketenzicht"
    assert_app_layout(response)


def test_favicon(client):
    page = client.get("/inloggen/").content.decode()
    assert '<link rel="icon" href="/static/ketenzicht/img/favicon.svg"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an .ico file


def test_form_with_errors_gets_the_error_summary_and_fout_in_the_title(client):
    response = client.post("/inloggen/", {"username": "", "password": ""})
    html = response.content.decode()
    assert title(response) == "Fout: Inloggen — Ketenzicht"
    summary = re.search(r'<div class="[^"]*ketenzicht-error-summary[^"]*"[^>]*>', html).group(0)
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert 'href="#id_username"' in html and 'href="#id_password"' in html
    assert 'id="id_username"' in html


def test_without_errors_no_summary_and_a_plain_title(client):
    response = client.get("/inloggen/")
    assert title(response) == "Inloggen — Ketenzicht"
    assert "ketenzicht-error-summary" not in response.content.decode()

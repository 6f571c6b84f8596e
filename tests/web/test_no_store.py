"""No browser or proxy keeps a copy of a page or download with personal data."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_case_page_and_login_page_are_not_stored(dataset, make_user, login, client):
    assert _no_store(client.get(reverse("login")))
    login(make_user("W-1"))
    page = client.get(reverse("web:case", args=["Y-1"]))
    assert page.status_code == 200 and _no_store(page)
    assert _no_store(client.get(reverse("web:case_print", args=["Y-1"])))


def test_csv_download_is_not_stored(dataset, make_user, login, client):
    login(make_user("W-2", role="teamleider"))
    response = client.get(reverse("care:counts_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert _no_store(response)


def test_static_files_keep_their_caching(client):
    response = client.get("/static/ketenzicht/ketenzicht.css")
    assert response.status_code == 200 and not _no_store(response)

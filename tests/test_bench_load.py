"""The load test's plan (bench/load.py; issue 15, item 6): no load here, no timing. Its pages
must be the project's URLs, each open to the role that walks it; the user mix must add up; its
TOTP codes must be the ones django-otp accepts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.urls import resolve, reverse
from django_otp.oath import TOTP

from ketenzicht.access.permissions import PERMISSIONS

ROOT = Path(__file__).resolve().parents[1]


def _load_module():
    spec = importlib.util.spec_from_file_location("kz_bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


load = _load_module()
YOUTH = "Y-000001"


@pytest.mark.parametrize("plan", load.PLANS, ids=lambda p: p.role)
def test_every_page_is_a_url_the_role_may_open(plan):
    for page in plan.pages:
        kwargs = {"external_id": YOUTH} if page.case else {}
        path = page.path.format(youth=YOUTH)
        assert reverse(page.url_name, kwargs=kwargs) == path, page
        permission = resolve(path).func.permission
        assert plan.role in PERMISSIONS[permission], (page.url_name, permission)
    if any(p.case for p in plan.pages):
        # The case ids come from a list page of the same role.
        assert {p.url_name for p in plan.pages} & set(load.CASE_SOURCES), plan.role


@pytest.mark.parametrize("users", [1, 3, 4, 20, 50, 97])
def test_the_user_mix_adds_up(users):
    counts = load.users_per_role(users)
    assert sum(counts.values()) == users
    if users >= len(load.PLANS):
        assert min(counts.values()) >= 1
    assert load.users_per_role(50) == {
        "jeugdzorgwerker": 30,
        "teamleider": 10,
        "gi_bestuurder": 4,
        "gemeente_beleidsmedewerker": 6,
    }


def test_slots_mix_the_roles_and_share_accounts_beyond_the_workers():
    accounts = [
        {"username": "a1", "role": "jeugdzorgwerker"},
        {"username": "a2", "role": "jeugdzorgwerker"},
        {"username": "b1", "role": "teamleider"},
    ]
    slots = load.plan_slots({"jeugdzorgwerker": 3, "teamleider": 2}, accounts)
    assert [s["username"] for s in slots] == ["a1", "b1", "a2", "b1", "a1"]


def test_totp_codes_are_those_django_otp_checks():
    key = "3132333435363738393031323334353637383930"
    for at in (59.0, 1_111_111_109.0, 2_000_000_000.0):
        totp = TOTP(bytes.fromhex(key), step=30, t0=0, digits=6)
        totp.time = at
        assert load.totp_code(key, at=at) == f"{totp.token():06d}"

"""Locust's user for the load test of the production layout (bench/load.py starts it; issue 15,
item 6). Not meant to be run by hand: bench/load.py creates the accounts and passes them in
KZ_LOAD_ACCOUNTS (a JSON file), with the think time in KZ_LOAD_THINK ("min,max" seconds).

Every virtual user takes the next slot (a role and an account), logs in once (password, then the
TOTP code for the roles that need a second factor; an account shared by several virtual users is
logged in once and its session shared), then opens the pages of its role (load.PLANS) at random
by their weights, with think time. A request counts as an error when its status is 400 or more,
or when it ends on the login or two-factor page (a lost session).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading

# bench/load.py: Locust puts the locustfile's folder on the import path.
from load import CASE_SOURCES, PLAN_BY_ROLE, totp_code
from locust import HttpUser, between, events, task
from locust.exception import StopUser

with open(os.environ["KZ_LOAD_ACCOUNTS"], encoding="utf-8") as _f:
    _CONFIG = json.load(_f)
PASSWORD = _CONFIG["password"]
_SLOTS = itertools.cycle(_CONFIG["slots"])
_SLOT_LOCK = threading.Lock()
THINK = [float(x) for x in os.environ.get("KZ_LOAD_THINK", "10,30").split(",")]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/jeugdige/([^/"?#]+)/"')
LOGIN_PATHS = ("/inloggen/", "/tweestapsverificatie/")


# Every request's (name, milliseconds, error or ""), written to KZ_LOAD_SAMPLES at the end:
# bench/load.py computes exact percentiles from them (Locust's own round above 100 ms).
_SAMPLES: list[tuple[str, float, str]] = []


@events.request.add_listener
def _record(name, response_time, exception, **kwargs) -> None:
    _SAMPLES.append((name, response_time, str(exception) if exception else ""))


@events.quitting.add_listener
def _write_samples(environment, **kwargs) -> None:
    with open(os.environ["KZ_LOAD_SAMPLES"], "w", encoding="utf-8") as f:
        json.dump(_SAMPLES, f)


class Session:
    """An account's login, shared by the virtual users that use the account."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cookies: dict[str, str] | None = None


_SESSIONS: dict[str, Session] = {}


def _csrf(text: str) -> str:
    found = CSRF.search(text)
    if not found:
        raise StopUser("geen CSRF-token op de inlogpagina")
    return found.group(1)


class KetenzichtUser(HttpUser):
    wait_time = between(THINK[0], THINK[-1])

    def on_start(self) -> None:
        with _SLOT_LOCK:
            self.account = next(_SLOTS)
            session = _SESSIONS.setdefault(self.account["username"], Session())
        self.plan = PLAN_BY_ROLE[self.account["role"]]
        self.pages = list(self.plan.pages)
        self.weights = [p.weight for p in self.pages]
        self.cases: list[str] = []
        with session.lock:
            if session.cookies is None:
                self.login()
                session.cookies = self.client.cookies.get_dict()
            else:
                self.client.cookies.update(session.cookies)

    def login(self) -> None:
        username = self.account["username"]
        page = self.client.get("/inloggen/", name="inloggen (formulier)")
        with self.client.post(
            "/inloggen/",
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": _csrf(page.text),
            },
            headers={"Referer": f"{self.host}/inloggen/"},
            name="inloggen (wachtwoord)",
            catch_response=True,
        ) as response:
            if response.status_code >= 400 or response.url.endswith("/inloggen/"):
                response.failure(f"inloggen {username} mislukt ({response.status_code})")
                raise StopUser()
            response.success()
        if not self.account.get("totp"):
            return
        with self.client.post(
            "/tweestapsverificatie/?next=/",
            data={
                "token": totp_code(self.account["totp"]),
                "next": "/",
                "csrfmiddlewaretoken": _csrf(response.text),
            },
            headers={"Referer": response.url},
            name="inloggen (tweede factor)",
            catch_response=True,
        ) as second:
            if second.status_code >= 400 or "/tweestapsverificatie/" in second.url:
                second.failure(f"tweede factor {username} geweigerd ({second.status_code})")
                raise StopUser()
            second.success()

    def open(self, page) -> None:
        path = page.path
        if page.case:
            if not self.cases:
                source = next(p for p in CASE_SOURCES if any(x.url_name == p for x in self.pages))
                self.open(next(x for x in self.pages if x.url_name == source))
            if not self.cases:
                return  # nothing in this user's scope to open
            path = path.format(youth=random.choice(self.cases))
        with self.client.get(path, name=page.url_name, catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"HTTP {response.status_code}")
            elif any(p in response.url for p in LOGIN_PATHS):
                response.failure(f"sessie kwijt: doorgestuurd naar {response.url}")
            else:
                response.success()
                if page.url_name in CASE_SOURCES:
                    found = CASE_LINK.findall(response.text)
                    if found:
                        self.cases = found[:200]

    @task
    def working_day(self) -> None:
        self.open(random.choices(self.pages, weights=self.weights)[0])

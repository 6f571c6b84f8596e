"""The accessibility sweep (issue 19): every demo role, every page it can reach, axe-core with
the WCAG 2.0/2.1 A and AA rules (0 violations) and no sideways scrolling at 390 px.

Pages are discovered, not listed: after logging in, the sweep starts at the start page and the
main menu and follows every link on each page it visits (breadth first), visiting one page per
URL pattern (Django's URL name: one case page, one incident; in the admin every model's change
list and add form, and one change form).
A new screen reachable from the menu is covered without touching this test. Each page's forms
are also submitted empty: the browser must not block that (`novalidate`), and a page that comes
back with errors must have an error summary that has the focus, links to existing fields, and a
page title starting with "Fout: " (NL Design System form pattern). Besides the roles' pages: the
login and two-factor pages, the public acknowledgement page of an open incident, and the 404 and
403 pages. docs/accessibility.md reports the result.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from ketenzicht.demo.users import CRISIS_ACCOUNTS, DEMO_ACCOUNTS, DEMO_PASSWORD, demo_totp_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.every_half,
    pytest.mark.django_db(transaction=True),
]

WIDTH = 390
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()
AXE_RUN = (
    f"axe.run(document, {{runOnly: {{type: 'tag', values: {WCAG_TAGS}}}, "
    "resultTypes: ['violations']}).then(r => r.violations)"
)
# KZ_SWEEP_ROLES=jzw.demo,beheerder.demo: a few roles only, while working on their screens.
ALL_ROLES = [
    r
    for r in [*DEMO_ACCOUNTS, *CRISIS_ACCOUNTS]
    if not os.environ.get("KZ_SWEEP_ROLES") or r in os.environ["KZ_SWEEP_ROLES"].split(",")
]
# `make test` runs both databases at once and splits the roles between them (KZ_TEST_SHARD
# "0/2", "1/2", set by scripts/run_tests.py): the pages do not depend on the database, and the
# sweep of every role takes minutes. Run alone, one database sweeps every role.
# The halves are balanced by each role's sweep time (seconds measured on 2026-12-01 with the
# per-role lines this test prints; the beheerder's admin crawl alone is a third): longest first,
# each to the half with the least so far.
SWEEP_SECONDS = {
    "beheerder.demo": 100,
    "gebiedsmanager.demo": 68,
    "teamleider.demo": 57,
    "bestuurder.demo": 48,
    "beleidsmedewerker.demo": 45,
    "gedragswetenschapper.demo": 39,
    "wethouder.demo": 37,
    "jzw.demo": 22,
}
_SHARD, _, _SHARDS = (os.environ.get("KZ_TEST_SHARD") or "0/1").partition("/")


def shard_roles(roles: list[str], shard: int, shards: int) -> list[str]:
    load, mine = [0] * shards, []
    for role in sorted(roles, key=lambda r: (-SWEEP_SECONDS.get(r, 8), r)):
        half = load.index(min(load))
        load[half] += SWEEP_SECONDS.get(role, 8)
        if half == shard:
            mine.append(role)
    return mine


ROLES = shard_roles(ALL_ROLES, int(_SHARD), int(_SHARDS))
EVERY_ROLE = len(ALL_ROLES) == 11
# Never followed: logging out ends the role's session.
SKIP_URL_NAMES = {"logout", "admin:logout"}
# Admin pages with the same template: one of each is enough. History and delete pages have no
# model-specific fields; a change form has the same fields and widgets as its model's add form,
# which is visited (and submitted empty) for every model, as is every change list.
ADMIN_ONE_OF = ("_history", "_delete", "_change")
# Text-like controls a user types into (cleared before an empty submit).
TYPED = "input:not([type]), input[type=text], input[type=email], input[type=number], \
input[type=date], input[type=time], input[type=password], input[type=search], input[type=tel], \
input[type=url], input[type=datetime-local], textarea"


@dataclass
class Sweep:
    base: str
    pages: int = 0
    seen_403: bool = False
    failures: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    # Filter forms (GET) submitted empty, over all roles: the same form on the same screen
    # renders the same errors for every role, so once is enough (keeps the sweep's time down).
    get_forms: set = field(default_factory=set)

    def check(self, page, label: str) -> None:
        """axe (WCAG 2.x A/AA) and the width of the document at 390 px."""
        self.pages += 1
        self.visited.append(label)
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE.axe_script)
        violations = page.evaluate(AXE_RUN)
        for v in violations:
            targets = [n["target"] for n in v["nodes"]][:5]
            self.failures.append(f"{label}: axe {v['id']} ({v['impact']}) {v['help']} {targets}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            wide = page.evaluate(WIDEST_ELEMENT)
            self.failures.append(f"{label}: scrollWidth {width} > {WIDTH} ({wide})")

    def check_error_state(self, page, label: str) -> None:
        """After a submit that came back with errors: the NL Design System error pattern."""
        has_errors = page.evaluate(
            "!!document.querySelector('[aria-invalid=true], .errorlist, .errornote, "
            ".utrecht-form-field--invalid, .ketenzicht-error-summary')"
        )
        if not has_errors:
            return
        summary = page.locator(".ketenzicht-error-summary")
        if summary.count() != 1:
            self.failures.append(f"{label}: errors shown but no (single) error summary")
            return
        if not page.title().startswith("Fout: "):
            self.failures.append(f"{label}: errors shown but title is {page.title()!r}")
        if not page.evaluate(
            "document.activeElement && document.activeElement.closest('.ketenzicht-error-summary')"
            " !== null"
        ):
            self.failures.append(f"{label}: the error summary does not have the focus")
        for href in summary.locator("a").evaluate_all("els => els.map(e => e.hash)"):
            if not href or not page.evaluate("id => !!document.getElementById(id)", href[1:]):
                self.failures.append(f"{label}: summary link {href!r} points at no element")


WIDEST_ELEMENT = """() => {
  let worst = null, right = 0;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect().right;
    if (r > right + 0.5) { right = r; worst = el; }
  }
  if (!worst) return '';
  const cls = (worst.getAttribute('class') || '').split(' ').slice(0, 2).join('.');
  return `${worst.tagName.toLowerCase()}${cls ? '.' + cls : ''} right=${Math.round(right)}`;
}"""


def open_incident_ack_path() -> str:
    """An open incident (registered now), and the path of one acknowledgement link from its
    outbox message, as a recipient would find it in the mail."""
    from ketenzicht.escalation import services
    from ketenzicht.escalation.models import OutboxMessage
    from ketenzicht.timeline.models import Measure

    measure = Measure.objects.filter(ended_on__isnull=True).order_by("pk").first()
    services.register_incident(
        measure,
        kind="ernstig_incident",
        summary="Jeugdige vermist na schooltijd; politie zoekt.",
        occurred_on=timezone.localdate(),
        spokesperson="Woordvoerder, 070-3001000",
        contact="Teamleider van dienst, 070-3001001",
    )
    body = OutboxMessage.objects.filter(status="pending").order_by("-pk").first().body
    return re.search(r"/escalatie/bevestig/[^/\s]+/", body).group(0)


def url_name(base: str, href: str) -> str | None:
    """The Django URL name of a same-site link (None: elsewhere or not a page of ours)."""
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != base:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name


def goto(page, url: str):
    """Open a page; None for a download (CSV, PDF) instead of a page."""
    try:
        return page.goto(url)
    except PlaywrightError as exc:
        if "Download is starting" in str(exc) or "ERR_ABORTED" in str(exc):
            return None
        raise


def links(page) -> list[str]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('a[href]'))"
        ".filter(a => !a.hasAttribute('download')).map(a => a.href.split('#')[0])"
    )


def submit_forms_empty(sweep: Sweep, page, url: str, name: str, seen: set) -> None:
    """Each form of the page with something to type or choose, submitted empty."""
    count, moved = page.locator("form").count(), False
    for i in range(count):
        if moved:
            page.goto(url)
            moved = False
        form = page.locator("form").nth(i)
        action = form.evaluate("f => f.action")
        fields = form.evaluate(
            "f => Array.from(f.elements).filter(e => !['hidden','submit','button','reset']"
            ".includes(e.type) && e.tagName !== 'BUTTON' && e.tagName !== 'FIELDSET')"
            ".map(e => e.name).sort().join(',')"
        )
        target = url_name(sweep.base, action) or ""
        # The admin's change-list forms (search, actions) are the same on every change list.
        key = (name, target, fields)
        if target.endswith("_changelist"):
            key = ("changelist", fields.split(",")[0])
        bucket = seen
        if form.evaluate("f => f.method.toLowerCase()") == "get":
            key, bucket = ("get", target, fields), sweep.get_forms
        if not fields or key in bucket or target in SKIP_URL_NAMES:
            continue
        bucket.add(key)
        for control in form.locator(TYPED).all():
            if control.is_visible() and control.is_editable():
                control.fill("")
        for select in form.locator("select").all():
            if select.is_visible() and select.is_enabled() and not select.get_attribute("multiple"):
                if select.locator("option[value='']").count():
                    select.select_option("")
        button = form.locator("button[type=submit], input[type=submit], button:not([type])")
        if not button.count() or not button.first.is_visible():
            continue
        label = f"{name} (leeg verstuurd: {fields[:60]})"
        moved = True
        blocked = form.evaluate("f => !f.noValidate && !f.checkValidity()")
        if blocked:
            sweep.failures.append(f"{label}: the browser would block the submit (no novalidate)")
            continue
        try:
            with page.expect_navigation(timeout=60_000):  # the council report takes a while
                button.first.click()
        except PlaywrightError:
            sweep.failures.append(f"{label}: no page after submitting")
            continue
        sweep.check(page, label)
        sweep.check_error_state(page, label)


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    code = demo_totp_code(username)
    if code:
        page.get_by_label("Code uit uw authenticator-app").fill(code)
        page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(re.compile(r".*/$"))


def crawl_role(sweep: Sweep, browser, username: str) -> None:
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 844}, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    context.add_init_script(AXE.axe_script)  # once per role, not once per page
    page = context.new_page()
    login(page, sweep.base, username)
    start = page.url
    queue, seen_names, seen_forms = [start], set(), set()
    # The main menu first, then everything reachable from the pages visited.
    queue += page.evaluate("Array.from(document.querySelectorAll('nav a[href]')).map(a => a.href)")
    while queue:
        url = queue.pop(0)
        name = url_name(sweep.base, url)
        if name is None or name in seen_names or name in SKIP_URL_NAMES:
            continue
        seen_names.add(name)
        kind = next((k for k in ADMIN_ONE_OF if name.startswith("admin:") and name.endswith(k)), "")
        if kind:
            if kind in seen_names:
                continue
            seen_names.add(kind)
        response = goto(page, url)
        if response is None:
            continue
        label = f"{username} {urlsplit(url).path}"
        if response.status >= 400:
            sweep.failures.append(f"{label}: HTTP {response.status}")
        sweep.check(page, label)
        queue += links(page)
        submit_forms_empty(sweep, page, url, label, seen_forms)
    if not sweep.seen_403 and "web:worklist" not in seen_names:
        # A role without a worklist of its own: the 403 page, once.
        if page.goto(f"{sweep.base}/werklijst/").status == 403:
            sweep.seen_403 = True
            sweep.check(page, f"{username} 403")
    context.close()


def crawl_403(sweep: Sweep, browser, username: str) -> None:
    context = browser.new_context(viewport={"width": WIDTH, "height": 844}, locale="nl-NL")
    context.add_init_script(AXE.axe_script)
    page = context.new_page()
    login(page, sweep.base, username)
    for path in ("/werklijst/", "/beheer/", "/privacy/toegangslog/"):
        if page.goto(f"{sweep.base}{path}").status == 403:
            sweep.seen_403 = True
            sweep.check(page, f"{username} 403")
            break
    context.close()


def test_every_page_of_every_role(browser, live_server, demo, capsys):
    sweep = Sweep(base=live_server.url)
    ack_path = open_incident_ack_path()

    anonymous = browser.new_context(viewport={"width": WIDTH, "height": 844}, locale="nl-NL")
    page = anonymous.new_page()
    page.goto(f"{sweep.base}/inloggen/")
    sweep.check(page, "inloggen")
    submit_forms_empty(sweep, page, page.url, "inloggen", set())
    page.goto(f"{sweep.base}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("jzw.demo")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    sweep.check(page, "tweestapsverificatie")
    submit_forms_empty(sweep, page, page.url, "tweestapsverificatie", set())
    page.context.clear_cookies()
    page.goto(f"{sweep.base}{ack_path}")
    sweep.check(page, "spoedmelding bevestigen (openbaar)")
    response = page.goto(f"{sweep.base}/bestaat-niet/")
    assert response.status == 404
    sweep.check(page, "404")
    anonymous.close()

    for username in ROLES:
        started, pages = time.monotonic(), sweep.pages
        crawl_role(sweep, browser, username)
        with capsys.disabled():
            seconds = time.monotonic() - started
            print(f"\n  {username}: {sweep.pages - pages} pagina's, {seconds:.0f} s")
    if not sweep.seen_403:
        # No role of this shard met the 403 page on its way: visit it once as the first role.
        crawl_403(sweep, browser, ROLES[0])
    assert sweep.seen_403 or not EVERY_ROLE, "no role met the 403 page"

    with capsys.disabled():
        print(f"\nToegankelijkheidssweep: {sweep.pages} pagina's bezocht, {len(ROLES)} rollen")
    assert not sweep.failures, f"{len(sweep.failures)} problems:\n" + "\n".join(sweep.failures)
    # A floor, so a broken login or crawler cannot pass by visiting nothing.
    assert sweep.pages > (100 // int(_SHARDS) if EVERY_ROLE else 5)

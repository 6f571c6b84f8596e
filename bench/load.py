#!/usr/bin/env python3
"""A bounded load test of the production layout (issue 15, item 6; docs/performance.md).

Usage:
    .venv/bin/python bench/load.py [--scale small] [--users 50] [--duration 300]
        [--database-url URL] [--workdir DIR] [--keep] [--workers N] [--think 10,30]

1. PostgreSQL: a throwaway cluster (scripts/run_tests.py's `ThrowawayPostgres`, with PostgreSQL's
   durable defaults) with one database, or the database of `--database-url`.
2. `ketenzicht migrate`, then `ketenzicht demo-data --scale ...` unless the database already
   holds measures (a database loaded earlier is reused as it is).
3. One account per virtual user where the demo data has enough workers of the role
   (`belasting.<role>.<nn>`, linked to a worker of that role, its grant approved, a TOTP device
   with a key derived from the user name); virtual users beyond the workers of a role share an
   account, and its session (one login per account: a second login within 30 s would be refused
   as a replayed TOTP code).
4. `ketenzicht serve` with production settings on the loopback address (the release step, then
   gunicorn with its production default of 2 x cores + 1 workers, or `--workers`, and the
   outbox worker).
5. Locust, headless, on the loopback address (bench/locustfile.py): every virtual user logs in
   once and then walks the pages of its role (PLANS below) with think time, for `--duration`
   seconds. Then the per-page response times (p50, p95, max) and the error count are printed,
   and the exit code is non-zero on any error.

Every address used is 127.0.0.1 (the server binds only there); the test stops by itself after
`--duration` seconds. The keys the data is encrypted with are kept in `<workdir>/sleutels.json`:
reuse a database with the same `--workdir` (`--keep` leaves the throwaway cluster running and
prints how to reuse and stop it).

This module imports no Django and no Locust: tests/test_bench_load.py checks its page table.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import math
import multiprocessing
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT_PREFIX = "belasting."
# The one password of the bench accounts (a throwaway database only; never a real one).
PASSWORD = "Belastingtest-2026-wachtwoord"
DATABASE_NAME = "kz_belasting"


@dataclass(frozen=True)
class Page:
    """One page a role opens: a URL name (reversed by the locustfile from the page's links and
    by the test with `reverse`), how often relative to the role's other pages, and whether it
    needs a case (a youth's external id, taken from the links on the pages visited before)."""

    url_name: str
    path: str  # the path as served, with {youth} for a case
    weight: int
    case: bool = False


@dataclass(frozen=True)
class RolePlan:
    role: str  # access role (Role value)
    worker_role: str  # the role of the demo workers the accounts belong to
    share: int  # share of the virtual users, out of the sum of all shares
    pages: tuple[Page, ...]


# What each role opens in a working day (access/permissions.py SCREENS), weighted by how often.
PLANS: tuple[RolePlan, ...] = (
    RolePlan(
        "jeugdzorgwerker",
        "jeugdzorgwerker",
        30,
        (
            Page("web:home", "/", 1),
            Page("web:worklist", "/werklijst/", 4),
            Page("web:case", "/jeugdige/{youth}/", 6, case=True),
            Page("care:help", "/wachten/hulp/", 1),
            Page("escalation:escalations", "/escalatie/", 1),
            Page("escalation:incidents", "/escalatie/incidenten/", 1),
        ),
    ),
    RolePlan(
        "teamleider",
        "teamleider",
        10,
        (
            Page("web:home", "/", 1),
            Page("web:team_worklist", "/team/", 4),
            Page("web:case", "/jeugdige/{youth}/", 3, case=True),
            Page("web:kpi", "/kpi/", 2),
            Page("care:waiting_list", "/wachten/", 2),
            Page("care:counts", "/wachten/peildatum/", 1),
            Page("care:help", "/wachten/hulp/", 1),
            Page("escalation:signals", "/escalatie/signalen/", 1),
            Page("capacity:capacity", "/capaciteit/", 1),
            Page("reporting:gi_board", "/rapportage/gi/", 1),
            Page("web:trajectories", "/trajecten/", 1),
        ),
    ),
    RolePlan(
        "gi_bestuurder",
        "bestuurder",
        4,
        (
            Page("web:home", "/", 1),
            Page("reporting:gi_board", "/rapportage/gi/", 4),
            Page("reporting:drilldown", "/rapportage/gi/onderbouwing/", 2),
            Page("web:kpi", "/kpi/", 2),
            Page("web:team_worklist", "/team/", 1),
            Page("care:counts", "/wachten/peildatum/", 2),
            Page("care:effects", "/wachten/effecten/", 1),
            Page("capacity:capacity", "/capaciteit/", 2),
            Page("reporting:forecast", "/rapportage/prognose/", 1),
            Page("escalation:escalations", "/escalatie/", 1),
            Page("escalation:recommendations", "/escalatie/aanbevelingen/", 1),
            Page("web:case", "/jeugdige/{youth}/", 1, case=True),
        ),
    ),
    RolePlan(
        "gemeente_beleidsmedewerker",
        "beleidsmedewerker",
        6,
        (
            Page("web:home", "/", 1),
            Page("reporting:municipality", "/rapportage/gemeente/", 4),
            Page("reporting:region", "/rapportage/regio/", 2),
            Page("care:counts", "/wachten/peildatum/", 3),
            Page("care:effects", "/wachten/effecten/", 2),
            Page("care:consultations", "/wachten/afstemming/", 1),
            Page("escalation:escalations", "/escalatie/", 1),
            Page("escalation:incidents", "/escalatie/incidenten/", 1),
            Page("escalation:recommendations", "/escalatie/aanbevelingen/", 1),
            Page("reporting:council_report", "/rapportage/raadsrapportage/", 1),
        ),
    ),
)
PLAN_BY_ROLE = {p.role: p for p in PLANS}
# Pages whose links name cases, in the order a user of the role would look for one.
CASE_SOURCES = ("web:worklist", "web:team_worklist", "reporting:drilldown", "care:waiting_list")


def users_per_role(users: int) -> dict[str, int]:
    """The virtual users of each role: the shares of PLANS, largest remainder first; every role
    gets at least one user when there are enough users."""
    total = sum(p.share for p in PLANS)
    exact = {p.role: users * p.share / total for p in PLANS}
    counts = {role: int(x) for role, x in exact.items()}
    if users >= len(PLANS):
        for role in counts:
            if counts[role] == 0:
                counts[role] = 1
    for role in sorted(exact, key=lambda r: -(exact[r] - int(exact[r]))):
        if sum(counts.values()) >= users:
            break
        counts[role] += 1
    while sum(counts.values()) > users:  # only after the "at least one" rule
        largest = max(counts, key=counts.get)
        counts[largest] -= 1
    return counts


def totp_code(key_hex: str, at: float | None = None) -> str:
    """RFC 6238 (30 s, 6 digits, SHA-1), as django-otp's TOTPDevice checks it."""
    import hashlib
    import hmac
    import struct

    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


# Run inside `ketenzicht shell` with the production settings: creates (or repairs) the bench
# accounts and prints them as JSON on the last line. %(wanted)s: {role: [worker role, count]}.
# The TOTP key of an account is derived from its name (throwaway data only) and passed on.
ACCOUNTS_SCRIPT = """
import hashlib, json
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice
from ketenzicht import clock
from ketenzicht.access.models import GrantStatus, RoleGrant
from ketenzicht.access.policy import TWO_FACTOR_ROLES
from ketenzicht.reference.models import Worker
from ketenzicht.timeline.models import Measure, Youth

WANTED = %(wanted)s
PREFIX, PASSWORD, TOTP_SALT = %(prefix)r, %(password)r, %(totp_salt)r
TEAM_ROLES = {"jeugdzorgwerker", "teamleider"}
User = get_user_model()
today = clock.today()
live = Q(start_date__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def spread(workers, *keys):
    # Round robin over the groups of the first key (GIs), each group spread the same way over
    # the next keys (teams): the accounts cover the data set, not its first team or GI.
    if not keys:
        return list(workers)
    groups = {}
    for w in workers:
        groups.setdefault(keys[0](w), []).append(w)
    lists = [spread(groups[k], *keys[1:]) for k in sorted(groups)]
    out = []
    while any(lists):
        for lst in lists:
            if lst:
                out.append(lst.pop(0))
    return out


out = []
with transaction.atomic():
    for role, (worker_role, count) in WANTED.items():
        qs = (
            Worker.objects.filter(role=worker_role)
            .filter(Q(user__isnull=True) | Q(user__username__startswith=PREFIX))
            .select_related("organisation", "team")
            .order_by("external_id")
        )
        # Only workers whose scope holds data: a jeugdzorgwerker with cases, a teamleider of a
        # team with cases, a board of a GI with cases, a municipality with children (the
        # reference data holds every municipality, the small demo's children only a few).
        if worker_role == "jeugdzorgwerker":
            qs = qs.filter(pk__in=Measure.objects.filter(live).values("worker"))
        elif role == "teamleider":
            qs = qs.filter(team__in=Measure.objects.filter(live).values("team"))
        elif role == "gi_bestuurder":
            qs = qs.filter(organisation__in=Measure.objects.filter(live).values("gi"))
        else:
            qs = qs.filter(
                organisation__municipality__in=Youth.objects.values("responsible_municipality")
            )
        org = lambda w: w.organisation.external_id
        if role in TEAM_ROLES:
            workers = spread(qs.filter(team__isnull=False), org, lambda w: w.team.external_id)
        else:
            workers = spread(qs, org)
        for i, worker in enumerate(workers[:count], start=1):
            username = f"{PREFIX}{worker_role}.{i:02d}"
            user = User.objects.filter(username=username).first() or User(username=username)
            user.first_name, user.last_name = worker.given_name, worker.family_name
            user.is_active = True
            if not user.pk or not user.check_password(PASSWORD):
                user.set_password(PASSWORD)
            user.save()
            Worker.objects.filter(user=user).exclude(pk=worker.pk).update(user=None)
            worker.user = user
            worker.save(update_fields=["user"])
            RoleGrant.objects.filter(user=user).delete()
            RoleGrant.objects.create(
                user=user, role=role, organisation=worker.organisation,
                team=worker.team if role in TEAM_ROLES else None, status=GrantStatus.APPROVED,
            )
            TOTPDevice.objects.filter(user=user).delete()
            key = None
            if role in TWO_FACTOR_ROLES:
                key = hashlib.sha1(f"{TOTP_SALT}{username}".encode()).hexdigest()
                TOTPDevice.objects.create(user=user, name="Belastingtest", key=key, confirmed=True)
            out.append({"username": username, "role": role, "worker": worker.external_id,
                        "organisation": worker.organisation.external_id,
                        "team": worker.team.external_id if worker.team else None, "totp": key})
print(json.dumps(out))
"""


# ----------------------------------------------------------------------------- processes


def _run_tests_module():
    """scripts/run_tests.py: its throwaway cluster and its search for the PostgreSQL programs."""
    spec = importlib.util.spec_from_file_location("kz_run_tests", ROOT / "scripts" / "run_tests.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_database(url: str, name: str) -> str:
    return urlparse(url)._replace(path=f"/{name}").geturl()


def create_database(url: str, name: str) -> None:
    import psycopg

    parsed = urlparse(url)
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    with psycopg.connect(
        host=query.get("host") or parsed.hostname,
        port=query.get("port") or parsed.port,
        user=parsed.username,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f"CREATE DATABASE {name}")


def keys(workdir: Path) -> dict[str, str]:
    """The secret key, BSN key and hash key of this bench's data, made once per workdir: the
    data is encrypted with them, so a database is reused with the same workdir."""
    path = workdir / "sleutels.json"
    if path.exists():
        return json.loads(path.read_text())
    from cryptography.fernet import Fernet

    found = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "KETENZICHT_BSN_KEYS": Fernet.generate_key().decode(),
        "KETENZICHT_HASH_KEY": secrets.token_urlsafe(48),
    }
    path.write_text(json.dumps(found))
    path.chmod(0o600)
    return found


def production_env(
    database_url: str, workdir: Path, port: int, workers: int | None
) -> dict[str, str]:
    """The production settings on the loopback address (as tests/test_deploy.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KETENZICHT_"))}
    env |= keys(workdir)
    env |= {
        "DJANGO_SETTINGS_MODULE": "ketenzicht.settings.production",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DATABASE_URL": database_url,
        "KETENZICHT_TRUSTED_PROXIES": "127.0.0.1",
        # Plain HTTP on the loopback address: no TLS proxy in this test.
        "KETENZICHT_PLAIN_HTTP": "1",
        "KETENZICHT_BIND": f"127.0.0.1:{port}",
        "KETENZICHT_BASE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(free_port()),  # nothing listens: the outbox keeps its mail
    }
    if workers:  # else gunicorn_conf's production default
        env["KETENZICHT_WORKERS"] = str(workers)
    return env


def ketenzicht(*args: str, env: dict[str, str], quiet: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "ketenzicht", *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"ketenzicht {' '.join(args)} mislukte:\n{result.stdout}{result.stderr}")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result.stdout


def http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (loopback only)
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


class Serve:
    """`ketenzicht serve` in its own process group; stopped as tests/test_deploy.py does."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ketenzicht", "serve"],
            env=env,
            stdout=log.open("w", encoding="utf-8"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, url: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while http_status(f"{url}/gezondheid/gereed") != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit(f"ketenzicht serve kwam niet op:\n{self.log.read_text()[-4000:]}")
            time.sleep(0.5)

    def stop(self) -> None:
        if self.process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=45)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


# ----------------------------------------------------------------------------- results


LOGIN = "inloggen"


def percentile(values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def summary(samples: list[tuple[str, float, str]]) -> tuple[str, int]:
    """A Markdown table (per page: requests, errors, p50, p95, max) and the number of errors.
    Below the pages: all pages together (after login), the login steps together, everything."""
    by_name: dict[str, list[tuple[float, str]]] = {}
    for name, ms, error in samples:
        by_name.setdefault(name, []).append((ms, error))
    groups = [
        (f"`{n}`", by_name[n]) for n in sorted(by_name, key=lambda n: (n.startswith(LOGIN), n))
    ]
    pages = [x for n, xs in by_name.items() if not n.startswith(LOGIN) for x in xs]
    logins = [x for n, xs in by_name.items() if n.startswith(LOGIN) for x in xs]
    groups += [
        ("**all pages (after login)**", pages),
        ("**login (three steps)**", logins),
        ("**all requests**", pages + logins),
    ]
    lines = ["| page | requests | errors | p50 | p95 | max |", "|---|---:|---:|---:|---:|---:|"]
    for label, xs in groups:
        if not xs:
            continue
        times = [ms for ms, _ in xs]
        lines.append(
            f"| {label} | {len(xs):,} | {sum(1 for _, e in xs if e)} | "
            f"{percentile(times, 0.5):,.0f} ms | {percentile(times, 0.95):,.0f} ms | "
            f"{max(times):,.0f} ms |"
        )
    return "\n".join(lines), sum(1 for _, _, e in samples if e)


START = re.compile(r"^(Internal Server Error|Traceback)|\[(ERROR|CRITICAL)\]")
GOES_ON = re.compile(r"^(\s|Traceback|During handling|The above exception|[\w.]+(: .*)?$)")
SERVER_ERROR = re.compile(r'" 5\d\d ')


def server_errors(log: Path) -> str:
    """The server's answers of 500 and more (gunicorn's access log) and its tracebacks and
    error lines (Django's request logger, gunicorn's worker timeouts), for the report."""
    lines, keep = [], False
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        keep = bool(START.search(line)) or (keep and bool(GOES_ON.match(line)))
        if keep or SERVER_ERROR.search(line):
            lines.append(line)
    return "\n".join(lines)


# ----------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="small", choices=["small", "region", "national"])
    parser.add_argument("--seed", default="1")
    parser.add_argument("--reference-date", default=None, help="default: today")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--spawn-rate", type=float, default=1.0, help="new users per second")
    # 10-30 s between pages: still about three pages a minute per person, all day; 3,10 loads
    # the server about three times as hard (docs/performance.md has both).
    parser.add_argument("--think", default="10,30", help="think time in seconds: min,max")
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: as in production)"
    )
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to use")
    parser.add_argument("--workdir", default=None, help="keys, logs and results (kept)")
    parser.add_argument(
        "--keep", action="store_true", help="leave the throwaway cluster running for reuse"
    )
    args = parser.parse_args()
    if args.users < 1 or args.duration < 1:
        parser.error("--users and --duration must be positive")
    think = [float(x) for x in args.think.split(",")]
    # ketenzicht/gunicorn_conf.py's default, which production uses unless told otherwise.
    workers = args.workers or 2 * multiprocessing.cpu_count() + 1
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="kz-bench-load-")).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Werkmap: {workdir}", flush=True)

    with contextlib.ExitStack() as stack:
        if args.database_url:
            database_url = args.database_url
        else:
            run_tests = _run_tests_module()
            cluster = run_tests.ThrowawayPostgres(durable=True)
            base = cluster.__enter__()
            if args.keep:
                stop = run_tests.as_owner(
                    [run_tests.pg_tool("pg_ctl"), "-D", str(cluster.data), "stop"], cluster.owner
                )
                print(
                    "Het cluster blijft draaien. Hergebruiken: --database-url "
                    f"'{with_database(base, DATABASE_NAME)}' --workdir {workdir}\n"
                    f"Stoppen: {' '.join(stop)}; rm -r {cluster.dir}"
                )
            else:
                stack.callback(cluster.__exit__, None, None, None)
            create_database(base, DATABASE_NAME)
            database_url = with_database(base, DATABASE_NAME)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = production_env(database_url, workdir, port, args.workers)

        ketenzicht("migrate", "--no-input", "-v", "0", env=env)
        count = "from ketenzicht.timeline.models import Measure; print(Measure.objects.count())"
        measures = int(ketenzicht("shell", "-c", count, env=env, quiet=True).split()[-1])
        if measures:
            print(f"Database hergebruikt: {measures:,} maatregelen (geen demo-data geladen).")
        else:
            started = time.perf_counter()
            extra = ["--reference-date", args.reference_date] if args.reference_date else []
            ketenzicht(
                "demo-data",
                "--scale",
                args.scale,
                "--seed",
                args.seed,
                "--no-progress",
                *extra,
                env=env,
                quiet=True,
            )
            print(f"demo-data --scale {args.scale}: {time.perf_counter() - started:.0f} s")
            measures = int(ketenzicht("shell", "-c", count, env=env, quiet=True).split()[-1])
        print(f"{measures:,} maatregelen in {database_url.split('?')[0]}", flush=True)

        per_role = users_per_role(args.users)
        wanted = {r: [PLAN_BY_ROLE[r].worker_role, n] for r, n in per_role.items() if n}
        script = ACCOUNTS_SCRIPT % {
            "wanted": wanted,
            "prefix": ACCOUNT_PREFIX,
            "password": PASSWORD,
            "totp_salt": "ketenzicht-belasting-totp:",
        }
        accounts = json.loads(
            ketenzicht("shell", "-c", script, env=env, quiet=True).splitlines()[-1]
        )
        slots = plan_slots(per_role, accounts)
        (workdir / "accounts.json").write_text(json.dumps({"password": PASSWORD, "slots": slots}))
        for role, n in per_role.items():
            have = sum(1 for a in accounts if a["role"] == role)
            print(f"  {role}: {n} gebruikers op {have} accounts")

        serve = Serve(env, workdir / "serve.log")
        stack.callback(serve.stop)
        serve.wait_ready(url)
        print(f"Productie-opstelling draait op {url} ({workers} gunicorn-workers)", flush=True)

        prefix = workdir / "locust"
        locust_env = dict(
            os.environ,
            KZ_LOAD_ACCOUNTS=str(workdir / "accounts.json"),
            KZ_LOAD_THINK=f"{think[0]},{think[-1]}",
            KZ_LOAD_SAMPLES=str(workdir / "samples.json"),
        )
        cmd = [
            sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
            "--headless", "--host", url, "--users", str(args.users),
            "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.duration}s",
            "--stop-timeout", "30", "--csv", str(prefix), "--only-summary",
            "--loglevel", "WARNING",
        ]  # fmt: skip
        print(f"Belasting: {args.users} gebruikers, {args.duration} s ...", flush=True)
        load_before = os.getloadavg()[0]
        with (workdir / "locust.log").open("w", encoding="utf-8") as log:
            code = subprocess.run(
                cmd, env=locust_env, stdout=log, stderr=subprocess.STDOUT
            ).returncode
        load_after = os.getloadavg()[0]
        serve.stop()

    samples_path = workdir / "samples.json"
    if not samples_path.exists():
        print(f"Locust schreef geen metingen (exitcode {code}): zie {workdir / 'locust.log'}")
        return 1
    samples = json.loads(samples_path.read_text())
    table, errors = summary(samples)
    # The machine's load average (1 minute) before and after: other work on the same cores
    # slows the server down too.
    print(
        f"\n{measures:,} maatregelen, {args.users} gebruikers, {args.duration} s, "
        f"denktijd {think[0]:g}-{think[-1]:g} s, {workers} gunicorn-workers; "
        f"{len(samples) / args.duration:.1f} verzoeken/s; belasting van de machine "
        f"{load_before:.1f} voor, {load_after:.1f} na, {os.cpu_count()} kernen\n"
    )
    print(table)
    messages: dict[tuple[str, str], int] = {}
    for name, _, error in samples:
        if error:
            messages[(name, error)] = messages.get((name, error), 0) + 1
    for (name, error), n in sorted(messages.items()):
        print(f"FOUT {name}: {error} ({n}x)")
    traces = server_errors(workdir / "serve.log")
    if traces:
        print("\nFoutmeldingen van de server (serve.log):\n" + traces[-8000:])
    print(f"\nFouten: {errors}. Resultaten en logs: {workdir}")
    if code != 0 and not errors:
        print(f"Locust stopte met exitcode {code}: zie {workdir / 'locust.log'}")
    return 1 if errors or code != 0 else 0


def plan_slots(per_role: dict[str, int], accounts: list[dict]) -> list[dict]:
    """One slot per virtual user, roles interleaved (so the ramp-up mixes them); within a role
    the accounts in turn (users beyond the accounts share one, and its session)."""
    by_role: dict[str, list[dict]] = {}
    for a in accounts:
        by_role.setdefault(a["role"], []).append(a)
    queues = []
    for role, n in per_role.items():
        mine = by_role.get(role)
        if n and not mine:
            sys.exit(f"Geen medewerkers met rol {PLAN_BY_ROLE[role].worker_role} in de database.")
        queues.append([mine[i % len(mine)] for i in range(n)] if n else [])
    slots = []
    while any(queues):
        for q in queues:
            if q:
                slots.append(q.pop(0))
    return slots


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Time the heavy pages one at a time, and the bulk norm evaluation, on a loaded database.

Usage:
    DATABASE_URL=sqlite:////tmp/kz-bench-norms/norms.sqlite3 .venv/bin/python bench/pages.py
    DATABASE_URL=postgresql://... .venv/bin/python bench/pages.py --repeat 3 --peildatum 2026-11-01

For the growth table in docs/performance.md (issue 15): run it on the small, region and national
demo, on SQLite and PostgreSQL. In one process, with Django's test client (no HTTP server, no
gunicorn: the server time of one request), the development settings with DEBUG off (the demo data
is encrypted with the development keys), one account per role picked for the largest scope (the
jeugdzorgwerker with the most running measures, the teamleider of the largest team, the board of
the largest GI, a beleidsmedewerker of the municipality with the most children), each logged in
with a verified second factor. The accounts and every audit row the requests write are made in one
transaction that is rolled back at the end: the database is left as it was.

Per page: the first request (a fresh process: nothing remembered yet, e.g. the suppression of an
area's figures) and the median of the others. Every answer must be 200, else the command fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# (role, worker role, url names) in the order of the table.
PAGES = (
    ("jeugdzorgwerker", "jeugdzorgwerker", ("web:worklist",)),
    (
        "teamleider",
        "teamleider",
        (
            "web:team_worklist",
            "web:kpi",
            "care:waiting_list",
            "reporting:gi_board",
            "web:trajectories",
        ),
    ),
    (
        "gi_bestuurder",
        "bestuurder",
        ("reporting:gi_board", "web:kpi", "care:counts", "care:effects", "capacity:capacity"),
    ),
    (
        "gemeente_beleidsmedewerker",
        "beleidsmedewerker",
        (
            "reporting:municipality",
            "reporting:region",
            "care:counts",
            "care:effects",
            "reporting:council_report",
            "reporting:council_report_pdf",
        ),
    ),
)


class Rollback(Exception):
    pass


def pick_worker(worker_role: str, role: str, today: dt.date):
    """The demo worker of `worker_role` with the largest scope (ties: the lowest id)."""
    from django.db.models import Count, Q

    from ketenzicht.reference.models import Worker
    from ketenzicht.timeline.models import Measure, Youth

    live = Q(start_date__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    running = Measure.objects.filter(live)
    workers = Worker.objects.filter(role=worker_role).select_related("organisation", "team")
    if worker_role == "jeugdzorgwerker":
        counts = running.values("worker").annotate(n=Count("id")).order_by("-n", "worker")
        key = ("pk", "worker")
    elif role == "teamleider":
        counts = running.values("team").annotate(n=Count("id")).order_by("-n", "team")
        key = ("team", "team")
        workers = workers.filter(team__isnull=False)
    elif role == "gi_bestuurder":
        counts = running.values("gi").annotate(n=Count("id")).order_by("-n", "gi")
        key = ("organisation", "gi")
    else:
        counts = (
            Youth.objects.values("responsible_municipality")
            .annotate(n=Count("id"))
            .order_by("-n", "responsible_municipality")
        )
        key = ("organisation__municipality", "responsible_municipality")
    for row in counts[:50]:
        worker = workers.filter(**{key[0]: row[key[1]]}).order_by("external_id").first()
        if worker:
            return worker
    sys.exit(f"Geen {worker_role} met gegevens in deze database.")


def account(worker, role: str):
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ketenzicht.access.models import GrantStatus, RoleGrant

    user = get_user_model().objects.create_user(
        username=f"bench-pages-{role}", first_name=worker.given_name, last_name=worker.family_name
    )
    worker.user = user
    worker.save(update_fields=["user"])
    RoleGrant.objects.create(
        user=user,
        role=role,
        organisation=worker.organisation,
        team=worker.team if role in ("jeugdzorgwerker", "teamleider") else None,
        status=GrantStatus.APPROVED,
    )
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return user, device


def client_for(user, device):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def time_page(client, url: str, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return times[0], statistics.median(times[1:]) if len(times) > 1 else times[0]


def time_bulk(today: dt.date, repeat: int) -> tuple[int, float, float]:
    from django.db.models import Q

    from ketenzicht.norms.bulk import iter_results
    from ketenzicht.timeline.models import Measure

    live = Q(start_date__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    ids = list(Measure.objects.filter(live).values_list("pk", flat=True))
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        sum(1 for _ in iter_results(ids, today))
        times.append(time.perf_counter() - started)
    return len(ids), times[0], statistics.median(times[1:]) if len(times) > 1 else times[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="requests per page (default 3)")
    parser.add_argument("--peildatum", help="reference date (default: today)")
    parser.add_argument("--roles", help="comma-separated roles (default: all of PAGES)")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Zet DATABASE_URL op de database met demogegevens.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.urls import reverse

    from ketenzicht import clock

    settings.DEBUG = False  # no query log
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    today = dt.date.fromisoformat(args.peildatum) if args.peildatum else clock.today()
    query = f"?peildatum={today.isoformat()}" if args.peildatum else ""
    roles = set(args.roles.split(",")) if args.roles else None
    rows = []
    # Outside the rolled-back transaction below: inside one, the loader reads in one piece
    # instead of in parallel pieces (other connections could not see the transaction's rows).
    n, first, median = time_bulk(today, args.repeat)
    rows.append(("(geen: bulk.iter_results)", f"{n:,} lopende maatregelen", first, median))
    try:
        with transaction.atomic():
            for role, worker_role, names in PAGES:
                if roles and role not in roles:
                    continue
                worker = pick_worker(worker_role, role, today)
                client = client_for(*account(worker, role))
                for name in names:
                    url = reverse(name)
                    first, median = time_page(client, url + query, args.repeat)
                    rows.append((role, name, first, median))
                    print(f"{role:28} {name:28} {first:7.2f} s {median:7.2f} s", file=sys.stderr)
            raise Rollback
    except Rollback:
        pass
    vendor, day = connection.vendor, today.isoformat()
    print(f"\n{vendor}, peildatum {day}, {args.repeat} verzoeken per pagina\n")
    print("| rol | pagina | eerste | mediaan van de rest |")
    print("|---|---|---:|---:|")
    for role, name, first, median in rows:
        print(f"| {role} | `{name}` | {first:.2f} s | {median:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

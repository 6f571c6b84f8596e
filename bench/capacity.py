#!/usr/bin/env python3
"""Benchmark the capacity figures and the continuity section (issue 17).

Usage: .venv/bin/python bench/capacity.py [--scale region] [--seed 1] [--runs 3]

1. A fresh SQLite database (or DATABASE_URL), `ketenzicht migrate`, `ketenzicht demo-data` at
   the scale with reference date 2026-11-01 (staff facts included).
2. In this process: the Capaciteit table of every team (per team, per GI) and the continuity
   section of every GI, each `--runs` times; the median and the range, and the peak memory.
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KETENZICHT = str(Path(sys.executable).parent / "ketenzicht")
DAY = dt.date(2026, 11, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="region")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="kz-bench-capacity-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    env = dict(os.environ)
    subprocess.run([KETENZICHT, "migrate", "-v", "0"], env=env, check=True)
    start = time.perf_counter()
    subprocess.run(
        [KETENZICHT, "demo-data", "--scale", args.scale, "--seed", args.seed]
        + ["--reference-date", DAY.isoformat(), "--no-progress"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    load = time.perf_counter() - start

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings.dev")
    django.setup()
    from ketenzicht.capacity.models import StaffEvent
    from ketenzicht.capacity.selectors import capacity_table, continuity_for
    from ketenzicht.reference.models import Organisation, Team
    from ketenzicht.timeline.models import Measure

    gis = list(Organisation.objects.filter(type="gi").values_list("external_id", flat=True))
    steps = {
        "Capaciteit, every team, per team": lambda: capacity_table(Team.objects.all(), DAY, "team"),
        "Capaciteit, every team, per GI": lambda: capacity_table(Team.objects.all(), DAY, "gi"),
        "Continuity, every GI (24 months)": lambda: [continuity_for([g], DAY) for g in gis],
    }
    print(
        f"{args.scale} (seed {args.seed}): {Measure.objects.count():,} measures, "
        f"{StaffEvent.objects.count():,} staff facts, {Team.objects.count()} teams, "
        f"{len(gis)} GIs; demo-data {load:.0f} s; {platform.python_version()}, "
        f"{os.cpu_count()} cores, {os.environ['DATABASE_URL'].split(':')[0]}\n"
    )
    print("| step | median | range | peak memory |\n|---|---:|---:|---:|")
    for label, step in steps.items():
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            step()
            times.append(time.perf_counter() - t)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"| {label} | {statistics.median(times):.2f} s | "
            f"{min(times):.2f}-{max(times):.2f} s | {peak:.0f} MB |"
        )


if __name__ == "__main__":
    main()

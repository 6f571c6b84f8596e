#!/usr/bin/env python3
"""Benchmark the capacity figures, the continuity section and the forecast of the waiting list
(issue 17).

Usage: .venv/bin/python bench/capacity.py [--scale region] [--seed 1] [--runs 3] [--backtest]

1. A fresh SQLite database (or DATABASE_URL), `ketenzicht migrate`, `ketenzicht demo-data` at
   the scale with reference date 2026-11-01 (staff facts included).
2. In this process: the Capaciteit table of every team (per team, per GI) and the continuity
   section of every GI, each `--runs` times; the median and the range, and the peak memory.
3. The forecast (1000 runs, 12 months) of every GI with its backtest, and of all teams together.
Prints a Markdown table for docs/performance.md; `--backtest` also prints the backtest of the
forecast per GI and for all teams together (the numbers in docs/user-guide/capaciteit.md).
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
    parser.add_argument("--backtest", action="store_true")
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
    from ketenzicht.capacity.forecast_selectors import forecasts
    from ketenzicht.capacity.models import StaffEvent
    from ketenzicht.capacity.selectors import capacity_table, continuity_for
    from ketenzicht.reference.models import Organisation, Team
    from ketenzicht.timeline.models import Measure

    gis = list(Organisation.objects.filter(type="gi").values_list("external_id", flat=True))
    steps = {
        "Capaciteit, every team, per team": lambda: capacity_table(Team.objects.all(), DAY, "team"),
        "Capaciteit, every team, per GI": lambda: capacity_table(Team.objects.all(), DAY, "gi"),
        "Continuity, every GI (24 months)": lambda: [continuity_for([g], DAY) for g in gis],
        "Forecast, per GI, with backtest": lambda: forecasts(Team.objects.all(), DAY, "gi", None),
        "Forecast, all teams together, no backtest": lambda: forecasts(
            Team.objects.all(), DAY, "totaal", None, with_backtest=False
        ),
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
    if args.backtest:
        print_backtest(forecasts, Team)


def print_backtest(forecasts, team_model) -> None:
    """Mean absolute error of the median forecast 3 and 6 months ahead (rolling origins)."""
    print(
        "\n| group | waiting now | horizon | forecasts | MAE (children) | mean actual "
        "| inside P10-P90 | MAE 'stays as it is' |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    groups = forecasts(team_model.objects.all(), DAY, "gi", None)
    groups += forecasts(team_model.objects.all(), DAY, "totaal", None)
    for g in groups:
        now = g.series.waiting(len(g.series.days) - 1)
        for b in g.backtests:
            print(
                f"| {g.label} | {now} | {b.horizon} months | {len(b.errors)} | {b.mae:.1f} | "
                f"{b.mean_actual:.1f} | {b.covered} of {len(b.errors)} | {b.naive_mae:.1f} |"
            )


if __name__ == "__main__":
    main()

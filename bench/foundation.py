#!/usr/bin/env python3
"""Benchmark the foundation at national scale: demo data, export, import, export again.

Usage: .venv/bin/python bench/foundation.py [--scale national] [--seed 1] [--workdir DIR]

Each step runs as its own process (`ketenzicht ...`) on a fresh SQLite file (or on
DATABASE_URL_BENCH when set, e.g. a PostgreSQL database); wall time comes from the clock and
peak memory (max RSS) from the operating system's accounting of that process (os.wait4).
Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KETENZICHT = str(Path(sys.executable).parent / "ketenzicht")


def run(label: str, args: list[str], env: dict[str, str]) -> tuple[str, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([KETENZICHT, *args], env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{label} failed")
    return label, seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="national")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--reference-date", default="2026-11-01")
    parser.add_argument("--workdir", default=None)
    opts = parser.parse_args()
    work = Path(opts.workdir or tempfile.mkdtemp(prefix="kz-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    base = dict(os.environ, DJANGO_SETTINGS_MODULE="ketenzicht.settings.dev")
    first = dict(base, DATABASE_URL=f"sqlite:///{work / 'first.sqlite3'}")
    second = dict(base, DATABASE_URL=f"sqlite:///{work / 'second.sqlite3'}")
    for env in (first, second):
        subprocess.run(
            [KETENZICHT, "migrate", "--no-input"], env=env, check=True, stdout=subprocess.DEVNULL
        )
    rows = [
        run(
            f"demo-data --scale {opts.scale}",
            [
                "demo-data",
                "--scale",
                opts.scale,
                "--seed",
                opts.seed,
                "--reference-date",
                opts.reference_date,
                "--no-progress",
            ],
            first,
        ),
        run("export", ["export", "--out", str(work / "a.jsonl"), "--no-progress"], first),
        run("import (lege database)", ["import", str(work / "a.jsonl"), "--no-progress"], second),
        run(
            "export na import", ["export", "--out", str(work / "b.jsonl"), "--no-progress"], second
        ),
    ]
    same = filecmp.cmp(work / "a.jsonl", work / "b.jsonl", shallow=False)
    lines = sum(1 for _ in open(work / "a.jsonl", "rb"))
    size = (work / "a.jsonl").stat().st_size / 1e6
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"Export: {lines} regels, {size:.0f} MB; round trip identiek: {'ja' if same else 'NEE'}\n"
    )
    print("| stap | wandkloktijd (s) | piekgeheugen (MB) |")
    print("|---|---:|---:|")
    for label, seconds, mb in rows:
        print(f"| {label} | {seconds:.1f} | {mb:.0f} |")


if __name__ == "__main__":
    main()

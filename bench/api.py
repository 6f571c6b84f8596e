#!/usr/bin/env python3
"""Benchmark the API's write path against the file import, per event (issue 13).

Usage: .venv/bin/python bench/api.py [--scale region] [--seed 1] [--gi GI-JBW] [--batch 1000]

1. `ketenzicht demo-data --output` writes the demo's exchange file; the bench keeps one GI's
   part (its teams, workers, measures without a handover, their youths and events; a GI pushes
   its own case system's export) and every organisation record.
2. File: a fresh database, the organisations, then `ketenzicht import` of the GI's part.
3. API: a fresh database, the organisations, an API client, `ketenzicht runserver` and
   `ketenzicht push --batch N` of the same part.
Each step is its own process: wall time from the clock, peak memory (max RSS) from the operating
system (os.wait4), for the server too. Both instances then export, and the two exports must be
identical. SQLite files by default; DATABASE_URL_BENCH_FILE and DATABASE_URL_BENCH_API point
both at PostgreSQL databases instead. Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

KETENZICHT = str(Path(sys.executable).parent / "ketenzicht")


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen([KETENZICHT, *args], env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"ketenzicht {' '.join(args)} failed")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def quiet(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run(
        [KETENZICHT, *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def one_gi(source: Path, target: Path, orgs: Path, gi: str) -> int:
    """Write the GI's part of the file to `target` and the organisations to `orgs`; returns the
    number of events kept. Streams the file twice (a national file is 800 MB): the bench's own
    memory stays small, and so do the peaks measured for its child processes (Linux keeps a
    process's peak across exec)."""
    first_gi: dict[str, str] = {}
    handed_over: set[str] = set()
    related: dict[str, str] = {}
    youth_of: dict[str, str] = {}
    teams: set[str] = set()
    with source.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["kind"] == "event":
                first_gi.setdefault(r["measure"], r["data"].get("gi", ""))
                if r["type"] == "handover":
                    handed_over.add(r["measure"])
            elif r["kind"] == "measure":
                youth_of[r["id"]] = r["youth"]
                if r.get("related_measure"):
                    related[r["id"]] = r["related_measure"]
            elif r["kind"] == "team" and r["organisation"] == gi:
                teams.add(r["id"])
    measures = {m for m, g in first_gi.items() if g == gi and m not in handed_over}
    youths = {youth_of[m] for m in measures}
    events = 0
    with (
        source.open(encoding="utf-8") as f,
        target.open("w", encoding="utf-8") as out,
        orgs.open("w", encoding="utf-8") as org_out,
    ):
        for line in f:
            r = json.loads(line)
            kind = r["kind"]
            if kind in ("header", "organisation"):
                org_out.write(line)
                if kind == "header":
                    out.write(line)
            elif kind == "team" and r["id"] in teams:
                out.write(line)
            elif kind == "worker" and r["organisation"] == gi:
                out.write(line)
            elif kind == "youth" and r["id"] in youths:
                out.write(line)
            elif kind == "measure" and r["id"] in measures:
                if related.get(r["id"]) not in measures:
                    r.pop("related_measure", None)  # the relation leaves the part with it
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
            elif kind == "event" and r["measure"] in measures:
                out.write(line)
                events += 1
    return events


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="region")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--reference-date", default="2026-11-01")
    parser.add_argument("--gi", default="GI-JBW")
    parser.add_argument("--batch", default="1000")
    parser.add_argument("--workdir", default=None)
    opts = parser.parse_args()
    work = Path(opts.workdir or tempfile.mkdtemp(prefix="kz-bench-api-"))
    work.mkdir(parents=True, exist_ok=True)
    base = dict(os.environ, DJANGO_SETTINGS_MODULE="ketenzicht.settings.dev")
    file_env = dict(
        base,
        DATABASE_URL=os.environ.get(
            "DATABASE_URL_BENCH_FILE", f"sqlite:///{work / 'file.sqlite3'}"
        ),
    )
    api_env = dict(
        base,
        DATABASE_URL=os.environ.get("DATABASE_URL_BENCH_API", f"sqlite:///{work / 'api.sqlite3'}"),
        KETENZICHT_API_RATE="1000000/minute",
    )
    full, part, orgs = work / "demo.jsonl", work / "gi.jsonl", work / "organisaties.jsonl"
    quiet(
        [
            "demo-data",
            "--scale",
            opts.scale,
            "--seed",
            opts.seed,
            "--reference-date",
            opts.reference_date,
            "--output",
            str(full),
        ],
        base,
    )
    events = one_gi(full, part, orgs, opts.gi)
    for env in (file_env, api_env):
        quiet(["migrate", "--no-input"], env)
        quiet(["import", str(orgs)], env)

    file_seconds, file_rss = timed(["import", str(part)], file_env)

    created = quiet(["api-client", opts.gi, "Bench", "--goedgekeurd"], api_env)
    client_id = created.split("client-id:")[1].split()[0]
    secret = created.split("geheim:")[1].split()[0]
    port = free_port()
    server = subprocess.Popen(
        [KETENZICHT, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=api_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=5)
            break
        except OSError:
            time.sleep(0.2)
    push_env = dict(api_env, KETENZICHT_CLIENT_SECRET=secret)
    push_seconds, push_rss = timed(
        [
            "push",
            "--url",
            f"http://127.0.0.1:{port}",
            "--client",
            client_id,
            "--batch",
            opts.batch,
            str(part),
        ],
        push_env,
    )
    server.terminate()
    _, _, usage = os.wait4(server.pid, 0)
    server_rss = usage.ru_maxrss / 1024

    a, b = work / "file-export.jsonl", work / "api-export.jsonl"
    quiet(["export", "--out", str(a)], file_env)
    quiet(["export", "--out", str(b)], api_env)
    same = a.read_bytes() == b.read_bytes()

    print(
        f"Scale {opts.scale}, seed {opts.seed}, {opts.gi}: {events:,} events; "
        f"batch {opts.batch}; {platform.machine()}, {os.cpu_count()} cores; "
        f"exports identical: {same}"
    )
    print()
    print("| path | wall time | events/s | µs per event | peak memory |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| `ketenzicht import` (file) | {file_seconds:.1f} s | {events / file_seconds:,.0f} | "
        f"{file_seconds / events * 1e6:.0f} | {file_rss:.0f} MB |"
    )
    print(
        f"| `ketenzicht push` through the API | {push_seconds:.1f} s | "
        f"{events / push_seconds:,.0f} | {push_seconds / events * 1e6:.0f} | "
        f"client {push_rss:.0f} MB, server {server_rss:.0f} MB |"
    )
    print()
    print(f"API / file per event: {push_seconds / file_seconds:.2f}×")
    if not same:
        sys.exit("the two exports differ")


if __name__ == "__main__":
    main()

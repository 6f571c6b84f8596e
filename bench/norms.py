#!/usr/bin/env python3
"""Benchmark the norm engine on the national demo data.

Usage: .venv/bin/python bench/norms.py [--workdir DIR] [--as-of 2026-11-01] [--naive-sample N]

Prepares (once) a SQLite database with `ketenzicht demo-data --scale national` in the work
folder (or uses DATABASE_URL_BENCH when set, e.g. PostgreSQL), then runs each measurement as its
own process, so that peak memory (max RSS, from os.wait4) belongs to that step alone:

- bulk: all norms for all measures (`bulk.iter_results`: the loader reads what a current result
  needs in a few queries, numpy parses it, each rule kind's set-based `column` computes it for
  all measures at once), as `NormResult` objects;
- interpreted: the same loader, every measure through the engine (decision 0009's option 1);
- phases: the interpreted path timed per phase (load, compact events, engine, event ids);
- streamed: whole timelines streamed in one query through the per-measure engine;
- naive: per measure its own queries (`services.results_for_measure` in a loop);
- single: re-evaluating one case (load its events + evaluate) for random measures;
- duckdb: hand-written DuckDB SQL for norms 1a.3 and 3.1 on the same events (exported from the
  database with the sqlite3 command-line tool), its status counts checked against the engine's.

Prints a Markdown table for docs (see docs/norms.md, "Performance").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KETENZICHT = str(Path(sys.executable).parent / "ketenzicht")


# --------------------------------------------------------------------------- steps (child side)


def _setup(db_url: str):
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketenzicht.settings.dev")
    import django

    django.setup()


def _scope(scope, as_of):
    """The measures evaluated: the active ones on the as-of date, or all (with the history)."""
    from django.db.models import Q

    from ketenzicht.timeline.models import Measure

    if scope == "all":
        return Measure.objects.all()
    return Measure.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=as_of), start_date__lte=as_of
    )


def step_bulk(as_of, scope, interpreted=False):
    from ketenzicht.norms import bulk
    from ketenzicht.norms.configured import load_config
    from ketenzicht.timeline.models import Event

    config = load_config()
    measures = _scope(scope, as_of)
    t0 = time.perf_counter()
    run = bulk.iter_results_interpreted if interpreted else bulk.iter_results
    # Counted as they stream by, not kept (as the old bench materialised its results); status
    # counts only for all measures (compared with DuckDB).
    tally: dict = {}
    n = m = 0
    for rs in run(measures, as_of, config):
        m, n = m + 1, n + len(rs)
        if scope == "all":
            for r in rs:
                counts = tally.setdefault(r.norm_id, {})
                counts[r.status.value] = counts.get(r.status.value, 0) + 1
    t1 = time.perf_counter()
    return {
        "seconds": t1 - t0,
        "results": n,
        "measures": m,
        "events": Event.objects.count(),
        "counts": tally,
    }


def step_phases(as_of, scope):
    """Where the bulk path's time goes: loading (SQL + numpy), building compact events, the
    engine, and naming the results' events (the same calls as `bulk.iter_results`)."""
    from ketenzicht.norms import bulk, executor, loader
    from ketenzicht.norms.configured import load_config

    config = load_config()
    measures = _scope(scope, as_of)
    t0 = time.perf_counter()
    frame = loader.load(measures, as_of)
    t1 = time.perf_counter()
    timelines = loader.timelines(frame)
    t2 = time.perf_counter()
    results = list(executor.results(timelines, as_of, config))
    t3 = time.perf_counter()
    bulk._external_event_ids(results)
    t4 = time.perf_counter()
    return {
        "load_seconds": t1 - t0,
        "compact_seconds": t2 - t1,
        "engine_seconds": t3 - t2,
        "ids_seconds": t4 - t3,
        "seconds": t4 - t0,
        "measures": frame.size,
        "rows_loaded": int(len(frame.mid)),
    }


def step_streamed(as_of, scope):
    from ketenzicht.norms.bulk import stream_results
    from ketenzicht.norms.configured import load_config

    config = load_config()
    t0 = time.perf_counter()
    n = m = 0
    for rs in stream_results(_scope(scope, as_of), as_of, config):
        n, m = n + len(rs), m + 1
    return {"seconds": time.perf_counter() - t0, "results": n, "measures": m}


def step_naive(as_of, scope, sample):
    from ketenzicht.norms.configured import load_config
    from ketenzicht.norms.services import results_for_measure
    from ketenzicht.timeline.models import Measure

    config = load_config()
    pks = list(_scope(scope, as_of).values_list("pk", flat=True))
    total = len(pks)
    if sample and sample < total:
        pks = random.Random(1).sample(pks, sample)
    t0 = time.perf_counter()
    n = 0
    for pk in pks:
        measure = Measure.objects.get(pk=pk)  # its own query, like a case page would
        n += len(results_for_measure(measure, as_of, config))
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "measures": len(pks),
        "results": n,
        "extrapolated_seconds": seconds * total / len(pks),
    }


def step_single(as_of):
    from ketenzicht.norms.configured import load_config
    from ketenzicht.norms.services import results_for_measure
    from ketenzicht.timeline.models import Measure

    config = load_config()
    pks = list(Measure.objects.filter(ended_on__isnull=True).values_list("pk", flat=True))
    pks = random.Random(2).sample(pks, min(500, len(pks)))
    measures = [Measure.objects.get(pk=pk) for pk in pks]
    results_for_measure(measures[0], as_of, config)  # warm up
    times = []
    for m in measures:
        t0 = time.perf_counter()
        results_for_measure(m, as_of, config)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "median_ms": times[len(times) // 2],
        "p95_ms": times[int(len(times) * 0.95)],
        "max_ms": times[-1],
        "measures": len(times),
    }


DUCKDB_SQL = """
WITH live AS (
    SELECT * FROM events
    WHERE date <= DATE '{as_of}'
      AND id NOT IN (SELECT corrects_id FROM events WHERE corrects_id IS NOT NULL)
), m AS (
    SELECT ms.id AS measure_id, ms.measure_type,
           min(l.date) FILTER (WHERE l.event_type = 'measure_started') AS start,
           min(l.date) FILTER (WHERE l.event_type = 'measure_ended') AS ended
    FROM measures ms LEFT JOIN live l ON l.measure_id = ms.id
    GROUP BY ms.id, ms.measure_type
), first_contact AS (
    SELECT measure_id, min(date) AS met FROM live
    WHERE event_type = 'first_contact'
      AND json_extract(data, '$.with_child')::BOOLEAN
      AND json_extract(data, '$.with_parents')::BOOLEAN
    GROUP BY measure_id
), alone AS (
    SELECT measure_id, max(date) AS last FROM live
    WHERE event_type = 'contact' AND json_extract(data, '$.child_spoken_alone')::BOOLEAN
    GROUP BY measure_id
), norm_1a3 AS (
    SELECT m.*, fc.met, m.start + INTERVAL 5 DAY AS due
    FROM m LEFT JOIN first_contact fc USING (measure_id)
), norm_31 AS (
    SELECT m.*, coalesce(a.last, m.start) + INTERVAL 42 DAY AS due
    FROM m LEFT JOIN alone a USING (measure_id)
)
SELECT '1a.3-eerste-contact' AS norm, CASE
        WHEN start IS NULL OR measure_type NOT IN ({jb_jr}) THEN 'not_applicable'
        WHEN met IS NOT NULL AND met <= due THEN 'met_on_time'
        WHEN met IS NOT NULL THEN 'met_late'
        WHEN ended < due THEN 'not_applicable'
        WHEN DATE '{as_of}' > due THEN 'overdue'
        ELSE 'open' END AS status, count(*) AS n
FROM norm_1a3 GROUP BY ALL
UNION ALL
SELECT '3.1-kind-alleen', CASE
        WHEN start IS NULL OR measure_type NOT IN ({jb}) THEN 'not_applicable'
        WHEN ended < due THEN 'not_applicable'
        WHEN DATE '{as_of}' > due THEN 'overdue'
        ELSE 'open' END, count(*)
FROM norm_31 GROUP BY ALL
"""


def step_duckdb(as_of, sqlite_path, workdir):
    import duckdb

    from ketenzicht.norms.catalogue import JEUGDBESCHERMING, JEUGDRECLASSERING

    sqlite3_cli = shutil.which("sqlite3")
    if sqlite3_cli is None:
        return {"skipped": "sqlite3 command-line tool not installed"}
    t0 = time.perf_counter()
    events_csv, measures_csv = Path(workdir) / "events.csv", Path(workdir) / "measures.csv"
    for path, sql in (
        (
            events_csv,
            "SELECT id, measure_id, seq, event_type, date, corrects_id, data FROM timeline_event",
        ),
        (measures_csv, "SELECT id, measure_type FROM timeline_measure"),
    ):
        with open(path, "w") as out:
            subprocess.run(
                [sqlite3_cli, "-csv", "-header", sqlite_path, sql], stdout=out, check=True
            )
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE events AS SELECT * FROM read_csv('{events_csv}', header=true, "
        "columns={'id': 'BIGINT', 'measure_id': 'BIGINT', 'seq': 'INTEGER', "
        "'event_type': 'VARCHAR', 'date': 'DATE', 'corrects_id': 'BIGINT', "
        "'data': 'VARCHAR'})"
    )
    con.execute(
        f"CREATE TABLE measures AS SELECT * FROM read_csv('{measures_csv}', header=true, "
        "columns={'id': 'BIGINT', 'measure_type': 'VARCHAR'})"
    )
    t1 = time.perf_counter()
    quoted = lambda codes: ", ".join(f"'{c}'" for c in sorted(codes))  # noqa: E731
    sql = DUCKDB_SQL.format(
        as_of=as_of.isoformat(),
        jb_jr=quoted(JEUGDBESCHERMING | JEUGDRECLASSERING),
        jb=quoted(JEUGDBESCHERMING),
    )
    rows = con.execute(sql).fetchall()
    t2 = time.perf_counter()
    counts: dict[str, dict[str, int]] = {}
    for norm, status, n in rows:
        counts.setdefault(norm, {})[status] = n
    return {
        "load_seconds": t1 - t0,
        "seconds": t2 - t1,
        "counts": counts,
        "duckdb": duckdb.__version__,
    }


# --------------------------------------------------------------------------- driver


def child(opts) -> None:
    import datetime as dt

    _setup(opts.db_url)
    as_of = dt.date.fromisoformat(opts.as_of)
    step, _, scope = opts.step.partition(":")
    if step == "bulk":
        out = step_bulk(as_of, scope)
    elif step == "interpreted":
        out = step_bulk(as_of, scope, interpreted=True)
    elif step == "phases":
        out = step_phases(as_of, scope)
    elif step == "streamed":
        out = step_streamed(as_of, scope)
    elif step == "naive":
        out = step_naive(as_of, scope, opts.naive_sample)
    elif step == "single":
        out = step_single(as_of)
    elif step == "duckdb":
        out = step_duckdb(as_of, opts.sqlite_path, opts.workdir)
    else:
        sys.exit(f"unknown step {opts.step}")
    print(json.dumps(out))


def run_step(step: str, opts) -> dict:
    args = [
        sys.executable,
        __file__,
        "--step",
        step,
        "--db-url",
        opts.db_url,
        "--as-of",
        opts.as_of,
        "--naive-sample",
        str(opts.naive_sample),
        "--workdir",
        opts.workdir,
        "--sqlite-path",
        opts.sqlite_path or "",
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"step {step} failed")
    result = json.loads(out.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - start
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def prepare(opts) -> None:
    if os.environ.get("DATABASE_URL_BENCH"):
        opts.db_url, opts.sqlite_path = os.environ["DATABASE_URL_BENCH"], None
        return
    db = Path(opts.workdir) / "norms.sqlite3"
    opts.db_url, opts.sqlite_path = f"sqlite:///{db}", str(db)
    if db.exists():
        return
    env = dict(
        os.environ, DATABASE_URL=opts.db_url, DJANGO_SETTINGS_MODULE="ketenzicht.settings.dev"
    )
    subprocess.run([KETENZICHT, "migrate", "--no-input", "-v0"], env=env, check=True)
    print("Demo data (national) laden; dat duurt enkele minuten ...", file=sys.stderr)
    subprocess.run(
        [
            KETENZICHT,
            "demo-data",
            "--scale",
            "national",
            "--seed",
            "1",
            "--reference-date",
            opts.as_of,
            "--no-progress",
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "kz-bench-norms"))
    parser.add_argument("--as-of", default="2026-11-01")
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=0,
        help="evaluate only this many measures naively and extrapolate",
    )
    parser.add_argument(
        "--steps",
        default="bulk:active,bulk:all,interpreted:active,phases:active,streamed:active,naive:active,single,duckdb",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each bulk step (median)")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--db-url", help=argparse.SUPPRESS)
    parser.add_argument("--sqlite-path", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.step:
        child(opts)
        return
    Path(opts.workdir).mkdir(parents=True, exist_ok=True)
    prepare(opts)
    results = {}
    for step in opts.steps.split(","):
        repeat = opts.repeat if step.startswith(("bulk", "interpreted")) else 1
        runs = [run_step(step, opts) for _ in range(repeat)]
        runs.sort(key=lambda r: r.get("seconds", 0))
        result = runs[len(runs) // 2]  # the median run
        result["range"] = (runs[0].get("seconds"), runs[-1].get("seconds"), len(runs))
        results[step] = result
    report(results, opts)


def report(r: dict, opts) -> None:
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; database: "
        f"{'SQLite' if opts.sqlite_path else 'DATABASE_URL_BENCH'}; as-of {opts.as_of}"
    )
    ba = r.get("bulk:active") or r.get("bulk:all")
    if ba:
        print(f"Data: {ba['events']} events\n")
    print("| path | measures | wall time | peak memory (process) |")
    print("|---|---:|---:|---:|")
    for scope in ("active", "all"):
        b = r.get(f"bulk:{scope}")
        if b:
            lo, hi, n = b["range"]
            print(
                f"| bulk (`bulk.iter_results`: loader, each rule kind's set-based `column`) | "
                f"{b['measures']} ({scope}) | **{b['seconds']:.2f} s** (median of {n}: "
                f"{lo:.2f}-{hi:.2f} s), {b['results']} `NormResult`s | {b['peak_mb']:.0f} MB |"
            )
    for scope in ("active", "all"):
        b = r.get(f"interpreted:{scope}")
        if b:
            lo, hi, n = b["range"]
            print(
                f"| bulk interpreted (`bulk.iter_results_interpreted`: the same loader, the "
                f"engine per measure) | {b['measures']} ({scope}) | **{b['seconds']:.2f} s** "
                f"(median of {n}: {lo:.2f}-{hi:.2f} s) | {b['peak_mb']:.0f} MB |"
            )
    for scope in ("active", "all"):
        p = r.get(f"phases:{scope}")
        if p:
            print(
                f"| bulk by phase | {p['measures']} ({scope}) | load {p['load_seconds']:.2f} s "
                f"({p['rows_loaded']} event rows), compact events {p['compact_seconds']:.2f} s, "
                f"engine {p['engine_seconds']:.2f} s, event ids {p['ids_seconds']:.2f} s; "
                f"total {p['seconds']:.2f} s | {p['peak_mb']:.0f} MB |"
            )
    for scope in ("active", "all"):
        s = r.get(f"streamed:{scope}")
        if s:
            print(
                f"| streamed: whole timelines through the per-measure engine (1 query) | "
                f"{s['measures']} ({scope}) | {s['seconds']:.2f} s | "
                f"{s['peak_mb']:.0f} MB |"
            )
    for scope in ("active", "all"):
        n = r.get(f"naive:{scope}")
        if n:
            label = (
                f"{n['seconds']:.1f} s"
                if not opts.naive_sample
                else f"{n['seconds']:.1f} s for {n['measures']}, "
                f"≈ {n['extrapolated_seconds']:.0f} s for all"
            )
            print(
                f"| naive: per measure its own queries (`results_for_measure` in a loop) | "
                f"{n['measures']} ({scope}) | {label} | {n['peak_mb']:.0f} MB |"
            )
    one = r.get("single")
    if one:
        print(
            f"| one case: load its events + evaluate (case page after a new event) | "
            f"{one['measures']} random active, each | median {one['median_ms']:.1f} ms, p95 "
            f"{one['p95_ms']:.1f} ms, max {one['max_ms']:.1f} ms | {one['peak_mb']:.0f} MB |"
        )
    d = r.get("duckdb")
    b = r.get("bulk:all")
    if d and "skipped" not in d:
        print(
            f"| DuckDB {d['duckdb']}: hand-written SQL for norms 1a.3 and 3.1 | all | "
            f"{d['seconds']:.2f} s (+ {d['load_seconds']:.1f} s export and load) | "
            f"{d['peak_mb']:.0f} MB |"
        )
        if b:
            same = all(
                {k: v for k, v in d["counts"][norm].items() if v}
                == {k: v for k, v in b["counts"][norm].items() if v}
                for norm in d["counts"]
            )
            print(
                f"\nDuckDB status counts equal to the engine's (all measures): "
                f"{'yes' if same else 'NO'}"
            )
            for norm in sorted(d["counts"]):
                print(
                    f"- {norm}: DuckDB {dict(sorted(d['counts'][norm].items()))}; engine "
                    f"{dict(sorted((k, v) for k, v in b['counts'][norm].items() if v))}"
                )
    elif d:
        print(f"\nDuckDB skipped: {d['skipped']}")


if __name__ == "__main__":
    main()

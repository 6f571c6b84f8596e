#!/usr/bin/env python3
"""Run the whole test suite twice, at the same time: on SQLite and on a throwaway PostgreSQL
cluster (two pytest processes for this machine's two cores; KZ_TEST_SERIAL=1 runs them one after
the other).

The cluster is created with initdb in a temporary folder, listens only on a Unix socket in that
folder, and is stopped and removed afterwards, whatever the outcome. Extra arguments are passed
to pytest (e.g. `scripts/run_tests.py -k import`). Set KZ_TEST_DATABASES=sqlite or =postgres to
run one of the two.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN_CANDIDATES = ["/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin"]


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in PG_BIN_CANDIDATES:
        path = Path(folder) / name
        if path.exists():
            return str(path)
    sys.exit(f"{name} niet gevonden: installeer de PostgreSQL 15-serverprogramma's.")


def as_owner(cmd: list[str], owner: str | None) -> list[str]:
    # initdb and postgres refuse to run as root; run them as an unprivileged user then.
    return ["runuser", "-u", owner, "--", *cmd] if owner else cmd


class ThrowawayPostgres:
    """`durable=True` keeps PostgreSQL's defaults for writing (fsync, synchronous commit, full
    page writes), as in production: the load test (bench/load.py) uses it; the tests do not."""

    def __init__(self, durable: bool = False) -> None:
        self.durable = durable
        self.dir = Path(tempfile.mkdtemp(prefix="kz-pg-"))
        self.data = self.dir / "data"
        self.owner = None
        if os.geteuid() == 0:
            self.owner = "postgres" if _user_exists("postgres") else "nobody"
            shutil.chown(self.dir, self.owner)
            self.dir.chmod(0o755)
        # Only a Unix socket in its own folder; a port number per run keeps parallel runs apart.
        self.port = 50000 + os.getpid() % 10000

    def __enter__(self) -> str:
        def run(cmd: list[str]) -> None:
            subprocess.run(as_owner(cmd, self.owner), check=True, stdout=subprocess.DEVNULL)

        run(
            [
                pg_tool("initdb"),
                "-D",
                str(self.data),
                "-U",
                "ketenzicht",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-instructions",
            ]
        )
        opts = f"-k {self.dir} -p {self.port} -c listen_addresses=''"
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        run(
            [
                pg_tool("pg_ctl"),
                "-D",
                str(self.data),
                "-o",
                opts,
                "-l",
                str(self.dir / "log"),
                "-w",
                "start",
            ]
        )
        return f"postgresql://ketenzicht@/ketenzicht?host={self.dir}&port={self.port}"

    def __exit__(self, *exc) -> None:
        subprocess.run(
            as_owner(
                [pg_tool("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                self.owner,
            ),
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


COUNTS = re.compile(r"(\d+) (passed|failed|skipped|errors?)\b")


def start_pytest(
    database_url: str, label: str, args: list[str], log: Path, shard: str = ""
) -> subprocess.Popen:
    """`shard` ("0/2"): this run's part of work that is split over the databases instead of done
    on each (the accessibility sweep's roles: pages do not depend on the database)."""
    env = dict(os.environ, DATABASE_URL=database_url, KZ_TEST_DATABASE=label, KZ_TEST_SHARD=shard)
    # The slowest tests of each half are listed, so CI's output shows where the time goes.
    durations = [] if any(a.startswith("--durations") for a in args) else ["--durations=15"]
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", *durations, *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("w", encoding="utf-8"),
        stderr=subprocess.STDOUT,
        text=True,
    )


def report(label: str, proc: subprocess.Popen, log: Path, totals: dict[str, int]) -> int:
    """Wait for one run, echo its output, and add its final counts to `totals`."""
    code = proc.wait()
    output = log.read_text(encoding="utf-8")
    print(f"\n===== Testsuite op {label} =====", flush=True)
    sys.stdout.write(output)
    sys.stdout.flush()
    last = next((line for line in reversed(output.splitlines()) if line.strip()), "")
    for n, what in COUNTS.findall(last):
        key = "failed" if what.startswith("error") else what
        totals[key] = totals.get(key, 0) + int(n)
    return code


def main() -> int:
    """Both databases at once: two pytest processes on this machine's two cores (each is
    single-threaded), each with its own output file, echoed when it is done. KZ_TEST_SERIAL=1
    runs them one after the other."""
    args = sys.argv[1:]
    which = os.environ.get("KZ_TEST_DATABASES", "sqlite,postgres").split(",")
    serial = os.environ.get("KZ_TEST_SERIAL") == "1"
    results = {}
    totals: dict[str, int] = {}
    work = Path(tempfile.mkdtemp(prefix="kz-tests-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        running: list[tuple[str, subprocess.Popen, Path]] = []
        both = "sqlite" in which and "postgres" in which
        if "sqlite" in which:
            log = work / "sqlite.log"
            proc = start_pytest(
                f"sqlite:///{work}/test.sqlite3", "SQLite", args, log, "0/2" if both else ""
            )
            running.append(("SQLite", proc, log))
            if serial:
                results["SQLite"] = report("SQLite", proc, log, totals)
                running.clear()
        if "postgres" in which:
            url = stack.enter_context(ThrowawayPostgres())
            log = work / "postgres.log"
            proc = start_pytest(url, "PostgreSQL", args, log, "1/2" if both else "")
            running.append(("PostgreSQL", proc, log))
        print("Tests lopen op " + " en ".join(label for label, _, _ in running) + "...", flush=True)
        for label, proc, log in running:
            results[label] = report(label, proc, log, totals)
    print("\n===== Samenvatting =====")
    for label, code in results.items():
        print(f"{label}: {'geslaagd' if code == 0 else f'MISLUKT (exitcode {code})'}")
    ok = bool(results) and all(code == 0 for code in results.values())
    failed = totals.get("failed", 0) + (0 if ok else int(not totals.get("failed")))
    # One plain closing line over both databases (CI reads it).
    line = f"Totaal: {totals.get('passed', 0)} passed, {failed} failed"
    if totals.get("skipped"):
        line += f", {totals['skipped']} skipped"
    print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

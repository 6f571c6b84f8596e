"""`ketenzicht serve`: the production process layout on one machine, with one command
(docs/deploy.md). First the release step (`ketenzicht release`), then the web server (gunicorn,
static files by WhiteNoise) and the outbox worker, side by side until one stops or the command is
stopped (Ctrl+C, SIGTERM): then both are stopped.

The processes are those of the Procfile in the repository (PROCESSES below;
tests/test_deploy.py keeps the two the same), for a platform or a Procfile runner that starts
them itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# name -> command, in Procfile order. The release step runs once, before the others.
RELEASE = ("release", ["ketenzicht", "release"])
PROCESSES = {
    "web": ["gunicorn", "--config", "python:ketenzicht.gunicorn_conf"],
    "worker": ["ketenzicht", "outbox-worker"],
}
STOP_TIMEOUT = 40  # seconds; gunicorn's graceful_timeout is 30


def procfile() -> str:
    """The Procfile's text for these processes."""
    lines = [f"{name}: {' '.join(cmd)}" for name, cmd in [RELEASE, *PROCESSES.items()]]
    return "\n".join(lines) + "\n"


def _argv(cmd: list[str]) -> list[str]:
    # Both programs are Python modules of this environment: no dependence on PATH.
    return [sys.executable, "-m", cmd[0], *cmd[1:]]


class Command(BaseCommand):
    help = (
        "Start Ketenzicht voor productie: eerst de release-stap (controle, migraties, statische "
        "bestanden), dan de webserver (gunicorn) en de outbox-worker. Stoppen met Ctrl+C."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-release",
            action="store_true",
            help="de release-stap overslaan (al gedaan voor deze versie)",
        )

    def handle(self, *args, no_release=False, **options):
        if settings.DEBUG:
            raise CommandError(
                "ketenzicht serve is voor productie en weigert DEBUG=True: zet "
                "DJANGO_SETTINGS_MODULE=ketenzicht.settings.production (zie docs/deploy.md)."
            )
        if not no_release:
            call_command("release", verbosity=options["verbosity"])
        # The children read the same settings module, whatever the default of their program, and
        # write their log lines at once (a log collector reads them as they come).
        env = dict(os.environ, DJANGO_SETTINGS_MODULE=settings.SETTINGS_MODULE)
        env.setdefault("PYTHONUNBUFFERED", "1")
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
        children: dict[str, subprocess.Popen] = {}
        try:
            for name, cmd in PROCESSES.items():
                children[name] = subprocess.Popen(_argv(cmd), env=env)
                self.stdout.write(f"{name} gestart (pid {children[name].pid}): {' '.join(cmd)}")
            self.stdout.flush()
            ended = None
            while not stopping and ended is None:
                ended = next((n for n, p in children.items() if p.poll() is not None), None)
                time.sleep(0.2)
        finally:
            self._stop(children)
            for s, handler in previous.items():
                signal.signal(s, handler)
        if ended is not None and not stopping:
            raise CommandError(
                f"Proces '{ended}' is gestopt (exitcode {children[ended].returncode}); "
                "de andere processen zijn ook gestopt."
            )
        self.stdout.write("Ketenzicht gestopt.")

    def _stop(self, children: dict[str, subprocess.Popen]) -> None:
        for proc in children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for proc in children.values():
            try:
                proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

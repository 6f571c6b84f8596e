"""The `ketenzicht` console script and `python -m ketenzicht` are the project's manage.py."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _env():
    return {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}


@pytest.mark.parametrize(
    "argv",
    [
        [sys.executable, "-m", "ketenzicht"],
        [str(Path(sys.executable).parent / "ketenzicht")],
    ],
)
def test_project_commands_are_listed(argv):
    if not Path(argv[0]).exists() and shutil.which(argv[0]) is None:
        pytest.fail(f"{argv[0]} is missing: the package must install the console script")
    out = subprocess.run([*argv, "help"], capture_output=True, text=True, env=_env(), timeout=120)
    assert out.returncode == 0, out.stderr
    for command in (
        "import",
        "export",
        "demo-data",
        "exchange-schema",
        "timeline-rebuild",
        "migrate",
        "runserver",
    ):
        assert command in out.stdout

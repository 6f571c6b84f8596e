"""The architecture rules of issue 14, enforced (docs/decisions/0009-enforced-layers.md):

- one clock: no module but `ketenzicht.clock` asks for the date (`date.today()`,
  `localdate()`, `datetime.now()`, `now().date()`), so every screen agrees on "today";
- layers: `lint-imports` keeps the contracts in pyproject.toml (apps in layers, reference data
  below the timeline, domain modules without Django);
- types: mypy on the modules without Django.

Each rule is also shown to fail on a deliberately broken copy, so a passing run means something.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.static
ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
BIN = Path(sys.executable).parent
CLOCK = Path("ketenzicht/clock.py")


# --------------------------------------------------------------------------- one clock


def _name(node: ast.expr) -> str:
    """The dotted name of a call's target, as far as it is plain names and attributes."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{_name(node.func)}()"
    return "?"


def clock_violations(root: Path) -> list[str]:
    """`file:line: call` for every place under `root` that decides the date itself."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root) == CLOCK:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            last = name.rsplit(".", 2)[-2:]
            bad = (
                last in (["date", "today"], ["datetime", "today"], ["datetime", "now"])
                or last[-1] == "localdate"
                or (last[-1] == "localtime" and not node.args)
                or name.endswith("now().date")
            )
            if bad:
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}()")
    return found


def test_only_the_clock_decides_what_day_it_is():
    assert clock_violations(SRC) == []


def test_a_date_today_anywhere_else_is_found(tmp_path):
    pkg = tmp_path / "ketenzicht" / "care"
    pkg.mkdir(parents=True)
    (pkg / "views.py").write_text(
        "import datetime as dt\n"
        "from django.utils import timezone\n"
        "a = dt.date.today()\n"
        "b = timezone.localdate()\n"
        "c = timezone.now().date()\n"
        "d = dt.datetime.now()\n"
        "e = timezone.localtime(timezone.now())  # converts a given moment: allowed\n"
    )
    (tmp_path / CLOCK).write_text("import datetime as dt\nX = dt.datetime.now(dt.UTC)\n")
    assert clock_violations(tmp_path) == [
        "ketenzicht/care/views.py:3: dt.date.today()",
        "ketenzicht/care/views.py:4: timezone.localdate()",
        "ketenzicht/care/views.py:5: timezone.now().date()",
        "ketenzicht/care/views.py:6: dt.datetime.now()",
    ]


# --------------------------------------------------------------------------- layers


def _lint_imports(src: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(src)),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_import_contracts_are_kept():
    result = _lint_imports(SRC)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_a_wrong_import_breaks_a_contract(tmp_path):
    """The policy importing a screen module, and a domain module importing Django: both fail."""
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    policy = copy / "ketenzicht/access/policy.py"
    policy.write_text(policy.read_text() + "\nfrom ketenzicht.care import views  # noqa\n")
    events = copy / "ketenzicht/timeline/domain/events.py"
    events.write_text(events.read_text() + "\nfrom django.conf import settings  # noqa\n")
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "ketenzicht.access is not allowed to import ketenzicht.care" in result.stdout
    assert "ketenzicht.timeline.domain is not allowed to import django" in result.stdout
    assert "ketenzicht.timeline.domain.events -> django" in result.stdout


# --------------------------------------------------------------------------- types


def test_the_modules_without_django_type_check(tmp_path):
    result = subprocess.run(
        [str(BIN / "mypy"), "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout

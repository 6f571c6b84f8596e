"""Fixtures shared by the browser tests."""

import pytest
from django.core.management import call_command
from django.utils import timezone


@pytest.fixture
def demo(transactional_db):
    """The demo data of `make demo` (scale small), with today as the reference date."""
    with open("/dev/null", "w") as devnull:
        call_command(
            "demo-data",
            "--scale",
            "small",
            "--reference-date",
            timezone.localdate().isoformat(),
            "--no-progress",
            stdout=devnull,
        )

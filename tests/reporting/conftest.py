import pytest
from django.core.management import call_command
from django.utils import timezone


@pytest.fixture
def demo(db):
    """The small demo data set (Haaglanden) as of today, through the real importer, with the
    demo accounts."""
    call_command(
        "demo-data",
        "--scale",
        "small",
        "--seed",
        "1",
        "--reference-date",
        timezone.localdate().isoformat(),
        "--no-progress",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )


@pytest.fixture
def demo_user(demo):
    from django.contrib.auth import get_user_model

    def get(username):
        return get_user_model().objects.get(username=username)

    return get

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone


@pytest.fixture(scope="module")
def _demo_in_module(django_db_setup, django_db_blocker):
    """The small demo data set (Haaglanden) as of today, through the real importer, with the
    demo accounts: loaded once per test module inside a transaction that is rolled back when
    the module is done. Each test's own transaction (the `db` fixture) is a savepoint inside
    it, so what one test changes is gone for the next, and no other module sees the demo."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
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
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_in_module, db):
    """The demo data set (see `_demo_in_module`)."""


@pytest.fixture
def demo_user(demo):
    from django.contrib.auth import get_user_model

    def get(username):
        return get_user_model().objects.get(username=username)

    return get

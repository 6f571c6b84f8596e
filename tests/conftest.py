import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the test thread itself only
# prepares data through the ORM, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture
def dataset(db, tmp_path):
    """The builders' small data set, imported through the real importer."""
    import datetime as dt

    from ketenzicht.interop.importer import import_file
    from tests.builders import base_records, write

    import_file(str(write(tmp_path / "base.jsonl", base_records())), today=dt.date(2026, 11, 1))


WORKER_ROLE_TO_ROLE = {
    "beleidsmedewerker": "gemeente_beleidsmedewerker",
    "bestuurder": "gi_bestuurder",
}


@pytest.fixture
def make_user(db):
    """make_user(worker_id, role=None, **grant) -> a user linked to that worker with one role
    grant (by default the worker's own role, in the worker's organisation and team)."""
    from django.contrib.auth import get_user_model

    from ketenzicht.access.models import RoleGrant
    from ketenzicht.reference.models import Worker

    def make(
        worker_id: str, role: str | None = None, password: str = "Geheim-wachtwoord-1", **grant
    ):
        worker = Worker.objects.get(external_id=worker_id)
        user = get_user_model().objects.create_user(
            username=f"u-{worker_id.lower()}-{role or worker.role}",
            password=password,
            first_name=worker.given_name,
            last_name=worker.family_name,
        )
        worker.user = user
        worker.save(update_fields=["user"])
        grant.setdefault("organisation", worker.organisation)
        grant.setdefault("team", worker.team)
        # Made by the operator, not through the beheer screens: approved (four eyes, issue 11).
        grant.setdefault("status", "approved")
        RoleGrant.objects.create(
            user=user, role=role or WORKER_ROLE_TO_ROLE.get(worker.role, worker.role), **grant
        )
        return user

    return make


@pytest.fixture
def login(client):
    """login(user): log in with a verified second factor (a confirmed TOTP device)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def do(user, the_client=None):
        c = the_client or client
        device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True})
        c.force_login(user)
        session = c.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return c

    return do


@pytest.fixture
def gemeente_worker(dataset):
    from ketenzicht.reference.models import Organisation, Worker

    return Worker.objects.create(
        external_id="W-GEM",
        organisation=Organisation.objects.get(external_id="GEM-0518"),
        given_name="Lotte",
        family_name="Visser",
        role="beleidsmedewerker",
        fte=1,
    )


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def uses_database(item) -> bool:
    """Whether a test reaches the database: a `django_db` marker, or a database fixture anywhere
    among the fixtures it requests (directly or through other fixtures)."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres"):
        return True  # (`postgres`: the run's cluster itself, through its own processes)
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def one_half(item) -> bool:
    """Run in one of the two halves only: browser tests (the screens and flows they drive read
    and write through the same server code whose database paths the other tests run on both
    databases), except the accessibility sweep, which splits its roles itself (marker
    `every_half`); and tests marked `one_half` (arithmetic on figures the database only feeds)."""
    if item.get_closest_marker("every_half") or item.get_closest_marker("postgres"):
        return False  # (`postgres` tests run where the cluster is: the PostgreSQL half)
    return bool(item.get_closest_marker("one_half") or item.get_closest_marker("browser"))


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite on two databases at once (KZ_TEST_SHARD 0/2 and 1/2, set by
    scripts/run_tests.py; decision 0002). Every test that reaches the database runs on both,
    except those `one_half` assigns to one of them (alternately, in node id order). A test that
    does not reach the database (pure domain functions, property tests of the rule kinds, the
    linters, import contracts and types: marker `static` or no database fixture at all) gives
    the same answer on both, so the first half runs it. Deselected tests are shown as such in
    each half's summary. Run alone, a half runs everything. Tests of the production layout
    (marker `postgres`: gunicorn, pg_dump, pg_restore) need the run's PostgreSQL cluster: the
    SQLite half deselects them."""
    drop = set()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        drop |= {item for item in items if item.get_closest_marker("postgres")}
    shard, _, shards = (os.environ.get("KZ_TEST_SHARD") or "0/1").partition("/")
    if shard != "0":
        drop |= {
            item for item in items if item.get_closest_marker("static") or not uses_database(item)
        }
    if int(shards) > 1:
        halved = sorted((item for item in items if one_half(item)), key=lambda i: i.nodeid)
        drop |= {item for n, item in enumerate(halved) if n % int(shards) != int(shard)}
    if drop:
        config.hook.pytest_deselected(items=[item for item in items if item in drop])
        items[:] = [item for item in items if item not in drop]

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import translation

from tests import demo_copy

# Hashing the demo passwords with the production hasher would dominate the suite's time.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media_and_plain_static(settings, tmp_path):
    """Each test writes uploads to its own folder; static URLs need no collected manifest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests see every change at once, made through services or not (factories write rows
    directly); tests/contributions/test_page_cache.py turns the page cache on."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _api_limit_out_of_reach(settings):
    """The API counts each client's requests in the cache, which the tests of one process
    share: a limit no test reaches unless it sets its own (tests/api/test_http.py)."""
    settings.API_RATE_LIMIT = "100000/min"


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login` signs in as a person who has also given their second factor.

    Staff roles must use two-factor sign-in; tests of what a role may do start from a
    fully signed-in session. Tests of the sign-in itself use the login form.
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="test authenticator", defaults={"confirmed": True}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


# Tests that give the same answer on any database engine, though they use one, by the
# start of their id: pages as a browser renders them, files in a bucket, crawls over every
# page, two app servers, the API against its schema, the catalogues, what a file is (read
# from its bytes alone).
ENGINE_INDEPENDENT = (
    "tests/browser/",
    "tests/production/test_object_storage.py::",
    "tests/production/test_two_servers.py::",
    "tests/test_leak_crawl.py::",
    "tests/contributions/test_downloads.py::test_canary_in_unpublished_document_never_reaches",
    "tests/api/test_schema.py::",
    "tests/test_catalogues.py::",
    "tests/contributions/test_files",  # test_files.py and any test_files_*.py
    "tests/contributions/test_producer_files.py::",
    "tests/contributions/test_hostile_files.py::",
)
# The fixtures through which a test reaches the database.
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def _uses_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or not DATABASE_FIXTURES.isdisjoint(
        getattr(item, "fixturenames", ())
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked postgresql run only when the suite runs on PostgreSQL. Tests that do not
    depend on the database engine are marked engine_independent, which CI runs once, on
    PostgreSQL (README, "Tests"): those named above, those of the bucket (s3), and
    every test that never touches the database (pytest-django refuses it to them).

    Decided here, not from the marks the folders' own hooks add: `-m` chooses among the
    tests before some of those run."""
    independent = pytest.mark.engine_independent
    for item in items:
        if (
            item.nodeid.startswith(ENGINE_INDEPENDENT)
            or "seaweedfs" in getattr(item, "fixturenames", ())
            or not _uses_the_database(item)
        ):
            item.add_marker(independent)
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL to a PostgreSQL database")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def demo_loaded_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """What `manage.py load_demo` writes, loaded once per test process (tests/demo_copy.py)."""
    with django_db_blocker.unblock():
        loaded = demo_copy.load(
            tmp_path_factory.mktemp("demo-media"), PASSWORD_HASHERS=FAST_PASSWORD_HASHERS
        )
    yield loaded
    demo_copy.remove(loaded)


@pytest.fixture
def demo(db, demo_loaded_once):
    """The demo data as `manage.py load_demo` leaves it; its report."""
    return demo_copy.restore(demo_loaded_once)


@pytest.fixture(autouse=True)
def _default_language_between_tests():
    """A request in Arabic leaves Arabic active in the thread that served it; each test
    starts in the site's default language, as code outside a request would."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import translation


@pytest.fixture(autouse=True)
def _private_media_and_plain_static(settings, tmp_path):
    """Each test writes uploads to its own folder; static URLs need no collected manifest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    # Hashing the demo passwords with the production hasher would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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


def pytest_collection_modifyitems(config, items):
    """Tests marked postgresql run only when the suite runs on PostgreSQL."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL to a PostgreSQL database")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def demo(db):
    """The demo data, loaded as `manage.py load_demo` loads it."""
    from meetings.demo import load_demo

    return load_demo()


@pytest.fixture(autouse=True)
def _default_language_between_tests():
    """A request in Arabic leaves Arabic active in the thread that served it; each test
    starts in the site's default language, as code outside a request would."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()

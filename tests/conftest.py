import pytest
from django.db import connection


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

"""The synthetic archive of the tests, loaded as the secretariat would load it."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import UserFactory

ARCHIVE_FILE = Path(__file__).parent / "data" / "archive" / "archive.toml"


def secretariat_user(username: str = "archivist"):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name="Secretariat"))
    return user


def import_archive(path=ARCHIVE_FILE, *args: str, by: str = "archivist") -> str:
    out = io.StringIO()
    call_command("import_archive", str(path), "--by", by, *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def archive(db):
    """The example archive file, imported once by the secretariat member `archivist`."""
    user = secretariat_user()
    import_archive()
    return user

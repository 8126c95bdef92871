"""The API answers everyone as an anonymous visitor: a signed-in delegate, the chair or the
secretariat reads no more through it than anyone else."""

import pytest

from contributions.models import Document
from tests.contributions.conftest import ROLES, member_of
from tests.factories import SourceFactory

from .conftest import CANARY

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def people(archive):
    """The delegate represents Italy (the sources of the hidden and the members-only
    document), the other delegate another Member State."""
    delegate = member_of("Delegate", username="delegate-italy")
    other_delegate = member_of("Delegate", username="delegate-israel")
    archive.italy.delegates.add(delegate)
    SourceFactory(kind="member_state", name="Israel", slug="israel", country="IL").delegates.add(
        other_delegate
    )
    return {
        "anonymous": None,
        "delegate": delegate,
        "other_delegate": other_delegate,
        "secretariat": member_of("Secretariat", username="secretary"),
        "chair": member_of("Chair", username="chair"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_same_public_records(client, archive, people, role):
    Document.objects.filter(pk=archive.document.pk).update(access=Document.Access.MEMBERS)
    if people[role] is not None:
        client.force_login(people[role])
    pages = [
        f"{API}/documents?limit=100",
        f"{API}/documents?q={CANARY}",
        f"{API}/documents/{archive.document.pk}",
        f"{API}/meetings/30",
        f"{API}/actions",
        f"{API}/sources",
    ]

    bodies = [client.get(page).content.decode() for page in pages]
    hidden = client.get(f"{API}/documents/{archive.hidden.pk}")
    files = client.get(f"{API}/documents/{archive.document.pk}").json()["files"]

    assert [CANARY in body for body in bodies] == [False] * len(pages)
    assert hidden.status_code == 404
    assert files == []

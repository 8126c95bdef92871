"""A members-only version is compared only for those who may read it: for anyone else the
link is not offered and the address is not found, as if there were no such comparison."""

import pytest

from contributions.models import Document, DocumentFile, Source

pytestmark = pytest.mark.django_db

ADDRESS = "/en/cwg-cop/documents/CWG-COP-40/INF/7/compare/CWG-COP-40/INF/7(Rev.1)/en/"
LINK = f'<a href="{ADDRESS}">Compare with <bdi>CWG-COP-40/INF/7(Rev.1)</bdi> (English)</a>'

# Whether each person reads the members-only revision: the secretariat and members do; a
# visitor and the delegate of a source that is not a member (and did not write it) do not.
READS = {"anonymous": False, "outsider": False, "member": True, "secretariat": True}


def _members_only(revision: Document, how: str) -> None:
    if how == "document":
        Document.objects.filter(pk=revision.pk).update(access=Document.Access.MEMBERS)
    else:
        DocumentFile.objects.filter(document=revision).update(access=DocumentFile.Access.MEMBERS)


@pytest.mark.parametrize("how", ["document", "file"])
@pytest.mark.parametrize("role", list(READS))
def test_members_only_version_is_compared_only_for_its_readers(client, versions, people, role, how):
    original, revision, _addendum = versions
    _members_only(revision, how)
    if people[role] is not None:
        client.force_login(people[role])

    page = client.get(original.get_absolute_url()).content.decode()
    response = client.get(ADDRESS)

    assert (LINK in page, response.status_code) == ((True, 200) if READS[role] else (False, 404))
    assert ("Compare versions" in page) == READS[role]


@pytest.mark.parametrize("role", list(READS))
def test_public_versions_are_compared_for_everyone(client, versions, people, role):
    original, _revision, _addendum = versions
    if people[role] is not None:
        client.force_login(people[role])

    page = client.get(original.get_absolute_url()).content.decode()
    response = client.get(ADDRESS)

    assert (LINK in page, response.status_code) == (True, 200)


def test_members_only_version_is_compared_for_its_own_delegates(client, versions, italy):
    original, revision, _addendum = versions
    _members_only(revision, "document")
    delegate = italy.delegates.create(username="delegate-italy")
    italy.kind = Source.Kind.CIVIL_SOCIETY  # its delegates are not members: they read their own
    italy.save()
    client.force_login(delegate)

    page = client.get(original.get_absolute_url()).content.decode()
    response = client.get(ADDRESS)

    assert (LINK in page, response.status_code) == (True, 200)


def test_unpublished_revision_is_neither_offered_nor_found(client, versions, people):
    original, revision, _addendum = versions
    Document.objects.filter(pk=revision.pk).update(status=Document.Status.ACCEPTED)
    client.force_login(people["secretariat"])

    page = client.get(original.get_absolute_url()).content.decode()
    response = client.get(ADDRESS)

    assert (LINK in page, response.status_code) == (False, 404)

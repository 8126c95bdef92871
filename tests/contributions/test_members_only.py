"""Members-only documents and files: who counts as a member, and who may read them.

The roles: the document's own delegate (Italy), a member (a delegate of Israel, a Member
State), a non-member (a delegate of a civil-society organisation), the secretariat, the
chair and an anonymous visitor.
"""

import pytest

from contributions import rules
from contributions.models import Document, DocumentFile, Source
from contributions.visibility import files_readable_by
from tests.contributions.conftest import attach_pdf, member_of
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

MEMBERS = Document.Access.MEMBERS
READERS_OF_RESTRICTED = {"delegate", "other_delegate", "secretariat", "chair"}
ALL_ROLES = ["anonymous", "delegate", "other_delegate", "non_member", "secretariat", "chair"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("delegate", True),
        ("other_delegate", True),
        ("non_member", False),
        ("secretariat", True),
        ("chair", True),
    ],
)
def test_is_member_by_role(cast, role, expected):
    assert rules.is_member.test(cast[role]) is expected


def test_is_member_follows_the_setting(cast, settings):
    settings.MEMBER_SOURCE_KINDS = ("member_state", "civil_society")
    non_member = type(cast["non_member"]).objects.get(pk=cast["non_member"].pk)

    assert rules.is_member.test(non_member) is True


def test_a_ministry_of_a_member_state_is_a_member(cast, italy):
    ministry = SourceFactory(
        kind=Source.Kind.STATE_UNIT, name="Ministry", slug="ministry", country="IT", parent=italy
    )
    official = member_of("Delegate", username="delegate-ministry")
    ministry.delegates.add(official)

    assert rules.is_member.test(official) is True


@pytest.mark.parametrize("role", ALL_ROLES)
def test_members_only_document_file_downloadable_by_role(cast, document_in, role):
    document_file = document_in("published", access=MEMBERS).files.get()

    allowed = rules.can_download_file.test(cast[role], document_file)
    in_queryset = files_readable_by(cast[role]).filter(pk=document_file.pk).exists()

    expected = role in READERS_OF_RESTRICTED
    assert (allowed, in_queryset) == (expected, expected)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_members_only_file_of_a_public_document_downloadable_by_role(cast, document_in, role):
    document = document_in("published")
    open_file = document.files.get()
    closed_file = attach_pdf(document, language="fr")
    closed_file.access = DocumentFile.Access.MEMBERS
    closed_file.save()

    allowed = {
        document_file.language
        for document_file in (open_file, closed_file)
        if rules.can_download_file.test(cast[role], document_file)
    }
    in_queryset = set(
        files_readable_by(cast[role]).filter(document=document).values_list("language", flat=True)
    )

    expected = {"en", "fr"} if role in READERS_OF_RESTRICTED else {"en"}
    assert (allowed, in_queryset) == (expected, expected)


def test_non_member_delegate_of_the_document_reads_its_members_only_file(cast, document_in):
    document = document_in("published", access=MEMBERS)
    document.sources.add(Source.objects.get(slug="helplines"))
    document_file = document.files.get()

    allowed = rules.can_download_file.test(cast["non_member"], document_file)
    in_queryset = list(files_readable_by(cast["non_member"]))

    assert (allowed, in_queryset) == (True, [document_file])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_unpublished_members_only_file_stays_with_the_document_insiders(cast, document_in, role):
    document_file = document_in("submitted", access=MEMBERS).files.get()

    allowed = rules.can_download_file.test(cast[role], document_file)
    in_queryset = files_readable_by(cast[role]).filter(pk=document_file.pk).exists()

    expected = role in {"delegate", "secretariat", "chair"}
    assert (allowed, in_queryset) == (expected, expected)


def test_file_is_restricted_when_it_or_its_document_is(document_in):
    public_document = document_in("published")
    members_document = document_in("published", access=MEMBERS)
    members_file = attach_pdf(public_document, language="fr")
    members_file.access = DocumentFile.Access.MEMBERS
    members_file.save()

    restricted = set(DocumentFile.objects.restricted().values_list("document_id", "language"))

    assert restricted == {(public_document.pk, "fr"), (members_document.pk, "en")}
    assert [
        document_file.is_restricted
        for document_file in DocumentFile.objects.order_by("document_id", "language")
    ] == [False, True, True]

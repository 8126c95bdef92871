"""Each question of contributions.visibility is answered twice, as a queryset and as a
predicate: they must agree for every role, status, document access and file access.

The documents are written by Italy (a Member State) and a civil-society organisation
together, so that the roles include both a member and a non-member among a document's own
delegates."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from contributions import visibility
from contributions.models import Document, DocumentFile, DocumentStatus, Source
from tests.contributions.conftest import member_of
from tests.factories import DocumentFactory, SourceFactory

pytestmark = pytest.mark.django_db

PUBLIC = Document.Access.PUBLIC
MEMBERS = Document.Access.MEMBERS
ACCESS_LEVELS = [PUBLIC, MEMBERS]
ROLES = [
    "anonymous",
    "own_member",
    "own_non_member",
    "other_member",
    "other_non_member",
    "chair",
    "secretariat",
    "inactive_own_member",
]


@pytest.fixture
def roles(db, italy, israel):
    """One person for each role, as seen from the documents of `rows`."""
    helplines = SourceFactory(
        kind=Source.Kind.CIVIL_SOCIETY, name="Child Helpline Network", slug="helplines"
    )
    parents = SourceFactory(kind=Source.Kind.CIVIL_SOCIETY, name="Parents", slug="parents")
    people = {
        "anonymous": AnonymousUser(),
        "own_member": member_of("Delegate", username="italy"),
        "own_non_member": member_of("Delegate", username="helplines"),
        "other_member": member_of("Delegate", username="israel"),
        "other_non_member": member_of("Delegate", username="parents"),
        "chair": member_of("Chair", username="chair"),
        "secretariat": member_of("Secretariat", username="secretary"),
        "inactive_own_member": member_of("Delegate", username="gone", is_active=False),
    }
    italy.delegates.add(people["own_member"], people["inactive_own_member"])
    helplines.delegates.add(people["own_non_member"])
    israel.delegates.add(people["other_member"])
    parents.delegates.add(people["other_non_member"])
    return {"people": people, "sources": [italy, helplines]}


@pytest.fixture
def rows(meeting, roles):
    """(status, document access, file access) -> the file of a document in that state."""
    files = {}
    for sequence, (status, document_access, file_access) in enumerate(
        itertools.product(DocumentStatus, ACCESS_LEVELS, ACCESS_LEVELS), start=1
    ):
        public = status in DocumentStatus.PUBLIC
        # Every row numbered, so that the published ones meet the constraints.
        document = DocumentFactory(
            meeting=meeting,
            sources=roles["sources"],
            status=status,
            access=document_access,
            sequence=sequence,
            number=f"{meeting.code}/INF/{sequence}",
            published_at=timezone.now() if public else None,
        )
        files[status, document_access, file_access] = DocumentFile.objects.create(
            document=document,
            language="en",
            file=f"documents/{sequence}.pdf",
            original_name=f"{sequence}.pdf",
            size=1,
            sha256=f"{sequence:064d}",
            content_type="application/pdf",
            access=file_access,
        )
    return files


def _audience_files(user, files):
    return visibility.files_seen_by(visibility.audience(user), files)


def _audience_sees(user, document_file):
    return visibility.audience_sees_file(visibility.audience(user), document_file)


def _audience_documents(user, documents):
    return visibility.documents_seen_by(visibility.audience(user), documents)


def _audience_sees_document(user, document):
    return visibility.audience_sees_document(visibility.audience(user), document)


# question -> (what it is asked of, queryset, predicate)
QUESTIONS = {
    "document": ("document", visibility.documents_readable_by, visibility.can_view_document.test),
    "file": ("file", visibility.files_readable_by, visibility.can_download_file.test),
    "members_text": (
        "document",
        visibility.members_text_readable_by,
        visibility.can_read_restricted.test,
    ),
    "document_text": (
        "document",
        visibility.document_text_readable_by,
        visibility.can_read_document_text.test,
    ),
    "file_text": ("file", visibility.file_text_readable_by, visibility.can_read_file_text.test),
    "audience_documents": ("document", _audience_documents, _audience_sees_document),
    "audience_files": ("file", _audience_files, _audience_sees),
}


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_predicate_agrees_with_queryset_for_every_role_and_state(roles, rows, question):
    asked_of, queryset, predicate = QUESTIONS[question]
    disagreements = []

    for role in ROLES:
        user = roles["people"][role]
        if asked_of == "file":
            found = set(queryset(user, DocumentFile.objects.all()).values_list("pk", flat=True))
        else:
            found = set(queryset(user, Document.objects.all()).values_list("pk", flat=True))
        for (status, document_access, file_access), document_file in rows.items():
            target = document_file if asked_of == "file" else document_file.document
            says = bool(predicate(user, target))
            if says != (target.pk in found):
                disagreements.append(
                    f"{role}, {status}, document {document_access}, file {file_access}: "
                    f"predicate {says}, queryset {not says}"
                )

    assert disagreements == []


def _readers(roles, rows, question, state):
    asked_of, _queryset, predicate = QUESTIONS[question]
    document_file = rows[state]
    target = document_file if asked_of == "file" else document_file.document
    return [role for role in ROLES if predicate(roles["people"][role], target)]


INSIDERS = ["own_member", "own_non_member", "chair", "secretariat"]
MEMBERS_ROLES = ["own_member", "other_member", "chair", "secretariat"]


def test_a_published_public_file_is_read_by_everyone(roles, rows):
    assert _readers(roles, rows, "file", ("published", PUBLIC, PUBLIC)) == ROLES


def test_a_members_only_file_of_a_published_document_is_read_by_members_and_its_delegates(
    roles, rows
):
    readers = _readers(roles, rows, "file", ("published", PUBLIC, MEMBERS))

    assert readers == ["own_member", "own_non_member", "other_member", "chair", "secretariat"]


def test_a_public_file_of_a_members_only_document_is_members_only(roles, rows):
    readers = _readers(roles, rows, "file", ("published", MEMBERS, PUBLIC))

    assert readers == ["own_member", "own_non_member", "other_member", "chair", "secretariat"]


def test_a_draft_is_read_by_its_delegates_and_the_secretariat_and_chair_only(roles, rows):
    assert _readers(roles, rows, "document", ("draft", PUBLIC, PUBLIC)) == INSIDERS
    assert _readers(roles, rows, "file", ("draft", MEMBERS, MEMBERS)) == INSIDERS


def test_a_superseded_document_is_readable_but_not_listed(roles, rows):
    document = rows["superseded", PUBLIC, PUBLIC].document

    assert _readers(roles, rows, "document", ("superseded", PUBLIC, PUBLIC)) == ROLES
    assert Document.objects.listed().filter(pk=document.pk).exists() is False


def test_an_inactive_delegate_reads_what_the_public_reads(roles, rows):
    inactive = roles["people"]["inactive_own_member"]

    assert visibility.audience(inactive) == visibility.PUBLIC_AUDIENCE
    assert list(visibility.files_readable_by(inactive).order_by("pk")) == list(
        visibility.files_readable_by(AnonymousUser()).order_by("pk")
    )


def test_audiences_by_role(roles):
    people = roles["people"]

    audiences = {role: visibility.audience(people[role]) for role in ROLES}

    assert audiences == {
        "anonymous": "public",
        "own_member": "members",
        "own_non_member": f"user-{people['own_non_member'].pk}",
        "other_member": "members",
        "other_non_member": f"user-{people['other_non_member'].pk}",
        "chair": "members",
        "secretariat": "members",
        "inactive_own_member": "public",
    }


@pytest.mark.parametrize("role", ROLES)
def test_an_audience_sees_on_the_public_pages_what_each_of_its_people_may_read(roles, rows, role):
    user = roles["people"][role]
    public_files = DocumentFile.objects.filter(document__status__in=DocumentStatus.PUBLIC)

    seen = set(visibility.files_seen_by(visibility.audience(user)))

    assert seen == set(visibility.files_readable_by(user, public_files))


def test_no_such_audience_is_refused():
    with pytest.raises(ValueError, match="No such audience"):
        visibility.files_seen_by("everyone")

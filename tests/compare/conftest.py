"""Three public versions of one information document, CWG-COP-40/INF/7 and its Rev.1 and
Add.1, with English text, and the people who may or may not read a members-only one."""

import hashlib

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile

from contributions.models import Document, DocumentFile, DocumentRelation, Source
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory, UserFactory

ORIGINAL_TEXT = "\n".join(
    [
        "Report on helplines",
        "Helplines answered 1200 calls \nin the first quarter.",
        "The survey covered ten countries.",
        "Volunteers were trained in March.",
        "Next steps are set out below.",
        "Funding is asked for two more years.",
    ]
)
# The second paragraph changed, the third deleted, one inserted after the fourth.
REVISED_TEXT = "\n".join(
    [
        "Report on helplines",
        "Helplines answered 1500 calls \nin the first quarter.",
        "Volunteers were trained in March.",
        "A new helpline opened in Rome.",
        "Next steps are set out below.",
        "Funding is asked for two more years.",
    ]
)
ADDENDUM_TEXT = "Report on helplines\nAn annex lists the helplines by country."


def attach(document: Document, text: str, *, language: str = "en", **fields) -> DocumentFile:
    content = f"%PDF-1.4 {document.number} {language}\n{text}".encode()
    return DocumentFile.objects.create(
        document=document,
        language=language,
        file=ContentFile(content, name=f"file-{language}.pdf"),
        original_name=f"helplines-{language}.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type="application/pdf",
        text=text,
        extraction_status=DocumentFile.Extraction.DONE,
        **fields,
    )


@pytest.fixture(autouse=True)
def _nothing_queued():
    """A build asked for is marked in the cache, which outlives a test's storage."""
    cache.clear()


@pytest.fixture
def italy():
    return SourceFactory(kind=Source.Kind.MEMBER_STATE, name="Italy", slug="italy", country="IT")


@pytest.fixture
def versions(italy):
    """The original (superseded), its revision 1 and an addendum to the revision."""
    meeting = MeetingFactory(number=40)

    def document(**fields):
        return DocumentFactory(meeting=meeting, published=True, sources=[italy], **fields)

    original = document(sequence=7, number="CWG-COP-40/INF/7", status=Document.Status.SUPERSEDED)
    revision = document(sequence=7, revision=1, number="CWG-COP-40/INF/7(Rev.1)")
    addendum = document(number="CWG-COP-40/INF/7(Rev.1)(Add.1)", sequence=None)
    DocumentRelation.objects.create(
        document=addendum, target=revision, kind=DocumentRelation.Kind.ADDENDUM
    )
    attach(original, ORIGINAL_TEXT)
    attach(revision, REVISED_TEXT)
    attach(addendum, ADDENDUM_TEXT)
    return original, revision, addendum


@pytest.fixture
def people(italy):
    """Who reads members-only files and who does not."""
    other_source = SourceFactory(name="Child Helpline Network", slug="helplines")
    secretariat = UserFactory(username="secretary")
    secretariat.groups.add(Group.objects.get_or_create(name="Secretariat")[0])
    member = UserFactory(username="delegate-france")
    SourceFactory(kind=Source.Kind.MEMBER_STATE, name="France", slug="france", country="FR")
    Source.objects.get(slug="france").delegates.add(member)
    outsider = UserFactory(username="delegate-helplines")
    other_source.delegates.add(outsider)
    return {"anonymous": None, "outsider": outsider, "member": member, "secretariat": secretariat}

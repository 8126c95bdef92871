import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile

from contributions.models import Document, DocumentEvent, DocumentFile, DocumentRelation
from contributions.search import refresh_search_index
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    OutcomeFactory,
    PresentationFactory,
    SourceFactory,
    TopicFactory,
)

SITE = "https://documents.example.org"
# Written into every field of what the public must not see.
CANARY = "CANARY-7f3a"
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _api_settings(settings):
    """Links from a known address; a limit no test reaches unless it sets its own; the
    rate counters of earlier tests forgotten."""
    settings.SITE_URL = SITE
    settings.API_RATE_LIMIT = "100000/min"
    cache.clear()
    yield
    cache.clear()


def at(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2025, 1, day, hour, tzinfo=UTC)


def add_file(document: Document, language: str, name: str, body: bytes = b"%PDF-1.4\n%%EOF\n"):
    return DocumentFile.objects.create(
        document=document,
        language=language,
        file=ContentFile(body, name=name),
        original_name=name,
        size=len(body),
        sha256=f"{language}" * 32,
        content_type="application/pdf",
        text=f"extracted text {CANARY}",
    )


class Archive:
    """Meeting 30 (1 and 2 January 2025) with a published document of Italy and a partner, its
    revision, an accepted (not yet public) document, and the programme around them."""

    def __init__(self):
        self.meeting = MeetingFactory(number=30, venue="Geneva")
        self.item = AgendaItemFactory(meeting=self.meeting, order=1, title="Contributions")
        self.italy = MemberStateFactory()
        self.partner = SourceFactory(slug="partner", name="Partner", kind="un_body")
        self.topic = TopicFactory(slug="safety", name="Safety")
        self.document = DocumentFactory(
            meeting=self.meeting,
            kind=Document.Kind.CONTRIBUTION,
            status=Document.Status.PUBLISHED,
            number="CWG-COP-30/3(Rev.1)",
            sequence=3,
            revision=1,
            title="Safety by design",
            summary="What platforms should do.",
            languages="en fr",
            document_date=datetime.date(2025, 1, 1),
            published_at=at(3),
            agenda_item=self.item,
            sources=[self.italy, self.partner],
        )
        self.document.topics.add(self.topic)
        self.english = add_file(self.document, "en", "safety-en.pdf")
        add_file(self.document, "fr", "safety-fr.pdf")
        self.original = DocumentFactory(
            meeting=self.meeting,
            kind=Document.Kind.CONTRIBUTION,
            status=Document.Status.SUPERSEDED,
            number="CWG-COP-30/3",
            sequence=3,
            revision=0,
            title="Safety by design (first version)",
            published_at=at(2),
            sources=[self.italy],
        )
        self.hidden = DocumentFactory(
            meeting=self.meeting,
            kind=Document.Kind.CONTRIBUTION,
            status=Document.Status.ACCEPTED,
            number=f"CWG-COP-30/4{CANARY}",
            sequence=4,
            title=f"Not yet published {CANARY}",
            summary=CANARY,
            agenda_item=self.item,
            sources=[self.italy],
        )
        add_file(self.hidden, "en", f"{CANARY}.pdf")
        self.answer = DocumentFactory(
            meeting=self.meeting,
            status=Document.Status.PUBLISHED,
            number="CWG-COP-30/INF/1",
            sequence=1,
            title="An answer",
            document_date=datetime.date(2025, 1, 5),
            published_at=at(5),
            sources=[self.partner],
        )
        DocumentRelation.objects.create(
            document=self.answer, target=self.document, kind=DocumentRelation.Kind.ANSWERS
        )
        DocumentRelation.objects.create(
            document=self.document, target=self.hidden, kind=DocumentRelation.Kind.CITES
        )
        DocumentRelation.objects.create(
            document=self.hidden, target=self.document, kind=DocumentRelation.Kind.CITES
        )
        for day, before, after, reason in [
            (2, "accepted", "published", ""),
            (3, "published", "accepted", f"A wrong file {CANARY}"),
            (4, "accepted", "published", ""),
        ]:
            DocumentEvent.objects.create(
                document=self.document,
                at=at(day),
                from_status=before,
                to_status=after,
                reason=reason,
            )
        DocumentEvent.objects.create(
            document=self.hidden, at=at(2), from_status="submitted", to_status="accepted"
        )
        self.presented = PresentationFactory(
            meeting=self.meeting,
            order=1,
            document=self.document,
            agenda_item=self.item,
            summary="Italy presented it.",
        )
        self.presented.presenters.add(self.italy)
        self.not_yet = PresentationFactory(
            meeting=self.meeting,
            order=2,
            document=self.hidden,
            agenda_item=None,
            summary="",
        )
        self.action = OutcomeFactory(
            meeting=self.meeting, order=1, text="Italy reports back.", due_date=None
        )
        self.action.responsible.add(self.italy)
        self.done = OutcomeFactory(
            meeting=self.meeting, order=2, text="Done already.", status="done"
        )
        refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))


def summary(archive, document) -> dict:
    """What the list says of the archive's two listed documents."""
    italy = {"slug": "italy", "name": "Italy", "kind": "member_state", "country": "IT"}
    partner = {"slug": "partner", "name": "Partner", "kind": "un_body", "country": None}
    meeting = {"number": 30, "code": "CWG-COP-30"}
    if document == archive.document:
        return {
            "id": document.pk,
            "number": "CWG-COP-30/3(Rev.1)",
            "title": "Safety by design",
            "titles": [],
            "kind": "contribution",
            "status": "published",
            "access": "public",
            "meeting": meeting,
            "group": "cwg-cop",
            "agenda_item": {"order": 1, "title": "Contributions"},
            "sources": [italy, partner],
            "languages": ["en", "fr"],
            "date": "2025-01-01",
            "published_at": "2025-01-03T09:00:00Z",
            "from_archive": False,
            "url": f"{SITE}/en/cwg-cop/documents/CWG-COP-30/3(Rev.1)/",
            "api_url": f"{SITE}/api/v1/documents/{document.pk}",
        }
    return {
        "id": document.pk,
        "number": "CWG-COP-30/INF/1",
        "title": "An answer",
        "titles": [],
        "kind": "information",
        "status": "published",
        "access": "public",
        "meeting": meeting,
        "group": "cwg-cop",
        "agenda_item": None,
        "sources": [partner],
        "languages": [],
        "date": "2025-01-05",
        "published_at": "2025-01-05T09:00:00Z",
        "from_archive": False,
        "url": f"{SITE}/en/cwg-cop/documents/CWG-COP-30/INF/1/",
        "api_url": f"{SITE}/api/v1/documents/{document.pk}",
    }


@pytest.fixture
def archive(db) -> Archive:
    return Archive()

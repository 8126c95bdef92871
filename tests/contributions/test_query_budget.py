"""Every public page runs as many queries with 50 rows as with one, and at most ten."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions.models import Document, DocumentFile, DocumentRelation, Source
from contributions.regions import ITU_REGION_BY_COUNTRY
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

pytestmark = pytest.mark.django_db

# A meeting page is the richest: a page of its documents (keys, rows, sources, titles), their
# counts by kind and by agenda item, the filter's choices, a page of its presentations (with
# presenters and titles), its outcomes, the actions carried forward and its documents
# grouped by kind (rows, titles, files); one query each, whatever the number of rows. Two
# more name the groups and the groups of the meetings its documents link to.
MAX_QUERIES = 29
OTHER_COUNTRIES = [code for code in ITU_REGION_BY_COUNTRY if code != "IT"]


class Rows:
    """A meeting whose every list has `count` rows: documents, countries, presentations..."""

    def __init__(self):
        self.meeting = MeetingFactory(number=1)
        self.item = AgendaItemFactory(meeting=self.meeting, order=1)
        self.topic = TopicFactory(slug="topic-a", name="Topic A")
        self.italy = MemberStateFactory()
        self.partner = SourceFactory(slug="partner", name="Partner")
        self.first = None
        self.count = 0

    def add(self, count: int) -> None:
        for _ in range(count):
            index = self.count
            self.count += 1
            code = OTHER_COUNTRIES[index]
            state = Source.objects.create(
                kind=Source.Kind.MEMBER_STATE,
                name=f"State {code}",
                slug=f"state-{code.lower()}",
                country=code,
                itu_region=ITU_REGION_BY_COUNTRY[code],
            )
            document = DocumentFactory(
                meeting=self.meeting,
                published=True,
                agenda_item=self.item,
                sources=[self.italy, self.partner, state],
            )
            document.topics.add(self.topic)
            for language in ("en", "fr"):
                DocumentFile.objects.create(
                    document=document,
                    language=language,
                    file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"{index}-{language}.pdf"),
                    original_name=f"{index}-{language}.pdf",
                    size=15,
                    sha256="0" * 64,
                    content_type="application/pdf",
                )
            presentation = PresentationFactory(
                meeting=self.meeting, document=document, agenda_item=self.item, order=index + 1
            )
            presentation.presenters.add(self.italy, self.partner)
            outcome = OutcomeFactory(meeting=self.meeting, order=index + 1)
            outcome.responsible.add(self.italy, self.partner)
            MeetingFactory(number=100 + index)
            if self.first is None:
                self.first = document
            else:
                DocumentRelation.objects.create(
                    document=document, target=self.first, kind=DocumentRelation.Kind.ANSWERS
                )
                DocumentRelation.objects.create(
                    document=self.first, target=document, kind=DocumentRelation.Kind.REVISES
                )
        refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))


# Meeting 1 of the factories is held in 2010: its documents are dated then.
FILTERED = (
    "/en/cwg-cop/documents/?country=IT&topic=topic-a&kind=information&language=en&presentation=presented"
    "&year=2010&meeting=1&source_kind=member_state&region=europe&sort=title"
)
PAGES = [
    "/en/cwg-cop/",
    "/en/cwg-cop/documents/",
    FILTERED,
    "/en/cwg-cop/documents/?q=Information",
    "/en/cwg-cop/documents/?q=Information&country=IT&sort=number",
    "document",
    "/en/countries/",
    "/en/countries/it/",
    "/en/cwg-cop/meetings/",
    "/en/cwg-cop/meetings/1/",
    "/en/sources/partner/",
    "/en/cwg-cop/topics/",
    "/en/cwg-cop/topics/topic-a/",
    "/en/cwg-cop/feeds/documents.atom",
    "/en/cwg-cop/feeds/documents.atom?country=IT",
    "/en/cwg-cop/documents.csv?country=IT",
    "/en/cwg-cop/documents.json?q=Information",
]


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries), response


def _queries_of_each(client, urls: dict[str, str]) -> tuple[dict[str, int], dict[str, object]]:
    counted, responses = {}, {}
    for page, url in urls.items():
        counted[page], responses[page] = _queries(client, url)
    return counted, responses


def test_public_pages_queries_same_with_one_and_fifty_rows(client, db):
    """Every page of PAGES, by its address: one set of rows for all, as fifty of them cost
    each page's test most of its time."""
    rows = Rows()
    rows.add(1)
    urls = {page: page for page in PAGES if page != "document"}
    one_row, _responses = _queries_of_each(client, urls)
    # A document's page reads its relations only when it has some: it starts with one of
    # each, and is compared with one that has 49.
    rows.add(1)
    urls["document"] = rows.first.get_absolute_url()
    one_row["document"], _response = _queries(client, urls["document"])
    rows.add(50 - rows.count)

    fifty_rows, responses = _queries_of_each(client, urls)

    assert fifty_rows == one_row
    assert {page: count for page, count in fifty_rows.items() if count > MAX_QUERIES} == {}
    lists = [page for page in PAGES if page.startswith("/en/cwg-cop/documents/?")]
    listed = {page: len(responses[page].context["documents"]) for page in lists}
    assert listed == dict.fromkeys(lists, 50)

"""A document's page reads everything it shows in a fixed number of queries, however many
sources, files, relations and revisions the document has; what it has none of, it does not
read at all."""

import re

import pytest
from django.core.files.base import ContentFile

from contributions.models import Document, DocumentFile, DocumentRelation, DocumentTitle
from related.models import SimilarDocument
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    PresentationFactory,
    SourceFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# The row with its meeting and agenda item, and in it its sources, topics, titles and
# documents with similar content; its other meetings; its relations both ways; its
# programme; its other revisions; the files of all of them; the files of its versions with
# text, for the links comparing it with them; the working groups, and the groups of the
# meetings of the documents it links to.
DOCUMENT_PAGE_QUERIES = 9
# A document with none of the things most documents lack (other meetings, a programme,
# relations, revisions): the row says so, and they are not read. The row, its files, the
# working groups and the groups of the meetings it links to.
PLAIN_DOCUMENT_PAGE_QUERIES = 4


def _file(document: Document, language: str) -> None:
    DocumentFile.objects.create(
        document=document,
        language=language,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"{document.pk}-{language}.pdf"),
        original_name=f"{document.pk}-{language}.pdf",
        size=15,
        sha256="0" * 64,
        content_type="application/pdf",
    )


def _document_with(count: int) -> Document:
    """A published revision 1 with `count` of each thing its page lists."""
    meeting = MeetingFactory(number=1)
    sources = [MemberStateFactory()] + [
        SourceFactory(slug=f"partner-{index}", name=f"Partner {index}") for index in range(count)
    ]
    original = DocumentFactory(
        meeting=meeting, published=True, status=Document.Status.SUPERSEDED, sources=sources
    )
    document = DocumentFactory(
        meeting=meeting,
        published=True,
        sequence=original.sequence,
        revision=1,
        number=f"{original.number}(Rev.1)",
        sources=sources,
    )
    later = DocumentFactory(
        meeting=meeting,
        published=True,
        sequence=original.sequence,
        revision=2,
        number=f"{original.number}(Rev.2)",
    )
    for language in ("en", "fr", "es")[:count]:
        _file(original, language)
        _file(document, language)
        _file(later, language)
        DocumentTitle.objects.create(document=document, language=language, title="Titre")
    for index in range(count):
        document.topics.add(TopicFactory(slug=f"topic-{index}", name=f"Topic {index}"))
        document.other_meetings.add(MeetingFactory(number=10 + index))
        other = DocumentFactory(meeting=meeting, published=True)
        DocumentRelation.objects.create(
            document=document, target=other, kind=DocumentRelation.Kind.CITES
        )
        DocumentRelation.objects.create(
            document=other, target=document, kind=DocumentRelation.Kind.ANSWERS
        )
        PresentationFactory(meeting=meeting, document=document, order=index + 1)
    return document


@pytest.mark.parametrize("count", [1, 3])
def test_document_page_queries_fixed_whatever_it_holds(
    client, settings, django_assert_num_queries, count
):
    # Cold: nothing kept, neither the page nor the document read for it.
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 0
    document = _document_with(count)

    address = document.get_absolute_url()

    with django_assert_num_queries(DOCUMENT_PAGE_QUERIES):
        response = client.get(address)

    assert response.status_code == 200
    assert [revision.revision for revision in response.context["document"].revision_list] == [
        0,
        2,
    ]
    assert len(response.context["related"]) == 2 * count
    assert len(response.context["files"]) == count


def test_a_document_without_relations_revisions_or_programme_reads_none_of_them(
    client, settings, django_assert_num_queries
):
    # Most documents have none of these: the row says so and nothing more is asked.
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 0
    document = DocumentFactory(meeting=MeetingFactory(number=1), published=True)
    _file(document, "en")

    with django_assert_num_queries(PLAIN_DOCUMENT_PAGE_QUERIES):
        response = client.get(document.get_absolute_url())

    assert response.status_code == 200
    context = response.context
    assert (context["related"], context["other_titles"], context["document"].revision_list) == (
        [],
        [],
        [],
    )
    assert (context["document"].other_meeting_list, context["document"].programme) == ([], [])
    assert [file.language for file in context["files"]] == ["en"]


def test_a_document_s_sources_topics_titles_and_similar_documents_come_with_its_row(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 0
    meeting = MeetingFactory(number=21)
    partner = SourceFactory(slug="partner", name="Partner")
    document = DocumentFactory(
        meeting=meeting, published=True, sources=[partner, MemberStateFactory()]
    )
    for slug, name in (("gaming", "Online gaming"), ("age", "Age verification")):
        document.topics.add(TopicFactory(slug=slug, name=name))
    DocumentTitle.objects.create(document=document, language="fr", title="Les jeux en ligne")
    first = DocumentFactory(meeting=meeting, published=True)
    second = DocumentFactory(meeting=meeting, published=True)
    withdrawn = DocumentFactory(meeting=meeting, published=True)
    for rank, similar, words in (
        (1, second, ["loot", "boxes"]),
        (2, withdrawn, ["gambling"]),
        (3, first, []),
    ):
        SimilarDocument.objects.create(
            document=document, similar=similar, rank=rank, score=1 / rank, shared_words=words
        )
    # Unpublished since the list was computed: named no more.
    Document.objects.filter(pk=withdrawn.pk).update(status=Document.Status.ACCEPTED)

    with django_assert_num_queries(PLAIN_DOCUMENT_PAGE_QUERIES):
        response = client.get(document.get_absolute_url())

    page = response.content.decode()
    assert re.findall(r'/topics/[a-z-]+/">([^<]+)</a>', page) == [
        "Age verification",
        "Online gaming",
    ]
    assert '<a href="/en/sources/partner/">Partner</a></bdi> and <bdi class="list-name">' in page
    assert '<span class="muted">French:</span> <span lang="fr" dir="ltr">Les jeux en ligne' in page
    similar_list = page[page.index('<ul class="similar-documents">') :]
    similar_list = similar_list[: similar_list.index("</ul>")]
    assert re.findall(r"<a href=\"[^\"]+\"><bdi>([^<]+)</bdi></a>", similar_list) == [
        second.number,
        first.number,
    ]
    assert similar_list.count("(<bdi>CWG-COP-21</bdi>)") == 2
    assert "Words in common: <bdi>loot</bdi>, <bdi>boxes</bdi>" in similar_list
    assert withdrawn.number not in similar_list

    with django_assert_num_queries(PLAIN_DOCUMENT_PAGE_QUERIES):
        french = client.get(document.get_absolute_url().replace("/en/", "/fr/", 1))
    assert "<h1>Les jeux en ligne</h1>" in french.content.decode()

"""The lists of similar documents when what the public may read of a document's text changes:
a file or the document made members only, or public again. The lists that showed its words
are dropped in the same transaction, and the worker computes them again after the commit."""

import pytest
from django.core.files.base import ContentFile

from contributions import services
from contributions.models import AccessLevel, Document, DocumentFile
from contributions.search import refresh_search_index
from related.services import refresh_similar, refresh_word_frequencies
from tests.contributions.conftest import member_of
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.postgresql

HEADING = "Documents with similar content"
# Words found in the files of two documents only.
FILE_TEXT = "Quokkaborough platypusville echidnaford"


def _with_file(document, text: str) -> DocumentFile:
    return DocumentFile.objects.create(
        document=document,
        language="en",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="census.pdf"),
        original_name="census.pdf",
        size=15,
        sha256=f"{document.pk:064d}",
        content_type="application/pdf",
        text=text,
    )


def _compute(documents) -> None:
    refresh_search_index(document_ids=[document.pk for document in documents])
    refresh_word_frequencies()
    for document in documents:
        refresh_similar(document_id=document.pk, neighbours=False)


def _similar(client, document) -> list[tuple[str, list[str]]]:
    """What the API shows of the document's similar documents: their numbers and the words
    in common."""
    similar = client.get(f"/api/v1/documents/{document.pk}").json()["similar"]
    return [(row["number"], row["shared_words"]) for row in similar]


def _similar_part(client, document) -> str:
    """The part of the document's public page that lists the similar documents."""
    page = client.get(document.get_absolute_url()).content.decode()
    return page[page.index(HEADING) :] if HEADING in page else ""


@pytest.fixture
def census():
    """Two public documents whose titles share two words and whose files share three, and
    six others on nothing in particular; their lists computed."""
    meeting = MeetingFactory(number=21)
    first = DocumentFactory(meeting=meeting, published=True, title="Wombat census Alpha")
    second = DocumentFactory(meeting=meeting, published=True, title="Wombat census Beta")
    others = [
        DocumentFactory(meeting=meeting, published=True, title=f"Other {n}", summary="Else.")
        for n in range(6)
    ]
    files = [_with_file(first, FILE_TEXT), _with_file(second, FILE_TEXT)]
    _compute([first, second, *others])
    return first, second, files


@postgresql
def test_a_file_made_members_only_leaves_the_words_in_common_of_its_document_at_once(
    client, census, django_capture_on_commit_callbacks
):
    first, second, (first_file, _second_file) = census
    assert _similar(client, first) == [
        (second.number, ["census", "wombat", "echidnaford", "platypusvill", "quokkaborough"])
    ]
    secretary = member_of("Secretariat", username="secretary")

    with django_capture_on_commit_callbacks() as waiting:
        services.set_file_access(document_file=first_file, access="members", by=secretary)

    # Before the worker has run: no list rather than words of the members-only file.
    assert _similar(client, first) == []
    assert _similar_part(client, first) == ""

    for callback in waiting:
        callback()
    assert _similar(client, first) == [(second.number, ["census", "wombat"])]
    similar_part = _similar_part(client, first)
    assert f"<bdi>{second.number}</bdi>" in similar_part
    assert "quokkaborough" not in similar_part.lower()


@postgresql
def test_the_lists_naming_a_document_whose_file_is_made_members_only_lose_its_words_at_once(
    client, census, django_capture_on_commit_callbacks
):
    first, second, (first_file, _second_file) = census
    assert _similar(client, second) == [
        (first.number, ["census", "wombat", "echidnaford", "platypusvill", "quokkaborough"])
    ]
    secretary = member_of("Secretariat", username="secretary")

    with django_capture_on_commit_callbacks() as waiting:
        services.set_file_access(document_file=first_file, access="members", by=secretary)

    # The second document's file is public: its words are in common only with members-only
    # text now, which its list does not tell.
    assert _similar(client, second) == []
    assert _similar_part(client, second) == ""

    for callback in waiting:
        callback()
    assert _similar(client, second) == [(first.number, ["census", "wombat"])]
    assert "quokkaborough" not in _similar_part(client, second).lower()


@postgresql
def test_a_file_made_public_brings_its_words_into_the_lists(
    client, census, django_capture_on_commit_callbacks
):
    first, second, (first_file, _second_file) = census
    DocumentFile.objects.filter(pk=first_file.pk).update(access=AccessLevel.MEMBERS)
    _compute([first, second])
    assert _similar(client, first) == [(second.number, ["census", "wombat"])]
    secretary = member_of("Secretariat", username="secretary")

    with django_capture_on_commit_callbacks(execute=True):
        services.set_file_access(
            document_file=DocumentFile.objects.get(pk=first_file.pk), access="public", by=secretary
        )

    words = ["census", "wombat", "echidnaford", "platypusvill", "quokkaborough"]
    assert _similar(client, first) == [(second.number, words)]
    assert _similar(client, second) == [(first.number, words)]


@pytest.fixture
def wombats():
    """Seven public documents whose titles share two words (and ten on other subjects, so
    that these words still tell something): the first and the second share two more in
    their summaries, so that the second comes first in the first's list of five."""
    meeting = MeetingFactory(number=21)
    first, second = (
        DocumentFactory(
            meeting=meeting,
            published=True,
            title=f"Wombat census {name}",
            summary="Quokkaborough platypusville.",
        )
        for name in ("Alpha", "Beta")
    )
    others = [
        DocumentFactory(meeting=meeting, published=True, title=f"Wombat census {name}")
        for name in ("Gamma", "Delta", "Epsilon", "Zeta", "Theta")
    ]
    unrelated = [
        DocumentFactory(meeting=meeting, published=True, title=f"Loot boxes {name}")
        for name in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon")
    ] + [
        DocumentFactory(meeting=meeting, published=True, title=f"Helplines {name}")
        for name in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon")
    ]
    _compute([first, second, *others, *unrelated])
    return first, second, others


def _named(client, document) -> list[str]:
    return [number for number, _words in _similar(client, document)]


def test_a_document_made_members_only_leaves_the_lists_that_named_it_for_the_next_in_line(
    client, wombats, django_capture_on_commit_callbacks
):
    first, second, others = wombats
    assert _named(client, first) == [second.number, *(other.number for other in others[:4])]
    secretary = member_of("Secretariat", username="secretary")

    with django_capture_on_commit_callbacks() as waiting:
        services.update_document(
            document=second, by=secretary, changes={"access": AccessLevel.MEMBERS}
        )

    assert _named(client, first) == [other.number for other in others[:4]]
    assert _similar(client, second) == []

    for callback in waiting:
        callback()
    # Computed again: the fifth document on wombats takes its place.
    assert _named(client, first) == [other.number for other in others]
    assert second.number not in _similar_part(client, first)
    assert _similar(client, second) == []


def test_a_document_made_public_has_its_list_and_is_named(
    client, wombats, django_capture_on_commit_callbacks
):
    first, second, others = wombats
    Document.objects.filter(pk=second.pk).update(access=AccessLevel.MEMBERS)
    _compute([first, second])
    assert (_named(client, first), _similar(client, second)) == (
        [other.number for other in others],
        [],
    )
    secretary = member_of("Secretariat", username="secretary")

    with django_capture_on_commit_callbacks(execute=True):
        services.update_document(
            document=Document.objects.get(pk=second.pk),
            by=secretary,
            changes={"access": AccessLevel.PUBLIC},
        )

    assert _named(client, second) == [first.number, *(other.number for other in others[:4])]
    assert _named(client, first) == [second.number, *(other.number for other in others[:4])]

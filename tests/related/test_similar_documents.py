"""Documents with similar content: the list on a public document's page and in the API."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions import services as contributions_services
from contributions.models import AccessLevel, Document, DocumentFile
from contributions.search import refresh_search_index
from contributions.services import extract_file_text
from related.models import SimilarDocument
from related.selectors import similar_documents
from related.services import refresh_similar, refresh_word_frequencies
from tests.contributions.conftest import member_of
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db
postgresql = pytest.mark.postgresql

SUBJECTS = {
    "bullying": ("Cyberbullying harassment in schools", "Pupils bullied by classmates online."),
    "age": ("Age verification on platforms", "Checking the age of users before sign-up."),
    "helpline": ("Helplines and hotlines for reporting", "Counsellors answer calls at night."),
    "games": ("Gaming loot boxes and gambling", "Video game purchases by minors."),
}


def _documents(meeting, **extra) -> dict[str, list[Document]]:
    """Three public documents on each subject."""
    made = {}
    for subject, (title, summary) in SUBJECTS.items():
        made[subject] = [
            DocumentFactory(
                meeting=meeting, published=True, title=f"{title} {index}", summary=summary, **extra
            )
            for index in (1, 2, 3)
        ]
    return made


def _compute(documents) -> None:
    refresh_search_index(document_ids=[document.pk for document in documents])
    refresh_word_frequencies()
    for document in documents:
        refresh_similar(document_id=document.pk, neighbours=False)


def _named(document) -> list[str]:
    return [row.similar.number for row in similar_documents(document)]


@pytest.fixture
def subjects():
    made = _documents(MeetingFactory(number=21))
    _compute([document for group in made.values() for document in group])
    return made


@postgresql
def test_a_list_names_the_documents_on_the_same_subject_first_with_the_words_they_share(
    subjects,
):
    first, second, third = subjects["age"]

    rows = similar_documents(first)

    assert {row.similar.number for row in rows[:2]} == {second.number, third.number}
    assert set(rows[0].shared_words[:3]) == {"age", "verification", "platforms"}
    assert rows[0].similar.meeting.code == "CWG-COP-21"
    # Documents on another subject share no word that tells: they are not listed.
    assert len(rows) == 2


@postgresql
def test_a_revision_and_its_original_are_each_others_first(subjects):
    original = subjects["helpline"][0]
    revision = DocumentFactory(
        meeting=original.meeting,
        published=True,
        sequence=original.sequence,
        revision=1,
        number=f"{original.number}(Rev.1)",
        title=original.title,
        summary=original.summary,
    )
    refresh_search_index(document_ids=[revision.pk])

    refresh_similar(document_id=revision.pk)

    assert _named(revision)[0] == original.number
    assert _named(original)[0] == revision.number


@postgresql
def test_members_only_and_unpublished_documents_are_never_named(subjects):
    meeting = subjects["games"][0].meeting
    hidden = [
        DocumentFactory(
            meeting=meeting,
            published=True,
            access=AccessLevel.MEMBERS,
            title="Gaming loot boxes and gambling 4",
            summary="Video game purchases by minors.",
        ),
        DocumentFactory(
            meeting=meeting,
            status=Document.Status.ACCEPTED,
            title="Gaming loot boxes and gambling 5",
            summary="Video game purchases by minors.",
        ),
    ]
    _compute(subjects["games"] + hidden)
    shown = subjects["games"][0]

    assert _named(shown) == [subjects["games"][1].number, subjects["games"][2].number] or (
        _named(shown) == [subjects["games"][2].number, subjects["games"][1].number]
    )
    assert [similar_documents(document) for document in hidden] == [[], []]
    assert not SimilarDocument.objects.filter(document__in=hidden).exists()

    # Unpublished after the list was computed: left out at once, before any recomputing.
    Document.objects.filter(pk=subjects["games"][1].pk).update(status=Document.Status.ACCEPTED)

    assert _named(shown) == [subjects["games"][2].number]


@postgresql
def test_the_page_shows_the_list_read_with_the_document(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 0
    made = _documents(MeetingFactory(number=21))
    document, other, third = made["bullying"]
    _compute([document])
    with CaptureQueriesContext(connection) as without_list:
        client.get(document.get_absolute_url())
    _compute(made["bullying"] + made["age"])

    with django_assert_num_queries(1):
        rows = similar_documents(document)
    assert len(rows) == 2
    with django_assert_num_queries(len(without_list)):
        response = client.get(document.get_absolute_url())

    page = response.content.decode()
    assert "Documents with similar content" in page
    assert f"<bdi>{other.number}</bdi>" in page
    assert f"<bdi>{third.number}</bdi>" in page
    assert "(<bdi>CWG-COP-21</bdi>)" in page
    assert "<bdi>cyberbullying</bdi>" in page


@postgresql
def test_the_api_names_the_similar_documents(client, subjects):
    first, second, third = subjects["bullying"]

    similar = client.get(f"/api/v1/documents/{first.pk}").json()["similar"]

    assert [row["number"] for row in similar] in (
        [second.number, third.number],
        [third.number, second.number],
    )
    assert similar[0]["url"].endswith(
        Document.objects.get(number=similar[0]["number"]).get_absolute_url()
    )
    assert set(similar[0]["shared_words"][:3]) == {"cyberbullying", "harassment", "schools"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")
def test_on_sqlite_publication_lists_the_documents_whose_titles_and_summaries_share_words(
    django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory(number=21)
    made = _documents(meeting)
    draft = DocumentFactory(
        meeting=meeting,
        status=Document.Status.ACCEPTED,
        number="CWG-COP-21/INF/77",
        sequence=77,
        title="Age verification on platforms 4",
        summary="Checking the age of users before sign-up.",
    )
    secretariat = member_of("Secretariat", username="secretary")

    with django_capture_on_commit_callbacks(execute=True):
        contributions_services.publish_document(document=draft, by=secretariat, tell=False)

    rows = similar_documents(draft)
    assert {row.similar.number for row in rows[:3]} == {document.number for document in made["age"]}
    assert len(rows) == 3
    assert rows[0].shared_words[:3] == ["age", "verification", "platforms"]
    # The documents it names now name it too.
    assert draft.number in _named(made["age"][0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")
def test_on_sqlite_a_file_read_for_a_published_document_computes_its_list(
    django_capture_on_commit_callbacks,
):
    made = _documents(MeetingFactory(number=21))
    document = made["helpline"][0]
    document_file = DocumentFile.objects.create(
        document=document,
        language="en",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="helplines.pdf"),
        original_name="helplines.pdf",
        size=15,
        sha256="0" * 64,
        content_type="application/pdf",
    )
    assert similar_documents(document) == []

    with django_capture_on_commit_callbacks(execute=True):
        extract_file_text(document_file=DocumentFile.objects.get(pk=document_file.pk))

    assert sorted(_named(document)) == sorted(other.number for other in made["helpline"][1:])


@postgresql
def test_a_document_without_a_telling_word_is_listed_by_its_topic_alone(monkeypatch):
    from related import services as related_services
    from tests.factories import TopicFactory

    topic = TopicFactory(slug="age", name="Age")
    meeting = MeetingFactory(number=21)
    plain = DocumentFactory(meeting=meeting, published=True, title="Child", summary="")
    others = [
        DocumentFactory(meeting=meeting, published=True, title=f"Child {word}", summary="")
        for word in ("helplines", "schools", "platforms")
    ]
    plain.topics.add(topic)
    others[0].topics.add(topic)
    refresh_search_index(document_ids=[document.pk for document in [plain, *others]])
    # None of its words tells it apart from the others (all of them are common words).
    monkeypatch.setattr(related_services, "_telling_words", lambda document, total: {})

    refresh_similar(document_id=plain.pk, neighbours=False)

    assert _named(plain) == [others[0].number]


@postgresql
def test_the_documents_a_new_one_names_take_it_into_their_lists_as_a_full_computation_would(
    subjects,
):
    meeting = subjects["age"][0].meeting
    newcomer = DocumentFactory(
        meeting=meeting,
        published=True,
        title="Age verification on platforms 4",
        summary="Checking the age of users before sign-up.",
    )
    refresh_search_index(document_ids=[newcomer.pk])

    refresh_similar(document_id=newcomer.pk)

    named = _named(newcomer)
    assert sorted(named) == sorted(document.number for document in subjects["age"])
    taken_in = {
        document.pk: [
            (row.similar_id, row.rank, round(row.score, 6), row.shared_words)
            for row in SimilarDocument.objects.filter(document=document)
        ]
        for document in subjects["age"]
    }
    for document in subjects["age"]:
        assert newcomer.number in _named(document)
        refresh_similar(document_id=document.pk, neighbours=False)
    afresh = {
        document.pk: [
            (row.similar_id, row.rank, round(row.score, 6), row.shared_words)
            for row in SimilarDocument.objects.filter(document=document)
        ]
        for document in subjects["age"]
    }
    assert taken_in == afresh

"""The documents with similar content, computed by the worker after a publication: the
kept pages of the documents whose lists changed show the new lists on the next request,
and no other kept page is rendered again for them."""

import pytest

from contributions import services
from contributions.search import refresh_search_index
from related.models import SimilarDocument
from related.services import refresh_similar, refresh_word_frequencies
from tests.contributions.page_race import LIST, _kept, _still_kept
from tests.related.test_similar_documents import SUBJECTS

pytestmark = pytest.mark.django_db

HEADING = "Documents with similar content"


@pytest.fixture
def subjects(document_in):
    """Three published documents on each subject, their lists computed."""
    made = {
        subject: [
            document_in("published", title=f"{title} {index}", summary=summary)
            for index in (1, 2, 3)
        ]
        for subject, (title, summary) in SUBJECTS.items()
    }
    documents = [document for group in made.values() for document in group]
    refresh_search_index(document_ids=[document.pk for document in documents])
    refresh_word_frequencies()
    for document in documents:
        refresh_similar(document_id=document.pk, neighbours=False)
    return made


def _similar_part(page) -> str:
    content = page.content.decode()
    return content[content.index(HEADING) :] if HEADING in content else ""


def test_the_lists_computed_after_a_publication_show_on_the_next_request(
    race, visitor, subjects, document_in, people, monkeypatch
):
    waiting = []  # the worker has not run yet
    monkeypatch.setattr(
        "contributions.services.workflow.refresh_after_commit",
        lambda *, document_ids: waiting.extend(document_ids),
    )
    newcomer = document_in(
        "accepted", title="Age verification on platforms 4", summary=SUBJECTS["age"][1]
    )
    age, games = subjects["age"][0], subjects["games"][0]
    before = _kept(visitor, age.get_absolute_url(), games.get_absolute_url())
    assert newcomer.number not in _similar_part(before[age.get_absolute_url()])

    services.publish_document(document=newcomer, by=people["secretariat"], tell=False)
    # Rendered before the worker computed its list: none yet.
    assert HEADING not in visitor.get(newcomer.get_absolute_url()).content.decode()
    kept = _kept(visitor, LIST, newcomer.get_absolute_url())
    assert waiting == [newcomer.pk]

    refresh_similar(document_id=newcomer.pk)

    page = visitor.get(newcomer.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert sorted(
        document.number for document in subjects["age"] if document.number in _similar_part(page)
    ) == sorted(document.number for document in subjects["age"])
    page = visitor.get(age.get_absolute_url())
    assert (page["X-Page-Cache"], newcomer.number in _similar_part(page)) == ("miss", True)
    # The lists of documents and the pages of other subjects are kept as they were.
    _still_kept(
        visitor, {LIST: kept[LIST], games.get_absolute_url(): before[games.get_absolute_url()]}
    )


def test_a_document_published_again_shows_at_once_in_the_lists_that_still_name_it(
    page_cache, settings, frozen_clock, visitor, document_in, people, monkeypatch
):
    settings.COUNTS_CACHE_SECONDS = 600
    settings.PAGE_CACHE_STALE_SECONDS = 30
    # The worker has not run: nothing computes a list again after the publication.
    monkeypatch.setattr(
        "contributions.services.workflow.refresh_after_commit", lambda *, document_ids: None
    )
    kept_page = document_in("published", title="Age verification on platforms 1")
    named = document_in("published", title="Age verification on platforms 2")
    SimilarDocument.objects.create(
        document=kept_page, similar=named, rank=1, score=1.0, shared_words=["age"]
    )
    services.unpublish_document(document=named, by=people["secretariat"], reason="Wrong file.")
    url = kept_page.get_absolute_url()
    assert named.number not in _similar_part(_kept(visitor, url)[url])

    services.publish_document(document=named, by=people["secretariat"], tell=False)
    frozen_clock[0] += settings.PAGE_CACHE_STALE_SECONDS + 1
    page = visitor.get(url)

    assert (page["X-Page-Cache"], named.number in _similar_part(page)) == ("miss", True)

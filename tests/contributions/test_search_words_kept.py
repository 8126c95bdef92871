"""A source renamed: its documents' search words are read again by the worker, and a search
kept meanwhile is rendered anew once they are, as after a publication."""

import pytest
from django_tasks import task_backends

from contributions.models import DocumentSource
from contributions.search import WORDS_BATCH, read_words_in_batches, refresh_search_index
from tests.contributions.page_race import LIST, _how_and_shows, _kept, _still_kept
from tests.factories import SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def test_a_search_kept_before_the_words_are_read_again_is_rendered_anew(
    race, visitor, document_in, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    task_backends["default"].clear()
    oecd = SourceFactory(name="OECD", slug="oecd")
    document = document_in("published", title="Age assurance in app stores")
    DocumentSource.objects.create(document=document, source=oecd, order=1)
    refresh_search_index(document_ids=[document.pk])
    search, other = f"{LIST}?q=Zebrafinch", f"{LIST}?q=assurance"

    with django_capture_on_commit_callbacks(execute=True):
        oecd.name = "Zebrafinch Organisation"
        oecd.save()

    queued = [(result.task.name, result.args) for result in task_backends["default"].results]
    assert queued == [("read_search_words_again", [[document.pk]])]
    # Rendered before the worker read the words: the new name finds nothing yet.
    kept = _kept(visitor, search, other)
    assert "app stores" not in kept[search].content.decode()

    assert read_words_in_batches([document.pk]) == 1

    assert _how_and_shows(visitor.get(search), "app stores") == ("miss", True)
    assert _how_and_shows(visitor.get(other), "Zebrafinch Organisation") == ("miss", True)


def test_the_words_are_read_a_batch_at_a_time_and_nothing_kept_moves_for_unpublished_ones(
    race, visitor, document_in
):
    drafts = [document_in("draft", title=f"Draft {index}") for index in range(3)]
    kept = _kept(visitor, f"{LIST}?q=assurance")

    read = read_words_in_batches([draft.pk for draft in drafts] * 2)

    assert (read, WORDS_BATCH) == (3, 500)
    _still_kept(visitor, kept)

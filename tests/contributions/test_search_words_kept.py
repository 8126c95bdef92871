"""A source renamed: its documents' search words are read again by the worker, and a search
kept meanwhile is rendered anew once they are, as after a publication."""

import threading
import time

import pytest
from django.db import connection, transaction
from django_tasks import task_backends

from contributions import services
from contributions.models import Document, DocumentSource
from contributions.search import WORDS_BATCH, read_words_in_batches, refresh_search_index
from contributions.tasks import read_search_words_again
from tests.contributions.page_race import LIST, _how_and_shows, _kept, _still_kept
from tests.factories import SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def _queued() -> list[tuple[str, list]]:
    return [(result.task.name, result.args) for result in task_backends["default"].results]


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

    assert _queued() == [("read_search_words_again", [[], f"source:{oecd.pk}"])]
    # Rendered before the worker read the words: the new name finds nothing yet.
    kept = _kept(visitor, search, other)
    assert "app stores" not in kept[search].content.decode()

    # The worker: the source's documents as they are when it runs.
    assert read_search_words_again.call([], f"source:{oecd.pk}") == 1

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


def test_a_save_that_writes_no_name_queues_nothing(settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    task_backends["default"].clear()
    oecd = SourceFactory(name="OECD", slug="oecd")

    with django_capture_on_commit_callbacks(execute=True):
        oecd.name, oecd.slug = "Not written", "oecd-2"
        oecd.save(update_fields=["slug"])
        oecd.name, oecd.short_name = "OECD", "Organisation for Economic Co-operation"
        oecd.save()

    oecd.refresh_from_db()
    assert (oecd.name, oecd.slug, _queued()) == (
        "OECD",
        "oecd-2",
        [("read_search_words_again", [[], f"source:{oecd.pk}"])],
    )


@pytest.mark.django_db(transaction=True)
def test_words_read_again_while_a_title_is_being_written_keep_that_title(
    client, document_in, people
):
    """The worker's batch starts while the secretariat's edit of a title, which read the
    document's words itself, is not yet committed: the batch waits for it, then reads the
    new title too, rather than writing the words from before it over the edit's."""
    document = document_in("published", title="Age assurance in app stores")
    refresh_search_index(document_ids=[document.pk])
    edited, commit = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def in_thread(work) -> threading.Thread:
        def run() -> None:
            try:
                work()
            except BaseException as error:
                errors.append(error)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def edit() -> None:
        with transaction.atomic():
            services.set_document_titles(
                document=Document.objects.get(pk=document.pk),
                titles={"fr": "Vérification de l'âge dans les boutiques"},
                by=people["secretariat"],
            )
            edited.set()
            commit.wait(10)

    editor = in_thread(edit)
    assert edited.wait(10)
    reader = in_thread(lambda: read_words_in_batches([document.pk]))
    _wait_until_a_query_waits_on_a_lock()
    commit.set()
    editor.join(10)
    reader.join(10)

    found = client.get(LIST, {"q": "boutiques"}).context["documents"]
    assert (errors, [each.pk for each in found]) == ([], [document.pk])


def _wait_until_a_query_waits_on_a_lock() -> None:
    with connection.cursor() as cursor:
        for _attempt in range(200):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the batch never waited on the edit")

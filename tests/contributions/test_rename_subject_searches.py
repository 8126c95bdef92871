"""A source renamed: the worker reads its documents' search words again, and every page
that searches them finds them by the new name a little later, as after a publication:
the documents' list, and also the searches on their country's page, which is kept under
the country's scope (anonymous visitors' whole pages, members' fragments). PostgreSQL:
SQLite's search reads the names themselves.
"""

import pytest
from django_tasks import task_backends

from contributions.models import DocumentSource
from contributions.search import refresh_search_index
from contributions.tasks import read_search_words_again
from tests.contributions.page_race import ITALY, LIST, _how_and_shows, _kept
from tests.factories import SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

OLD_ITALY, NEW_ITALY = f"{ITALY}?q=OECD", f"{ITALY}?q=Zebrafinch"
OLD_LIST, NEW_LIST = f"{LIST}?q=OECD", f"{LIST}?q=Zebrafinch"


@pytest.fixture
def renamed(document_in, settings, django_capture_on_commit_callbacks):
    """A published document of Italy's with OECD as a second source, and OECD renamed
    (a removal: nothing kept before it is served again); the worker has not run yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    task_backends["default"].clear()
    oecd = SourceFactory(name="OECD", slug="oecd")
    document = document_in("published", title="Age assurance in app stores")
    DocumentSource.objects.create(document=document, source=oecd, order=1)
    refresh_search_index(document_ids=[document.pk])
    with django_capture_on_commit_callbacks(execute=True):
        oecd.name = "Zebrafinch Organisation"
        oecd.save()
    return oecd


def test_anonymous_searches_on_a_country_page_follow_a_renamed_source(
    race, visitor, renamed, frozen_clock
):
    # Kept after the rename, before the words were read again: found by the old name.
    kept = _kept(visitor, OLD_ITALY, NEW_ITALY, OLD_LIST, NEW_LIST)
    assert ["app stores" in kept[address].content.decode() for address in kept] == [
        True,
        False,
        True,
        False,
    ]

    assert read_search_words_again.call([], f"source:{renamed.pk}") == 1
    frozen_clock[0] += 31  # past PAGE_CACHE_STALE_SECONDS

    assert [
        _how_and_shows(visitor.get(address), "app stores")
        for address in (OLD_LIST, NEW_LIST, OLD_ITALY, NEW_ITALY)
    ] == [("miss", False), ("miss", True), ("miss", False), ("miss", True)]


def test_a_members_search_on_a_country_page_follows_a_renamed_source(
    counts_cache, client, people, renamed
):
    client.force_login(people["secretariat"])
    assert "app stores" in client.get(OLD_ITALY).content.decode()  # kept, old words

    assert read_search_words_again.call([], f"source:{renamed.pk}") == 1

    assert "app stores" not in client.get(OLD_ITALY).content.decode()
    assert "app stores" in client.get(NEW_ITALY).content.decode()

"""Every way something public changes, seen on every page that shows the document: with
each page kept first, the next anonymous visitor gets exactly what a page rendered with
nothing kept shows. Removals at once; additions once `PAGE_CACHE_STALE_SECONDS` are past.
Each case also names the pages it visibly changed, so that none of them passes by
changing nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contributions import services
from contributions.models import (
    Document,
    DocumentFile,
    DocumentRelation,
    DocumentSource,
    Source,
    Topic,
)
from contributions.search import refresh_search_index
from meetings.services import save_meeting
from tests.contributions.admin_pages import change_url, pdf, post_form
from tests.contributions.page_race import ITALY, LIST, _kept
from tests.factories import SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = f"{LIST}?q=assurance"
MEETING = "/en/cwg-cop/meetings/22/"
HOME = "/en/cwg-cop/"
FEED = "/en/cwg-cop/feeds/documents.atom"
CSV = "/en/cwg-cop/documents.csv"
JSON = "/en/cwg-cop/documents.json"
SHOWN = "the document's page"
TOPIC = "/en/cwg-cop/topics/age-assurance/"
SOURCE = "/en/sources/oecd/"
EVERY_PAGE = [LIST, SEARCH, ITALY, SOURCE, TOPIC, MEETING, HOME, FEED, CSV, JSON, SHOWN]
# What names or links its files: a members-only file is left out or only marked there.
FILES_NAMED = [MEETING, FEED, CSV, JSON, SHOWN]


@pytest.fixture
def world(page_cache, settings, document_in, people, client):
    settings.PAGE_CACHE_STALE_SECONDS = 30
    settings.PAGE_CACHE_RENDER_AFTER_SECONDS = 20
    settings.COUNTS_CACHE_SECONDS = 600
    topic = TopicFactory(name="Age assurance", slug="age-assurance")
    oecd = SourceFactory(name="OECD", slug="oecd")
    # Another public document: the lists and the feed are never empty.
    document_in("published", title="Safer Internet Day")
    published = document_in("published", title="Age assurance in app stores")
    accepted = document_in("accepted", title="Age assurance at school")
    for document in (published, accepted):
        document.topics.add(topic)
        DocumentSource.objects.create(document=document, source=oecd, order=2)
    refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))
    return {"published": published, "accepted": accepted, "people": people, "client": client}


def _pages(world) -> list[str]:
    return [_own(world) if page == SHOWN else page for page in EVERY_PAGE]


def _own(world) -> str:
    return world["published"].get_absolute_url()


def _answer(response) -> tuple[int, bytes]:
    return response.status_code, response.getvalue()


def _fresh(visitor, settings, urls) -> dict[str, tuple[int, bytes]]:
    """Each page as it is rendered with nothing kept."""
    kept = settings.PAGE_CACHE_SECONDS, settings.COUNTS_CACHE_SECONDS
    settings.PAGE_CACHE_SECONDS = settings.COUNTS_CACHE_SECONDS = 0
    try:
        return {url: _answer(visitor.get(url)) for url in urls}
    finally:
        settings.PAGE_CACHE_SECONDS, settings.COUNTS_CACHE_SECONDS = kept


def _label(world, url: str) -> str:
    return SHOWN if url == _own(world) else url


# ---- Removals: seen by the very next visitor


def _unpublished(world):
    services.unpublish_document(
        document=world["published"], by=world["people"]["secretariat"], reason="Wrong file."
    )


def _file_members_only(world):
    services.set_file_access(
        document_file=world["published"].files.get(),
        access=DocumentFile.Access.MEMBERS,
        by=world["people"]["secretariat"],
    )


def _document_members_only_in_the_admin(world):
    client = world["client"]
    client.force_login(world["people"]["secretariat"])
    assert post_form(client, change_url(world["published"]), access="members").status_code == 302


# Bulk writes, which send no signal: told by the models' querysets (cwgcop.public_rows).


def _files_members_only_in_bulk(world):
    DocumentFile.objects.filter(document=world["published"]).update(
        access=DocumentFile.Access.MEMBERS
    )


def _document_members_only_in_bulk(world):
    Document.objects.filter(pk=world["published"].pk).update(access=Document.Access.MEMBERS)


def _withdrawn_in_bulk(world):
    Document.objects.filter(pk=world["published"].pk).update(status=Document.Status.WITHDRAWN)


def _title_corrected_in_bulk(world):
    published = world["published"]
    published.title = "Age assurance in app shops"
    Document.objects.bulk_update([published], ["title"])


def _source_renamed_in_bulk(world):
    Source.objects.filter(slug="oecd").update(name="OECD Secretariat")


def _topic_renamed_in_bulk(world):
    Topic.objects.filter(slug="age-assurance").update(name="Age verification")


def _title_corrected(world):
    services.update_document(
        document=world["published"],
        by=world["people"]["secretariat"],
        changes={"title": "Age assurance in app shops"},
    )


def _superseded(world):
    revision = world["accepted"]
    DocumentRelation.objects.create(
        document=revision, target=world["published"], kind=DocumentRelation.Kind.REVISES
    )
    services.publish_document(document=revision, by=world["people"]["secretariat"])


def _file_deleted(world):
    world["published"].files.get().delete()


def _titles_set(world):
    services.set_document_titles(
        document=world["published"],
        titles={"fr": "Vérification de l'âge dans les boutiques d'applications"},
        by=world["people"]["secretariat"],
    )


def _meeting_moved(world):
    meeting = world["published"].meeting
    meeting.venue = "Tunis, Tunisia"
    save_meeting(meeting=meeting)


REMOVALS = {
    "unpublished by the service": (_unpublished, EVERY_PAGE),
    "a file made members-only by the service": (_file_members_only, FILES_NAMED),
    "the document made members-only in the admin": (
        _document_members_only_in_the_admin,
        EVERY_PAGE,
    ),
    "files made members-only by a bulk update": (_files_members_only_in_bulk, FILES_NAMED),
    "the document made members-only by a bulk update": (_document_members_only_in_bulk, EVERY_PAGE),
    "withdrawn by a bulk update": (_withdrawn_in_bulk, EVERY_PAGE),
    "its title corrected by a bulk update": (_title_corrected_in_bulk, EVERY_PAGE),
    "its source renamed by a bulk update": (_source_renamed_in_bulk, EVERY_PAGE),
    "its topic renamed by a bulk update": (
        _topic_renamed_in_bulk,
        [page for page in EVERY_PAGE if page not in (SOURCE, HOME)],
    ),
    "its title corrected by the service": (_title_corrected, EVERY_PAGE),
    "superseded by a published revision": (_superseded, EVERY_PAGE),
    # The lists name the languages a document is in, which were its file's.
    "its file deleted": (_file_deleted, EVERY_PAGE),
    "its titles in other languages set by the service": (_titles_set, [SHOWN]),
    "its meeting moved by the service": (_meeting_moved, [MEETING, HOME]),
}


@pytest.mark.parametrize("change", REMOVALS)
def test_a_removal_is_what_the_next_visitor_gets_on_every_page(world, visitor, settings, change):
    make, changes = REMOVALS[change]
    urls = _pages(world)
    before = {url: _answer(page) for url, page in _kept(visitor, *urls).items()}

    make(world)
    served = {url: _answer(visitor.get(url)) for url in urls}
    fresh = _fresh(visitor, settings, urls)

    assert {url: served[url] == fresh[url] for url in urls} == dict.fromkeys(urls, True)
    assert [_label(world, url) for url in urls if fresh[url] != before[url]] == changes


# ---- Additions: seen once the window for pages from before is past


def _published_by_the_service(world):
    services.publish_document(document=world["accepted"], by=world["people"]["secretariat"])


def _published_by_the_admin_action(world):
    client = world["client"]
    client.force_login(world["people"]["secretariat"])
    client.post(
        reverse("admin:contributions_document_changelist"),
        {"action": "publish_selected", "_selected_action": [world["accepted"].pk]},
    )
    assert Document.objects.get(pk=world["accepted"].pk).status == Document.Status.PUBLISHED


def _published_by_a_bulk_update(world):
    accepted = world["accepted"]
    Document.objects.filter(pk=accepted.pk).update(
        status=Document.Status.PUBLISHED, published_at=timezone.now()
    )


def _published_with_others_by_the_service(world):
    services.publish_documents(documents=[world["accepted"]], by=world["people"]["secretariat"])


def _file_added_by_the_service(world):
    services.add_file(
        document=world["published"],
        language="fr",
        upload=pdf("boutiques.pdf", "Vérification de l'âge"),
        by=world["people"]["secretariat"],
    )


# A publication changes every page but the other document's own.
PUBLISHED = EVERY_PAGE[:-1]
ADDITIONS = {
    "published by the service": (_published_by_the_service, PUBLISHED),
    "published with others by the service": (_published_with_others_by_the_service, PUBLISHED),
    "published by the admin's action": (_published_by_the_admin_action, PUBLISHED),
    "published by a bulk update": (_published_by_a_bulk_update, PUBLISHED),
    # The lists, the feed and the exports name its languages and files.
    "a file added to it by the service": (_file_added_by_the_service, EVERY_PAGE),
}


@pytest.mark.parametrize("change", ADDITIONS)
def test_an_addition_is_what_every_visitor_gets_once_the_window_is_past(
    world, visitor, settings, frozen_clock, change
):
    urls = _pages(world)
    before = {url: _answer(page) for url, page in _kept(visitor, *urls).items()}

    make, changes = ADDITIONS[change]
    make(world)
    frozen_clock[0] += settings.PAGE_CACHE_STALE_SECONDS + 1
    served = {url: _answer(visitor.get(url)) for url in urls}
    fresh = _fresh(visitor, settings, urls)

    assert {url: served[url] == fresh[url] for url in urls} == dict.fromkeys(urls, True)
    assert [_label(world, url) for url in urls if fresh[url] != before[url]] == changes

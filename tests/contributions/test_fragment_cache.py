"""Kept fragments: the filters and the documents of a list, and a document's page, are
rendered once per change to what the public sees, language and audience, and read from
the cache after that, whether or not the whole page is kept (`counts_cache`: whole pages
off, fragments on, on the in-process cache and on Redis)."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from contributions import services
from contributions.models import Document, DocumentFile
from contributions.search import refresh_search_index
from meetings import selectors as meeting_selectors
from tests.contributions.admin_pages import page_text
from tests.factories import OutcomeFactory, PresentationFactory

pytestmark = pytest.mark.django_db

SECRET_WORD = "dugong"


def _as(client, cast, role):
    if role != "anonymous":
        client.force_login(cast[role])
    return client


def _listed_titles(response) -> list[str]:
    """The titles the page shows (not its context: a kept list's context is never read)."""
    body = response.content.decode()
    titles = re.findall(r'<p class="document-list-title"><a href="[^"]+">(.*?)</a>', body)
    return [re.sub(r"<[^>]+>", "", title) for title in titles]


@pytest.fixture
def members_only(document_in):
    """A published members-only document whose file's text holds SECRET_WORD."""
    document = document_in("published", access=Document.Access.MEMBERS, title="Participants")
    DocumentFile.objects.filter(document=document).update(text=f"The {SECRET_WORD} census.")
    refresh_search_index(document_ids=[document.pk])
    return document


def test_a_kept_list_is_served_without_reading_the_documents(
    counts_cache, visitor, document_in, django_assert_num_queries
):
    document_in("published", title="Safer Internet Day")
    first = visitor.get("/en/cwg-cop/documents/")

    # The filters and the documents come from the cache: no query at all.
    with django_assert_num_queries(0):
        second = visitor.get("/en/cwg-cop/documents/")

    assert second.content == first.content
    assert "Safer Internet Day" in page_text(second)
    assert "1 document" in page_text(second)


def test_each_page_of_a_list_is_kept_apart(counts_cache, visitor, document_in):
    for number in range(1, 53):
        document_in("published", title=f"Contribution {number:02}")

    first = visitor.get("/en/cwg-cop/documents/?sort=title")
    second = visitor.get("/en/cwg-cop/documents/?sort=title&page=2")

    assert "Contribution 01" in page_text(first)
    assert "Contribution 51" not in page_text(first)
    assert "Contribution 51" in page_text(second)
    assert "Contribution 01" not in page_text(second)


def test_publication_shows_at_once_in_a_kept_list_and_the_filters(
    counts_cache, visitor, document_in, people, israel
):
    accepted = document_in("accepted", title="Age assurance in app stores")
    accepted.sources.set([israel])
    document_in("published", title="Safer Internet Day")
    before = visitor.get("/en/cwg-cop/documents/")

    services.publish_document(document=accepted, by=people["secretariat"])
    after = visitor.get("/en/cwg-cop/documents/")

    assert "Age assurance in app stores" not in page_text(before)
    assert 'name="country" value="IL"' not in before.content.decode()
    assert "Age assurance in app stores" in page_text(after)
    assert 'name="country" value="IL"' in after.content.decode()
    assert "2 documents" in page_text(after)


def test_edit_of_a_published_document_shows_at_once_on_its_kept_page(
    counts_cache, visitor, document_in, people
):
    document = document_in("published", title="Safer Internet Day")
    before = visitor.get(document.get_absolute_url())

    services.update_document(
        document=document, by=people["secretariat"], changes={"title": "Safer Internet Day 2027"}
    )
    after = visitor.get(document.get_absolute_url())

    assert "Safer Internet Day 2027" not in page_text(before)
    assert "Safer Internet Day 2027" in page_text(after)


def test_a_kept_document_page_is_served_without_a_query(
    counts_cache, visitor, document_in, django_assert_num_queries
):
    document = document_in("published", title="Safer Internet Day")
    first = visitor.get(document.get_absolute_url())

    with django_assert_num_queries(0):
        second = visitor.get(document.get_absolute_url())

    assert second.content == first.content
    assert "Safer Internet Day" in page_text(second)


def test_each_language_keeps_its_own_fragments(counts_cache, visitor, document_in):
    document = document_in("published", title="Safer Internet Day")
    visitor.get("/en/cwg-cop/documents/")
    visitor.get(document.get_absolute_url())

    listed = visitor.get("/fr/cwg-cop/documents/")
    page = visitor.get(document.get_absolute_url().replace("/en/", "/fr/", 1))

    assert "Rechercher et filtrer" in page_text(listed)
    assert "Search and filter" not in page_text(listed)
    assert "Appliquer" in page_text(listed)
    assert "Fichiers" in page_text(page)


@pytest.mark.parametrize("first", ["anonymous", "secretariat"])
def test_a_search_kept_for_one_audience_is_not_served_to_another(
    counts_cache, client, cast, members_only, first
):
    """Members' searches match members-only text, the public's do not: whoever asks first,
    the other is not served their fragment."""
    orders = {"anonymous": Client(), "secretariat": _as(client, cast, "secretariat")}
    second = "secretariat" if first == "anonymous" else "anonymous"

    found = {
        role: _listed_titles(orders[role].get(f"/en/cwg-cop/documents/?q={SECRET_WORD}"))
        for role in (first, second)
    }

    assert found == {"anonymous": [], "secretariat": ["Participants"]}


@pytest.mark.parametrize("first", ["anonymous", "non_member", "other_delegate"])
def test_a_members_only_page_kept_for_one_audience_is_not_shown_to_another(
    counts_cache, client, cast, members_only, first
):
    """The public are offered to sign in, a non-member is told why, a member gets the file:
    whichever of them opened the page first."""

    def page_for(role):
        visitor = Client()
        return page_text(_as(visitor, cast, role).get(members_only.get_absolute_url()))

    roles = [first] + [
        role for role in ("anonymous", "non_member", "other_delegate") if role != first
    ]
    pages = {role: page_for(role) for role in roles}

    assert "Sign in to download them" in pages["anonymous"]
    assert "Your account does not represent a member." in pages["non_member"]
    assert "You may download them as a member." in pages["other_delegate"]
    assert "You may download them as a member." not in pages["anonymous"] + pages["non_member"]


def test_fragments_are_not_kept_when_turned_off(settings, visitor, document_in):
    settings.COUNTS_CACHE_SECONDS = 0
    cache.clear()
    document = document_in("published", title="Safer Internet Day")
    visitor.get("/en/cwg-cop/documents/")
    visitor.get(document.get_absolute_url())

    Document.objects.filter(pk=document.pk).update(title="Changed behind the cache's back")

    assert "Changed behind the cache's back" in page_text(visitor.get("/en/cwg-cop/documents/"))
    assert "Changed behind the cache's back" in page_text(visitor.get(document.get_absolute_url()))


def test_a_kept_summary_of_a_country_follows_a_publication(
    counts_cache, visitor, document_in, people
):
    document_in("published", title="Safer Internet Day")
    accepted = document_in("accepted", title="Age assurance in app stores")
    before = visitor.get("/en/countries/it/")

    services.publish_document(document=accepted, by=people["secretariat"])
    after = visitor.get("/en/countries/it/")

    assert "Italy has one published document:" in page_text(before)
    assert "2 published documents: Information document 2" in page_text(after)


def test_a_kept_meeting_page_reads_neither_its_programme_nor_its_documents(
    counts_cache, visitor, document_in, meeting, django_assert_num_queries
):
    document = document_in("published", title="Safer Internet Day")
    PresentationFactory(meeting=meeting, document=document, title="Safer Internet Day")
    OutcomeFactory(meeting=meeting, text="The group took note of the contribution.")
    first = visitor.get("/en/cwg-cop/meetings/22/")

    # The meeting itself, with its officers (the report's link is the visitor's own), and
    # its documents' counts by kind (contributions.counts: a few rows, never the documents).
    with django_assert_num_queries(3):
        second = visitor.get("/en/cwg-cop/meetings/22/")

    assert second.content == first.content
    assert "The group took note of the contribution." in page_text(second)


def test_each_page_of_presentations_is_kept_apart(counts_cache, visitor, meeting, monkeypatch):
    monkeypatch.setattr(meeting_selectors, "PRESENTATIONS_PAGE_SIZE", 2)
    for order in (1, 2, 3):
        PresentationFactory(meeting=meeting, order=order, title=f"Presentation number {order}")

    first = page_text(visitor.get("/en/cwg-cop/meetings/22/"))
    second = page_text(visitor.get("/en/cwg-cop/meetings/22/?presentations_page=2"))

    assert ("Presentation number 1" in first, "Presentation number 3" in first) == (True, False)
    assert ("Presentation number 1" in second, "Presentation number 3" in second) == (False, True)


def test_an_outcome_changed_shows_at_once_on_a_kept_meeting_page(counts_cache, visitor, meeting):
    outcome = OutcomeFactory(meeting=meeting, text="The group took note of the contribution.")
    before = page_text(visitor.get("/en/cwg-cop/meetings/22/"))

    outcome.text = "The group endorsed the guidelines."
    outcome.save()
    after = page_text(visitor.get("/en/cwg-cop/meetings/22/"))

    assert "The group took note of the contribution." in before
    assert "The group endorsed the guidelines." in after
    assert "The group took note of the contribution." not in after


def test_searches_of_one_list_share_the_kept_choices_but_not_what_was_asked(
    counts_cache, visitor, document_in, italy, israel
):
    for source in (italy, israel):
        document_in("published", title=f"Report of {source.name}").sources.set([source])

    visitor.get("/en/cwg-cop/documents/?q=report&country=IT")
    again = visitor.get("/en/cwg-cop/documents/?q=census&country=IT&sort=title").content.decode()
    unfiltered = visitor.get("/en/cwg-cop/documents/?q=census").content.decode()

    def checked(body):
        return re.findall(r'<input type="checkbox" name="country" value="(\w+)"[^>]*checked', body)

    assert re.search(r'<input id="filter-q" type="search" name="q" value="([^"]*)"', again)[1] == (
        "census"
    )
    assert re.search(r'<option value="(\w+)" selected>', again)[1] == "title"
    assert checked(again) == ["IT"]
    assert checked(unfiltered) == []
    assert re.search(r'<option value="(\w+)" selected>', unfiltered)[1] == "relevance"

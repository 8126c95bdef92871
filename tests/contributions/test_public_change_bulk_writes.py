"""Writes that send no signal (bulk updates and inserts), told to
`cwgcop.public_changes.public_rows_written`, change the public pages as a save would."""

import pytest
from django.utils import timezone

from contributions import counts
from contributions.models import Document, DocumentSource
from cwgcop.public_changes import public_rows_updated, public_rows_written
from tests.contributions.page_race import LIST, PAGES, _kept, _shows_at_once, _still_kept

pytestmark = pytest.mark.django_db


def test_a_bulk_update_told_to_the_helper_shows_at_once(race, visitor, document_in):
    document = document_in("published", title="Age assurance in app sotres")
    _kept(visitor, LIST)
    before = Document.objects.get(pk=document.pk)

    Document.objects.filter(pk=document.pk).update(title="Age assurance in apps")
    public_rows_written([Document.objects.get(pk=document.pk)], before=[before])

    page = _shows_at_once(race, LIST)
    assert ("app sotres" in page, "Age assurance in apps" in page) == (False, True)


def test_an_update_through_the_helper_that_unselects_its_rows_is_told(race, visitor, document_in):
    """`public_rows_updated` reads its rows again by their keys: the rows the update made
    unpublished no longer match the published rows it was given."""
    document = document_in("published", title="Age assurance in app stores")
    _kept(visitor, LIST)
    published = Document.objects.filter(pk=document.pk, status=Document.Status.PUBLISHED)

    updated = public_rows_updated(published, status=Document.Status.ACCEPTED)

    page = _shows_at_once(race, LIST)
    assert (updated, "Age assurance in app stores" in page, counts.total()) == (1, False, 0)


def test_a_bulk_publication_told_to_the_helper_is_an_addition(
    race, visitor, document_in, frozen_clock
):
    accepted = document_in("accepted", title="Safer Internet Day")
    before = _kept(visitor, LIST)[LIST]

    Document.objects.filter(pk=accepted.pk).update(
        status=Document.Status.PUBLISHED, published_at=timezone.now()
    )
    public_rows_written([Document.objects.get(pk=accepted.pk)], before=[accepted])
    first, second = race.ask_twice(LIST)

    assert "Safer Internet Day" in first.content.decode()
    assert (second["X-Page-Cache"], second.content) == ("stale", before.content)


def test_bulk_sources_of_a_draft_told_to_the_helper_keep_every_page(
    race, visitor, document_in, israel
):
    document_in("published", title="Age assurance in app stores")
    draft = document_in("draft", title="Not public yet")
    pages = _kept(visitor, *PAGES)

    links = DocumentSource.objects.bulk_create([DocumentSource(document=draft, source=israel)])
    public_rows_written(links)

    _still_kept(visitor, pages)

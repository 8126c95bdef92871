"""Writes that send no signal (`QuerySet.update`, `bulk_update`, `bulk_create`) of the public
models, told by their querysets (cwgcop.public_rows), change the public pages and the
counts as a save would, with nobody telling the cache."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions import counts
from contributions.models import AccessLevel, Document, DocumentFile, DocumentSource, Source
from cwgcop.public_rows import PublicRows, is_public_model
from tests.contributions.page_race import ITALY, LIST, PAGES, _kept, _shows_at_once, _still_kept

pytestmark = pytest.mark.django_db


def test_a_bulk_update_shows_at_once(race, visitor, document_in):
    document = document_in("published", title="Age assurance in app sotres")
    _kept(visitor, LIST)

    Document.objects.filter(pk=document.pk).update(title="Age assurance in apps")

    page = _shows_at_once(race, LIST)
    assert ("app sotres" in page, "Age assurance in apps" in page) == (False, True)


def test_an_update_that_unselects_its_rows_is_told(race, visitor, document_in):
    """The rows are read again by their keys: those the update made unpublished no longer
    match the published rows it was asked to update."""
    document = document_in("published", title="Age assurance in app stores")
    _kept(visitor, LIST)
    published = Document.objects.filter(pk=document.pk, status=Document.Status.PUBLISHED)

    updated = published.update(status=Document.Status.ACCEPTED)

    page = _shows_at_once(race, LIST)
    assert (updated, "Age assurance in app stores" in page, counts.total()) == (1, False, 0)


def test_a_bulk_publication_is_an_addition(race, visitor, document_in, frozen_clock):
    accepted = document_in("accepted", title="Safer Internet Day")
    before = _kept(visitor, LIST)[LIST]

    Document.objects.filter(pk=accepted.pk).update(
        status=Document.Status.PUBLISHED, published_at=timezone.now()
    )
    first, second = race.ask_twice(LIST)

    assert "Safer Internet Day" in first.content.decode()
    assert (second["X-Page-Cache"], second.content) == ("stale", before.content)
    assert counts.total() == 1


def test_bulk_sources_of_a_draft_keep_every_page(race, visitor, document_in, israel):
    document_in("published", title="Age assurance in app stores")
    draft = document_in("draft", title="Not public yet")
    pages = _kept(visitor, *PAGES)

    DocumentSource.objects.bulk_create([DocumentSource(document=draft, source=israel)])

    _still_kept(visitor, pages)


def test_a_source_moved_to_another_country_by_an_update_counts_there(
    race, visitor, document_in, italy
):
    """Italy's page counts its Member State's documents (contributions.counts): a source
    whose country an update changes takes its documents' counts with it, at once."""
    document_in("published", title="Age assurance in app stores")
    kept = _kept(visitor, ITALY)[ITALY].content.decode()
    assert (counts.totals("country:"), "Age assurance in app stores" in kept) == ({"IT": 1}, True)

    Source.objects.filter(pk=italy.pk).update(country="FR")

    page = _shows_at_once(race, ITALY)
    assert (counts.totals("country:"), "Age assurance in app stores" in page) == ({"FR": 1}, False)


def test_an_update_reads_neither_a_files_text_nor_search_words(race, visitor, document_in):
    """A file's text (a book of 300 pages) and a document's search words show on no page:
    an update judges its rows by what the pages show, and the text by its length, as a
    save is judged."""
    document = document_in("published", title="Age assurance in app stores")
    DocumentFile.objects.filter(document=document).update(text="Age assurance " * 1000)
    _kept(visitor, LIST)

    with CaptureQueriesContext(connection) as queries:
        DocumentFile.objects.filter(document=document).update(access=AccessLevel.MEMBERS)
        Document.objects.filter(pk=document.pk).update(title="Age assurance in apps")

    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
    text = '"contributions_documentfile"."text"'
    assert [sql for sql in reads if text in sql.replace(f"LENGTH({text})", "")] == []
    assert [sql for sql in reads if "search_vector" in sql] == []
    assert "Age assurance in apps" in _shows_at_once(race, LIST)


def test_an_update_of_rows_read_as_values_is_told(race, visitor, document_in):
    document = document_in("published", title="Age assurance in app sotres")
    _kept(visitor, LIST)

    updated = Document.objects.filter(pk=document.pk).values("pk").update(title="Age assurance")

    page = _shows_at_once(race, LIST)
    assert (updated, "app sotres" in page, "Age assurance" in page) == (1, False, True)


def test_every_public_model_writes_through_its_related_managers_as_through_its_own():
    models = [model for model in apps.get_models() if is_public_model(model)]

    plain = [
        model for model in models if not issubclass(model._base_manager._queryset_class, PublicRows)
    ]

    assert (len(models), plain) == (21, [])


def test_an_unpublication_written_over_a_conflict_by_bulk_create_is_told(
    race, visitor, document_in
):
    """`bulk_create(update_conflicts=True)` writes rows stored already: a row that was public
    may be written unpublished, which is a removal, as its update would be."""
    document = document_in("published", title="Age assurance in app stores")
    _kept(visitor, LIST)
    document.status = Document.Status.ACCEPTED

    Document.objects.bulk_create(
        [document], update_conflicts=True, unique_fields=["id"], update_fields=["status"]
    )

    page = _shows_at_once(race, LIST)
    assert ("Age assurance in app stores" in page, counts.total()) == (False, 0)

"""The titles of a document's language versions."""

from django.db import transaction

from cwgcop.change_log import records_changes

from ..models import Document, DocumentTitle
from ..search import refresh_search_index


@records_changes
@transaction.atomic
def set_document_titles(*, document: Document, titles: dict[str, str], by) -> Document:
    """Make the document's titles in other languages exactly `titles` (language -> title):
    a blank title, or one in the original language, keeps no row. Refreshes the search index.
    """
    del by  # Titles are not part of the workflow; the admin's log records who changed them.
    kept = {
        language: text.strip()
        for language, text in titles.items()
        if text.strip() and language != document.original_language
    }
    DocumentTitle.objects.filter(document=document).exclude(language__in=kept).delete()
    for language, text in kept.items():
        DocumentTitle.objects.update_or_create(
            document=document, language=language, defaults={"title": text}
        )
    refresh_search_index(document_ids=[document.pk])
    return document

"""The stored full-text search vector of documents (PostgreSQL).

Number and title weigh most, then the sources' names and the summary, then the text
extracted from the files. SQLite has no tsvector: there the list falls back to a simple
substring search, and this module does nothing.
"""

from collections.abc import Iterable

from django.db import connection

SEARCH_CONFIG = "english"

_REFRESH_SQL = f"""
UPDATE contributions_document AS document SET search_vector =
    setweight(to_tsvector('simple', coalesce(document.number, '')), 'A')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(document.title, '')), 'A')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(source.name || ' ' || source.short_name, ' ')
        FROM contributions_documentsource AS link
        JOIN contributions_source AS source ON source.id = link.source_id
        WHERE link.document_id = document.id), '')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(document.summary, '')), 'B')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(file.text, ' ')
        FROM contributions_documentfile AS file
        WHERE file.document_id = document.id), '')), 'C')
WHERE document.id = ANY(%s)
"""  # noqa: S608 -- the only interpolated value is the constant SEARCH_CONFIG


def refresh_search_index(*, document_ids: Iterable[int]) -> None:
    """Recompute the stored search vector of these documents; a no-op on SQLite."""
    ids = list(document_ids)
    if not ids or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, [ids])

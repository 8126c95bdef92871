"""Indexes that answer a page of the public lists in each of their orders without sorting the
archive, and, on PostgreSQL, an index on the words of the titles that the search ranking
reads to find the matches by title, and one on the reversed number keys that a search by
number reads."""

from django.db import migrations, models

# The expression of contributions.search.title_vector(), as PostgreSQL writes it.
TITLE_WORDS = "to_tsvector('english'::regconfig, (COALESCE(title, ''::character varying))::text)"


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The newest-first order of the lists (selectors.NEWEST_ORDER); SQLite cannot index
        # NULLS LAST, and its archives are small.
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS document_listed_newest ON contributions_document "
            "(document_date DESC NULLS LAST, published_at DESC NULLS LAST) "
            "WHERE status = 'published'"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS document_title_search_gin "
            f"ON contributions_document USING gin ({TITLE_WORDS})"
        )
        # A search for "INF/5" finds the numbers that end with it: their reversed keys
        # start with "5/fni", which this index answers (contributions.search._number_match).
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS document_number_key_reversed "
            "ON contributions_document (reverse((number_key)::text) text_pattern_ops)"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_listed_newest")
        schema_editor.execute("DROP INDEX IF EXISTS document_title_search_gin")
        schema_editor.execute("DROP INDEX IF EXISTS document_number_key_reversed")


class Migration(migrations.Migration):
    dependencies = [("contributions", "0009_document_and_file_access_levels")]

    operations = [
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["meeting", "kind", "sequence", "revision", "number", "id"],
                name="document_listed_by_number",
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["title", "number", "id"],
                name="document_listed_by_title",
            ),
        ),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]

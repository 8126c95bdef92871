"""Search in the six languages (contributions/search_words.py), on PostgreSQL: the functions
that read a text in its language and Chinese by its pairs of characters, the title index
on that expression instead of the English one. Every document's words are then read again
(contributions.apps.reindex_after_migrate)."""

from django.db import migrations

from contributions.search_words import CREATE_FUNCTIONS, DROP_FUNCTIONS, TITLE_WORDS_SQL

ENGLISH_TITLE_WORDS = (
    "to_tsvector('english'::regconfig, (COALESCE(title, ''::character varying))::text)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTIONS)
    schema_editor.execute("DROP INDEX IF EXISTS document_title_search_gin")
    schema_editor.execute(
        f"CREATE INDEX document_title_search_gin ON contributions_document "
        f"USING gin (({TITLE_WORDS_SQL}))"
    )
    # Every document's words are read again once the migration run is over
    # (contributions.apps.reindex_after_migrate).


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS document_title_search_gin")
    schema_editor.execute(
        f"CREATE INDEX document_title_search_gin ON contributions_document "
        f"USING gin ({ENGLISH_TITLE_WORDS})"
    )
    schema_editor.execute(DROP_FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [("contributions", "0015_count_years")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]

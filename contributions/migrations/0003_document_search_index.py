"""A GIN index on the stored search vector, on PostgreSQL only (SQLite has no tsvector)."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS contributions_document_search_gin "
            "ON contributions_document USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS contributions_document_search_gin")


class Migration(migrations.Migration):
    dependencies = [("contributions", "0002_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]

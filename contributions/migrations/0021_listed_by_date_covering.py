"""On PostgreSQL, an index of the listed documents by date that holds what a filtered list
sorts and joins by: a list filtered by year (with a country, a kind, a meeting) is then read
from the index alone, not from a year's rows of the archive (thirteen thousand at 200,000
documents), and its count and its page cost a few milliseconds at any size."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The columns of selectors.NEWEST_ORDER and of the filters' joins (meeting, kind,
        # the row's key). SQLite has no such index (INCLUDE); its archives are small.
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS document_listed_by_date ON contributions_document "
            "(document_date) INCLUDE (meeting_id, kind, id, published_at, sequence, revision) "
            "WHERE status = 'published'"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_listed_by_date")


class Migration(migrations.Migration):
    dependencies = [("contributions", "0020_group_totals")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

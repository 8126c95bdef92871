"""On PostgreSQL, an index of the listed documents by kind, newest first within each kind. A
list filtered by kind read the newest-first index of every kind and passed over the others:
for Italy's information documents of 2019 in the first group at 200,000 documents, 12,960
entries of that year to find the 4,566 of its kind (4.2 ms of the list's 10.7 ms walk);
this index holds those 4,566 alone (0.9 ms). A list of one kind alone reads its first page
from it in order."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS document_listed_kind_newest ON contributions_document "
            "(kind, document_date DESC NULLS LAST, published_at DESC NULLS LAST) "
            "INCLUDE (meeting_id, sequence, revision, id) WHERE status = 'published'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_listed_kind_newest")


class Migration(migrations.Migration):
    dependencies = [("contributions", "0023_listed_newest_covering")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

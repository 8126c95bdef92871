"""Number keys as words and numbers parted by spaces ("wgcp 1 16 rev 1") and the stem of
each number without its revision ("wgcp 1 16"), so that a number is found typed with
spaces, hyphens, dots or slashes, and without its revision (contributions.numbers). The
index on the reversed keys gives way to one on the reversed stems."""

import re

from django.db import migrations, models

BATCH = 2000


def _fill(apps, key, stem):
    Document = apps.get_model("contributions", "Document")
    batch = []
    for document in Document.objects.only("pk", "number").iterator(chunk_size=BATCH):
        document.number_key = key(document.number)
        document.number_stem = stem(document.number)
        batch.append(document)
        if len(batch) == BATCH:
            Document.objects.bulk_update(batch, ["number_key", "number_stem"])
            batch = []
    Document.objects.bulk_update(batch, ["number_key", "number_stem"])


def fill_keys(apps, schema_editor):
    from contributions.numbers import number_key, number_stem

    _fill(apps, number_key, number_stem)


def fill_former_keys(apps, schema_editor):
    """The keys as they were before: letters, digits and slashes only."""

    def former_key(number):
        return re.sub(r"[^0-9a-z/]+", "", (number or "").casefold())

    _fill(apps, former_key, lambda number: "")


def create_stem_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_number_key_reversed")
        # A search for "INF/3" finds the numbers whose stem ends with " inf 3": their
        # reversed stems start with "3 fni ", which this index answers
        # (contributions.search._number_match).
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS document_number_stem_reversed "
            "ON contributions_document (reverse((number_stem)::text) text_pattern_ops)"
        )


def drop_stem_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS document_number_stem_reversed")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS document_number_key_reversed "
            "ON contributions_document (reverse((number_key)::text) text_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("contributions", "0011_file_text_stopped_at_the_limit")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="number_stem",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=120),
        ),
        migrations.AlterField(
            model_name="document",
            name="number_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=120),
        ),
        migrations.RunPython(fill_keys, fill_former_keys),
        migrations.RunPython(create_stem_index, drop_stem_index),
    ]

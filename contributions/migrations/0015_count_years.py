from django.db import migrations


def count_again_with_years(apps, schema_editor):
    """The counts now hold the years of the documents' dates: everything counted anew. By
    the code of this release, as 0013_listed_counts does."""
    from contributions.counts import recount_everything

    recount_everything(by_group=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0014_document_other_series_and_printed_marks"),
    ]

    operations = [
        migrations.RunPython(count_again_with_years, migrations.RunPython.noop),
    ]

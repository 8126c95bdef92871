import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import workinggroups.models


def group_the_meetings(apps, schema_editor):
    """Every meeting so far is the first group's. Its names in earlier periods are read from
    the meetings' own prefixes: each prefix from the first day of its first meeting to the
    day before the next prefix's first meeting."""
    WorkingGroup = apps.get_model("workinggroups", "WorkingGroup")
    GroupPeriod = apps.get_model("workinggroups", "GroupPeriod")
    Meeting = apps.get_model("meetings", "Meeting")
    facts = settings.DEFAULT_WORKING_GROUP
    group, _created = WorkingGroup.objects.get_or_create(
        slug=facts["slug"], defaults={k: v for k, v in facts.items() if k != "slug"}
    )
    Meeting.objects.update(group=group)
    firsts = {}
    for prefix, start in Meeting.objects.order_by("start_date").values_list(
        "document_prefix", "start_date"
    ):
        if prefix and prefix not in firsts:
            firsts[prefix] = start
    ordered = sorted(firsts.items(), key=lambda item: item[1])
    for index, (prefix, start) in enumerate(ordered):
        end = None
        if index + 1 < len(ordered):
            end = ordered[index + 1][1] - datetime.timedelta(days=1)
        GroupPeriod.objects.get_or_create(
            working_group=group,
            prefix=prefix,
            defaults={"acronym": prefix, "start": start, "end": end},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_meeting_default_access"),
        ("workinggroups", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="group",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="workinggroups.workinggroup",
                verbose_name="working group",
            ),
        ),
        migrations.RunPython(group_the_meetings, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="meeting",
            name="group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="workinggroups.workinggroup",
                verbose_name="working group",
            ),
        ),
        # The default apart: made not null above without calling it.
        migrations.AlterField(
            model_name="meeting",
            name="group",
            field=models.ForeignKey(
                default=workinggroups.models.default_group_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="meetings",
                to="workinggroups.workinggroup",
                verbose_name="working group",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="document_prefix",
            field=models.CharField(
                blank=True,
                help_text="The group's name in document numbers when the meeting was held "
                "(WG-CP, CWG-COP). Leave empty for the prefix of the group's name on the "
                "meeting's first day.",
                max_length=20,
                verbose_name="document number prefix",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="number",
            field=models.PositiveSmallIntegerField(verbose_name="number"),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                fields=("group", "number"), name="meeting_number_in_group"
            ),
        ),
    ]

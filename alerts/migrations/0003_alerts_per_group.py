"""Each alert follows one working group's documents; those made before follow every group's."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_requested_mail"),
        ("workinggroups", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="alert",
            name="alert_everything_once_per_subscriber",
        ),
        migrations.RemoveConstraint(
            model_name="alert",
            name="alert_country_once_per_subscriber",
        ),
        migrations.RemoveConstraint(
            model_name="alert",
            name="alert_source_once_per_subscriber",
        ),
        migrations.RemoveConstraint(
            model_name="alert",
            name="alert_topic_once_per_subscriber",
        ),
        migrations.RemoveConstraint(
            model_name="alert",
            name="alert_meeting_once_per_subscriber",
        ),
        migrations.AddField(
            model_name="alert",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="workinggroups.workinggroup",
                verbose_name="working group",
            ),
        ),
        migrations.AddField(
            model_name="pendingalert",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="workinggroups.workinggroup",
                verbose_name="working group",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", False), ("kind", "everything")),
                fields=("subscriber", "group"),
                name="alert_everything_once_per_group",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", True), ("kind", "everything")),
                fields=("subscriber",),
                name="alert_everything_once_per_subscriber",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", False), ("kind", "country")),
                fields=("subscriber", "country", "group"),
                name="alert_country_once_per_group",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", True), ("kind", "country")),
                fields=("subscriber", "country"),
                name="alert_country_once_per_subscriber",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", False), ("kind", "source")),
                fields=("subscriber", "source", "group"),
                name="alert_source_once_per_group",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", True), ("kind", "source")),
                fields=("subscriber", "source"),
                name="alert_source_once_per_subscriber",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", False), ("kind", "topic")),
                fields=("subscriber", "topic", "group"),
                name="alert_topic_once_per_group",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", True), ("kind", "topic")),
                fields=("subscriber", "topic"),
                name="alert_topic_once_per_subscriber",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", False), ("kind", "meeting")),
                fields=("subscriber", "meeting", "group"),
                name="alert_meeting_once_per_group",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", True), ("kind", "meeting")),
                fields=("subscriber", "meeting"),
                name="alert_meeting_once_per_subscriber",
            ),
        ),
    ]

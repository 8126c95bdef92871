"""The three roles (Secretariat, Chair, Delegate) as groups with model permissions."""

from django.db import migrations

from contributions.roles import ROLES, create_all_permissions, ensure_roles


def create_roles(apps, schema_editor):
    create_all_permissions(apps)
    ensure_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0004_workflow_history"),
        ("meetings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

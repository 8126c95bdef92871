"""The three roles as groups with model permissions.

What a role may do to one document (and in which state) is decided by the predicates in
contributions/rules.py; these permissions only open the admin's pages to the role.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Secretariat": {
        "contributions": {
            "source": ["add", "change", "view"],
            "topic": ["add", "change", "view", "delete"],
            "document": ["add", "change", "view"],
            "documentsource": ["add", "change", "view", "delete"],
            "documentfile": ["add", "view", "delete"],
            "documentrelation": ["add", "change", "view", "delete"],
            "documentevent": ["view"],
            "internalnote": ["add", "view"],
        },
        "meetings": {
            "meeting": ["add", "change", "view"],
            "officer": ["add", "change", "view", "delete"],
            "agendaitem": ["add", "change", "view", "delete"],
            "presentation": ["add", "change", "view", "delete"],
            "outcome": ["add", "change", "view", "delete"],
            "reportparagraph": ["add", "change", "view", "delete"],
        },
    },
    "Chair": {
        "contributions": {
            "source": ["view"],
            "topic": ["view"],
            "document": ["view"],
            "documentfile": ["view"],
            "documentevent": ["view"],
        },
        "meetings": {
            "meeting": ["view"],
            "agendaitem": ["view"],
            "presentation": ["view"],
            "outcome": ["view"],
        },
    },
    "Delegate": {
        "contributions": {
            "document": ["add", "change", "view"],
            "documentfile": ["add", "view", "delete"],
            "documentevent": ["view"],
        },
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after the last migration; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, per_app in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in per_app.items()
            for model, actions in models.items()
            for action in actions
        ]
        group.permissions.set(
            [
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in codenames
            ]
        )


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

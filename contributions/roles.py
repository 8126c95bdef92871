"""The three roles as groups with model permissions.

What a role may do with one document, and in which state, is decided by the predicates
in rules.py; these model permissions only open the admin's pages to the role. The groups
are created by a data migration and brought back to this table after every migrate (a
test database flushed between tests loses them otherwise).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

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
            "outcomeevent": ["view"],
            "reportparagraph": ["add", "change", "view", "delete"],
            "reportlistitem": ["add", "change", "view", "delete"],
            "meetinglink": ["add", "change", "view", "delete"],
        },
        # Sign-ins, failures and lockouts; deleting a lockout lifts it.
        "axes": {
            "accessattempt": ["view", "delete"],
            "accesslog": ["view"],
            "accessfailurelog": ["view"],
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
            "outcomeevent": ["view"],
            "reportparagraph": ["view"],
            "reportlistitem": ["view"],
            "meetinglink": ["view"],
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


def ensure_roles(apps=global_apps) -> None:
    """Create the groups and give them exactly the permissions of ROLES; idempotent."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, per_app in ROLES.items():
        codenames = {
            (app_label, f"{action}_{model}")
            for app_label, models in per_app.items()
            for model, actions in models.items()
            for action in actions
        }
        candidates = permission_model.objects.filter(
            content_type__app_label__in=list(per_app)
        ).values_list("pk", "content_type__app_label", "codename")
        wanted = {
            pk for pk, app_label, codename in candidates if (app_label, codename) in codenames
        }
        group, _created = group_model.objects.get_or_create(name=name)
        if set(group.permissions.values_list("pk", flat=True)) != wanted:
            group.permissions.set(wanted)


def create_all_permissions(apps=global_apps) -> None:
    """Permissions are normally created after the last migration; the groups need them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def ensure_roles_after_migrate(sender, **kwargs) -> None:
    ensure_roles()

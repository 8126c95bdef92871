from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkingGroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = _("Working groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed

        from . import signals

        m2m_changed.connect(
            signals.roles_of_account_groups,
            sender=get_user_model().groups.through,
            dispatch_uid="workinggroups-roles-of-account-groups",
        )

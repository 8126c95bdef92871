"""What follows when a role in a group changes.

- A role in a group opens the admin's pages to its holder: they join the role's group of
  accounts (contributions/roles.py), and leave it with their last role of the kind.
- While the system serves one working group, an account put in the Secretariat or Chair
  group of accounts is given that role in it, as before there were several groups; once
  there are two, each role names its group (the admin's "Roles in groups").
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import GroupRole, WorkingGroup, default_group

# The groups of accounts of each role (contributions.visibility names them too).
ACCOUNT_GROUPS = {GroupRole.Role.SECRETARIAT: "Secretariat", GroupRole.Role.CHAIR: "Chair"}


def _account_group(role: str):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name=ACCOUNT_GROUPS[role]).first()


@receiver(post_save, sender=GroupRole)
def _open_the_admin(instance: GroupRole, **_kwargs) -> None:
    group = _account_group(instance.role)
    if group is not None:
        instance.user.groups.add(group)


@receiver(post_delete, sender=GroupRole)
def _close_the_admin(instance: GroupRole, **_kwargs) -> None:
    user = instance.user
    if GroupRole.objects.filter(user=user, role=instance.role).exists():
        return
    group = _account_group(instance.role)
    if group is not None:
        user.groups.remove(group)


def roles_of_account_groups(sender, instance, action, pk_set, reverse, **_kwargs) -> None:
    if reverse or action not in ("post_add", "post_remove", "pre_clear"):
        return
    from django.contrib.auth.models import Group

    if action == "pre_clear":
        names = set(instance.groups.values_list("name", flat=True))
    else:
        names = set(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    for role, name in ACCOUNT_GROUPS.items():
        if name not in names:
            continue
        held = GroupRole.objects.filter(user=instance, role=role)
        if action == "post_add":
            if not held.exists() and WorkingGroup.objects.count() <= 1:
                GroupRole.objects.get_or_create(
                    user=instance, role=role, working_group=default_group()
                )
        else:
            held.delete()

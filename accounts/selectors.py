"""Whose accounts a person's work reaches: the sign-in records they read (the admin's access
attempts, access logs and access failures) and the accounts a source's page offers as its
delegates.

Sources are shared by every group, and so are their delegates: a delegate represents their
sources in every group, and the secretariat of any group invites them, names them on a
source's page, requires a second factor of them and lifts their lockouts. What belongs to
one group alone is its officers, the accounts of its secretariat and chair (GroupRole);
a superuser belongs to none. So the secretariat of a group reaches every account except
the superusers and the officers of the other groups, unless such an account is also a
delegate or an officer of one of its own groups. A superuser reaches every account.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from contributions.models import Source
from contributions.rules import is_secretariat
from contributions.visibility import is_signed_in, working_groups_of
from workinggroups.models import GroupRole


def _accounts_of_others(user: Any) -> QuerySet:
    """The accounts that belong to another group or to the site, for the secretariat of
    some groups: the superusers and the other groups' officers who are neither a delegate
    nor an officer of one of its groups."""
    roles = GroupRole.objects.filter(user=OuterRef("pk"))
    own_groups = sorted(working_groups_of(user, "secretariat"))
    delegate = Source.delegates.through.objects.filter(user=OuterRef("pk"))
    return (
        get_user_model()
        ._default_manager.filter(Q(is_superuser=True) | Exists(roles))
        .exclude(Exists(delegate) | Exists(roles.filter(working_group__in=own_groups)))
    )


def accounts_reached_by(user: Any) -> QuerySet | None:
    """The accounts whose sign-ins this person reads and whom they may name a source's
    delegates (the module's rule); None for every account (a superuser's)."""
    if is_signed_in(user) and user.is_superuser:
        return None
    accounts = get_user_model()._default_manager.all()
    if not is_secretariat.test(user):
        return accounts.none()
    return accounts.exclude(pk__in=_accounts_of_others(user).values("pk"))


def sign_ins_seen_by(user: Any, records: QuerySet) -> QuerySet:
    """The sign-in records (of django-axes, by the name signed in with) this person reads:
    those of the accounts they reach, and those under a name that is no account's (a name
    mistyped, or guessed), which belong to no group."""
    if is_signed_in(user) and user.is_superuser:
        return records
    if not is_secretariat.test(user):
        return records.none()
    return records.exclude(username__in=_accounts_of_others(user).values("username"))

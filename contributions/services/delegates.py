"""The delegates who represent a source."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import rules
from ..models import Source

User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


@transaction.atomic
def set_source_delegates(*, source: Source, delegates: Iterable[User], by: User) -> Source:
    """Name the focal points of a source. Each joins the Delegate role and may sign in to
    the admin, where the rules show them their sources' documents and nothing else."""
    if not rules.is_secretariat.test(by):
        raise PermissionDenied
    delegates = list(delegates)
    source.delegates.set(delegates)
    group = Group.objects.get(name=rules.DELEGATE_GROUP)
    for user in delegates:
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return source

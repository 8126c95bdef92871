"""The secretariat's internal notes on documents."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..models import Document, InternalNote

User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


@transaction.atomic
def add_internal_note(*, document: Document, by: User, text: str) -> InternalNote:
    """A secretariat note on a document; delegates never see it."""
    if not rules.can_add_internal_note.test(by, document):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the note."), code="empty")
    return InternalNote.objects.create(document=document, author=by, at=timezone.now(), text=text)

"""History rows: every change of a document's status is written down, who, when, from, to, why."""

from __future__ import annotations

import datetime
from typing import Any

from ..models import Document, DocumentEvent

User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


def record_change(
    *,
    document: Document,
    by: User,
    at: datetime.datetime,
    from_status: str,
    to_status: str,
    reason: str = "",
) -> DocumentEvent:
    """The history row of a change of status ("" as from_status: the document was created)."""
    return DocumentEvent.objects.create(
        document=document,
        actor=by if getattr(by, "is_authenticated", False) else None,
        at=at,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )

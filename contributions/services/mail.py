"""Mail about workflow changes: who is told of which change, and with which template."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from .. import rules
from ..models import Document, DocumentEvent

Status = Document.Status
User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


# Who hears about a change, and the template under templates/contributions/email/.
SECRETARIAT = "secretariat"
DELEGATES = "delegates"
NOTIFICATIONS: dict[str, tuple[str, str]] = {
    Status.SUBMITTED: (SECRETARIAT, "submitted"),
    Status.RETURNED: (DELEGATES, "returned"),
    Status.REJECTED: (DELEGATES, "rejected"),
    Status.ACCEPTED: (DELEGATES, "accepted"),
    Status.PUBLISHED: (DELEGATES, "published"),
}
# Unpublishing also arrives at accepted, but is news of another kind.
UNPUBLISHED_NOTIFICATION = (DELEGATES, "unpublished")


def notification_for(from_status: str, to_status: str) -> tuple[str, str] | None:
    """Who is mailed about a change and with which template, or None."""
    if (from_status, to_status) == (Status.PUBLISHED, Status.ACCEPTED):
        return UNPUBLISHED_NOTIFICATION
    return NOTIFICATIONS.get(to_status)


def secretariat_addresses() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted(
        set(users.filter(groups__name=rules.SECRETARIAT_GROUP).values_list("email", flat=True))
    )


def delegate_addresses(document: Document) -> list[str]:
    users = get_user_model().objects.filter(
        is_active=True, represented_sources__document_sources__document=document
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def send_notification(*, event_id: int) -> int:
    """Mail the people a workflow change concerns; one message each. Returns how many."""
    event = DocumentEvent.objects.select_related("document__meeting", "actor").get(pk=event_id)
    notification = notification_for(event.from_status, event.to_status)
    if notification is None:
        return 0
    audience, template = notification
    document = event.document
    recipients = (
        secretariat_addresses() if audience == SECRETARIAT else delegate_addresses(document)
    )
    if not recipients:
        return 0
    context = {"document": document, "event": event, "site_url": settings.SITE_URL}
    subject = " ".join(
        render_to_string(f"contributions/email/{template}_subject.txt", context).split()
    )
    body = render_to_string(f"contributions/email/{template}.txt", context)
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
    return get_connection().send_messages(messages)

"""Mail about workflow changes: who is told of which change, and with which template."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from accounts.languages import languages_of
from cwgcop.languages import one_line

from ..models import Document, DocumentEvent

User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


# Who hears about a change: the secretariat, or the delegates of the document's sources.
SECRETARIAT = "secretariat"
DELEGATES = "delegates"


class Tell(NamedTuple):
    """Who is mailed about an action, and its template under templates/contributions/email/."""

    audience: str
    template: str


def secretariat_addresses(document: Document | None = None) -> list[str]:
    """The secretariat of the document's working group (of every group without one)."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    roles = {"group_roles__role": "secretariat"}
    if document is not None:
        roles["group_roles__working_group__meetings"] = document.meeting_id
    return sorted(set(users.filter(**roles).values_list("email", flat=True)))


def delegate_addresses(document: Document) -> list[str]:
    users = get_user_model().objects.filter(
        is_active=True, represented_sources__document_sources__document=document
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _recipient_languages(addresses: list[str]) -> dict[str, str]:
    """Each address's language: that of its account (the one its holder last used)."""
    users = get_user_model().objects.filter(is_active=True, email__in=addresses).order_by("pk")
    languages = languages_of(users)
    chosen: dict[str, str] = {}
    for user in users:
        chosen.setdefault(user.email, languages[user.pk])
    return {address: chosen.get(address, settings.LANGUAGE_CODE) for address in addresses}


def send_notification(*, event_id: int, tell: Tell) -> int:
    """Mail the people a workflow change concerns; one message each, in the language of
    its reader, whatever the language of the request that made the change. Returns how
    many."""
    event = DocumentEvent.objects.select_related("document__meeting", "actor").get(pk=event_id)
    document = event.document
    recipients = (
        secretariat_addresses(document)
        if tell.audience == SECRETARIAT
        else delegate_addresses(document)
    )
    if not recipients:
        return 0
    context = {"document": document, "event": event, "site_url": settings.SITE_URL}
    rendered: dict[str, tuple[str, str]] = {}
    messages = []
    for address, language in _recipient_languages(recipients).items():
        if language not in rendered:
            with translation.override(language):
                subject = render_to_string(
                    f"contributions/email/{tell.template}_subject.txt", context
                )
                body = render_to_string(f"contributions/email/{tell.template}.txt", context)
            rendered[language] = (one_line(subject), body)
        messages.append(EmailMessage(*rendered[language], to=[address]))
    return get_connection().send_messages(messages)

"""Alert mails: the confirmation of a request, a document at its publication, the daily
digest.

Only listed documents are mailed (published, the current version, not entered from the
archive), and of them only what anyone can read on the list: number, title, sources and
address. A mail never carries a document's files, text or summary, whoever may read them.
Each document reaches an address once: a delivery row, unique per address and document,
is written in the same transaction as the mail is sent, so a retried task, a document
published again, or a digest sent twice for a day, sends nothing more.

A mail is one working group's: it names the group, carries the documents of that group
only (a digest goes per group), and links to the group's pages. An alert follows its own
group's documents; one with no group (made before there were several) every group's.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.languages import language_for_address
from contributions import selectors as document_selectors
from contributions.models import Document
from contributions.titles import title_for
from cwgcop.languages import one_line
from workinggroups.addresses import group_reverse, kept_groups
from workinggroups.models import WorkingGroup, default_group

from .models import Alert, Delivery, Frequency, PendingAlert, Subscriber
from .selectors import alerts_for_document
from .services import confirmation_expiry, is_expired
from .targets import target_of
from .tokens import confirm_token, manage_token, unsubscribe_token

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _group_context(group: WorkingGroup) -> dict[str, Any]:
    """The group a mail is for, named in the active language: `site` as the group's
    pages name themselves (workinggroups/site_name.html), `group_name` in full.
    `first_group`: the mails of the first group keep the sentences they had before there
    were several, and their translations."""
    language = translation.get_language()
    if group.slug == settings.DEFAULT_WORKING_GROUP["slug"]:
        site = translation.gettext("CWG-COP Documents")
    else:
        site = translation.gettext("%(group)s Documents") % {"group": group.acronym_in(language)[0]}
    return {
        "site": site,
        "group_name": group.name_in(language)[0],
        "first_group": group.slug == settings.DEFAULT_WORKING_GROUP["slug"],
    }


def _render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    subject = render_to_string(f"alerts/email/{template}_subject.txt", context)
    body = render_to_string(f"alerts/email/{template}.txt", context)
    return one_line(subject), body


def mailable_documents():
    """What alert mails may name: listed documents whose publication is news."""
    return document_selectors.published_documents().news()


def send_confirmation(*, pending_id: int) -> int:
    """Mail the link that confirms a request, in the language of the page it was made on."""
    pending = (
        PendingAlert.objects.select_related("source", "topic", "meeting", "group")
        .filter(pk=pending_id)
        .first()
    )
    if pending is None or is_expired(pending):
        return 0
    # A request from before the groups is confirmed at the first group's address.
    group = pending.group or default_group()
    # An address with an account is written to in the account's language.
    with translation.override(language_for_address(pending.email, pending.language)):
        context = {
            **_group_context(group),
            "followed": target_of(pending).describe(with_group=len(kept_groups()) > 1),
            "frequency": pending.get_frequency_display(),
            "hours": int(confirmation_expiry().total_seconds() // 3600),
            "confirm_url": _absolute(
                group_reverse(group.slug, "alerts:confirm", args=[confirm_token(pending.pk)])
            ),
        }
        subject, body = _render("confirm", context)
    return EmailMessage(subject, body, to=[pending.email]).send()


def _documents_in_mail(documents: Sequence[Document], language: str) -> list[dict[str, str]]:
    return [
        {
            "number": document.number,
            "title": title_for(document, language).text,
            "sources": ", ".join(source.name for source in document.sources_in_order()),
            "url": _absolute(document.get_absolute_url()),
        }
        for document in documents
    ]


def alert_message(
    *,
    subscriber: Subscriber,
    documents: Sequence[Document],
    alerts: Sequence[Alert],
    group: WorkingGroup,
    day: datetime.date | None = None,
) -> EmailMessage:
    """The mail of these documents of the group for these alerts of the subscriber, in its
    language, with the link to manage its alerts and the RFC 8058 one-click unsubscription
    of these alerts, at the group's address. An address with an account is written to in
    the account's language."""
    language = language_for_address(subscriber.email, subscriber.language)
    with_group = len(kept_groups()) > 1
    with translation.override(language):
        unsubscribe_path = group_reverse(
            group.slug,
            "alerts:unsubscribe",
            args=[unsubscribe_token(subscriber.pk, [a.pk for a in alerts])],
        )
        manage_path = group_reverse(group.slug, "alerts:manage", args=[manage_token(subscriber.pk)])
        context = {
            **_group_context(group),
            "documents": _documents_in_mail(documents, language),
            "followed": "; ".join(
                target_of(alert).describe(with_group=with_group) for alert in alerts
            ),
            "day": day,
            "manage_url": _absolute(manage_path),
            "unsubscribe_url": _absolute(unsubscribe_path),
        }
        subject, body = _render("digest" if day else "publication", context)
    return EmailMessage(
        subject,
        body,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def _deliver(message: EmailMessage, *, subscriber: Subscriber, documents, day=None) -> int:
    """Record the deliveries and send, in one transaction: a mail that fails to go records
    nothing (the digest sent again later carries it), and a delivery already recorded,
    by another worker meanwhile, sends nothing."""
    now = timezone.now()
    try:
        with transaction.atomic():
            Delivery.objects.bulk_create(
                Delivery(subscriber=subscriber, document=document, sent_at=now, digest_day=day)
                for document in documents
            )
            return message.send()
    except IntegrityError:
        return 0
    except OSError:
        # The address is not logged: subscriber ids say enough to whoever can read the rows.
        logger.exception("An alert mail to subscriber %s could not be sent.", subscriber.pk)
        return 0


def _by_subscriber(alerts) -> dict[int, tuple[Subscriber, list[Alert]]]:
    grouped: dict[int, tuple[Subscriber, list[Alert]]] = {}
    for alert in alerts:
        grouped.setdefault(alert.subscriber_id, (alert.subscriber, []))[1].append(alert)
    return grouped


def send_publication_alerts(*, document_id: int) -> int:
    """Mail a newly published document to those who follow it at once, each once; nothing
    when it is no longer published. Returns how many mails went."""
    document = mailable_documents().select_related("meeting__group").filter(pk=document_id).first()
    if document is None:
        return 0
    grouped = _by_subscriber(alerts_for_document(document, frequency=Frequency.IMMEDIATE))
    delivered = set(
        Delivery.objects.filter(document=document, subscriber__in=grouped).values_list(
            "subscriber_id", flat=True
        )
    )
    connection = get_connection()
    sent = 0
    for subscriber_id, (subscriber, alerts) in grouped.items():
        if subscriber_id in delivered:
            continue
        message = alert_message(
            subscriber=subscriber, documents=[document], alerts=alerts, group=document.meeting.group
        )
        message.connection = connection
        sent += _deliver(message, subscriber=subscriber, documents=[document])
    return sent


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """A day in the meetings' time zone (Geneva), the site's day for deadlines too."""
    zone = ZoneInfo(settings.MEETING_TIME_ZONE)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, zone)
    return start, end


def send_daily_digests(*, day: datetime.date) -> int:
    """Mail each address with daily alerts the documents published that day that concern
    them and that it has not received yet, in one mail per group. Sending again for the
    same day sends nothing more. Returns how many mails went."""
    start, end = day_bounds(day)
    documents = list(
        mailable_documents()
        .select_related("meeting__group")
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by("published_at", "pk")
    )
    delivered = set(
        Delivery.objects.filter(document__in=documents).values_list("subscriber_id", "document_id")
    )
    digests: dict[tuple[int, int], tuple[Subscriber, list[Document], dict[int, Alert]]] = {}
    for document in documents:
        group = document.meeting.group
        for alert in alerts_for_document(document, frequency=Frequency.DAILY):
            if (alert.subscriber_id, document.pk) in delivered:
                continue
            subscriber, listed, alerts = digests.setdefault(
                (alert.subscriber_id, group.pk), (alert.subscriber, [], {})
            )
            if document not in listed:
                listed.append(document)
            alerts[alert.pk] = alert
    connection = get_connection()
    sent = 0
    for subscriber, listed, alerts in digests.values():
        message = alert_message(
            subscriber=subscriber,
            documents=listed,
            alerts=list(alerts.values()),
            group=listed[0].meeting.group,
            day=day,
        )
        message.connection = connection
        sent += _deliver(message, subscriber=subscriber, documents=listed, day=day)
    return sent

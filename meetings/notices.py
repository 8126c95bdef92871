"""What people are told when a meeting's report is published: the delegates of the
meeting's sources and those who follow the meeting are told it is out, and the delegates
of each source that must act are sent its open actions with their deadlines.

Each mail is in its reader's language and goes once per address and publication (a
revision of the report is a publication of its own): a NoticeSent row, unique per
address, is written in the same transaction as the mail is sent, so that a task run
again sends nothing more and a mail that fails to go records nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from accounts.languages import active_users, language_for_address, languages_of
from accounts.models import NoticeKind, NoticeSent
from alerts.models import AlertKind, Subscriber
from alerts.tokens import manage_token
from contributions.models import Document, DocumentStatus
from cwgcop.languages import one_line
from workinggroups.addresses import group_reverse, slug_of_group

from .models import Meeting, Outcome, PublishedReport

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def render_mail(template: str, context: dict[str, Any], *, language: str) -> tuple[str, str]:
    """The subject and body of templates/mail/<template>, in `language`."""
    with translation.override(language):
        subject = render_to_string(f"mail/{template}_subject.txt", context)
        body = render_to_string(f"mail/{template}.txt", context)
    return one_line(subject), body


def send_once(
    message: EmailMessage, *, kind: str, meeting: Meeting, occasion: int, connection=None
) -> int:
    """Send the message to its one address unless this notice already went to it; the
    record and the sending are one transaction. Returns how many mails went (0 or 1)."""
    [address] = message.to
    message.connection = connection
    try:
        with transaction.atomic():
            NoticeSent.objects.create(
                kind=kind,
                meeting=meeting,
                occasion=occasion,
                email=address.lower(),
                sent_at=timezone.now(),
            )
            return message.send()
    except IntegrityError:
        return 0
    except OSError:
        logger.exception("A %s notice for meeting %s could not be sent.", kind, meeting.pk)
        return 0


def _already_told(kind: str, meeting: Meeting, occasion: int) -> set[str]:
    return set(
        NoticeSent.objects.filter(kind=kind, meeting=meeting, occasion=occasion).values_list(
            "email", flat=True
        )
    )


def report_readers(report: PublishedReport) -> dict[str, tuple[str, int | None]]:
    """Who is told that the report is out, by address: its language, and the subscriber
    whose alerts it follows the meeting by (None for a delegate). The delegates of the sources of the meeting's
    documents (drafts aside), then those who follow the meeting; an address once."""
    meeting = report.meeting
    documents = (
        Document.objects.filter(meeting=meeting)
        .exclude(kind=Document.Kind.REPORT)
        .exclude(status=DocumentStatus.DRAFT)
    )
    delegates = list(
        active_users(represented_sources__document_sources__document__in=documents)
        .distinct()
        .order_by("email")
    )
    languages = languages_of(delegates)
    readers: dict[str, tuple[str, int | None]] = {}
    for user in delegates:
        readers.setdefault(user.email.lower(), (languages[user.pk], None))
    followers = Subscriber.objects.filter(
        alerts__kind=AlertKind.MEETING, alerts__meeting=meeting
    ).distinct()
    for subscriber in followers.order_by("email"):
        if subscriber.email.lower() in readers:
            continue
        language = language_for_address(subscriber.email, subscriber.language)
        readers[subscriber.email.lower()] = (language, subscriber.pk)
    return readers


def _still_published(published_report_id: int) -> PublishedReport | None:
    """The published report with its document and meeting, unless its document has been
    unpublished or withdrawn since: a notice of it would lead nowhere."""
    report = (
        PublishedReport.objects.select_related("document", "meeting")
        .filter(pk=published_report_id)
        .first()
    )
    if report is None or report.document.status != DocumentStatus.PUBLISHED:
        return None
    return report


def send_report_notices(*, published_report_id: int) -> int:
    """Tell the meeting's delegates and followers that its report is published."""
    report = _still_published(published_report_id)
    if report is None:
        return 0
    meeting = report.meeting
    told = _already_told(NoticeKind.REPORT, meeting, report.pk)
    connection = get_connection()
    sent = 0
    for address, (language, subscriber_id) in report_readers(report).items():
        if address in told:
            continue
        # The links lead to the pages in the reader's language.
        with translation.override(language):
            manage_url = ""
            if subscriber_id is not None:
                manage_url = absolute(
                    group_reverse(
                        slug_of_group(meeting.group_id),
                        "alerts:manage",
                        args=[manage_token(subscriber_id)],
                    )
                )
            context = {
                "meeting": meeting,
                "document": report.document,
                "report_url": absolute(report.document.get_absolute_url()),
                "meeting_url": absolute(meeting.get_absolute_url()),
                "manage_url": manage_url,
            }
        subject, body = render_mail("report_published", context, language=language)
        message = EmailMessage(subject, body, to=[address])
        sent += send_once(
            message,
            kind=NoticeKind.REPORT,
            meeting=meeting,
            occasion=report.pk,
            connection=connection,
        )
    return sent


def actions_by_delegate(meeting: Meeting) -> dict[Any, list[Outcome]]:
    """Each delegate of a source that must act: the meeting's open actions of its sources."""
    actions = (
        meeting.outcomes.open_actions()
        .select_related("due_meeting")
        .prefetch_related("responsible")
        .order_by("order")
    )
    # The sources each action names, then their delegates in one query.
    owners = {outcome: {source.pk for source in outcome.responsible.all()} for outcome in actions}
    delegates = (
        active_users(represented_sources__in=set().union(*owners.values()))
        .distinct()
        .order_by("email")
        .prefetch_related("represented_sources")
    )
    owed: dict[Any, list[Outcome]] = {}
    for user in delegates:
        theirs = {source.pk for source in user.represented_sources.all()}
        mine = [outcome for outcome, sources in owners.items() if sources & theirs]
        if mine:
            owed[user] = mine
    return owed


def send_action_notices(*, published_report_id: int) -> int:
    """Send each delegate of a source that must act the meeting's open actions of its
    sources, with their deadlines, once per publication of the report."""
    report = _still_published(published_report_id)
    if report is None:
        return 0
    meeting = report.meeting
    owed = actions_by_delegate(meeting)
    told = _already_told(NoticeKind.ACTIONS, meeting, report.pk)
    languages = languages_of(owed)
    connection = get_connection()
    sent = 0
    for user, outcomes in owed.items():
        if user.email.lower() in told:
            continue
        with translation.override(languages[user.pk]):
            context = {
                "meeting": meeting,
                "document": report.document,
                "report_url": absolute(report.document.get_absolute_url()),
                "actions": [
                    {
                        "outcome": outcome,
                        "sources": ", ".join(s.name for s in outcome.responsible.all()),
                        "url": absolute(outcome.get_absolute_url()),
                    }
                    for outcome in outcomes
                ],
            }
        subject, body = render_mail("open_actions", context, language=languages[user.pk])
        message = EmailMessage(subject, body, to=[user.email])
        sent += send_once(
            message,
            kind=NoticeKind.ACTIONS,
            meeting=meeting,
            occasion=report.pk,
            connection=connection,
        )
    return sent


@task()
def send_report_notices_task(published_report_id: int) -> int:
    """Tell the meeting's delegates and followers that its report is published."""
    return send_report_notices(published_report_id=published_report_id)


@task()
def send_action_notices_task(published_report_id: int) -> int:
    """Send the owners of the meeting's open actions what they must do, and by when."""
    return send_action_notices(published_report_id=published_report_id)


def enqueue_report_notices(published_report_id: int) -> None:
    """Queue both notices of a publication (called once the publication is committed)."""
    send_report_notices_task.enqueue(published_report_id)
    send_action_notices_task.enqueue(published_report_id)

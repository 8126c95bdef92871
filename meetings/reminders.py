"""Reminders of a meeting's contribution deadline, at steps before it (by default 14 and
3 days, counted in days of Geneva, where deadlines are set).

At each step a delegate is mailed once, in their language, what concerns them: the
sources they represent that have submitted nothing for the meeting, and their drafts for
it not submitted yet (returned documents included). A delegate who has submitted for all
their sources and has no draft left hears nothing; one who turned reminders off on their
desk hears nothing either. Run as often as wished: a NoticeSent row per address, meeting
and step, written in the transaction that sends the mail, keeps it to once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from accounts.languages import active_users, languages_of
from accounts.models import AccountSettings, NoticeKind
from contributions.models import Document, DocumentStatus, Source

from .models import Meeting
from .notices import _already_told, absolute, render_mail, send_once

# What a source has submitted for a meeting once it is in the secretariat's hands.
SUBMITTED = (
    DocumentStatus.SUBMITTED,
    DocumentStatus.ACCEPTED,
    DocumentStatus.PUBLISHED,
    DocumentStatus.SUPERSEDED,
)
# Where a delegate turns the reminders off: their desk.
SETTING_ANCHOR = "#deadline-reminders"


def reminder_days() -> tuple[int, ...]:
    return tuple(sorted(set(getattr(settings, "DEADLINE_REMINDER_DAYS", (14, 3)))))


def step_for(meeting: Meeting, *, now: datetime.datetime) -> int | None:
    """The step the meeting's deadline is at: the fewest days of a step that are at least
    the days left, in Geneva; None before the first step and once the deadline passed."""
    deadline = meeting.contribution_deadline
    if deadline is None or deadline <= now:
        return None
    zone = ZoneInfo(settings.MEETING_TIME_ZONE)
    days_left = (timezone.localdate(deadline, zone) - timezone.localdate(now, zone)).days
    return next((days for days in reminder_days() if days_left <= days), None)


@dataclass
class Reminder:
    user: Any
    idle_sources: list[Source] = field(default_factory=list)
    drafts: list[Document] = field(default_factory=list)


def reminders_for(meeting: Meeting) -> list[Reminder]:
    """Who is reminded of the meeting's deadline, and of what."""
    turned_off = AccountSettings.objects.filter(deadline_reminders=False).values("user_id")
    delegates = active_users().exclude(pk__in=turned_off)
    submitted = Document.objects.filter(meeting=meeting, status__in=SUBMITTED).values(
        "document_sources__source"
    )
    reminders: dict[int, Reminder] = {}
    idle = (
        Source.objects.exclude(pk__in=submitted)
        .filter(delegates__in=delegates)
        .distinct()
        .order_by("name")
    )
    for source in idle.prefetch_related("delegates"):
        for user in source.delegates.all():
            if user.is_active and user.email:
                reminders.setdefault(user.pk, Reminder(user)).idle_sources.append(source)
    drafts = (
        Document.objects.filter(meeting=meeting, status__in=DocumentStatus.DELEGATE_EDITABLE)
        .prefetch_related("document_sources__source__delegates")
        .order_by("created_at", "pk")
    )
    for document in drafts:
        users = {
            user.pk: user
            for link in document.document_sources.all()
            for user in link.source.delegates.all()
        }
        for user in users.values():
            if user.is_active and user.email:
                reminder = reminders.setdefault(user.pk, Reminder(user))
                reminder.drafts.append(document)
    wanted = set(delegates.filter(pk__in=reminders).values_list("pk", flat=True))
    return [reminders[pk] for pk in sorted(reminders) if pk in wanted]


def _message(meeting: Meeting, reminder: Reminder, *, days: int, language: str) -> EmailMessage:
    desk = absolute(reverse("admin:index"))
    context = {
        "meeting": meeting,
        "days": days,
        "idle_sources": ", ".join(source.name for source in reminder.idle_sources),
        "drafts": [
            {
                "name": " ".join(part for part in [document.number, document.title] if part),
                "url": absolute(reverse("admin:contributions_document_change", args=[document.pk])),
            }
            for document in reminder.drafts
        ],
        "desk_url": desk,
        "setting_url": desk + SETTING_ANCHOR,
    }
    subject, body = render_mail("deadline_reminder", context, language=language)
    return EmailMessage(subject, body, to=[reminder.user.email])


def send_deadline_reminders(*, now: datetime.datetime | None = None) -> int:
    """Mail the reminders due now for every meeting open for contributions; returns how
    many mails went."""
    now = now or timezone.now()
    connection = get_connection()
    sent = 0
    meetings = Meeting.objects.filter(
        status=Meeting.Status.OPEN, contribution_deadline__gt=now
    ).order_by("contribution_deadline", "number")
    for meeting in meetings:
        step = step_for(meeting, now=now)
        if step is None:
            continue
        zone = ZoneInfo(settings.MEETING_TIME_ZONE)
        days_left = (
            timezone.localdate(meeting.contribution_deadline, zone) - timezone.localdate(now, zone)
        ).days
        told = _already_told(NoticeKind.DEADLINE, meeting, step)
        reminders = [r for r in reminders_for(meeting) if r.user.email.lower() not in told]
        languages = languages_of(reminder.user for reminder in reminders)
        for reminder in reminders:
            with translation.override(languages[reminder.user.pk]):
                message = _message(
                    meeting, reminder, days=days_left, language=languages[reminder.user.pk]
                )
            sent += send_once(
                message,
                kind=NoticeKind.DEADLINE,
                meeting=meeting,
                occasion=step,
                connection=connection,
            )
    return sent


@task()
def send_deadline_reminders_task() -> int:
    """Mail the contribution deadline reminders due now."""
    return send_deadline_reminders()

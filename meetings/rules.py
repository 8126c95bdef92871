"""Who may do what with meetings, their reports and their actions.

The roles are those of contributions.rules: the secretariat keeps the action tracker and
publishes the report. A meeting has a report only once it was held; until the
secretariat publishes it, the report is a draft for the secretariat and the chair.
"""

from typing import Any

import rules
from django.utils.translation import gettext as _

from contributions.models import Document
from contributions.rules import is_chair, is_secretariat
from contributions.visibility import document_text_readable_by, group_of

from .models import Meeting


@rules.predicate
def is_held(_user: Any, meeting: Meeting | None) -> bool:
    return meeting is not None and meeting.status == Meeting.Status.HELD


@rules.predicate
def has_published_report(user: Any, meeting: Meeting | None) -> bool:
    """The report is published, and open to this person: a members-only report is the
    members' (visibility.document_text_readable_by), since its page is its full text."""
    if meeting is None:
        return False
    # A report of several meetings is the report of each of them.
    reports = Document.objects.listed().for_meeting(meeting).filter(kind=Document.Kind.REPORT)
    return document_text_readable_by(user, reports).exists()


def may_name_document(meeting: Meeting, document: Document) -> bool:
    """Whether a record of this meeting (a presentation, a line of the report's list) may
    name this document: one its every reader may read, a published one or one of the
    meeting's group, whose secretariat and chair read them all."""
    return document.is_public or group_of(document) == group_of(meeting)


def not_held_message(meeting: Meeting) -> str:
    """Why a meeting has no report: said once, for the admin and the service."""
    return _(
        "%(meeting)s has no report: only a meeting that was held has one, and this one is "
        "“%(status)s”."
    ) % {"meeting": meeting, "status": meeting.get_status_display()}


can_update_action = rules.predicate(is_secretariat, name="can_update_action")
can_publish_report = rules.predicate(is_secretariat, name="can_publish_report")
can_view_draft_report = is_held & (is_secretariat | is_chair)
can_view_meeting_report = is_held & (is_secretariat | is_chair | has_published_report)
# The history of every change of a meeting's record: those who keep and read the record.
can_read_record_changes = is_secretariat | is_chair

"""Who may change what in a document: the fields of each role in each status, the sources
rule for delegates, the meetings they contribute to, the agenda item's meeting.

The services enforce these; the admin and the forms ask the same functions to decide what
they offer and to show the same messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting

from .. import rules
from ..models import Document, Source
from ..records import RECORD_FIELDS
from ..visibility import working_groups_of

User = Any  # the configured user model; kept loose so tests can pass AnonymousUser

# The description a delegate writes; the secretariat also files it under an agenda item.
# A delegate may ask for members-only access; the secretariat decides it.
DELEGATE_FIELDS = frozenset(
    {"meeting", "kind", "title", "original_language", "summary", "members_only_requested"}
)
SECRETARIAT_FIELDS = DELEGATE_FIELDS | {"agenda_item", "access"} | RECORD_FIELDS
# Once numbered, the meeting and the kind are part of the number.
NUMBERED_FIXED = frozenset({"meeting", "kind"})
# The meetings a delegate may contribute to; the secretariat files documents for any.
CONTRIBUTION_MEETING_STATUSES = frozenset({Meeting.Status.OPEN, Meeting.Status.PLANNED})

CHOOSE_A_SOURCE = _("Choose at least one source.")
ONLY_YOUR_SOURCES = _("You can add only the sources you represent.")
KEEP_OTHERS_SOURCES = _("Only the secretariat can remove a source you do not represent.")
KEEP_ONE_OF_YOURS = _("Keep at least one of the sources you represent.")
MEETING_CLOSED = _("This meeting no longer takes contributions: choose a meeting that does.")
AGENDA_OF_ANOTHER_MEETING = _("Choose an agenda item of the document's meeting.")
NOT_TAKING_PART = _(
    "%(group)s is open to Member States and Sector Members only: %(source)s cannot "
    "contribute to %(meeting)s."
)


def fields_of_role(*, by: User, document: Document | None = None) -> frozenset[str]:
    """The description fields this person may ever write in this document: the
    secretariat's in its group's documents, a delegate's in the others (in any document,
    without one)."""
    return SECRETARIAT_FIELDS if rules.is_secretariat.test(by, document) else DELEGATE_FIELDS


def editable_fields(*, document: Document, by: User) -> frozenset[str]:
    """The description fields this person may change in this document, in its status now."""
    if not rules.can_edit_document.test(by, document):
        return frozenset()
    allowed = fields_of_role(by=by, document=document)
    return allowed - NUMBERED_FIXED if document.number else allowed


def meetings_open_to(by: User, *, current: Meeting | None = None) -> QuerySet[Meeting]:
    """The meetings this person may file a document under (and the one it is under now):
    those open for contributions whose group admits one of their sources, in every group,
    and every meeting of the groups whose secretariat they are (all of them for a
    superuser)."""
    if getattr(by, "is_superuser", False) and by.is_active:
        return Meeting.objects.all()
    meetings = Meeting.objects.filter(pk__in=_taking_part_in(by))
    own_groups = sorted(working_groups_of(by, "secretariat"))
    if own_groups:
        meetings = meetings | Meeting.objects.filter(group__in=own_groups)
    return meetings | Meeting.objects.filter(pk=current.pk if current else 0)


def _taking_part_in(by: User) -> list[int]:
    """The meetings open for contributions whose group admits, on the meeting's first day,
    one of the sources this person represents (Participation)."""
    if not getattr(by, "is_authenticated", False):
        return []
    kinds = set(by.represented_sources.values_list("kind", flat=True))
    meetings = Meeting.objects.filter(status__in=CONTRIBUTION_MEETING_STATUSES).select_related(
        "group"
    )
    return [
        meeting.pk
        for meeting in meetings.prefetch_related("group__participation")
        if any(meeting.group.admits(kind, meeting.start_date) for kind in kinds)
    ]


def check_taking_part(*, meeting: Meeting, sources: Iterable[Source], by: User) -> None:
    """A delegate's document comes from sources the meeting's group admits on the meeting's
    first day: a group open to Member States and Sector Members only takes no document of
    a civil-society organisation. The group's secretariat files documents from anyone."""
    if rules.is_secretariat.test(by, meeting):
        return
    for source in sources:
        if not meeting.group.admits(source.kind, meeting.start_date):
            raise ValidationError(
                NOT_TAKING_PART,
                code="taking_part",
                params={"group": meeting.group.acronym, "source": source, "meeting": meeting.code},
            )


def check_kind(*, kind: str, by: User, meeting: Meeting) -> None:
    """Reports and agendas are the secretariat's, of the meeting's group; delegates (another
    group's secretariat among them) give any other kind."""
    if not rules.may_give_kind(by, kind, meeting):
        raise ValidationError(
            _("Only the secretariat writes documents of the kind %(kind)s."),
            code="kind",
            params={"kind": Document.Kind(kind).label},
        )


def check_meeting(*, meeting: Meeting, by: User, current: Meeting | None = None) -> None:
    """Delegates contribute only to meetings open for contributions."""
    if current is not None and meeting.pk == current.pk:
        return
    if (
        not rules.is_secretariat.test(by, meeting)
        and meeting.status not in CONTRIBUTION_MEETING_STATUSES
    ):
        raise ValidationError(MEETING_CLOSED, code="meeting")


def check_agenda_item(*, agenda_item: AgendaItem | None, meeting: Meeting | None) -> None:
    """A document is filed under an agenda item of its own meeting."""
    if agenda_item is not None and meeting is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(AGENDA_OF_ANOTHER_MEETING, code="agenda")


def check_sources(
    *,
    chosen: Iterable[Source],
    by: User,
    current: Iterable[int] = (),
    meeting: Meeting | None = None,
) -> None:
    """A document names at least one source. A delegate adds only sources they represent,
    removes none they do not represent, and keeps one of theirs; the secretariat of the
    meeting's group any (of any group, when the meeting is not known yet).

    A refusal is PermissionDenied carrying the message a form shows."""
    chosen_ids = {source.pk for source in chosen}
    if not chosen_ids:
        raise ValidationError(CHOOSE_A_SOURCE, code="sources")
    if rules.is_secretariat.test(by, meeting):
        return
    current_ids = set(current)
    represented = (
        set(by.represented_sources.values_list("pk", flat=True))
        if getattr(by, "is_authenticated", False)
        else set()
    )
    if (chosen_ids - current_ids) - represented:
        raise PermissionDenied(ONLY_YOUR_SOURCES)
    if (current_ids - represented) - chosen_ids:
        raise PermissionDenied(KEEP_OTHERS_SOURCES)
    if not represented & chosen_ids:
        raise PermissionDenied(KEEP_ONE_OF_YOURS)

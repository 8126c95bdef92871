"""Meetings, each with its agenda, published documents, presentations and outcomes, and the
open actions of all meetings."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, P, Path, Query, Router, Schema
from ninja.errors import HttpError

from contributions.visibility import PUBLIC_AUDIENCE
from meetings import selectors
from meetings.models import Meeting, MeetingLink, Outcome, Presentation
from meetings.webcasts import links_seen_by
from workinggroups.addresses import default_slug, group_reverse, slug_of_group

from . import schemas
from .groups import GROUP_DESCRIPTION, groups_named, meetings_addressed
from .http import absolute_url, page_url
from .pagination import Page, PageQuery, paginate
from .serialize import api_url, document_ref, meeting_ref, source_ref

router = Router(tags=["meetings"])


def meeting_api_url(meeting: Meeting, slug: str) -> str:
    """The meeting in this API: by its number for the first group's, as before the groups,
    and with its group named for the others'."""
    address = api_url("meeting", meeting.number)
    return address if slug == default_slug() else f"{address}?{urlencode({'group': slug})}"


def meeting_summary(meeting: Meeting, document_count: int) -> dict[str, Any]:
    slug = slug_of_group(meeting.group_id)
    return {
        "number": meeting.number,
        "code": meeting.code,
        "group": slug,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "venue": meeting.venue,
        "format": meeting.format,
        "status": meeting.status,
        "contribution_deadline": meeting.contribution_deadline,
        "document_count": document_count,
        "url": page_url(meeting),
        "api_url": meeting_api_url(meeting, slug),
    }


class MeetingsQuery(Schema):
    group: list[str] = Field([], description=f"{GROUP_DESCRIPTION} Their meetings.")


@router.get(
    "/meetings",
    response={200: Page[schemas.MeetingSummary], **schemas.OTHER_RESPONSES},
    url_name="meetings",
    summary="Meetings, the latest first",
)
def meeting_list(
    request: HttpRequest, filters: Query[MeetingsQuery], paging: Query[PageQuery]
) -> dict[str, Any]:
    meetings = selectors.meetings_with_counts()
    if groups := groups_named(filters.group):
        meetings = meetings.filter(group__in=[group.pk for group in groups])
    return paginate(
        request,
        # Numbers repeat across groups: the first group's first among equal numbers.
        meetings.order_by("-number", "group__order", "group__acronym"),
        paging,
        lambda meeting: meeting_summary(meeting, meeting.published_count),
    )


def presentation_data(presentation: Presentation) -> dict[str, Any]:
    """A programme item; the document is named only once it is public, as on the page."""
    document = presentation.document
    return {
        "order": presentation.order,
        "title": str(presentation.public_title),
        "status": presentation.status,
        "agenda_item": presentation.agenda_item.order if presentation.agenda_item else None,
        "document": document_ref(document) if document and document.is_public else None,
        "presenters": [source_ref(source) for source in presentation.presenter_sources()],
        "heading": presentation.heading,
        "summary": presentation.public_summary,
    }


def outcome_data(outcome: Outcome) -> dict[str, Any]:
    return {
        "order": outcome.order,
        "kind": outcome.kind,
        "text": outcome.text,
        "responsible": [source_ref(source) for source in outcome.responsible.all()],
        "due_meeting": meeting_ref(outcome.due_meeting),
        "due_date": outcome.due_date,
        "status": outcome.status,
    }


def link_data(link: MeetingLink) -> dict[str, Any]:
    return {
        "session": link.session,
        "starts_at": link.starts_at,
        "ends_at": link.ends_at,
        "kind": link.kind,
        "language": link.language,
        "url": link.url,
    }


def documents_pdf_url(meeting: Meeting) -> str:
    """Its documents in one PDF, the page's English address (meetings/meeting_pdf.py)."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(
            group_reverse(
                slug_of_group(meeting.group_id), "meetings:documents-pdf", args=[meeting.number]
            )
        )


class MeetingAddress(Schema):
    group: str | None = Field(
        None,
        description="The slug of the meeting's working group, for a meeting given by its "
        "number; by default the first group's (cwg-cop).",
    )


@router.get(
    "/meetings/{number}",
    response={200: schemas.MeetingDetail, **schemas.OTHER_RESPONSES},
    url_name="meeting",
    summary="A meeting with its agenda, documents, presentations and outcomes",
)
def meeting_detail(
    request: HttpRequest,
    number: Path[
        str,
        P(
            pattern=r"^([0-9]{1,5}|[A-Za-z][A-Za-z0-9-]{0,40}-[0-9]{1,5})$",
            description="The meeting's number (21), or its code (CWG-TEST-1). Each working "
            "group numbers its own meetings: a number is the first group's meeting (cwg-cop) "
            "unless `group` names another; a code names its group itself.",
        ),
    ],
    address: Query[MeetingAddress],
) -> dict[str, Any]:
    groups = groups_named([address.group] if address.group else [])
    found = list(meetings_addressed(number, groups).prefetch_related("officers")[:2])
    if not found:
        raise HttpError(404, "There is no meeting with this number.")
    if len(found) > 1:
        raise HttpError(
            400, "Several working groups have a meeting with this code: name one in `group`."
        )
    meeting = found[0]
    programme = selectors.meeting_programme(meeting)
    presentations = list(selectors.meeting_presentations(meeting))
    orders_by_item: dict[int | None, list[int]] = {}
    for presentation in presentations:
        orders_by_item.setdefault(presentation.agenda_item_id, []).append(presentation.order)
    filed = {entry.item.pk for entry in programme["agenda"] if entry.item}
    agenda = [
        {
            "item": (
                {
                    "order": entry.item.order,
                    "title": entry.item.title,
                    "added_at_meeting": entry.item.added_at_meeting,
                }
                if entry.item
                else None
            ),
            "document_count": entry.document_count,
            "presentations": (
                orders_by_item.get(entry.item.pk, [])
                if entry.item
                else [
                    order
                    for item, orders in orders_by_item.items()
                    if item not in filed
                    for order in orders
                ]
            ),
        }
        for entry in programme["agenda"]
    ]
    # A meeting may have thousands of documents: they are the documents list's, paged.
    return {
        **meeting_summary(meeting, sum(entry.document_count for entry in programme["agenda"])),
        "mandate": meeting.mandate,
        "participants": meeting.participants,
        "participants_approximate": meeting.participants_approximate,
        "officers": [
            {
                "role": officer.role,
                "honorific": officer.honorific,
                "name": officer.name,
                "affiliation": officer.affiliation,
            }
            for officer in meeting.officers.all()
        ],
        "agenda": agenda,
        "documents_url": f"{api_url('documents')}?{documents_query(meeting)}",
        "documents_pdf_url": documents_pdf_url(meeting),
        "presentations": [presentation_data(item) for item in presentations],
        "outcomes": [outcome_data(outcome) for outcome in programme["outcomes"]],
        # The API answers everyone alike, as the public: no members-only link.
        "links": [link_data(link) for link in links_seen_by(PUBLIC_AUDIENCE, meeting.links.all())],
    }


def documents_query(meeting: Meeting) -> str:
    filters = {"meeting": meeting.number, "sort": "number"}
    slug = slug_of_group(meeting.group_id)
    if slug != default_slug():
        filters = {"group": slug, **filters}
    return urlencode(filters)


def action_data(outcome: Outcome) -> dict[str, Any]:
    fulfilled_by = outcome.public_fulfilling_document
    return {
        **outcome_data(outcome),
        "meeting": meeting_ref(outcome.meeting),
        "fulfilled_by_document": document_ref(fulfilled_by) if fulfilled_by else None,
        "fulfilled_by_meeting": meeting_ref(outcome.fulfilled_by_meeting),
        "url": page_url(outcome),
    }


@router.get(
    "/actions",
    response={200: Page[schemas.Action], **schemas.OTHER_RESPONSES},
    url_name="actions",
    summary="Open actions of all meetings, the oldest meeting's first",
)
def action_list(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    return paginate(request, selectors.open_actions(), paging, action_data)

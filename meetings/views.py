"""Public pages about meetings: the meeting, the actions it asked for, its files
and calendar entry."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from contributions.activity import document_summary
from contributions.exports import zip_stream
from contributions.filters import Sort
from contributions.listing import document_list_context
from contributions.rules import audience
from contributions.selectors import published_documents
from cwgcop.kept import LISTS, fragment_context, scope, shows
from workinggroups.current import active_group, in_active_group

from . import deadlines, selectors, webcasts
from .calendar import meetings_calendar
from .models import Meeting
from .report.archived import archived_report_for, report_name
from .rules import can_view_meeting_report


def _meeting_or_404(number: int) -> Meeting:
    meeting = selectors.meeting_by_number(number)
    if meeting is None:
        raise Http404
    return meeting


def meeting_list(request: HttpRequest) -> HttpResponse:
    shows(request, LISTS)
    open_deadlines = deadlines.open_deadlines()
    response = render(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": selectors.meetings_with_counts(),
            "deadlines_passed": deadlines.deadlines_passed(open_deadlines),
            **fragment_context(request, audience=audience(request.user)),
        },
    )
    return deadlines.not_kept_near(response, open_deadlines)


def _lazy_programme(meeting: Meeting, presentations_page: Any) -> dict[str, Any]:
    """The agenda, presentations and outcomes, read only when the template renders them:
    a kept fragment of the page is served without their queries."""
    programme = SimpleLazyObject(
        lambda: selectors.meeting_programme(meeting, presentations_page=presentations_page)
    )
    lazy = {
        name: SimpleLazyObject(lambda name=name: programme[name])
        for name in ("agenda", "presentations_page", "outcomes")
    }
    # The items under which nothing is filed yet, said in one line rather than one each.
    lazy["empty_agenda_items"] = SimpleLazyObject(
        lambda: [
            entry.item
            for entry in programme["agenda"]
            if entry.item and not entry.document_count and not entry.presentations
        ]
    )
    return lazy


def meeting_detail(request: HttpRequest, number: int) -> HttpResponse:
    meeting = _meeting_or_404(number)
    # What an addition can change here: the meeting's documents, presentations, outcomes.
    shown = scope("meeting", meeting.pk)
    shows(request, shown)
    documents = published_documents().for_meeting(meeting)
    issued = archived_report_for(request.user, meeting)
    response = render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "summary": document_summary(shown),
            # Counted by the meeting's counter (contributions.counts) while nothing narrows
            # the list: the documents numbered for it or shared with it, of its group.
            **document_list_context(
                request,
                documents,
                without=("meeting",),
                default_sort=Sort.NUMBER,
                subject=shown,
            ),
            "list_url": request.path,
            **_lazy_programme(meeting, request.GET.get("presentations_page")),
            # A cancelled meeting took nothing up: nothing was carried forward to it.
            "actions_carried_forward": (
                selectors.actions_carried_forward(meeting)
                if meeting.status != Meeting.Status.CANCELLED
                else []
            ),
            "report_visible": can_view_meeting_report(request.user, meeting),
            "issued_report": issued,
            "report_name": report_name(issued) if issued else "",
            # Its webcasts, recordings and captions by session: the members-only ones for
            # the members' audience only. One query; the page is kept per audience.
            # Read only when the kept fragment of the links is not there.
            "link_sessions": SimpleLazyObject(
                lambda: webcasts.meeting_sessions(meeting, audience(request.user))
            ),
        },
    )
    return deadlines.not_kept_near(response, deadlines.open_deadlines_of([meeting]))


def action_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/action_list.html",
        {"groups": selectors.open_actions_by_responsible()},
    )


def meeting_files_zip(request: HttpRequest, number: int) -> StreamingHttpResponse:
    meeting = _meeting_or_404(number)
    files = selectors.published_files_of_meeting(meeting, request.user)
    response = StreamingHttpResponse(zip_stream(files.iterator()), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{meeting.code}-documents.zip"'
    # What it holds depends on who asks: members get the members-only files too.
    patch_cache_control(response, private=True)
    return response


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def meeting_ics(request: HttpRequest, number: int) -> HttpResponse:
    meeting = _meeting_or_404(number)
    body = meetings_calendar([meeting])
    return _calendar_response(body, f"{meeting.code}.ics")


def meetings_ics(request: HttpRequest) -> HttpResponse:
    """Every meeting, for a calendar application to subscribe to."""
    group = active_group()
    name = _("%(group)s meetings") % {"group": group.acronym if group else "CWG-COP"}
    body = meetings_calendar(in_active_group(Meeting.objects, "").order_by("number"), name=name)
    return _calendar_response(body, "cwg-cop-meetings.ics")

"""Public pages about meetings: the meeting, its report, and the actions it asked for."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from . import selectors
from .models import Meeting
from .report import (
    DOCX_CONTENT_TYPE,
    build_meeting_report,
    meeting_report_docx,
    meeting_report_filename,
)


def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "meetings/meeting_list.html", {"meetings": selectors.meetings_with_counts()}
    )


def meeting_detail(request: HttpRequest, number: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, number=number)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            **selectors.meeting_programme(meeting),
            "actions_carried_forward": selectors.actions_carried_forward(meeting),
        },
    )


def meeting_report(request: HttpRequest, number: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, number=number)
    return render(
        request,
        "meetings/meeting_report.html",
        {
            "meeting": meeting,
            "report": build_meeting_report(meeting),
            "published_report": selectors.published_meeting_report(meeting),
        },
    )


def meeting_report_download(request: HttpRequest, number: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, number=number)
    response = HttpResponse(
        meeting_report_docx(build_meeting_report(meeting)), content_type=DOCX_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=meeting_report_filename(meeting)
    )
    return response


def action_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/action_list.html",
        {"groups": selectors.open_actions_by_responsible()},
    )

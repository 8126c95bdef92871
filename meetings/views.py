"""Public pages about meetings."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import Meeting


def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "meetings/meeting_list.html", {"meetings": selectors.meetings_with_counts()}
    )


def meeting_detail(request: HttpRequest, number: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, number=number)
    return render(
        request,
        "meetings/meeting_detail.html",
        {"meeting": meeting, **selectors.meeting_programme(meeting)},
    )

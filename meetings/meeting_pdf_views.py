"""The meeting's documents as one PDF (meetings/meeting_pdf.py): served once the worker has
built it, with its ETag and Last-Modified; until then a page that asks to come back."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header, http_date, quote_etag

from cwgcop.prepared import being_prepared

from . import selectors
from .meeting_pdf import (
    Plan,
    ask_for_build,
    edition_for,
    is_stored,
    kept_plan,
    stored_pdf_details,
)

# How long a browser or a script is asked to wait before asking again.
RETRY_SECONDS = 60


def meeting_documents_pdf(request: HttpRequest, number: int) -> HttpResponseBase:
    meeting = selectors.meeting_by_number(number)
    if meeting is None:
        raise Http404
    plan = kept_plan(meeting, edition_for(request.user))
    # With a worker, the build runs later; run in the request (the immediate backend of
    # development), it is there at once.
    if not is_stored(plan):
        ask_for_build(plan)
        if not is_stored(plan):
            return _being_prepared(request, meeting)
    try:
        size, stored_at = stored_pdf_details(plan)
        headers = {"ETag": quote_etag(plan.digest[:40]), "Last-Modified": http_date(stored_at)}
        response = get_conditional_response(
            request, etag=headers["ETag"], last_modified=int(stored_at)
        )
        if response is None:
            response = _pdf_response(plan, f"{meeting.code}-documents.pdf", size)
    except FileNotFoundError:  # replaced by a newer one since (meeting_pdf._remove_earlier)
        return _being_prepared(request, meeting)
    for header, value in headers.items():
        response[header] = value
    # What it holds depends on who asks: members get the members-only files too.
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _pdf_response(plan: Plan, name: str, size: int) -> FileResponse:
    response = FileResponse(
        default_storage.open(plan.storage_name, "rb"), content_type="application/pdf"
    )
    response["Content-Length"] = str(size)
    response["Content-Disposition"] = content_disposition_header(False, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _being_prepared(request: HttpRequest, meeting) -> HttpResponse:
    return being_prepared(
        request,
        "meetings/meeting_pdf_preparing.html",
        {"meeting": meeting},
        retry_seconds=RETRY_SECONDS,
    )

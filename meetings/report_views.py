"""The meeting's report: as published under its number, each earlier version, and the
draft from the records as they are now for the secretariat and the chair.

A meeting whose report was issued as a document of its own (an archived report, see
meetings.report.archived) has that document as its report: the report address leads to
the document's page, and the generated report is only ever the secretariat's draft.

A published report is served as it was stored when it was published (meetings.report
.stored), never rebuilt from the records: editing a presentation or an outcome afterwards
changes the draft of the next revision, which only the secretariat and the chair see,
with what changed line by line.
"""

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe

from contributions.models import Document
from contributions.storage import DOCX_CONTENT_TYPE
from contributions.visibility import can_download_file, can_read_document_text, can_view_document

from . import selectors
from .models import Meeting, PublishedReport
from .report import build_meeting_report, meeting_report_docx, meeting_report_filename
from .report.stored import article_html, report_changes
from .rules import can_publish_report, can_view_draft_report, can_view_meeting_report


def _meeting_or_404(request: HttpRequest, number: int) -> Meeting:
    """A held meeting whose report this person may read: published, or a draft for the
    secretariat and the chair; 404 for anyone else, and for a meeting not held."""
    meeting = selectors.meeting_by_number(number)
    if meeting is None or not can_view_meeting_report(request.user, meeting):
        raise Http404
    return meeting


def _report_documents(request: HttpRequest, meeting: Meeting) -> list[Document]:
    """The meeting's report documents anyone may read and this person may read (members-
    only ones are the members'), newest first, with their stored versions and files: one
    query, two when there is one."""
    documents = (
        Document.objects.public()
        .for_meeting(meeting)
        .filter(kind=Document.Kind.REPORT)
        .select_related("published_report")
        .prefetch_related("files")
        .order_by("-revision", "-document_date", "-pk")
    )
    return [document for document in documents if _may_read(request, document)]


def _versions(documents: list[Document]) -> list[PublishedReport]:
    """The stored versions of these report documents, in their order."""
    stored = (getattr(document, "published_report", None) for document in documents)
    return [version for version in stored if version is not None]


def _may_read(request: HttpRequest, document) -> bool:
    """The report's page is its full text: a members-only report is the members'."""
    user = request.user
    return can_view_document.test(user, document) and can_read_document_text.test(user, document)


def _draft_asked(request: HttpRequest, meeting: Meeting) -> bool:
    return request.GET.get("draft") == "1" and can_view_draft_report(request.user, meeting)


def _records_now(meeting: Meeting, language: str):
    """The report as the records make it now, in the language a version was stored in."""
    with translation.override(language):
        return build_meeting_report(meeting)


def _issued_report(request: HttpRequest, meeting: Meeting, documents: list[Document]):
    """The report issued as a document of its own (archived.archived_report), among the
    report documents this person may read, unless the secretariat or the chair asks for
    the draft from the records; None when there is none."""
    if _draft_asked(request, meeting):
        return None
    issued = [
        document
        for document in documents
        if document.is_listed and getattr(document, "published_report", None) is None
    ]
    return issued[0] if issued else None


def meeting_report(request: HttpRequest, number: int, revision: int | None = None) -> HttpResponse:
    meeting = _meeting_or_404(request, number)
    documents = _report_documents(request, meeting)
    issued = _issued_report(request, meeting, documents) if revision is None else None
    if issued is not None:
        return redirect(issued.get_absolute_url())
    versions = _versions(documents)
    reviewer = can_view_draft_report(request.user, meeting)
    context: dict[str, Any] = {"meeting": meeting, "versions": versions, "changes": None}
    if revision is not None:
        shown = next((v for v in versions if v.document.revision == revision), None)
        if shown is None:
            raise Http404
    elif versions and not _draft_asked(request, meeting):
        shown = versions[0]
    else:
        shown = None
    if shown is None and not reviewer:
        raise Http404
    if shown is None:
        report = build_meeting_report(meeting)
        context.update(
            title=report.title,
            article=mark_safe(article_html(report)),  # noqa: S308 rendered by our template
            language=translation.get_language(),
            is_draft=True,
            published_report=None,
            withheld=report.withheld,
            docx_url=reverse("meetings:report-docx", args=[meeting.number])
            + ("?draft=1" if versions or documents else ""),
        )
        return render(request, "meetings/meeting_report.html", context)
    document, word = shown.document, _stored_docx(request, shown)
    context.update(
        title=shown.title,
        # Stored as our own template rendered it when the report was published.
        article=mark_safe(shown.html),  # noqa: S308
        is_draft=False,
        shown=shown,
        published_report=document,
        current_version=versions[0] if shown is not versions[0] else None,
        language=shown.language,
        withheld=shown.withheld,
        docx_url=word.get_absolute_url() if word else None,
    )
    if reviewer and shown is versions[0]:
        context["changes"] = report_changes(shown, _records_now(meeting, shown.language))
        # The secretariat of the meeting's group, not the chair who is another's secretariat.
        context["may_publish"] = can_publish_report(request.user, meeting)
    return render(request, "meetings/meeting_report.html", context)


def _file_response(document_file) -> FileResponse:
    return FileResponse(
        document_file.file.open("rb"),
        as_attachment=True,
        filename=document_file.download_name,
        content_type=document_file.content_type,
    )


def _downloadable(request: HttpRequest, document: Document) -> list:
    """The document's files this person may download: a members-only one is the members'."""
    return [f for f in document.files.all() if can_download_file.test(request.user, f)]


def _stored_docx(request: HttpRequest, version: PublishedReport):
    """The Word file the report was published with, its document's file in its language,
    when this person may download it; None when not (made members-only since)."""
    files = _downloadable(request, version.document)
    return next((f for f in files if f.language == version.language), None)


def meeting_report_download(request: HttpRequest, number: int) -> HttpResponse:
    """The current version's Word file as it was published (its document's own file), or
    the draft built from the records for the secretariat and the chair. An issued report
    is its document's Word file, or its page when it has none."""
    meeting = _meeting_or_404(request, number)
    documents = _report_documents(request, meeting)
    issued = _issued_report(request, meeting, documents)
    if issued is not None:
        files = _downloadable(request, issued)
        word = next((f for f in files if f.content_type == DOCX_CONTENT_TYPE), None)
        return redirect(issued.get_absolute_url()) if word is None else _file_response(word)
    versions = _versions(documents)
    draft = _draft_asked(request, meeting)
    if versions and not draft:
        word = _stored_docx(request, versions[0])
        if word is None:
            return redirect("meetings:report", meeting.number)
        return _file_response(word)
    if not can_view_draft_report(request.user, meeting):
        raise Http404
    report = build_meeting_report(meeting)
    response = HttpResponse(meeting_report_docx(report), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=meeting_report_filename(meeting)
    )
    return response

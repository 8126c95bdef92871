"""Public pages about documents, countries, sources and topics. Only published documents."""

import json
from urllib.parse import quote

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django_countries import countries

from cwgcop.languages import page_languages_of
from meetings.selectors import latest_meeting

from . import activity, exports, selectors, titles
from .filters import FilterError, parse_document_filter
from .listing import document_list_context
from .models import DocumentFile, Source, Topic
from .rules import can_download_file, can_read_restricted, can_view_document


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contributions/home.html",
        {
            "meeting": latest_meeting(),
            "documents": selectors.published_documents()[:10],
        },
    )


def document_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contributions/document_list.html",
        {
            **document_list_context(request, selectors.published_documents()),
            "list_url": request.path,
        },
    )


def _filtered_for_export(request: HttpRequest):
    """The documents an export lists; FilterError when the query string names nothing."""
    queryset = exports.for_export(selectors.published_documents())
    return parse_document_filter(request.GET, queryset, strict=True).qs


def document_csv(request: HttpRequest) -> HttpResponse:
    try:
        documents = _filtered_for_export(request)
    except FilterError as error:
        return HttpResponseBadRequest(
            "\n".join(error.messages), content_type="text/plain; charset=utf-8"
        )
    records = exports.document_records(documents, request.build_absolute_uri)
    response = StreamingHttpResponse(
        exports.csv_lines(records), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="cwg-cop-documents.csv"'
    return response


def document_json(request: HttpRequest) -> HttpResponse:
    try:
        documents = _filtered_for_export(request)
    except FilterError as error:
        return JsonResponse(
            {"errors": error.messages}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    records = list(exports.document_records(documents, request.build_absolute_uri))
    body = json.dumps({"count": len(records), "documents": records}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json")


def document_detail(request: HttpRequest, number: str) -> HttpResponse:
    document = selectors.published_document_by_number(number)
    if document is None:
        # "cwg-cop-18/inf/3 rev.1" typed by hand finds its document at the one lasting
        # address, "CWG-COP-18/INF/3(Rev.1)".
        same = selectors.published_document_number_like(number)
        if same is None:
            raise Http404
        return redirect(same.get_absolute_url(), permanent=True)
    return _document_page(request, document)


def _document_page(request: HttpRequest, document) -> HttpResponse:
    shown_title = titles.title_for(document)
    files = selectors.files_for_page(document, request.user)
    members_only_files = document.is_restricted or any(file.is_restricted for file in files)
    return render(
        request,
        "contributions/document_detail.html",
        {
            "document": document,
            "shown_title": shown_title,
            "other_titles": titles.other_titles(document, shown_title),
            "related": selectors.related_documents(document),
            "files": files,
            "members_only_files": members_only_files,
            "can_read_restricted": members_only_files
            and can_read_restricted.test(request.user, document),
            "member_kinds": selectors.member_source_kind_labels(),
        },
    )


def document_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """The address of a document without a number; a numbered one redirects to its number."""
    document = selectors.published_document_by_id(pk)
    if document is None:
        raise Http404
    if document.number:
        return redirect(document.get_absolute_url(), permanent=True)
    return _document_page(request, document)


def file_download(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """A document's file, to whoever may read it.

    Unpublished files answer 404, not 403, so that a guessed URL does not even confirm
    that a file exists. A members-only file of a published document answers 403 with a
    page that says so (and offers to sign in): the document is listed publicly, so its
    files' existence is no secret, and "not found" would send a member away. The page
    names neither the file nor anything in it.
    """
    document_file = get_object_or_404(
        DocumentFile.objects.select_related("document__meeting"), pk=pk
    )
    if not can_download_file.test(request.user, document_file):
        if can_view_document.test(request.user, document_file.document):
            return _members_only(request, document_file.document)
        raise Http404
    # A stored file never changes (a replacement is a new file): its digest is its ETag.
    etag = f'"{document_file.sha256}"'
    unchanged = get_conditional_response(
        request, etag=etag, last_modified=int(document_file.uploaded_at.timestamp())
    )
    if unchanged is not None:
        return _file_headers(unchanged, document_file)
    if settings.DOCUMENT_DOWNLOAD_BACKEND == "nginx":
        response = HttpResponse(content_type=document_file.content_type)
        response["X-Accel-Redirect"] = settings.DOCUMENT_DOWNLOAD_INTERNAL_PREFIX + quote(
            document_file.file.name
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=document_file.original_name
        )
    else:
        response = FileResponse(
            document_file.file.open("rb"),
            as_attachment=True,
            filename=document_file.original_name,
            content_type=document_file.content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    return _file_headers(response, document_file)


def _file_headers(response: HttpResponse, document_file: DocumentFile) -> HttpResponse:
    response["ETag"] = f'"{document_file.sha256}"'
    response["Last-Modified"] = http_date(document_file.uploaded_at.timestamp())
    if not document_file.document.is_public or document_file.is_restricted:
        # Nothing on the way may keep a copy of a file that is not open to everyone.
        patch_cache_control(response, private=True, no_store=True)
    return response


def _members_only(request: HttpRequest, document) -> HttpResponse:
    # The page's own links (canonical, languages) name the document, not the file's
    # address: that holds the file's name.
    response = render(
        request,
        "contributions/file_members_only.html",
        {
            "document": document,
            "member_kinds": selectors.member_source_kind_labels(),
            **page_languages_of(request, document.get_absolute_url()),
        },
        status=403,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def country_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contributions/country_list.html",
        {"regions": selectors.member_states_by_region()},
    )


def _subject_page(
    request: HttpRequest,
    template: str,
    documents,
    *,
    without: tuple[str, ...],
    context: dict,
) -> HttpResponse:
    """A page about a country, a source or a topic: the summary of its documents, a page of
    them that the visitor may filter, search and sort, and what else `context` holds."""
    return render(
        request,
        template,
        {
            "summary": activity.document_summary(documents),
            **document_list_context(request, documents, without=without),
            "list_url": request.path,
            **context,
        },
    )


def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    if code.upper() not in countries:
        raise Http404
    if code != code.lower():
        return redirect("contributions:country", code.lower(), permanent=True)
    code = code.upper()
    source = selectors.member_state_by_country(code)
    # Its ministries' and agencies' documents count for the country.
    return _subject_page(
        request,
        "contributions/country_detail.html",
        selectors.documents_for_country(code),
        without=("country",),
        context={
            "country_name": countries.name(code),
            "country_code": code,
            "source": source,
            **activity.source_activity(source, request.GET),
        },
    )


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("parent"), slug=slug)
    if source.is_member_state:
        return redirect(source.get_absolute_url(), permanent=True)
    return _subject_page(
        request,
        "contributions/source_detail.html",
        selectors.documents_for_source(source),
        without=(),
        context={"source": source, **activity.source_activity(source, request.GET)},
    )


def topic_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "contributions/topic_list.html", {"topics": selectors.topics_with_counts()}
    )


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    return _subject_page(
        request,
        "contributions/topic_detail.html",
        selectors.documents_for_topic(topic),
        without=("topic",),
        context={"topic": topic},
    )

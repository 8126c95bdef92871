"""Public pages about documents, countries, sources and topics. Only published documents."""

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django_countries import countries

from cwgcop.kept import (
    LISTS,
    PUBLIC,
    fragment_context,
    kept_until_public_change,
    scope,
    shows,
)
from meetings import deadlines
from meetings.selectors import latest_meeting
from workinggroups.current import active_group

from . import (
    activity,
    counts,
    document_page,
    exports,
    group_filters,
    regions,
    rules,
    selectors,
    titles,
)
from .filters import FilterError, parse_document_filter
from .listing import document_list_context
from .models import Source, Topic
from .rules import can_read_restricted


def _fragments(request: HttpRequest) -> dict:
    return fragment_context(request, audience=rules.audience(request.user))


def home(request: HttpRequest) -> HttpResponse:
    shows(request, LISTS)
    open_deadlines = deadlines.open_deadlines()
    response = render(
        request,
        "contributions/home.html",
        {
            # Read only when the kept fragment of the page is not there.
            "meeting": SimpleLazyObject(latest_meeting),
            "deadlines_passed": deadlines.deadlines_passed(open_deadlines),
            "documents": selectors.published_documents()[:10],
            **_fragments(request),
        },
    )
    return deadlines.not_kept_near(response, open_deadlines)


def document_list(request: HttpRequest) -> HttpResponse:
    shows(request, LISTS)
    return render(
        request,
        "contributions/document_list.html",
        {
            **document_list_context(request, selectors.published_documents(), subject=counts.ALL),
            "list_url": request.path,
        },
    )


def _filtered_for_export(request: HttpRequest):
    """The documents an export lists; FilterError when the query string names nothing."""
    return parse_document_filter(request.GET, selectors.published_documents(), strict=True).qs


def document_csv(request: HttpRequest) -> HttpResponse:
    try:
        documents = _filtered_for_export(request)
    except FilterError as error:
        return HttpResponseBadRequest(
            "\n".join(error.messages), content_type="text/plain; charset=utf-8"
        )
    return exports.export_response(
        exports.csv_lines(exports.document_records(documents)),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="cwg-cop-documents.csv"'},
    )


def document_json(request: HttpRequest) -> HttpResponse:
    try:
        documents = _filtered_for_export(request)
    except FilterError as error:
        return JsonResponse(
            {"errors": error.messages}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    return exports.export_response(
        exports.json_chunks(documents.count(), exports.document_records(documents)),
        content_type="application/json",
    )


def document_detail(request: HttpRequest, number: str) -> HttpResponse:
    # The document with all its page shows is read once per change to what the public sees
    # of it. Its scope is the number asked for: any other spelling is redirected below.
    shows(request, scope("document", number))
    document = kept_until_public_change(
        f"document-page:{number}",
        lambda: document_page.published_document_by_number(number),
        audience=PUBLIC,
        scopes=[scope("document", number)],
    )
    if document is None:
        # "cwg-cop-18/inf/3 rev.1" typed by hand finds its document at the one lasting
        # address, "CWG-COP-18/INF/3(Rev.1)".
        same = document_page.published_document_number_like(number)
        if same is None:
            raise Http404
        return redirect(same.get_absolute_url(), permanent=True)
    return _document_page(request, document)


def _document_page(request: HttpRequest, document) -> HttpResponse:
    shown_title = titles.title_for(document)
    files = document_page.files_for_page(document, request.user)
    members_only_files = document.is_restricted or any(file.is_restricted for file in files)
    return render(
        request,
        "contributions/document_detail.html",
        {
            "document": document,
            "shown_title": shown_title,
            "other_titles": titles.other_titles(document, shown_title),
            "related": document_page.related_documents(document),
            "files": files,
            "members_only_files": members_only_files,
            "can_read_restricted": members_only_files
            and can_read_restricted.test(request.user, document),
            "member_kinds": selectors.member_source_kind_labels(),
            **_fragments(request),
        },
    )


def document_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """The address of a document without a number; a numbered one redirects to its number."""
    shows(request, scope("document", pk))
    document = kept_until_public_change(
        f"document-page-id:{pk}",
        lambda: document_page.published_document_by_id(pk),
        audience=PUBLIC,
        scopes=[scope("document", pk)],
    )
    if document is None:
        raise Http404
    if document.number:
        return redirect(document.get_absolute_url(), permanent=True)
    return _document_page(request, document)


def country_list(request: HttpRequest) -> HttpResponse:
    shows(request, LISTS)
    return render(
        request,
        "contributions/country_list.html",
        {
            "regions": SimpleLazyObject(selectors.member_states_by_region),
            **_fragments(request),
        },
    )


def _subject_page(
    request: HttpRequest,
    template: str,
    documents,
    *,
    shown: str,
    without: tuple[str, ...],
    context: dict,
) -> HttpResponse:
    """A page about a country, a source or a topic (its scope `shown`): the summary of its
    documents, a page of them that the visitor may filter, search and sort, and what else
    `context` holds. On a page shared by every group (a country's, a source's), once there
    are two groups, the number of documents in each group, each a link to that group's
    alone; `show_groups` asks the list to say each document's group."""
    shows(request, shown)
    listing = document_list_context(request, documents, without=without, subject=shown)
    groups = listing["filter"].working_groups
    several = listing["filter"].across_groups
    return render(
        request,
        template,
        {
            "summary": group_filters.subject_summary(shown, active_group(), across_groups=several),
            **listing,
            "list_url": request.path,
            "group_counts": (
                group_filters.counts_by_group(
                    shown, groups, listing["filter"].data.getlist("group")
                )
                if several
                else []
            ),
            "show_groups": several,
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
        shown=scope("country", code),
        without=("country",),
        context={
            "country_name": regions.country_name(code),
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
        shown=scope("source", source.pk),
        without=(),
        context={"source": source, **activity.source_activity(source, request.GET)},
    )


def topic_list(request: HttpRequest) -> HttpResponse:
    shows(request, LISTS)
    return render(
        request, "contributions/topic_list.html", {"topics": selectors.topics_with_counts()}
    )


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    return _subject_page(
        request,
        "contributions/topic_detail.html",
        selectors.documents_for_topic(topic),
        shown=scope("topic", topic.pk),
        without=("topic",),
        context={"topic": topic, **_topic_name(topic)},
    )


def _topic_name(topic: Topic) -> dict[str, str]:
    """The topic's name as the page's language shows it, and the language it is in."""
    name, language = topic.name_in(get_language())
    return {"topic_name": name, "topic_name_language": language}

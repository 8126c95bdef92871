"""What changed between two public versions of a document, in one language
(contributions/compare.py): served once the worker has built it, with its ETag; until then
a page that asks to come back. A version whose file this person may not read is not
found, as a document that does not exist: its address says nothing of it."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language

from cwgcop.kept import PUBLIC, kept_until_public_change, scope
from cwgcop.languages import direction
from cwgcop.prepared import being_prepared

from . import compare, document_page, visibility
from .models import Document, DocumentFile, Language

# How long a browser or a script is asked to wait before asking again.
RETRY_SECONDS = 30


def _document_page(number: str) -> Document | None:
    # The document as its page reads it, from the same kept value: its versions with it.
    return kept_until_public_change(
        f"document-page:{number}",
        lambda: document_page.published_document_by_number(number),
        audience=PUBLIC,
        scopes=[scope("document", number)],
    )


def _readable_files(user: Any, documents: list[Document], language: str) -> dict[int, DocumentFile]:
    """The file in `language` of each of these documents, when it has text this person may
    read; by document."""
    files = compare.with_text(
        DocumentFile.objects.filter(document__in=documents, language=language)
    ).select_related("document")
    readable = visibility.files_readable_by(user, files).defer("text")
    return {document_file.document_id: document_file for document_file in readable}


def document_comparison(
    request: HttpRequest, number: str, other: str, file_language: str
) -> HttpResponseBase:
    if file_language not in Language.values:
        raise Http404
    document = _document_page(number)
    if document is None:
        raise Http404
    versions = {version.document.number: version for version in compare.versions_of(document)}
    if other not in versions:
        raise Http404
    older, newer = versions[other].pair(document)
    if older is not document:  # one address for each pair: the earlier version first
        return redirect(compare.comparison_path(older, newer, file_language), permanent=True)
    files = _readable_files(request.user, [older, newer], file_language)
    if older.pk not in files or newer.pk not in files:
        raise Http404
    old_file, new_file = files[older.pk], files[newer.pk]
    name = compare.storage_name(old_file, new_file)
    blocks = compare.stored_comparison(name)
    if blocks is None:
        # With a worker the build runs later; run in the request (the immediate backend of
        # development), it is there at once.
        compare.ask_for_build(old_file, new_file)
        blocks = compare.stored_comparison(name)
    context = {
        "older": older,
        "newer": newer,
        "language": file_language,
        "text_direction": direction(file_language),
    }
    if blocks is None:
        return _being_prepared(request, context)
    etag = quote_etag(
        hashlib.sha256(
            f"{name}\n{get_language()}\n{visibility.audience(request.user)}".encode()
        ).hexdigest()[:40]
    )
    response = get_conditional_response(request, etag=etag)
    if response is None:
        context.update(blocks=blocks, counts=compare.counts(blocks))
        response = render(request, "contributions/compare.html", context)
    response["ETag"] = etag
    # What it may show depends on who asks: members read the members-only files too.
    patch_vary_headers(response, ["Cookie"])
    return response


def _being_prepared(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return being_prepared(
        request,
        "contributions/compare.html",
        {**context, "preparing": True},
        retry_seconds=RETRY_SECONDS,
    )

"""A document's file as browsers and download managers expect it.

- Only to whoever may read the file (`visibility.can_download_file`); 404 to everyone else,
  so that a guessed address does not even confirm that a file exists, except a members-only
  file of a listed document, which answers 403 with a page that says so. A file the public
  cannot read is `private, no-store`; a public one may be kept by shared caches.
- One address per file: `/files/<id>/<the name it is offered under>`
  (download_names.file_download_name: `CWG-COP-21-3-Rev-1-en.pdf` once the document is
  numbered). Any other name, such as the uploaded one that earlier addresses ended in,
  answers 301 there, and only once the checks above let the person read the file.
- Conditional requests: the ETag is the file's SHA-256, Last-Modified its upload; a match
  answers 304.
- One byte range per request (`Range: bytes=…`): 206 with Content-Range, 416 when the range
  lies past the end. Several ranges, or a stale `If-Range`, get the whole file. The range
  is read by seeking in the opened file, local or in object storage.
- PDFs open in the browser (`inline`); `?download=1` and every other type save the file.
  The name is sent both as an ASCII `filename` and as UTF-8 `filename*`.

With `DOCUMENT_DOWNLOAD_BACKEND = "nginx"` the body is left to nginx (X-Accel-Redirect),
which serves ranges itself; the checks and headers above still come from here.
"""

from collections.abc import Iterator
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from werkzeug.http import parse_range_header

from cwgcop.languages import page_languages_of

from . import selectors
from .download_names import ascii_file_name
from .models import DocumentFile
from .storage import PDF_CONTENT_TYPE
from .visibility import PUBLIC_AUDIENCE, audience_sees_file, can_download_file, can_view_document

CHUNK_BYTES = 64 * 1024
# How long a shared cache may keep a public file before asking again (an unpublished file
# must disappear soon; the ETag makes asking again cheap).
PUBLIC_MAX_AGE = 3600


def content_disposition(name: str, *, inline: bool) -> str:
    """`inline` or `attachment` with the name for every browser: ASCII, then UTF-8."""
    disposition = "inline" if inline else "attachment"
    ascii_name = ascii_file_name(name)
    ascii_name = "".join(
        char if char.isprintable() and char not in '"\\' else "_" for char in ascii_name
    ).strip()
    stem, dot, extension = ascii_name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    if not stem.strip("._ "):
        # Nothing of the name survives in ASCII (Arabic, Chinese, Russian): say what it is.
        ascii_name = f"download{dot}{extension}"
    header = f'{disposition}; filename="{ascii_name}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def _byte_range(request: HttpRequest, size: int, etag: str, last_modified: str):
    """(start, stop) of the one range asked for; None for the whole file; "unsatisfiable"."""
    if request.method != "GET" or "HTTP_RANGE" not in request.META:
        return None
    if_range = request.META.get("HTTP_IF_RANGE")
    if if_range is not None and if_range not in (etag, last_modified):
        return None  # the client's copy is stale: it gets the whole new file
    asked = parse_range_header(request.META["HTTP_RANGE"])
    if asked is None or asked.units != "bytes" or len(asked.ranges) != 1:
        return None
    return asked.range_for_length(size) or "unsatisfiable"


def _read_range(opened: IO[bytes], start: int, stop: int) -> Iterator[bytes]:
    """The bytes from start to stop (exclusive), a chunk at a time, then the file closed.

    A file in object storage is asked for those bytes alone (a ranged GET), where reading
    the opened file would first fetch all of it.
    """
    try:
        stored_object = getattr(opened, "obj", None)
        if stored_object is not None:
            body = stored_object.get(Range=f"bytes={start}-{stop - 1}")["Body"]
            yield from body.iter_chunks(CHUNK_BYTES)
            return
        opened.seek(start)
        left = stop - start
        while left > 0:
            chunk = opened.read(min(CHUNK_BYTES, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        opened.close()


def _body(request: HttpRequest, document_file: DocumentFile, headers: dict) -> HttpResponseBase:
    size = document_file.size
    asked = _byte_range(request, size, headers["ETag"], headers["Last-Modified"])
    if asked == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if settings.DOCUMENT_DOWNLOAD_BACKEND == "nginx":
        response = HttpResponse(content_type=document_file.content_type)
        response["X-Accel-Redirect"] = settings.DOCUMENT_DOWNLOAD_INTERNAL_PREFIX + quote(
            document_file.file.name
        )
        return response
    opened = document_file.file.open("rb")
    if asked is None:
        return FileResponse(opened, content_type=document_file.content_type)
    start, stop = asked
    response = StreamingHttpResponse(
        _read_range(opened, start, stop), status=206, content_type=document_file.content_type
    )
    response["Content-Length"] = str(stop - start)
    response["Content-Range"] = f"bytes {start}-{stop - 1}/{size}"
    return response


def _members_only(request: HttpRequest, document) -> HttpResponse:
    """403 for a members-only file of a listed document: the document is public, so its
    files' existence is no secret, and "not found" would send a member away. The page names
    neither the file nor anything in it; its own links name the document, not the file."""
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


def file_download(request: HttpRequest, pk: int, name: str) -> HttpResponseBase:
    """A document's file, to whoever may read the document; 404 to everyone else."""
    document_file = get_object_or_404(
        DocumentFile.objects.select_related("document__meeting").defer("text"), pk=pk
    )
    if not can_download_file.test(request.user, document_file):
        if can_view_document.test(request.user, document_file.document):
            return _members_only(request, document_file.document)
        raise Http404
    public = audience_sees_file(PUBLIC_AUDIENCE, document_file)
    if name != document_file.download_name:
        url = document_file.get_absolute_url()
        query = request.GET.urlencode()
        response = redirect(f"{url}?{query}" if query else url, permanent=True)
        return _cached_as_the_file(response, public=public)
    headers = {
        "ETag": quote_etag(document_file.sha256),
        "Last-Modified": http_date(document_file.uploaded_at.timestamp()),
        "Accept-Ranges": "bytes",
        "X-Content-Type-Options": "nosniff",
    }
    response = get_conditional_response(
        request, etag=headers["ETag"], last_modified=int(document_file.uploaded_at.timestamp())
    )
    if response is None:
        response = _body(request, document_file, headers)
        saved = request.GET.get("download", "0") not in ("", "0")
        inline = document_file.content_type == PDF_CONTENT_TYPE and not saved
        response["Content-Disposition"] = content_disposition(
            document_file.download_name, inline=inline
        )
    for header, value in headers.items():
        response[header] = value
    return _cached_as_the_file(response, public=public)


def _cached_as_the_file(response: HttpResponseBase, *, public: bool) -> HttpResponseBase:
    """The file, or the redirect to its address, kept by shared caches only when public."""
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        # Nothing on the way may keep a copy of a file that is not public, nor the address
        # it moved to, which names its document.
        patch_cache_control(response, private=True, no_store=True)
    return response

"""The API of version 1: its routers, its schema at /api/v1/openapi.json and its browsable
documentation at /api/v1/docs, served with the files of the documentation's interface
from this site (static files), as the Content-Security-Policy requires."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger

from . import directory, documents, groups, meetings
from .errors import install_error_handlers
from .http import ClientRateThrottle, head_as_get, read_only_answer, read_only_methods

DESCRIPTION = """
The published documents of the ITU Council working groups (the first of them the Working
Group on Child Online Protection), their meetings (agenda, documents, presentations,
outcomes), the sources of their documents, the countries and topics, and the open actions.
Read-only, anonymous, published records only.

Each working group (/groups) numbers its own meetings and documents. Every document and
meeting says the slug of its group, and `group` lists one group's documents or meetings.
A meeting is addressed by its code (/meetings/CWG-TEST-1), or by its number with its group
(/meetings/1?group=cwg-test); a number alone is the first group's, as before the groups.

Lists are paged: `page` and `limit` (at most 100), with the total `count` and the addresses
of the `next` and `previous` pages. A search of documents is in the HTML list's order and
counts its matches up to a limit: `count_is_exact` is false when more match. Answers carry
an ETag: send it back in If-None-Match and an unchanged answer is 304 Not Modified. Any web
page may read the API (CORS). Each client address may make a limited number of requests a
minute; past it the API answers 429 with Retry-After, the seconds to wait.

The API is read-only: every address answers GET, HEAD and OPTIONS, and any other method
405 with these in Allow. Every refusal is JSON, `{"detail": "..."}` (with `errors` for the
parameters refused): 400, 404 (for an address the API does not have too), 405, 429, and
503 with Retry-After while the site is briefly unavailable.
"""


def _docs_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The documentation page's own policy: the interface's stylesheet draws its icons with
    data: images; everything else stays as strict as the site's."""

    @wraps(view)
    def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        return response

    return page


class _Docs(Swagger):
    """Swagger UI in a page of the site: its language, landmarks, a way back to the site,
    and colours and headings that pass the site's accessibility checks
    (templates/api/docs.html). Deep links are off: they put a link inside each operation's
    button, which no one can operate apart from it."""

    template = "api/docs.html"


api = NinjaAPI(
    title="CWG-COP Documents",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-1",
    docs=_Docs(
        settings={"validatorUrl": None, "defaultModelsExpandDepth": 0, "deepLinking": False}
    ),
    docs_decorator=lambda view: _docs_page(read_only_answer(view)),
    throttle=ClientRateThrottle(),
)
install_error_handlers(api)
api.add_decorator(read_only_answer, mode="view")
api.add_router("", documents.router)
api.add_router("", meetings.router)
api.add_router("", directory.router)
api.add_router("", groups.router)


def urls() -> tuple[list, str, str]:
    """The API's URL patterns, each answering HEAD as GET, OPTIONS, and 405 in JSON to any
    other method. The API's root has nothing to answer: it is a 404 to every method, in
    JSON from the site's handler (cwgcop/errors.py)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name != "api-root":
            pattern.callback = read_only_methods(head_as_get(pattern.callback))
    return patterns, app_name, namespace

"""What every answer of the API shares: English, absolute links from the site's address,
ETag and 304, HEAD, OPTIONS and 405 for any other method, and a rate limit per client."""

import threading
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from cwgcop.signin import client_address

from .errors import error_response

# How long a client or a proxy may reuse an answer before asking again (with its ETag).
MAX_AGE_SECONDS = 60


def absolute_url(path: str) -> str:
    """A link as people outside reach the site: from SITE_URL, never from the Host header,
    so that the same record has the same links whichever name the request used."""
    return settings.SITE_URL + path


def page_url(record: Any) -> str:
    """The public page of a record, in English (the API's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(record.get_absolute_url())


_conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def read_only_answer(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every operation: answered in English whatever the visitor's language (the data are
    codes and names, the messages English), cacheable for a minute, with an ETag of the
    body and a 304 to a request that already holds it (If-None-Match)."""
    conditional = _conditional_get(run)

    @wraps(run)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            response = conditional(request, *args, **kwargs)
        response["Content-Language"] = settings.LANGUAGE_CODE
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        return response

    return answer


def head_as_get(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """HEAD answered as GET without the body (its length kept), as HTTP defines it.

    Outside the OpenAPI schema, which lists GET only: HEAD is implied by HTTP.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        response = view(request, *args, **kwargs)
        if not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return wrapped


# The API is read-only: every address of it answers these methods, and only these.
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(ALLOWED_METHODS)
READ_ONLY = "The API is read-only: this address answers GET, HEAD and OPTIONS."


def read_only_methods(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD go to the view; OPTIONS answers the methods (Allow) without a body;
    any other method is 405 in the API's error shape, with the same Allow.

    A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered
    before this, by the CORS middleware, which allows the same methods.
    """

    @wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.method == "OPTIONS":
            response = HttpResponse(status=200, headers={"Allow": ALLOW})
            # No body, so no type: nothing here for a client to read as anything but JSON.
            del response["Content-Type"]
            return response
        return error_response(405, READ_ONLY, headers={"Allow": ALLOW})

    return answer


class _RateWindow(SimpleRateThrottle):
    """The library's sliding window on the Django cache, for one request."""

    cache_format = "api_%(scope)s_%(ident)s"
    scope = "client"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class ClientRateThrottle(BaseThrottle):
    """At most API_RATE_LIMIT requests per client address ("120/min"); then 429 with
    Retry-After.

    The address is the one the sign-in lockout uses (the proxy's last X-Forwarded-For entry
    behind the TLS proxy). The library keeps its state on the throttle object, which the
    API shares between threads, so each request gets a window of its own; the limit is read
    at each request, so a change of setting applies at once.
    """

    def __init__(self) -> None:
        self._current = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        window = _RateWindow(rate=settings.API_RATE_LIMIT)
        self._current.window = window
        return window.allow_request(request)

    def wait(self) -> float | None:
        return self._current.window.wait()

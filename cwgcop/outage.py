"""A database outage answers a site-styled 503 instead of a bare error.

The page is a template that needs no database: it names no user and reads no row, so it
renders while PostgreSQL is away. Under /api/ the 503 (and any 500) is JSON in the API's
error shape. Requests succeed again as soon as the database answers.
"""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

from api.errors import SERVER_ERROR, UNAVAILABLE, error_response, is_api_request

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseOutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        return outage_response(request, exception)


def outage_response(request: HttpRequest, exception: Exception) -> HttpResponse:
    logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
    if is_api_request(request):
        response = error_response(503, UNAVAILABLE.format(seconds=RETRY_AFTER_SECONDS))
    else:
        response = HttpResponse(render_to_string("503.html", request=request), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an outage met outside a view (loading a session, a middleware) is a 503 too.

    Django calls the handler while the exception is being handled, so it is still there to
    see; any other error gets the usual 500 page.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return outage_response(request, exception)
    if is_api_request(request):
        return error_response(500, SERVER_ERROR)
    return defaults.server_error(request)

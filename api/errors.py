"""Refusals in one shape (`schemas.Error`, `{"detail": ..., "errors": [...]}`), for every
answer under /api/ that is not a record: 400 with one message for each value the API does
not take, naming its parameter, whether its type is wrong or it names nothing the site knows
(the documents list's parser writes those messages); 404 for an address the API does not
have; 405 for a method other than GET, HEAD and OPTIONS; 429 past the rate limit; 500; and
503 with Retry-After during a database outage.

The site's error handlers (cwgcop/errors.py, cwgcop/outage.py) ask `is_api_request` and
answer with `error_response`, so that a client of the API never has to read an HTML page.
"""

import json

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import ValidationError

API_PREFIX = "/api/"

# As the API's renderer writes its answers.
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class BadQuery(Exception):
    """Parameters the API refuses: one message for each, naming it."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors)
        self.errors = errors


def unknown_value(parameter: str, value: str) -> str:
    """The refusal of a value that names nothing, in the words of the documents list's
    parser (contributions.filters)."""
    return gettext("Unknown value “%(value)s” for the filter “%(parameter)s”.") % {
        "value": value,
        "parameter": parameter,
    }


MESSAGE = "Some parameters have values the API does not take."
BAD_REQUEST = "The request is malformed."
FORBIDDEN = "This is not open to you."
NOT_FOUND = "The API has no such address: its operations are listed at /api/v1/docs."
SERVER_ERROR = "Something went wrong on the server; the error has been logged."
UNAVAILABLE = "The service is temporarily unavailable: try again in {seconds} seconds."


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_response(
    status: int, detail: str, *, headers: dict[str, str] | None = None
) -> HttpResponse:
    """An answer in the API's error shape, made without the API (and without the database):
    for the site's error handlers and the refusals of methods."""
    return HttpResponse(
        json.dumps({"detail": detail}),
        status=status,
        content_type=JSON_CONTENT_TYPE,
        headers=headers,
    )


def _parameter(location: tuple) -> str:
    # ("query", "paging", "limit") -> "limit": the name a client typed.
    names = [str(part) for part in location if isinstance(part, str)]
    return names[-1] if names else "query"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(BadQuery)
    def bad_query(request: HttpRequest, exc: BadQuery) -> HttpResponse:
        return api.create_response(request, {"detail": MESSAGE, "errors": exc.errors}, status=400)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            f"{_parameter(tuple(error.get('loc', ())))}: {error['msg']}" for error in exc.errors
        ]
        return api.create_response(request, {"detail": MESSAGE, "errors": errors}, status=400)

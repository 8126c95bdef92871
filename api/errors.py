"""Refusals in one shape (`schemas.Error`): 400 with one message for each value the API does
not take, naming its parameter, whether its type is wrong or it names nothing the site knows
(the documents list's parser writes those messages)."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError


class BadQuery(Exception):
    """Parameters the API refuses: one message for each, naming it."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors)
        self.errors = errors


MESSAGE = "Some parameters have values the API does not take."


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

"""The pages people see when they may not open a page, or it does not exist.

Each says what happened and where to go next. The 500 page is Django's own view: it
renders templates/500.html without the request or the database, which may be what failed.
Under /api/ each is JSON instead, in the API's error shape (api/errors.py).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

from api.errors import BAD_REQUEST, FORBIDDEN, NOT_FOUND, error_response, is_api_request


def _way_back(request: HttpRequest) -> str:
    """The page the person came from on this site, else their starting page."""
    referer = request.headers.get("referer", "")
    if (
        referer
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and referer != request.build_absolute_uri()
    ):
        return referer
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return reverse("admin:index")
    return reverse("contributions:home")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 (a request Django refuses before any view: a wrong Host, too many fields)."""
    if is_api_request(request):
        return error_response(400, BAD_REQUEST)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: who is signed in, that this page is not open to them, and a way back."""
    if is_api_request(request):
        return error_response(403, FORBIDDEN)
    message = str(exception) if exception is not None else ""
    return render(
        request,
        "403.html",
        {"reason": message, "back_url": _way_back(request)},
        status=403,
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return error_response(404, NOT_FOUND)
    return render(
        request,
        "404.html",
        {"request_path": request.path, "back_url": _way_back(request)},
        status=404,
    )

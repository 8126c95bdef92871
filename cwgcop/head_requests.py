"""HEAD answered wherever GET is, as HTTP defines it: the same answer without its body.

A view that lists the methods it takes (`require_http_methods(["GET", "POST"])`) refuses
HEAD unless it names it too; feed readers, link checkers and monitors send HEAD. Each public
view is given the request as GET; the server (gunicorn, the test client) leaves the body
out. The view's answer, its ETag included, is the GET's, so a client may compare them.
The API answers HEAD itself (api/http.py).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, URLResolver
from django.utils.cache import cc_delim_re


def head_as_get(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "HEAD":
            response = view(request, *args, **kwargs)
        else:
            request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            finally:
                # The middleware after the view sees the request as it came.
                request.method = "HEAD"
        if response.status_code == 405:
            allowed = [method for method in cc_delim_re.split(response.get("Allow", "")) if method]
            if "GET" in allowed and "HEAD" not in allowed:
                response["Allow"] = ", ".join([*allowed, "HEAD"])
        return response

    return answer


def answer_head_as_get(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """Every view under these patterns answers HEAD as GET; the patterns are returned."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            answer_head_as_get(pattern.url_patterns)
        elif not getattr(pattern.callback, "answers_head_as_get", False):
            # Patterns shared by the groups' configurations are wrapped once.
            pattern.callback = head_as_get(pattern.callback)
            pattern.callback.answers_head_as_get = True
    return patterns

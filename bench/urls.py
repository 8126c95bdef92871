"""The site's URLs and a bare view: the floor against which pages' throughput is measured."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cwgcop.urls import handler403, handler404, handler500  # noqa: F401 -- the site's
from cwgcop.urls import urlpatterns as site_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]

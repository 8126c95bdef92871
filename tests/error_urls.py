"""The site's URLs and one view that fails, to see the 500 page as a visitor would."""

from django.urls import path

from cwgcop.urls import handler403, handler404
from cwgcop.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("the database went away")


urlpatterns = [path("fails/", failing_view), *site_urlpatterns]
__all__ = ["handler403", "handler404", "urlpatterns"]

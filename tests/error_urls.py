"""The site's URLs and one view that fails, to see the 500 page as a visitor would, and
the API's 500 as a client of the API would."""

from django.urls import path

from cwgcop.urls import handler400, handler403, handler404, handler500
from cwgcop.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("the database went away")


urlpatterns = [path("fails/", failing_view), path("api/v1/fails/", failing_view), *site_urlpatterns]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

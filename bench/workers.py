"""Which gunicorn worker answered: `X-Worker` (its process id) on every answer of the
benchmark's server. A wrk round counts the workers that answered it (bench/measure.py)."""

import os

from django.http import HttpRequest, HttpResponse


def worker_header(get_response):
    worker = str(os.getpid())

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response["X-Worker"] = worker
        return response

    return middleware

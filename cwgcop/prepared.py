"""Answers the worker builds when first asked for (a comparison of two versions, a meeting's
documents in one PDF): the build is enqueued once however many ask meanwhile, and until it
is stored they are told it is being prepared and when to come back."""

import hashlib
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

# How long a build asked for holds off another request for it: past that it is asked again
# (a worker that died with it).
QUEUED_SECONDS = 15 * 60


def _queued_mark(name: str) -> str:
    return "cwgcop:queued:" + hashlib.sha256(name.encode()).hexdigest()[:32]


def enqueue_once(name: str, task: Any, *args: Any) -> bool:
    """Enqueue `task(*args)`, which stores `name`, unless it was asked for already; whether
    it was enqueued now."""
    if not cache.add(_queued_mark(name), 1, QUEUED_SECONDS):
        return False
    task.enqueue(*args)
    return True


def build_ended(name: str) -> None:
    """The build of `name` is done or failed: a request may ask for it again."""
    cache.delete(_queued_mark(name))


def being_prepared(
    request: HttpRequest, template: str, context: dict[str, Any], *, retry_seconds: int
) -> HttpResponse:
    """202 with the page that says so, to come back after `retry_seconds`; never kept."""
    response = render(request, template, {**context, "retry_seconds": retry_seconds}, status=202)
    response["Retry-After"] = str(retry_seconds)
    patch_cache_control(response, private=True, no_store=True)
    return response

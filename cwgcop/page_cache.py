"""The page cache: whole public pages, as anonymous visitors get them, kept in the cache.

A visitor who sends no session cookie cannot be signed in, so every such visitor gets the
same page for the same address: the first one's page is kept (`PAGE_CACHE_SECONDS`) and
served to the next ones without touching the database. Signed-in people, the admin,
the API (throttled per client), anything but GET, and any answer that is not a plain 200 page (redirects, errors,
streams, answers that set a cookie or read the session) pass through untouched.

Every change to what the public sees (a publication, an unpublication, an edit of a
published document, a meeting added or changed, an archive import, a save in the admin)
calls `public_pages_changed()`, which gives the cache a new generation: pages kept under
the old one are never served again. The generation lives in the same cache as the pages,
so with Redis (`REDIS_URL`) every app server sees it at once; the default in-process cache
(locmem) is per process, which suits one process (`make run`), not several.
"""

import hashlib
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag
from django.utils.translation import get_language

GENERATION_KEY = "page-cache:generation"
# Headers of a kept page that are the request's own, not the page's.
_NOT_KEPT = {"set-cookie", "date", "x-page-cache"}


def public_pages_changed() -> None:
    """What the public sees has changed: no page kept so far is served again.

    Called at once (the change is visible to the rest of this transaction's requests,
    such as a test's) and again after the commit, so that a page kept by a request that
    read the old rows in between is dropped too.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


Value = TypeVar("Value")

# One request computes a missing value; those that ask for it meanwhile wait for it (up to
# BUILD_SECONDS, looking every POLL_SECONDS) rather than compute it too: after a publication
# every page needs the same counts at once, and each computing them slows all the others.
BUILD_SECONDS = 60
POLL_SECONDS = 0.05


def kept_until_public_change(name: str, compute: Callable[[], Value]) -> Value:
    """A value read from the public rows alone (counts, the filters' choices), computed once
    per change to what the public sees and language, then read from the cache by every
    page, signed-in visitors' included: its key holds the page cache's generation. A
    request that finds another computing it waits for that one (`built_meanwhile`).

    `COUNTS_CACHE_SECONDS` (0 turns it off) bounds how long an unread value is kept.
    """
    seconds = fragment_seconds()
    if seconds <= 0:
        return compute()
    # Hashed: a name may hold what a visitor typed (a document's number).
    digest = hashlib.sha256(name.encode()).hexdigest()
    key = f"page-cache:value:{digest}:{get_language()}:{_generation()}"
    value = cache.get(key)
    if value is not None:
        return value
    building = key + ":building"
    builds, value = built_once(key, building)
    if value is not None:
        return value
    try:
        value = compute()
        if value is not None:
            cache.set(key, value, seconds)
    finally:
        if builds:
            cache.delete(building)
    return value


# How many times a request waits for another to build a value before building it alongside.
BUILD_ATTEMPTS = 3


def built_once(key: str, building: str, fresh: Callable[[Any], bool] | None = None) -> tuple:
    """(True, None) when this request is to build the value of `key`: it holds `building`
    and drops it when done. (False, value) when another built it meanwhile. (False, None)
    when the others stopped without keeping anything, BUILD_ATTEMPTS times over: build it
    too, leaving `building` to whoever holds it."""
    for _attempt in range(BUILD_ATTEMPTS):
        if cache.add(building, 1, BUILD_SECONDS):
            return True, None
        value = built_meanwhile(key, building, fresh)
        if value is not None:
            return False, value
    return False, None


def built_meanwhile(key: str, building: str, fresh: Callable[[Any], bool] | None = None) -> Any:
    """What another request is building under `key` (it holds `building`), once kept; None
    when it stopped without keeping anything, or took longer than BUILD_SECONDS. `fresh`
    tells the value built from what is kept there from before (a page of another
    generation)."""
    deadline = time.monotonic() + BUILD_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = cache.get_many([key, building])
        if key in found and (fresh is None or fresh(found[key])):
            return found[key]
        if building not in found:
            return None
    return None


def fragment_version(audience: str) -> str:
    """The version of a rendered fragment of a page (the documents of a list, the filters,
    a document's page) kept with Django's `{% cache %}` tag for `COUNTS_CACHE_SECONDS`:
    the language, whose eyes it serves (`audience`, as rules.audience tells) and the page
    cache's generation, so that a change to what the public sees is shown at once.
    Empty when fragments are not kept."""
    if fragment_seconds() <= 0:
        return ""
    return f"{get_language()}:{audience}:{_generation()}"


def fragment_seconds() -> int:
    return int(getattr(settings, "COUNTS_CACHE_SECONDS", 0))


def fragment_context(audience: str) -> dict[str, Any]:
    """What a template's `{% cache fragment_seconds "name" fragment_version ... %}` reads."""
    return {"fragment_seconds": fragment_seconds(), "fragment_version": fragment_version(audience)}


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))


def _is_signed_in_or_may_be(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not _is_signed_in_or_may_be(request)
        # The API counts each client's requests against its throttle: it answers itself.
        and not request.path.startswith(("/admin/", "/api/"))
        and page_cache_seconds() > 0
    )


def _cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {header.lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    return not vary & {"cookie", "accept-language", "*"}


def _page_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page-cache:page:" + hashlib.sha256(address.encode()).hexdigest()


def _kept(generation: str, response: HttpResponse) -> tuple:
    headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_KEPT]
    return (generation, response.status_code, response.content, headers)


def _is_page(entry: tuple) -> bool:
    """A kept page, rather than the mark of an address whose answer is not kept."""
    return len(entry) > 1


def _served(entry: tuple) -> HttpResponse:
    _generation, status, content, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Serve and keep anonymous visitors' pages (after the static files, before sessions)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            response = self.get_response(request)
            if _is_signed_in_or_may_be(request):
                # Nothing on the way may keep what one signed-in person was shown.
                patch_cache_control(response, private=True)
            self._after_admin_change(request, response)
            return response
        key = _page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or _generation()
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            return _served(entry) if _is_page(entry) else self.get_response(request)
        # One request renders a missing page; those asking for it meanwhile wait for it:
        # after a publication every page is missing at once, and the same costly pages
        # rendered side by side by each of their visitors would slow every request down.
        building = f"{key}:building:{generation}"
        builds, entry = built_once(key, building, lambda kept: kept[0] == generation)
        if entry is not None:
            return _served(entry) if _is_page(entry) else self.get_response(request)
        try:
            response = self.get_response(request)
            if _cacheable_response(response):
                set_response_etag(response)
                cache.set(key, _kept(generation, response), page_cache_seconds())
                response["X-Page-Cache"] = "miss"
            elif response.status_code != 304 and response.status_code < 400:
                # An answer that is never kept (a form that sets a cookie, an export, a
                # redirect): its next requests are answered side by side, none waiting.
                # Not an error or a 304, which another request may not get.
                cache.set(key, (generation,), page_cache_seconds())
        finally:
            if builds:
                cache.delete(building)
        return response

    @staticmethod
    def _after_admin_change(request: HttpRequest, response: HttpResponse) -> None:
        """A save in the admin (it answers a POST with a redirect) may change a public page:
        a meeting, a source, a topic, an agenda item, a presentation, an outcome."""
        match = request.resolver_match
        if (
            request.method == "POST"
            and request.path.startswith("/admin/")
            and response.status_code == 302
            and (match is None or match.url_name not in {"login", "logout"})
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            public_pages_changed()


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, except that a visitor without a session is anonymous without reading one.

    Reading the session, even an empty one, makes the answer `Vary: Cookie`, which no
    shared cache can keep for everyone; without a session cookie nobody is signed in.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.session.is_empty():
            request.user = AnonymousUser()
            request.auser = _anonymous
            return
        super().process_request(request)


async def _anonymous() -> AnonymousUser:
    return AnonymousUser()

"""The page cache: whole public pages, as anonymous visitors get them, kept in the cache.

A visitor who sends no session cookie cannot be signed in, so every such visitor gets the
same page for the same address: the first one's page is kept (`PAGE_CACHE_SECONDS`) and
served to the next ones without touching the database. Signed-in people, the admin,
the API (throttled per client), anything but GET, and any answer that is not a plain 200 page (redirects, errors,
streams, answers that set a cookie or read the session) pass through untouched.

What is kept is kept under two generations, counters in the same cache as the pages (so
with Redis, `REDIS_URL`, every app server sees them at once; the default in-process
cache is per process, which suits one process, `make run`, not several). The receivers on
the public models (cwgcop/public_changes.py) move them on when a write changes what the
public sees:

- a *removal* (an unpublication, a members-only file, any edit of something public) moves
  the hard generation on: nothing kept before it is served again;
- an *addition* (a publication, a new file of a public document) moves the soft one on
  and notes when: for `PAGE_CACHE_STALE_SECONDS` after it, a page kept before it may still
  be served while one request renders the new page, rather than every visitor of every
  page waiting for it at once. Past that, it is never served.

Kept values, fragments and exports follow both generations: they change at once either way.
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

HARD_KEY = "page-cache:generation:hard"
SOFT_KEY = "page-cache:generation:soft"
# When the soft generation took a number: "page-cache:generation:soft-at:<number>".
SOFT_AT_KEY = "page-cache:generation:soft-at:{}"
# Headers of a kept page that are the request's own, not the page's.
_NOT_KEPT = {"set-cookie", "date", "x-page-cache"}

# The wall clock that dates an addition, read by every app server: tests may freeze it.
clock: Callable[[], float] = time.time

Generation = tuple[int, int]


def public_view_changed(*, removal: bool) -> None:
    """What the public sees has changed: a removal (nothing kept before is served again) or
    an addition (what is kept may be served for `PAGE_CACHE_STALE_SECONDS` more while it
    is rendered anew). Only the receivers of cwgcop/public_changes.py call this.

    Moves the generation at once (the change is visible to the rest of this transaction's
    requests, such as a test's) and again after the commit, so that a page kept by a
    request that read the old rows in between is dropped too.
    """
    bump = _new_removal if removal else _new_addition
    bump()
    _once_after_commit(bump)


def _once_after_commit(bump: Callable[[], None]) -> None:
    """`bump` after the commit, once per transaction however many rows it writes: an
    archive import saves thousands. A bump already waiting is enough only if a rollback
    that drops it would drop this write too: it was asked in a savepoint still open."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        open_savepoints = set(connection.savepoint_ids)
        for savepoints, waiting, _robust in connection.run_on_commit:
            if waiting is bump and set(savepoints) <= open_savepoints:
                return
    # Robust: a cache that fails at the commit must not keep the commit's other callbacks
    # (text extraction, mail, alerts) from running.
    transaction.on_commit(bump, robust=True)


def _new_removal() -> None:
    _moved_on(HARD_KEY)


def _new_addition() -> None:
    number = _moved_on(SOFT_KEY)
    seconds = stale_seconds()
    if seconds > 0:
        # Read only while the addition is recent: kept a minute longer than that.
        cache.set(SOFT_AT_KEY.format(number), clock(), seconds + 60)


def _moved_on(key: str) -> int:
    """The next number of a generation (atomic on Redis); a lost one starts anew at random,
    so that no page kept under a number it had once matches it again."""
    for _attempt in range(3):
        try:
            return cache.incr(key)
        except ValueError:
            cache.add(key, _random_start(), None)
    return 0  # a cache that keeps nothing (DummyCache): nothing kept to drop either


def _random_start() -> int:
    return uuid.uuid4().int >> 66  # 62 bits: room to count up within a 64-bit integer


def _generation(found: dict[str, Any] | None = None) -> Generation:
    """The (hard, soft) generation, from `found` (a `get_many` that asked for both) or
    the cache; started when lost."""
    if found is None:
        found = cache.get_many([HARD_KEY, SOFT_KEY])
    numbers = []
    for key in (HARD_KEY, SOFT_KEY):
        number = found.get(key)
        if number is None:
            cache.add(key, _random_start(), None)
            number = cache.get(key)
        numbers.append(number)
    return numbers[0], numbers[1]


def _version() -> str:
    """Both generations in one: what kept values, fragments and exports are keyed by."""
    hard, soft = _generation()
    return f"{hard}.{soft}"


def stale_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_STALE_SECONDS", 0))


def _may_serve_stale(kept: Any, current: Generation) -> bool:
    """A page kept under `kept` may be served while it is rendered anew: nothing was removed
    since, and the first addition since was less than `PAGE_CACHE_STALE_SECONDS` ago."""
    if not isinstance(kept, tuple) or stale_seconds() <= 0:
        return False
    (kept_hard, kept_soft), (hard, soft) = kept, current
    if kept_hard != hard or kept_soft >= soft:
        return False
    added_at = cache.get(SOFT_AT_KEY.format(kept_soft + 1))
    return added_at is not None and clock() - added_at < stale_seconds()


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
    key = f"page-cache:value:{digest}:{get_language()}:{_version()}"
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
    return f"{get_language()}:{audience}:{_version()}"


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


def _kept(generation: Generation, response: HttpResponse) -> tuple:
    headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_KEPT]
    return (generation, response.status_code, response.content, headers)


def _is_page(entry: tuple) -> bool:
    """A kept page, rather than the mark of an address whose answer is not kept."""
    return len(entry) > 1


def _served(entry: tuple, how: str = "hit") -> HttpResponse:
    _generation, status, content, headers = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = how
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
            return response
        key = _page_key(request)
        found = cache.get_many([HARD_KEY, SOFT_KEY, key])
        generation = _generation(found)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            return _served(entry) if _is_page(entry) else self.get_response(request)
        building = f"{key}:building:{generation[0]}.{generation[1]}"
        if entry is not None and _is_page(entry) and _may_serve_stale(entry[0], generation):
            # Only documents were added since: one request renders the page, and the
            # others get the one from before at once rather than wait for it.
            if not cache.add(building, 1, BUILD_SECONDS):
                return _served(entry, "stale")
            return self._rendered_and_kept(request, key, generation, building, builds=True)
        # One request renders a missing page; those asking for it meanwhile wait for it:
        # after a removal every page is missing at once, and the same costly pages
        # rendered side by side by each of their visitors would slow every request down.
        builds, entry = built_once(key, building, lambda kept: kept[0] == generation)
        if entry is not None:
            return _served(entry) if _is_page(entry) else self.get_response(request)
        return self._rendered_and_kept(request, key, generation, building, builds=builds)

    def _rendered_and_kept(
        self, request: HttpRequest, key: str, generation: Generation, building: str, *, builds
    ) -> HttpResponse:
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

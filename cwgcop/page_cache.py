"""The page cache: whole public pages, as anonymous visitors get them, kept in the cache.

A visitor without a session cookie cannot be signed in: every such visitor gets the same
page for the same address, kept for `PAGE_CACHE_SECONDS` and served without a query.
Signed-in people, the admin, the API (throttled per client), anything but GET and HEAD
(answered from the same entry), and any answer but a plain 200 page that sets no cookie
pass through untouched. An export short enough to be answered whole is kept as a page.

A page is kept with the generations of what it shows (cwgcop/kept.py, `shows`): served
while they stand; after a removal, never again; after an addition to one of its scopes,
for `PAGE_CACHE_STALE_SECONDS` to all but the one request that renders it anew.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag

from . import kept
from .kept import LISTS, PUBLIC, REMOVALS, generation_key, generations, page_cache_seconds
from .kept import fragment_seconds as fragment_seconds  # read here by the deploy checks

# Headers of a kept page that are the request's own, not the page's.
_NOT_KEPT = {"set-cookie", "date", "x-page-cache"}


def _is_signed_in_or_may_be(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in {"GET", "HEAD"}
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


def _is_page(entry: tuple) -> bool:
    return len(entry) > 1  # else the mark of an address whose answer is not kept


def _served(entry: tuple, how: str = "hit") -> HttpResponse:
    _generations, status, content, headers = entry
    response = HttpResponse(content, status=status, headers=dict(headers))
    response["X-Page-Cache"] = how
    return response


def _is_current(entry: tuple) -> bool:
    return entry[0] == generations(entry[0])


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
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        key = kept.cache_key("page", address, audience=PUBLIC, generations={})
        found = cache.get_many([generation_key(REMOVALS), generation_key(LISTS), key])
        # What a page that names no scope is kept under; read before the view reads rows.
        entry, current = found.get(key), generations([LISTS], found=found)
        setattr(request, kept.SHOWN, current)
        if entry is not None:
            current = generations(entry[0], known=current)
            if entry[0] == current:
                return _served(entry) if _is_page(entry) else self.get_response(request)
        building = kept.building_key(key, current)
        stale = entry is not None and _is_page(entry)
        waits = kept.waits_as_it_was(entry[0], current, address) if stale else None
        if waits is not None:
            # Only additions since: served as it was for the address's share of
            # PAGE_CACHE_RENDER_AFTER_SECONDS, then one request renders it, the others
            # getting it as it was meanwhile.
            if waits or not cache.add(building, 1, kept.BUILD_SECONDS):
                return _served(entry, "stale")
            return self._rendered_and_kept(request, key, building, builds=True)
        # After a removal every page is missing at once: each is rendered once (kept.built_once).
        builds, entry = kept.built_once(key, building, _is_current)
        if entry is not None:
            return _served(entry) if _is_page(entry) else self.get_response(request)
        return self._rendered_and_kept(request, key, building, builds=builds)

    def _rendered_and_kept(
        self, request: HttpRequest, key: str, building: str, *, builds: bool
    ) -> HttpResponse:
        try:
            response = self.get_response(request)
            shown = getattr(request, kept.SHOWN)  # read before the view read the rows
            if _cacheable_response(response):
                set_response_etag(response)
                headers = [item for item in response.items() if item[0].lower() not in _NOT_KEPT]
                page = (shown, response.status_code, response.content, headers)
                cache.set(key, page, page_cache_seconds())
                response["X-Page-Cache"] = "miss"
            elif response.status_code != 304 and response.status_code < 400:
                # Never kept (a form that sets a cookie, an export, a redirect; not an error or
                # a 304, which another may not get): its next requests do not wait on one.
                cache.set(key, (shown,), page_cache_seconds())
        finally:
            if builds:
                cache.delete(building)
        return response


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, except that a visitor without a session is anonymous without reading one:
    reading even an empty session makes the answer `Vary: Cookie`, kept for nobody."""

    def process_request(self, request: HttpRequest) -> None:
        if request.session.is_empty():
            request.user = AnonymousUser()
            request.auser = _anonymous
            return
        super().process_request(request)


async def _anonymous() -> AnonymousUser:
    return AnonymousUser()

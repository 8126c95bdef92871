"""What the site keeps in the shared cache, and when it stops serving it: one key scheme and
one way of building a missing entry, for whole pages (cwgcop/page_cache.py), fragments of
pages (`{% kept %}`), values (`kept_until_public_change`) and exports (`kept_stream`).

A key names the kind of entry, its address or name, the language, the *audience* (whose
eyes it serves: "public", "members" or one person, as contributions.rules.audience tells;
always given, never assumed) and the generations of the *scopes* it shows. Scopes are
strings: `LISTS` (every list, search, count, feed and export) and one per document
(its number, or its id without one), meeting, source, country and topic (`scope`).

Generations are counters in the same cache (with Redis, `REDIS_URL`, every app server sees
them at once). The receivers on the public models (cwgcop/public_changes.py) move them:

- a *removal* (an unpublication, a members-only file, any edit of something public) moves
  the `REMOVALS` generation, which everything is kept under: nothing kept before it is
  served again, anywhere;
- an *addition* (a publication, a new file of a public document) moves `LISTS` and the
  scopes of the documents added, and notes when. Only what shows one of them is stale:
  a whole page may still be served for `PAGE_CACHE_STALE_SECONDS` while one request renders
  it anew; fragments, values and exports are rebuilt at once.

Every key also holds the release (`CACHE_RELEASE`, or a digest of the installed code), so
a deploy's template or code fix is what the next visitor gets.
"""

import functools
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language

PUBLIC = "public"
REMOVALS = "removals"
LISTS = "lists"
# The wall clock that dates an addition, read by every app server: tests may freeze it.
clock: Callable[[], float] = time.time

Generations = dict[str, int]
Value = TypeVar("Value")
Chunk = TypeVar("Chunk", str, bytes)


def scope(kind: str, key: object) -> str:
    """The scope of one "document" (by its number, or its id without one), "meeting",
    "source", "topic" (by id) or "country" (by code)."""
    return f"{kind}:{key}"


# ---- Keys and generations


def cache_key(kind: str, name: str, *, audience: str, generations: Generations) -> str:
    """The one key scheme. `name` (an address, or a name that may hold what a visitor typed)
    is hashed with the scopes it is kept under; their generations follow it in clear."""
    scopes = sorted(generations)
    digest = hashlib.sha256("\n".join([name, *scopes]).encode()).hexdigest()
    numbers = ".".join(str(generations[each]) for each in scopes)
    return f"cwgcop:{release()}:{kind}:{digest}:{get_language()}:{audience}:{numbers}"


def release() -> str:
    return getattr(settings, "CACHE_RELEASE", "") or _code_digest()


@functools.cache
def _code_digest() -> str:
    """A digest of what renders the pages: code, templates, translations, static files."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in ("cwgcop", "contributions", "meetings", "alerts", "api", "templates", "locale"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".mo"}:
                digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or root) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


def generation_key(name: str) -> str:
    return f"cwgcop:generation:{name}"


def _added_at_key(name: str, number: int) -> str:
    return f"cwgcop:generation:{name}:added-at:{number}"


def generations(scopes: Iterable[str], known: Generations | None = None) -> Generations:
    """The current generations of `REMOVALS` and these scopes (those in `known` as read
    already), in one read; a lost one starts anew at random, so that nothing kept under a
    number it had once matches it again."""
    known = known or {}
    names = sorted({REMOVALS, *scopes})
    wanted = [generation_key(name) for name in names if name not in known]
    found = cache.get_many(wanted) if wanted else {}
    numbers = {}
    for name in names:
        number = known.get(name, found.get(generation_key(name)))
        if number is None:
            cache.add(generation_key(name), _random_start(), None)
            number = cache.get(generation_key(name), 0)  # 0: a cache that keeps nothing
        numbers[name] = number
    return numbers


def _random_start() -> int:
    return uuid.uuid4().int >> 66  # 62 bits: room to count up within a 64-bit integer


def public_view_changed(*, removal: bool, scopes: Iterable[str] = ()) -> None:
    """What the public sees has changed: a removal (nothing kept before it is served again)
    or an addition to these scopes (and to `LISTS`). Only the receivers of
    cwgcop/public_changes.py call this.

    Moves the generations at once (the change is visible to the rest of this transaction's
    requests, such as a test's) and again after the commit, so that what a request kept
    from the old rows in between is dropped too.
    """
    bump = _Bump((REMOVALS,) if removal else tuple(sorted({LISTS, *scopes})))
    bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Once per transaction however many rows it writes (an archive import saves
        # thousands); a bump waiting in a savepoint still open is dropped with this write.
        open_savepoints = set(connection.savepoint_ids)
        for savepoints, waiting, _robust in connection.run_on_commit:
            if waiting == bump and set(savepoints) <= open_savepoints:
                return
    # Robust: a cache that fails at the commit must not keep the commit's other callbacks
    # (text extraction, mail, alerts) from running.
    transaction.on_commit(bump, robust=True)


@dataclass(frozen=True)
class _Bump:
    names: tuple[str, ...]

    def __call__(self) -> None:
        added_at = {}
        for name in self.names:
            number = _moved_on(generation_key(name))
            if name != REMOVALS:
                added_at[_added_at_key(name, number)] = clock()
        if added_at and stale_seconds() > 0:
            # Read only while the addition is recent: kept a minute longer than that.
            cache.set_many(added_at, stale_seconds() + 60)


def _moved_on(key: str) -> int:
    for _attempt in range(3):
        try:
            return cache.incr(key)  # atomic on Redis
        except ValueError:
            cache.add(key, _random_start(), None)
    return 0  # a cache that keeps nothing (DummyCache): nothing kept to drop either


def may_serve_stale(kept: Generations, current: Generations) -> bool:
    """Whether what was kept under `kept` may be served while it is built anew: nothing was
    removed since, and the first addition to each of its scopes since was less than
    `PAGE_CACHE_STALE_SECONDS` ago."""
    if stale_seconds() <= 0 or kept.get(REMOVALS) != current.get(REMOVALS):
        return False
    moved = [
        _added_at_key(name, number + 1) for name, number in kept.items() if current[name] != number
    ]
    added_at = cache.get_many(moved)
    return len(added_at) == len(moved) and clock() - min(added_at.values()) < stale_seconds()


# ---- What a page shows


SHOWN, _NAMED = "_kept_generations", "_kept_scopes_named"


def shows(request: HttpRequest, *scopes: str) -> None:
    """The page answering `request` shows what these scopes hold: it and its fragments are
    kept under their generations, read now, before the view reads what they hold (read
    after, a change committed in between would be kept as seen). A page that names no
    scope is kept under `LISTS`, which every addition moves."""
    if page_cache_seconds() <= 0 and fragment_seconds() <= 0:
        return
    # What the page cache read first ({REMOVALS, LISTS}) or an earlier call named.
    before = getattr(request, SHOWN, None)
    shown = generations(scopes, known={REMOVALS: before[REMOVALS]} if before else None)
    setattr(request, SHOWN, before | shown if getattr(request, _NAMED, False) else shown)
    setattr(request, _NAMED, True)


def shown_generations(request: HttpRequest) -> Generations:
    """The generations the page answering `request` is kept under (`shows`)."""
    if not hasattr(request, SHOWN):
        setattr(request, SHOWN, generations([LISTS]))
    return getattr(request, SHOWN)


# ---- Built once


# One request builds a missing entry; those that ask for it meanwhile wait for it (up to
# BUILD_SECONDS, looking every POLL_SECONDS) rather than build it too: after a change every
# page needs the same costly parts at once, and each building them slows all the others.
BUILD_SECONDS = 60
POLL_SECONDS = 0.05
# How many times a request waits for another to build an entry before building it alongside.
BUILD_ATTEMPTS = 3


def built_once(key: str, building: str, fresh: Callable[[Any], bool] | None = None) -> tuple:
    """(True, None) when this request is to build the entry `key`: it holds `building` and
    drops it when done. (False, entry) when another built it meanwhile. (False, None) when
    the others stopped without keeping anything, BUILD_ATTEMPTS times over: build it too,
    leaving `building` to whoever holds it."""
    for _attempt in range(BUILD_ATTEMPTS):
        if cache.add(building, 1, BUILD_SECONDS):
            return True, None
        entry = built_meanwhile(key, building, fresh)
        if entry is not None:
            return False, entry
    return False, None


def built_meanwhile(key: str, building: str, fresh: Callable[[Any], bool] | None = None) -> Any:
    """What another request is building under `key` (it holds `building`), once kept; None
    when it stopped without keeping anything, or took longer than BUILD_SECONDS. `fresh`
    tells what it built from what is kept there from before."""
    deadline = time.monotonic() + BUILD_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        found = cache.get_many([key, building])
        if key in found and (fresh is None or fresh(found[key])):
            return found[key]
        if building not in found:
            return None
    return None


def _kept(key: str, build: Callable[[], Value], seconds: int) -> Value:
    value = cache.get(key)
    if value is not None:
        return value
    building = key + ":building"
    builds, value = built_once(key, building)
    if value is not None:
        return value
    try:
        value = build()
        if value is not None:
            cache.set(key, value, seconds)
    finally:
        if builds:
            cache.delete(building)
    return value


# ---- Values, fragments, exports


def kept_until_public_change(
    name: str, compute: Callable[[], Value], *, audience: str, scopes: Iterable[str]
) -> Value:
    """A value (counts, the filters' choices, a document with all its page shows) computed
    once per audience, language and generation of its scopes, then read from the cache by
    every page, signed-in visitors' included. None is never kept.

    `COUNTS_CACHE_SECONDS` (0 turns it off) bounds how long an unread value is kept.
    """
    seconds = fragment_seconds()
    if seconds <= 0:
        return compute()
    key = cache_key("value", name, audience=audience, generations=generations(scopes))
    return _kept(key, compute, seconds)


def fragment_context(request: HttpRequest, *, audience: str) -> dict[str, Any]:
    """What a template's `{% kept "name" vary_on... %}` reads: the fragment is kept per
    audience, language and generations of what the page shows (`shows`)."""
    if fragment_seconds() <= 0:
        return {}
    return {"kept_fragments": _Fragments(audience, shown_generations(request))}


@dataclass(frozen=True)
class _Fragments:
    audience: str
    generations: Generations

    def kept(self, name: str, render: Callable[[], str]) -> str:
        key = cache_key("fragment", name, audience=self.audience, generations=self.generations)
        return _kept(key, render, fragment_seconds())


register = template.Library()


@register.tag("kept")
def kept_tag(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    """`{% kept "name" vary_on... %}...{% endkept %}`: rendered once per audience, language,
    generation of what the page shows and value of each `vary_on` (`fragment_context`)."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return _KeptNode(nodelist, parts)


class _KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, parts: list) -> None:
        self.nodelist, self.parts = nodelist, parts

    def render(self, context: template.Context) -> str:
        fragments = context.get("kept_fragments")
        if fragments is None:
            return self.nodelist.render(context)
        name = "\n".join(str(part.resolve(context)) for part in self.parts)
        return fragments.kept(name, lambda: self.nodelist.render(context))


def kept_stream(
    name: str, make_chunks: Callable[[], Iterable[Chunk]], *, audience: str, scopes: Iterable[str]
) -> Iterable[Chunk]:
    """The chunks of the answer `name` (its address), from the cache or from `make_chunks`:
    one up to `KEPT_STREAM_BYTES` long is kept like a fragment; a longer one is streamed
    every time, and what is held while streaming never exceeds the limit."""
    seconds = fragment_seconds()
    if seconds <= 0:
        return make_chunks()
    key = cache_key("stream", name, audience=audience, generations=generations(scopes))
    kept = cache.get(key)
    building = key + ":building"
    if kept is None and cache.get(building) is not None:
        kept = built_meanwhile(key, building)
    return [kept] if kept is not None else _streamed_and_kept(key, make_chunks, seconds)


def _streamed_and_kept(
    key: str, make_chunks: Callable[[], Iterable[Chunk]], seconds: int
) -> Iterator[Chunk]:
    """Says it is building only once its first chunk is asked for: an answer never read
    (to a HEAD request) builds nothing and holds nobody up."""
    limit, building = int(getattr(settings, "KEPT_STREAM_BYTES", 0)), key + ":building"
    held: list[Chunk] | None = []
    size = 0
    # Only the mark this request took is dropped: another may have begun meanwhile.
    builds = cache.add(building, 1, BUILD_SECONDS)
    try:
        for chunk in make_chunks():
            yield chunk
            if held is not None:
                size += len(chunk)  # characters of a text stream, bytes of a binary one
                if size <= limit:
                    held.append(chunk)
                else:
                    held = None
                    if builds:  # too long to keep: whoever waits had better stream it too
                        cache.delete(building)
                        builds = False
        if held:
            cache.set(key, held[0][:0].join(held), seconds)
    finally:
        if builds:
            cache.delete(building)


def stale_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_STALE_SECONDS", 0))


def fragment_seconds() -> int:
    return int(getattr(settings, "COUNTS_CACHE_SECONDS", 0))


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))

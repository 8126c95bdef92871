"""Streamed answers (the CSV and JSON exports) kept like a page's fragments.

An export up to `KEPT_STREAM_BYTES` long is kept for `COUNTS_CACHE_SECONDS` under the
page cache's generation (for the public: exports search as an anonymous visitor): the first
request streams it from the database and keeps what it streamed, the next ones get it in
one piece without a query, until the public's view changes. A longer one is streamed every
time, and what is held while streaming never exceeds the limit.

One request builds a missing export; those that ask for it meanwhile wait for it (up to
`page_cache.BUILD_SECONDS`) instead of building it too: after a publication, a popular export would
otherwise be built by every client at once, each slowing the others down.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from .page_cache import BUILD_SECONDS, built_meanwhile, fragment_seconds, fragment_version

Chunk = TypeVar("Chunk", str, bytes)


def kept_stream(name: str, make_chunks: Callable[[], Iterable[Chunk]]) -> Iterable[Chunk]:
    """The chunks of the answer `name` (its address), from the cache or from `make_chunks`."""
    seconds = fragment_seconds()
    if seconds <= 0:
        return make_chunks()
    version = fragment_version("public")
    key = "page-cache:stream:" + hashlib.sha256(f"{name}:{version}".encode()).hexdigest()
    kept = cache.get(key)
    if kept is not None:
        return [kept]
    building = key + ":building"
    if cache.get(building) is not None:
        kept = built_meanwhile(key, building)
        if kept is not None:
            return [kept]
    return _streamed_and_kept(key, building, make_chunks, seconds)


def _streamed_and_kept(
    key: str, building: str, make_chunks: Callable[[], Iterable[Chunk]], seconds: int
) -> Iterator[Chunk]:
    """Streams the chunks and keeps them. Says it is building only once its first chunk is
    asked for: an answer never read (to a HEAD request) builds nothing."""
    limit = int(getattr(settings, "KEPT_STREAM_BYTES", 0))
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
                    # Too long to keep: whoever waits for it had better stream it too.
                    if builds:
                        cache.delete(building)
                        builds = False
        if held:
            cache.set(key, held[0][:0].join(held), seconds)
    finally:
        if builds:
            cache.delete(building)

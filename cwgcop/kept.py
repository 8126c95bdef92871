"""What the site keeps in the cache: whole pages and exports (cwgcop/page_cache.py),
fragments (`{% kept %}`) and values (`kept_until_public_change`), with one key scheme and
one way to build a missing entry. A key holds the release (`CACHE_RELEASE` or a digest of
the code: a deploy's fixes show at once), the kind, the address or name, the language, the
*audience* (always given: contributions.rules.audience) and the generations of the
*scopes* shown (`LISTS`, or one document, meeting, source, country or topic: `scope`):
counters in the cache itself, moved by cwgcop/public_changes.py. A *removal* moves
`REMOVALS`, which everything is kept under; an *addition* moves `LISTS` and the added
documents' scopes, and notes when, so that only what can show them is rebuilt.
"""

import functools
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from django import template
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language

from workinggroups.current import active_slug

PUBLIC, REMOVALS, LISTS = "public", "removals", "lists"
# The wall clock that dates an addition, read by every app server: tests may freeze it.
clock: Callable[[], float] = time.time
Generations = dict[str, int]
Value = TypeVar("Value")


def scope(kind: str, key: object) -> str:
    """A "document" (number, or id), "meeting", "source", "country" (code) or "topic"."""
    return f"{kind}:{key}"


def cache_key(kind: str, name: str, *, audience: str, generations: Generations) -> str:
    """`name` (an address; a name may hold what a visitor typed) is hashed with the scopes
    and the working group whose pages are answered (none on a shared page)."""
    scopes = sorted(generations)
    digest = hashlib.sha256("\n".join([name, active_slug(), *scopes]).encode()).hexdigest()
    numbers = ".".join(str(generations[each]) for each in scopes)
    release = getattr(settings, "CACHE_RELEASE", "") or _code_digest()
    return f"cwgcop:{release}:{kind}:{digest}:{get_language()}:{audience}:{numbers}"


@functools.cache
def _code_digest() -> str:
    """What renders the pages: code, templates, translations, the static files' names. Every
    app of the site is read, its data migrations too: one left out (a group's name on every
    page) would have its pages kept from before a deploy that changes it."""
    root, digest = Path(settings.BASE_DIR), hashlib.sha256()
    site_apps = {
        Path(config.path).name
        for config in django_apps.get_app_configs()
        if Path(config.path).parent == root
    }
    folders = sorted({"cwgcop", "api", "templates", "locale", *site_apps})
    paths = sorted(path for folder in folders for path in (root / folder).rglob("*.*"))
    manifest = Path(settings.STATIC_ROOT or root) / "staticfiles.json"
    for path in paths + [manifest] * manifest.is_file():
        if path.suffix in {".py", ".html", ".txt", ".mo", ".json"}:
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def generation_key(name: str, added: int | None = None) -> str:
    """A counter (hashed: a name may hold what a visitor typed), or when it took `added`."""
    key = "cwgcop:generation:" + hashlib.sha256(name.encode()).hexdigest()[:24]
    return key if added is None else f"{key}:added-at:{added}"


def _start(key: str) -> None:
    """At random: nothing kept under a lost one matches again. Unmoved, gone in a month."""
    cache.add(key, uuid.uuid4().int >> 66, 30 * 24 * 60 * 60)  # 62 bits: room to count up


def generations(scopes: Iterable[str], known: dict | None = None, found=None) -> Generations:
    """Of `REMOVALS` and these scopes, but those `known`, in one read (or `found`); a lost
    one starts anew at random, so that nothing kept under it matches it again."""
    names, known = sorted({REMOVALS, *scopes}), known or {}
    if found is None:
        missing = [generation_key(name) for name in names if name not in known]
        found = cache.get_many(missing) if missing else {}
    numbers = {}
    for name in names:
        number = known.get(name, found.get(generation_key(name)))
        if number is None:
            _start(generation_key(name))
            number = cache.get(generation_key(name), 0)  # 0: a cache that keeps nothing
        numbers[name] = number
    return numbers


def public_view_changed(*, removal: bool, scopes: Iterable[str] = (), lists: bool = True) -> None:
    """A removal, or an addition to these scopes and (with `lists`) `LISTS`
    (cwgcop/public_changes.py): moved at once (for the rest of this transaction's requests)
    and after the commit, so that what a request kept from the old rows in between is
    dropped too."""
    names = (REMOVALS,) if removal else tuple(sorted({*scopes, *[LISTS] * lists}))
    if not names:
        return
    _move_on(names)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Once per transaction however many rows it writes (an archive import saves
        # thousands); a bump waiting in a savepoint still open is dropped with this write.
        open_savepoints = set(connection.savepoint_ids)
        for savepoints, waiting, _robust in connection.run_on_commit:
            waits = getattr(waiting, "func", None) is _move_on and waiting.args == (names,)
            if waits and set(savepoints) <= open_savepoints:
                return
    moved_on_after_commit = functools.partial(_move_on, names)
    moved_on_after_commit.__qualname__ = "public_view_changed"  # how Django names a failure
    # Robust: a cache that fails must not keep the commit's other callbacks from running.
    transaction.on_commit(moved_on_after_commit, robust=True)


def _move_on(names: tuple[str, ...]) -> None:
    added_at = {}
    for name in names:
        for _attempt in range(3):
            try:
                number = cache.incr(generation_key(name))  # atomic on Redis
                break
            except ValueError:
                _start(generation_key(name))
        else:
            return  # a cache that keeps nothing (DummyCache) has nothing to drop
        added_at[generation_key(name, added=number)] = clock()
    if REMOVALS not in names and stale_seconds() > 0:
        cache.set_many(added_at, stale_seconds() + 60)  # read while recent


def stale_age(kept: Generations, current: Generations) -> float | None:
    """How long ago the first addition since `kept` was made to one of its scopes, when a
    page kept under `kept` may still be served: nothing was removed since, and that was
    less than `PAGE_CACHE_STALE_SECONDS` ago. None when it may not."""
    if stale_seconds() <= 0 or kept.get(REMOVALS) != current.get(REMOVALS):
        return None
    moved = [generation_key(name, kept[name] + 1) for name in kept if current[name] != kept[name]]
    added_at = cache.get_many(moved)
    if not moved or len(added_at) != len(moved):
        return None
    age = clock() - min(added_at.values())
    return age if age < stale_seconds() else None


def waits_as_it_was(kept: Generations, current: Generations, address: str) -> bool | None:
    """Of an entry kept under `kept` at this address, now that `current` stand: None when it
    may not be served (a removal since, or additions too long ago); True while it is
    served as it was; False once one request should build it anew (the others getting it
    as it was meanwhile)."""
    age = stale_age(kept, current)
    return None if age is None else age < render_after_seconds(address)


def building_key(key: str, current: Generations) -> str:
    """The mark a request holds while it builds `key` for these generations."""
    return f"{key}:building:" + ".".join(str(current[name]) for name in sorted(current))


# The share of PAGE_CACHE_RENDER_AFTER_SECONDS by which a page's own delay may be shorter.
RENDER_AFTER_SPREAD = 0.5


def render_after_seconds(address: str) -> float:
    """How long after an addition the page at this address, kept from before, is served as
    it is, before one request renders it anew: publications every few seconds at a deadline
    would otherwise have every list rendered after each of them. Each address waits its
    own share of it (from half to all, by a digest of the address), so that the dozens of
    pages one addition made stale are rendered over seconds, not all in the same one, each
    request meanwhile waiting on the threads that render them."""
    seconds = int(getattr(settings, "PAGE_CACHE_RENDER_AFTER_SECONDS", 0))
    share = int.from_bytes(hashlib.sha256(address.encode()).digest()[:4]) / 2**32
    return seconds * (1 - RENDER_AFTER_SPREAD * share)


SHOWN, _NAMED = "_kept_generations", "_kept_scopes_named"


def shows(request: HttpRequest, *scopes: str) -> None:
    """The page shows what these scopes hold (else `LISTS`): it and its fragments are kept
    under their generations read now, before the view reads what they hold."""
    if page_cache_seconds() <= 0 and fragment_seconds() <= 0:
        return
    # The page cache read {REMOVALS, LISTS} first; an earlier call may have named scopes.
    before = getattr(request, SHOWN, None)
    shown = generations(scopes, known={REMOVALS: before[REMOVALS]} if before else None)
    setattr(request, SHOWN, before | shown if getattr(request, _NAMED, False) else shown)
    setattr(request, _NAMED, True)


# One request builds a missing entry; those asking meanwhile wait for it (up to BUILD_SECONDS,
# BUILD_ATTEMPTS times) rather than build it too: after a change every page needs the same
# costly parts at once, and each building them slows all the others.
BUILD_SECONDS, POLL_SECONDS, BUILD_ATTEMPTS = 60, 0.05, 3


def built_once(key: str, building: str, fresh: Callable[[Any], bool] | None = None) -> tuple:
    """(True, None): build `key`, holding `building` till done. (False, entry): another did.
    (False, None): the others failed BUILD_ATTEMPTS times: build it too, holding nothing."""
    for _attempt in range(BUILD_ATTEMPTS):
        if cache.add(building, 1, BUILD_SECONDS):
            return True, None
        entry = built_meanwhile(key, building, fresh)
        if entry is not None:
            return False, entry
    return False, None


def built_meanwhile(key: str, building: str, fresh: Callable[[Any], bool] | None = None) -> Any:
    """What another request holding `building` keeps under `key` (that `fresh` tells from
    what was kept before); None when it stops without keeping it, or past BUILD_SECONDS."""
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
    builds, value = built_once(key, key + ":building")
    if value is not None:
        return value
    try:
        value = build()
        if value is not None:
            cache.set(key, value, seconds)
    finally:
        if builds:
            cache.delete(key + ":building")
    return value


def kept_until_public_change(
    name: str,
    compute: Callable[[], Value],
    *,
    audience: str,
    scopes: Iterable[str],
    known: Generations | None = None,
) -> Value:
    """A value (counts, choices, a document with all its page shows; not None) computed once
    per audience, language and generations of its scopes (but those `known`, read already);
    `COUNTS_CACHE_SECONDS` at most."""
    if fragment_seconds() <= 0:
        return compute()
    key = cache_key("value", name, audience=audience, generations=generations(scopes, known))
    return _kept(key, compute, fragment_seconds())


def fragment_context(request: HttpRequest, *, audience: str) -> dict[str, Any]:
    """What `{% kept %}` reads: fragments kept per audience and what the page `shows`."""
    if fragment_seconds() <= 0:
        return {}
    return {"kept_fragments": (audience, getattr(request, SHOWN, None) or generations([LISTS]))}


register = template.Library()


@register.tag("kept")
def kept_tag(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    """`{% kept "name" vary_on... %}...{% endkept %}`: kept per `fragment_context`."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return _KeptNode(nodelist, parts)


class _KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, parts: list) -> None:
        self.nodelist, self.parts = nodelist, parts

    def render(self, context: template.Context) -> str:
        if "kept_fragments" not in context:
            return self.nodelist.render(context)
        audience, shown = context["kept_fragments"]
        name = "\n".join(str(part.resolve(context)) for part in self.parts)
        key = cache_key("fragment", name, audience=audience, generations=shown)
        return _kept(key, lambda: self.nodelist.render(context), fragment_seconds())


def stale_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_STALE_SECONDS", 0))


def fragment_seconds() -> int:
    return int(getattr(settings, "COUNTS_CACHE_SECONDS", 0))


def page_cache_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0))

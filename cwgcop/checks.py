"""System checks of the site's configuration, run by `manage.py check --deploy`.

Registered when the apps are ready (contributions.apps).
"""

from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import CheckMessage, Error, Tags, register

from cwgcop.page_cache import fragment_seconds, page_cache_seconds

# Caches that each process (LocMemCache) or each machine (FileBasedCache) keeps for itself.
# A change to what the public sees is recorded in one of them only: the other
# gunicorn workers and app servers would go on serving what was kept before it. DummyCache
# keeps nothing, so it serves nothing old.
_NOT_SHARED = (LocMemCache, FileBasedCache)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The page cache, and the kept counts and fragments, need one cache for every process."""
    if settings.DEBUG or (page_cache_seconds() <= 0 and fragment_seconds() <= 0):
        return []
    cache = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(cache, _NOT_SHARED):
        return []
    backend = f"{type(cache).__module__}.{type(cache).__qualname__}"
    return [
        Error(
            f"The default cache ({backend}) is not shared between processes, yet public "
            "pages and counts are kept in it (PAGE_CACHE_SECONDS, COUNTS_CACHE_SECONDS): an "
            "unpublication would drop them in one process while the others go on serving them.",
            hint="Set REDIS_URL to the Redis server every app server shares.",
            id="cwgcop.E010",
        )
    ]

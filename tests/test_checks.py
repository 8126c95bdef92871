"""`check --deploy` refuses a cache that each process keeps for itself while pages are kept."""

import pytest
from django.core import checks

from cwgcop.checks import check_shared_cache

REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x:6379/0"}
LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
FILES = {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": "/var/cache/cwgcop",
}
DUMMY = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

NOT_SHARED = checks.Error(
    "The default cache (django.core.cache.backends.locmem.LocMemCache) is not shared between "
    "processes, yet public pages and counts are kept in it (PAGE_CACHE_SECONDS, "
    "COUNTS_CACHE_SECONDS): an unpublication would drop them in one process while the others "
    "go on serving them.",
    hint="Set REDIS_URL to the Redis server every app server shares.",
    id="cwgcop.E010",
)


@pytest.fixture
def production(settings):
    """DEBUG off, pages kept for 600 s and counts for 600 s, as production runs."""
    settings.DEBUG = False
    settings.PAGE_CACHE_SECONDS = 600
    settings.COUNTS_CACHE_SECONDS = 600
    return settings


def test_check_passes_with_redis(production):
    production.CACHES = {"default": REDIS}

    assert check_shared_cache() == []


def test_check_fails_with_the_per_process_cache_outside_debug(production):
    production.CACHES = {"default": LOCMEM}

    assert check_shared_cache() == [NOT_SHARED]


def test_check_fails_with_a_cache_in_each_machines_files(production):
    production.CACHES = {"default": FILES}

    assert [error.id for error in check_shared_cache()] == ["cwgcop.E010"]


@pytest.mark.parametrize(
    ("page_seconds", "count_seconds", "failed"),
    [(600, 0, ["cwgcop.E010"]), (0, 600, ["cwgcop.E010"]), (0, 0, [])],
)
def test_check_fails_when_pages_or_counts_are_kept(production, page_seconds, count_seconds, failed):
    production.CACHES = {"default": LOCMEM}
    production.PAGE_CACHE_SECONDS = page_seconds
    production.COUNTS_CACHE_SECONDS = count_seconds

    assert [error.id for error in check_shared_cache()] == failed


def test_check_passes_with_the_per_process_cache_in_debug(production):
    production.CACHES = {"default": LOCMEM}
    production.DEBUG = True

    assert check_shared_cache() == []


def test_check_passes_with_a_cache_that_keeps_nothing(production):
    production.CACHES = {"default": DUMMY}

    assert check_shared_cache() == []


def test_check_runs_with_the_deployment_checks_only(production):
    production.CACHES = {"default": LOCMEM}

    deploy = checks.run_checks(tags=[checks.Tags.caches], include_deployment_checks=True)
    everyday = checks.run_checks(tags=[checks.Tags.caches])

    assert [message.id for message in deploy if message.id.startswith("cwgcop.")] == ["cwgcop.E010"]
    assert [message.id for message in everyday if message.id.startswith("cwgcop.")] == []

"""The five people the workflow rules distinguish, and documents in any status."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from contributions.models import Document, DocumentFile, Source
from cwgcop import kept
from tests.contributions import corpus
from tests.contributions.admin_pages import GENEVA
from tests.contributions.archive_fixtures import archive  # noqa: F401 -- a fixture, for pytest
from tests.contributions.page_race import ADDED_AT, Race
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    SourceFactory,
    UserFactory,
)

ROLES = ["anonymous", "delegate", "other_delegate", "secretariat", "chair"]


def member_of(group_name: str, **fields):
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def meeting(db):
    return MeetingFactory(number=22)


@pytest.fixture
def italy(db):
    return MemberStateFactory()


@pytest.fixture
def israel(db):
    return SourceFactory(
        kind="member_state", name="Israel", slug="israel", country="IL", itu_region="europe"
    )


@pytest.fixture
def people(db, italy, israel):
    """One user for each role; the delegate represents Italy, the other delegate Israel."""
    delegate = member_of("Delegate", username="delegate-italy")
    other_delegate = member_of("Delegate", username="delegate-israel")
    italy.delegates.add(delegate)
    israel.delegates.add(other_delegate)
    return {
        "anonymous": AnonymousUser(),
        "delegate": delegate,
        "other_delegate": other_delegate,
        "secretariat": member_of("Secretariat", username="secretary"),
        "chair": member_of("Chair", username="chair"),
    }


@pytest.fixture
def cast(people):
    """The five people of the workflow and `non_member`, the delegate of a civil-society
    organisation: signed in, but not an ITU member."""
    organisation = SourceFactory(
        kind=Source.Kind.CIVIL_SOCIETY, name="Child Helpline Network", slug="helplines"
    )
    non_member = member_of("Delegate", username="delegate-helplines")
    organisation.delegates.add(non_member)
    return {**people, "non_member": non_member}


def pdf_upload(name: str = "contribution.pdf", text: str = "A contribution") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, corpus.pdf_bytes(text), content_type="application/pdf")


def attach_pdf(document: Document, *, text: str = "A contribution", language: str = "en"):
    """A stored file for a document, written directly: arrangement, not the service."""
    content = corpus.pdf_bytes(text)
    from django.core.files.base import ContentFile

    return DocumentFile.objects.create(
        document=document,
        language=language,
        file=ContentFile(content, name="contribution.pdf"),
        original_name="contribution.pdf",
        size=len(content),
        sha256="0" * 64,
        content_type="application/pdf",
    )


@pytest.fixture
def document_in(meeting, italy):
    """make(status) -> an Italian information document in that status, with a PDF."""
    counter = iter(range(1, 1000))

    def make(status: str, **fields) -> Document:
        sequence = next(counter)
        numbered = status in {"accepted", "published", "superseded"}
        document = DocumentFactory(
            meeting=meeting,
            sources=[italy],
            status=status,
            sequence=sequence if numbered else None,
            number=f"{meeting.code}/INF/{sequence}" if numbered else "",
            submitted_at=timezone.now() if status != "draft" else None,
            published_at=timezone.now() if status in {"published", "superseded"} else None,
            **fields,
        )
        attach_pdf(document)
        return document

    return make


@pytest.fixture
def deadline(meeting):
    """The meeting's contribution deadline: 13 January 2027, 23:59 in Geneva."""
    meeting.contribution_deadline = datetime.datetime(2027, 1, 13, 23, 59, tzinfo=GENEVA)
    meeting.save()
    return meeting.contribution_deadline


@pytest.fixture
def draft(meeting, italy, people):
    """An Italian draft with an English PDF stored through the service."""
    from contributions import services
    from tests.contributions.admin_pages import pdf

    document = DocumentFactory(meeting=meeting, sources=[italy], title="Safer Internet Day")
    services.add_file(
        document=document, language="en", upload=pdf("day.pdf", "Day"), by=people["delegate"]
    )
    return document


# The page cache and the kept fragments, on the in-process cache and on Redis.
REDIS_TEST_URL = "redis://127.0.0.1:6379/2"


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache on, over a fresh cache of each kind."""
    run = uuid.uuid4().hex
    if request.param == "locmem":
        cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": run}
    else:
        cache = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": f"test-page-cache-{run}",
        }
    settings.CACHES = {"default": cache}
    settings.PAGE_CACHE_SECONDS = 600
    # An addition is rendered by the next visitor; the delay has tests of its own.
    settings.PAGE_CACHE_RENDER_AFTER_SECONDS = 0
    yield request.param
    if request.param == "redis":
        from django.core.cache import cache as redis_cache

        client = redis_cache._cache.get_client(write=True)
        keys = client.keys(f"test-page-cache-{run}:*")
        if keys:
            client.delete(*keys)


@pytest.fixture
def visitor():
    """An anonymous visitor: no session cookie, ever."""
    return Client()


@pytest.fixture
def counts_cache(page_cache, settings):
    """The counts and filter choices kept, the whole pages not: what signed-in people get."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 600
    return page_cache


# Two visitors asking for a page at once (tests/contributions/page_race.py).
@pytest.fixture
def race(page_cache, settings, monkeypatch):
    settings.COUNTS_CACHE_SECONDS = 600
    settings.PAGE_CACHE_STALE_SECONDS = 30
    cache_middleware = settings.MIDDLEWARE.index("cwgcop.page_cache.PageCacheMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[: cache_middleware + 1],
        "tests.contributions.page_race.RenderHeldForAnother",
        *settings.MIDDLEWARE[cache_middleware + 1 :],
    ]
    Race.current = Race(monkeypatch)
    yield Race.current
    Race.current = None


@pytest.fixture
def frozen_clock(monkeypatch):
    """The page cache's clock, read and moved by the test."""
    now = [ADDED_AT]
    monkeypatch.setattr(kept, "clock", lambda: now[0])
    return now

"""The home page and the meetings list stop saying "Open for contributions" the moment the
deadline passes, even when what they show is kept."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def open_meeting(demo):
    meeting = Meeting.objects.get(number=22)
    meeting.status = Meeting.Status.OPEN
    meeting.contribution_deadline = timezone.now() + datetime.timedelta(hours=2)
    meeting.save(update_fields=["status", "contribution_deadline"])
    return meeting


@pytest.fixture
def kept(settings):
    settings.COUNTS_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("url", ["/en/cwg-cop/", "/en/cwg-cop/meetings/"])
def test_a_kept_page_says_the_deadline_passed_once_it_has(
    client, open_meeting, kept, monkeypatch, url
):
    before = _text(client.get(url))
    later = open_meeting.contribution_deadline + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    after = _text(client.get(url))

    assert '<span class="badge badge-open">Open for contributions</span>' in before
    assert "Open for contributions" not in after
    assert '<span class="badge badge-closed">Deadline for contributions passed</span>' in after


@pytest.mark.parametrize("url", ["/en/cwg-cop/", "/en/cwg-cop/meetings/"])
def test_near_a_deadline_the_home_page_and_the_list_are_not_kept(
    client, open_meeting, settings, url
):
    settings.PAGE_CACHE_SECONDS = 600
    open_meeting.contribution_deadline = timezone.now() + datetime.timedelta(minutes=5)
    open_meeting.save(update_fields=["contribution_deadline"])
    near = client.get(url)
    open_meeting.contribution_deadline = timezone.now() + datetime.timedelta(days=30)
    open_meeting.save(update_fields=["contribution_deadline"])
    far = client.get(url)

    assert "no-cache" in near["Cache-Control"]
    assert "no-cache" not in far.get("Cache-Control", "")

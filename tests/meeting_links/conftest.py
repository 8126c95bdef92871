"""A held meeting with webcasts, a recording and captions, one of them for members only, and
the four people whose view of them differs."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser

from contributions.models import AccessLevel, Source
from meetings.models import Meeting, MeetingLink
from tests.contributions.conftest import (  # noqa: F401 -- fixtures, for pytest
    member_of,
    page_cache,
    visitor,
)
from tests.factories import MeetingFactory, MemberStateFactory, SourceFactory

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
SITE = "https://documents.example.org"
ROLES = ["anonymous", "delegate", "member", "secretariat"]
# Who is shown the members-only recording: the members' audience.
SEES_MEMBERS_ONLY = {"anonymous": False, "delegate": False, "member": True, "secretariat": True}

DAY_1 = "https://webcast.example.org/30/day-1"
MORNING = {
    "starts_at": datetime.datetime(2025, 3, 10, 9, 30, tzinfo=GENEVA),
    "ends_at": datetime.datetime(2025, 3, 10, 12, 30, tzinfo=GENEVA),
}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        number=30,
        start_date=datetime.date(2025, 3, 10),
        end_date=datetime.date(2025, 3, 11),
        venue="Geneva",
        status=Meeting.Status.HELD,
    )


def add_link(meeting, order, session, kind, language, url, access=AccessLevel.PUBLIC, **times):
    return MeetingLink.objects.create(
        meeting=meeting,
        order=order,
        session=session,
        kind=kind,
        language=language,
        url=url,
        access=access,
        **times,
    )


@pytest.fixture
def links(meeting):
    """Day 1 morning (timed): English and French webcasts, an English recording for members
    only; Day 2 (no time): a Spanish webcast and Arabic captions."""
    return [
        add_link(meeting, 1, "Day 1, morning", "webcast", "en", f"{DAY_1}/en", **MORNING),
        add_link(meeting, 2, "Day 1, morning", "webcast", "fr", f"{DAY_1}/fr", **MORNING),
        add_link(
            meeting,
            3,
            "Day 1, morning",
            "recording",
            "en",
            f"{DAY_1}/recording",
            access=AccessLevel.MEMBERS,
            **MORNING,
        ),
        add_link(meeting, 4, "Day 2", "webcast", "es", "https://webcast.example.org/30/day-2/es"),
        add_link(meeting, 5, "Day 2", "captions", "ar", "https://captions.example.org/30/day-2/ar"),
    ]


@pytest.fixture
def people(db):
    """A delegate of a civil-society organisation (not an ITU member), a delegate of a Member
    State (a member) and the secretariat."""
    helplines = SourceFactory(kind=Source.Kind.CIVIL_SOCIETY, name="Helplines", slug="helplines")
    delegate = member_of("Delegate", username="delegate-helplines")
    helplines.delegates.add(delegate)
    member = member_of("Delegate", username="delegate-italy")
    MemberStateFactory().delegates.add(member)
    return {
        "anonymous": AnonymousUser(),
        "delegate": delegate,
        "member": member,
        "secretariat": member_of("Secretariat", username="secretary"),
    }


def signed_in(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client

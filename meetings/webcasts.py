"""Who sees which of a meeting's webcasts, recordings and captions, and the links of a
meeting gathered by session as its page lists them.

A members-only link is for those who read members' material: the members' audience of
contributions.visibility (`audience(user)`, which asks `is_member`). Everyone else,
delegates who are not members included, sees the public links; the API and the calendar,
which serve everyone alike, the public ones only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from contributions.visibility import MEMBERS_AUDIENCE

from .links import MeetingLink
from .models import Meeting


def links_seen_by(
    audience: str, links: QuerySet[MeetingLink] | None = None
) -> QuerySet[MeetingLink]:
    """Of these links (all by default), those this audience is shown: every one for the
    members, the public ones for anyone else."""
    links = MeetingLink.objects.all() if links is None else links
    return links if audience == MEMBERS_AUDIENCE else links.public()


def audience_sees_link(audience: str, link: MeetingLink) -> bool:
    """Whether this audience is shown this link (links_seen_by, for one link)."""
    return audience == MEMBERS_AUDIENCE or not link.is_restricted


@dataclass
class Session:
    """A session or day of a meeting with its links, in their order."""

    label: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    links: list[MeetingLink] = field(default_factory=list)

    @property
    def webcasts(self) -> list[MeetingLink]:
        return [link for link in self.links if link.kind == MeetingLink.Kind.WEBCAST]


def sessions_of(links: QuerySet[MeetingLink] | list[MeetingLink]) -> list[Session]:
    """The links gathered by session (its label and start), sessions in the order of their
    first link: one list, read in one query."""
    sessions: dict[tuple[str, datetime.datetime | None], Session] = {}
    for link in links:
        key = (link.session, link.starts_at)
        if key not in sessions:
            sessions[key] = Session(link.session, link.starts_at, link.ends_at)
        session = sessions[key]
        session.ends_at = max(filter(None, [session.ends_at, link.ends_at]), default=None)
        session.links.append(link)
    return list(sessions.values())


def meeting_sessions(meeting: Meeting, audience: str) -> list[Session]:
    """The sessions of a meeting with the links this audience is shown."""
    return sessions_of(links_seen_by(audience, MeetingLink.objects.filter(meeting=meeting)))


def public_webcasts_by_meeting(meetings: list[Meeting]) -> dict[int, list[MeetingLink]]:
    """The public webcasts of these meetings, in their order, by meeting: one query."""
    by_meeting: dict[int, list[MeetingLink]] = {meeting.pk: [] for meeting in meetings}
    links = MeetingLink.objects.public().filter(
        meeting__in=list(by_meeting), kind=MeetingLink.Kind.WEBCAST
    )
    for link in links:
        by_meeting[link.meeting_id].append(link)
    return by_meeting

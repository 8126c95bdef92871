"""A new document starts with its meeting's access; a list of participants with members only."""

import pytest

from contributions import services
from contributions.models import Document
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _draft(people, meeting, italy, kind: str, by: str = "secretariat") -> Document:
    return services.create_draft(
        by=people[by], meeting=meeting, kind=kind, title="A document", sources=[italy]
    )


def test_list_of_participants_of_a_public_meeting_is_members_only(people, meeting, italy):
    participants = _draft(people, meeting, italy, Document.Kind.PARTICIPANTS)

    assert (meeting.default_access, participants.access) == ("public", "members")


def test_contribution_starts_with_the_meetings_default_access(people, italy):
    closed = MeetingFactory(number=23, default_access=Document.Access.MEMBERS)

    contribution = _draft(people, closed, italy, Document.Kind.CONTRIBUTION, by="delegate")

    assert contribution.access == "members"


def test_contribution_of_a_public_meeting_is_public(people, meeting, italy):
    contribution = _draft(people, meeting, italy, Document.Kind.CONTRIBUTION, by="delegate")

    assert contribution.access == "public"


def test_revision_of_a_members_only_list_of_participants_stays_members_only(
    people, meeting, published
):
    participants = published(
        Document.Kind.PARTICIPANTS, "List of participants", access=Document.Access.MEMBERS
    )

    revision = services.create_revision(document=participants, by=people["secretariat"])

    assert revision.access == "members"

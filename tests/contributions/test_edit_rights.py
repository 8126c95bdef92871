"""Edit rights are decided by the services; the form and the admin ask the same rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contributions import services
from contributions.models import Document
from meetings.models import Meeting
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# The record as printed on the document, which only the secretariat writes.
# "As written on the document": what the secretariat records of a document as issued.
RECORD = {
    "number",
    "numbered_by",
    "document_date",
    "from_archive",
    "draft_mark",
    "english_only_label",
    "languages",
    "addressee",
    "purpose",
}
# A delegate asks for members-only access; the secretariat decides it.
REQUEST = "members_only_requested"
ACCESS = {"access", REQUEST}


def test_delegate_cannot_draft_for_a_held_meeting(people, italy):
    held = MeetingFactory(number=19, status=Meeting.Status.HELD)

    with pytest.raises(ValidationError) as refused:
        services.create_draft(
            by=people["delegate"], meeting=held, kind="information", title="T", sources=[italy]
        )

    assert refused.value.messages == [
        "This meeting no longer takes contributions: choose a meeting that does."
    ]
    assert Document.objects.count() == 0


def test_secretariat_files_a_document_under_a_held_meeting(people, italy):
    held = MeetingFactory(number=19, status=Meeting.Status.HELD)

    document = services.create_draft(
        by=people["secretariat"], meeting=held, kind="information", title="T", sources=[italy]
    )

    assert (document.meeting, document.status) == (held, "draft")


def test_delegate_cannot_move_a_draft_to_a_held_meeting(people, document_in):
    document = document_in("draft")
    held = MeetingFactory(number=19, status=Meeting.Status.HELD)

    with pytest.raises(ValidationError, match="no longer takes contributions"):
        services.update_document(
            document=document, by=people["delegate"], changes={"meeting": held}
        )

    document.refresh_from_db()
    assert document.meeting.number == 22


def test_agenda_item_of_another_meeting_is_refused_with_one_message(people, meeting, italy):
    elsewhere = AgendaItemFactory(meeting=MeetingFactory(number=30))

    with pytest.raises(ValidationError) as refused:
        services.create_draft(
            by=people["secretariat"],
            meeting=meeting,
            kind="information",
            title="T",
            sources=[italy],
            agenda_item=elsewhere,
        )

    assert refused.value.messages == ["Choose an agenda item of the document's meeting."]


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        (
            "delegate",
            "draft",
            {"meeting", "kind", "title", "original_language", "summary", REQUEST},
        ),
        ("delegate", "submitted", set()),
        ("other_delegate", "draft", set()),
        ("chair", "draft", set()),
        ("anonymous", "draft", set()),
        (
            "secretariat",
            "submitted",
            {
                "meeting",
                "kind",
                "title",
                "original_language",
                "summary",
                "agenda_item",
                *ACCESS,
                *RECORD,
            },
        ),
        (
            "secretariat",
            "accepted",
            {"title", "original_language", "summary", "agenda_item", *ACCESS, *RECORD},
        ),
        ("secretariat", "withdrawn", set()),
    ],
)
def test_editable_fields_by_role_and_status(people, document_in, role, status, expected):
    document = document_in(status)

    assert services.editable_fields(document=document, by=people[role]) == expected


def test_delegate_keeps_one_of_their_sources_with_the_message_the_form_shows(
    people, document_in, israel
):
    document = document_in("draft")
    current = [document.sources.get().pk, israel.pk]

    with pytest.raises(PermissionDenied) as keeping_none:
        services.check_sources(chosen=[israel], by=people["delegate"], current=current)
    with pytest.raises(PermissionDenied) as adding_another:
        services.check_sources(chosen=[israel], by=people["delegate"], current=current[:1])

    assert str(keeping_none.value) == "Keep at least one of the sources you represent."
    assert str(adding_another.value) == "You can add only the sources you represent."

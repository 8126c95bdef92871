"""An invitation letter keeps its Circular Letter number; a list of participants takes none."""

import pytest
from django.core.exceptions import ValidationError

from contributions import services
from contributions.models import Document
from tests.contributions.admin_pages import change_url, page_text, post_form
from tests.contributions.conftest import attach_pdf
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _letter(people, meeting, italy) -> Document:
    letter = services.create_draft(
        by=people["secretariat"],
        meeting=meeting,
        kind=Document.Kind.INVITATION_LETTER,
        title="Invitation to the twenty-second meeting",
        sources=[italy],
    )
    attach_pdf(letter)
    return letter


def test_invitation_letter_number_is_of_the_circular_letter_series(people, meeting, italy):
    letter = _letter(people, meeting, italy)

    services.update_document(
        document=letter, by=people["secretariat"], changes={"number": "CL-24/67"}
    )

    letter.refresh_from_db()
    assert (letter.number, letter.numbered_by, letter.sequence) == (
        "CL-24/67",
        "Circular Letter",
        None,
    )


def test_invitation_letter_keeps_its_number_on_acceptance(people, meeting, italy):
    letter = _letter(people, meeting, italy)
    services.update_document(
        document=letter, by=people["secretariat"], changes={"number": "CL-24/67"}
    )
    services.submit_document(document=letter, by=people["secretariat"])

    services.accept_document(document=letter, by=people["secretariat"])

    letter.refresh_from_db()
    assert (letter.status, letter.number, letter.sequence) == ("accepted", "CL-24/67", None)


def test_invitation_letter_number_taken_by_another_meeting_is_refused(people, meeting, italy):
    earlier = _letter(people, MeetingFactory(number=21), italy)
    services.update_document(
        document=earlier, by=people["secretariat"], changes={"number": "CL-24/67"}
    )
    letter = _letter(people, meeting, italy)

    with pytest.raises(ValidationError) as refusal:
        services.update_document(
            document=letter, by=people["secretariat"], changes={"number": "CL-24/67"}
        )

    assert refusal.value.messages == ["Another document has this number of that series."]
    letter.refresh_from_db()
    assert (letter.number, letter.numbered_by) == ("", "")


def test_admin_form_takes_a_circular_letter_number_as_typed(client, people, meeting, italy):
    letter = _letter(people, meeting, italy)
    client.force_login(people["secretariat"])

    response = post_form(client, change_url(letter), number="CL-24/67")

    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.number, letter.numbered_by) == ("CL-24/67", "Circular Letter")


def test_admin_form_says_the_circular_letter_number_is_taken(client, people, meeting, italy):
    earlier = _letter(people, MeetingFactory(number=21), italy)
    services.update_document(
        document=earlier, by=people["secretariat"], changes={"number": "CL-24/67"}
    )
    letter = _letter(people, meeting, italy)
    client.force_login(people["secretariat"])

    response = post_form(client, change_url(letter), number="CL-24/67")

    assert response.status_code == 200
    assert "Another document has this number of that series." in page_text(response)
    letter.refresh_from_db()
    assert letter.number == ""


def test_invitation_letter_without_its_number_is_not_accepted(people, meeting, italy):
    letter = _letter(people, meeting, italy)
    services.submit_document(document=letter, by=people["secretariat"])

    with pytest.raises(ValidationError) as refusal:
        services.accept_document(document=letter, by=people["secretariat"])

    assert refusal.value.messages == [
        "An invitation letter is numbered in the ITU's Circular Letter series: give its "
        "number as printed, such as CL-24/67, before accepting it."
    ]
    letter.refresh_from_db()
    assert (letter.status, letter.number) == ("submitted", "")


def test_list_of_participants_is_accepted_and_published_without_a_number(people, meeting, italy):
    participants = services.create_draft(
        by=people["secretariat"],
        meeting=meeting,
        kind=Document.Kind.PARTICIPANTS,
        title="Final list of participants",
        sources=[italy],
    )
    attach_pdf(participants)
    services.submit_document(document=participants, by=people["secretariat"])

    services.accept_document(document=participants, by=people["secretariat"])
    services.publish_document(document=participants, by=people["secretariat"])

    participants.refresh_from_db()
    assert (participants.status, participants.number, participants.sequence) == (
        "published",
        "",
        None,
    )
    assert participants.get_absolute_url() == f"/en/cwg-cop/documents/id/{participants.pk}/"

"""The public meeting page: what it names, and when contributions are due."""

import pytest

from contributions.models import Document
from meetings.models import Meeting, Presentation

pytestmark = pytest.mark.django_db


def test_meeting_page_withholds_the_title_of_an_unpublished_presented_document(client, demo):
    submitted = Document.objects.get(meeting__number=22, status="submitted")
    meeting = Meeting.objects.get(number=22)
    Presentation.objects.create(
        meeting=meeting, order=1, document=submitted, agenda_item=submitted.agenda_item
    )

    text = client.get("/en/cwg-cop/meetings/22/").content.decode()

    assert submitted.title not in text
    assert "Presentation of a document not yet published" in text


def test_meeting_page_names_a_published_presented_document(client, demo):
    text = client.get("/en/cwg-cop/meetings/21/").content.decode()

    assert "Interinstitutional Consultative Committee for media and digital literacy" in text


def test_meeting_page_shows_the_deadline_in_geneva_time(client, demo):
    text = client.get("/en/cwg-cop/meetings/22/").content.decode()

    assert "13 January 2027, 23:59 Geneva time (CET)" in text

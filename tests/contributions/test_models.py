"""What the database itself refuses, whatever the code above it does."""

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from contributions.models import DocumentFile
from meetings.models import Presentation
from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory

pytestmark = pytest.mark.django_db


def test_document_number_duplicate_in_a_meeting_is_refused():
    meeting = MeetingFactory(number=21)
    DocumentFactory(meeting=meeting, number="CWG-COP-21/INF/5")

    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(meeting=meeting, number="CWG-COP-21/INF/5")


def test_document_number_may_repeat_across_meetings_and_blank_is_not_a_number():
    first, second = MeetingFactory(number=21), MeetingFactory(number=22)

    DocumentFactory(meeting=first, number="INF/5")
    DocumentFactory(meeting=second, number="INF/5")
    DocumentFactory(meeting=first, number="")
    DocumentFactory(meeting=first, number="")

    assert first.documents.count() == 3


def test_document_sequence_duplicate_in_a_series_is_refused():
    meeting = MeetingFactory(number=21)
    DocumentFactory(meeting=meeting, kind="information", sequence=5, number="CWG-COP-21/INF/5")

    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(
            meeting=meeting, kind="information", sequence=5, number="CWG-COP-21/INF/5 bis"
        )


def test_published_document_without_number_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(status="published", number="")


def test_document_file_second_file_in_one_language_is_refused():
    document = DocumentFactory()
    values = {
        "size": 3,
        "sha256": "0" * 64,
        "content_type": "application/pdf",
        "original_name": "a.pdf",
    }
    DocumentFile.objects.create(
        document=document, language="en", file=ContentFile(b"abc", name="a.pdf"), **values
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFile.objects.create(
            document=document, language="en", file=ContentFile(b"abc", name="a.pdf"), **values
        )


def test_presentation_order_duplicate_in_a_meeting_is_refused():
    meeting = MeetingFactory(number=21)
    Presentation.objects.create(meeting=meeting, order=1, title="First")

    with pytest.raises(IntegrityError), transaction.atomic():
        Presentation.objects.create(meeting=meeting, order=1, title="Second")


def test_member_state_without_country_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberStateFactory(country="")


def test_two_member_states_for_one_country_are_refused():
    MemberStateFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        MemberStateFactory(slug="italy-again", name="Italy again")

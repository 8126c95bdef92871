"""What the public pages say and how they are written: valid HTML, the sitemap, Open Graph,
empty results, the year filter and file names."""

import datetime
import re

import pytest
from django.urls import reverse

from contributions.models import Document
from tests.contributions.conftest import member_of
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

# A moment with microseconds, as the workflow stamps it; `<time datetime>` may not hold them.
STAMP = datetime.datetime(2026, 3, 4, 10, 15, 30, 123456, tzinfo=datetime.UTC)


# ---- HTML the Nu checker accepts


def test_a_document_published_through_the_workflow_dates_it_without_microseconds(client):
    document = DocumentFactory(published=True, published_at=STAMP)

    page = client.get(f"/en/documents/{document.number}/").content.decode()

    assert '<time datetime="2026-03-04T10:15:30+0000">4 March 2026</time>' in page
    assert ".123456" not in page


def test_the_review_queue_dates_submissions_without_microseconds(client):
    meeting = MeetingFactory(number=22)
    DocumentFactory(meeting=meeting, status=Document.Status.SUBMITTED, submitted_at=STAMP)
    client.force_login(member_of("Secretariat", username="secretary"))

    page = client.get(reverse("admin:contributions_document_queue")).content.decode()

    # The back office shows Geneva time.
    assert '<time datetime="2026-03-04T11:15:30+0100">4 March 2026, 11:15</time>' in page
    assert ".123456" not in page


def test_the_alerts_form_s_choice_carries_no_maxlength(client):
    page = client.get("/en/alerts/").content.decode()

    select = re.search(r"<select[^>]*>", page).group(0)
    assert "maxlength" not in select


def test_the_alerts_form_still_refuses_an_overlong_choice(client):
    response = client.post(
        "/en/alerts/", {"email": "reader@example.org", "what": "x" * 121, "frequency": "immediate"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["what"] == [
        "Ensure this value has at most 120 characters (it has 121)."
    ]

"""A presentation's summary is of its document: until the document is published, the
report withholds that paragraph, and so does every public page and the API that lists the
presentation (the meeting's, and its presenters': an organisation's, a country's). Published,
the summary shows on each of them.
"""

import pytest
from django.test import Client

from contributions import services
from contributions.models import Document, Source
from meetings.models import Meeting
from meetings.report import build_meeting_report
from meetings.report.stored import article_html
from tests.factories import DocumentFactory, PresentationFactory, SourceFactory

pytestmark = pytest.mark.django_db

SUMMARY = "Italy presented the findings of its study of age checks."


def _shown(client: Client, meeting: Meeting) -> dict[str, bool]:
    """Where the summary shows: on each page listing the presentation, and in the API."""
    pages = {
        "meeting page": f"/en/cwg-cop/meetings/{meeting.number}/",
        "source page": "/en/sources/helplines/",
        "country page": "/en/countries/it/",
    }
    shown = {
        name: SUMMARY in client.get(address).content.decode() for name, address in pages.items()
    }
    api = client.get(f"/api/v1/meetings/{meeting.number}").json()
    shown["api"] = [row["summary"] for row in api["presentations"]] == [SUMMARY]
    shown["report"] = SUMMARY in article_html(build_meeting_report(meeting))
    return shown


@pytest.mark.parametrize("role", ["anonymous", "delegate", "secretariat"])
def test_summary_of_a_presentation_shows_once_its_document_is_published(
    meeting, italy, people, role
):
    meeting.status = Meeting.Status.HELD
    meeting.save()
    document = DocumentFactory(
        meeting=meeting,
        sources=[italy],
        status=Document.Status.ACCEPTED,
        sequence=4,
        number=f"{meeting.code}/INF/4",
        title="A study of age checks",
    )
    presentation = PresentationFactory(meeting=meeting, document=document, summary=SUMMARY)
    helplines = SourceFactory(kind=Source.Kind.CIVIL_SOCIETY, name="Helplines", slug="helplines")
    presentation.presenters.add(italy, helplines)
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])

    before = _shown(client, meeting)
    services.publish_document(document=document, by=people["secretariat"])
    after = _shown(client, meeting)

    everywhere = ["meeting page", "source page", "country page", "api", "report"]
    assert before == dict.fromkeys(everywhere, False)
    assert after == dict.fromkeys(everywhere, True)

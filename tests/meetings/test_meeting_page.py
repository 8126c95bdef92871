"""The public meeting page: what it names, and when contributions are due."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions.models import Document
from meetings.models import Meeting, Presentation
from tests.factories import (
    AgendaItemFactory,
    DocumentFactory,
    MeetingFactory,
    PresentationFactory,
    SourceFactory,
)
from workinggroups.models import WorkingGroup

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


def test_the_programme_lists_each_presentation_under_its_heading_with_its_status_and_presenters(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 0
    meeting = MeetingFactory(number=21)
    item = AgendaItemFactory(meeting=meeting, order=1, title="Online gaming")
    published = DocumentFactory(meeting=meeting, published=True, title="Loot boxes & minors")
    draft = DocumentFactory(meeting=meeting, title="Not yet public")
    partner = SourceFactory(slug="partner", name="Partner")
    for order, heading, document, title in (
        (1, "Industry", published, ""),
        (2, "Industry", draft, ""),
        (3, "Governments", None, "National <strategy>"),
    ):
        presentation = PresentationFactory(
            meeting=meeting,
            agenda_item=item,
            order=order,
            heading=heading,
            document=document,
            title=title,
            summary=f"Summary {order}.",
        )
        presentation.presenters.add(partner)

    page = client.get(meeting.get_absolute_url()).content.decode()
    programme = page[page.index('<ol class="presentations">') :]
    programme = programme[: programme.index("</ol>")]

    assert re.findall(r'<p class="subheading">([^<]+)</p>', programme) == [
        "Industry",
        "Governments",
    ]
    assert re.findall(r'<h4 class="presentation-title">(.+?)</h4>', programme) == [
        f'<a href="{published.get_absolute_url()}"><bdi>{published.number}</bdi> '
        "Loot boxes &amp; minors</a>",
        "Presentation of a document not yet published",
        "National &lt;strategy&gt;",
    ]
    assert "Not yet public" not in page
    assert (
        programme.count(
            '<p class="meta"><span class="badge badge-presented">Presented</span>\n'
            ' <bdi class="list-name"><a href="/en/sources/partner/">Partner</a></bdi></p>'
        )
        == 3
    )
    # The summary of a document not yet public waits for it, as in the report.
    assert [f"Summary {order}." for order in (1, 3)] == re.findall(
        r"<p>(Summary \d\.)</p>", programme
    )

    french = client.get(meeting.get_absolute_url().replace("/en/", "/fr/", 1)).content.decode()
    assert '<p lang="en" dir="ltr">Summary 1.</p>' in french
    assert '<p class="subheading"><span lang="en" dir="ltr">Industry</span></p>' in french


def test_a_source_s_page_lists_its_presentations_with_their_meeting_and_agenda_item(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 0
    meeting = MeetingFactory(number=21)
    item = AgendaItemFactory(meeting=meeting, order=2, title="Online gaming")
    partner = SourceFactory(slug="partner", name="Partner")
    presentation = PresentationFactory(
        meeting=meeting, agenda_item=item, order=4, title="Age checks", summary=""
    )
    presentation.presenters.add(partner)

    page = client.get("/en/sources/partner/").content.decode()

    assert (
        '<h3 class="presentation-title">Age checks</h3>\n'
        '    <p class="meta"><span class="badge badge-presented">Presented</span>\n'
        ' <a href="/en/cwg-cop/meetings/21/#presentation-4">CWG-COP-21</a>, 2. Online gaming</p>'
    ) in page


def test_the_meeting_s_list_counts_its_own_and_shared_documents_of_its_group_from_its_counter(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 0
    meeting = MeetingFactory(number=21)
    earlier = MeetingFactory(number=20)
    elsewhere = MeetingFactory(
        number=21,
        group=WorkingGroup.objects.create(slug="cwg-test", acronym="CWG-TEST", name="Tests"),
    )
    own = [DocumentFactory(meeting=meeting, published=True) for _ in range(2)]
    DocumentFactory(meeting=meeting)  # a draft
    shared = DocumentFactory(meeting=earlier, published=True)
    shared.other_meetings.add(meeting)
    # Shared by another group's meeting: listed on that group's pages only.
    DocumentFactory(meeting=elsewhere, published=True).other_meetings.add(meeting)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(meeting.get_absolute_url()).content.decode()

    assert '<p class="result-count" role="status">3 documents</p>' in page
    listed = page[page.index('<ol class="document-list">') :]
    assert sorted(re.findall(r"<bdi>(CWG-COP-2\d/[^<]+)</bdi>", listed)) == sorted(
        document.number for document in [*own, shared]
    )
    # Counted by the counter, not by reading the group's documents.
    assert not [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT COUNT(*)")
        and 'INNER JOIN "meetings_meeting"' in query["sql"]
    ]

    kind = own[0].kind
    narrowed = client.get(f"{meeting.get_absolute_url()}?kind={kind}").content.decode()
    expected = sum(document.kind == kind for document in [*own, shared])
    assert f'<p class="result-count" role="status">{expected} document' in narrowed

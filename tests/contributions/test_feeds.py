"""The Atom feeds as a feed reader reads them: valid, stable, titled by what they follow."""

import datetime

import feedparser
import pytest

from contributions.models import Document, DocumentFile
from tests.contributions.conftest import ROLES, attach_pdf
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

SITE = "https://documents.example.org"
FEED = "/en/cwg-cop/feeds/documents.atom"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]


@pytest.fixture
def unicef(db):
    return SourceFactory(name="UNICEF", slug="unicef", kind="international_organization")


@pytest.fixture
def published(meeting, italy, unicef):
    """A published document of Italy and UNICEF with an English PDF and a French one."""
    document = DocumentFactory(
        meeting=meeting,
        sources=[italy, unicef],
        published=True,
        sequence=100,
        number="CWG-COP-22/INF/100",
        title="Safer schools online",
        summary="Italy and UNICEF describe a programme for schools.",
        published_at=datetime.datetime(2025, 3, 4, 9, 30, tzinfo=datetime.UTC),
    )
    document.topics.add(TopicFactory(name="Education", slug="education"))
    attach_pdf(document, language="en")
    attach_pdf(document, language="fr")
    return document


def _read(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def test_feed_is_valid_atom_titled_for_the_group(client, published):
    response = client.get(FEED)

    parsed = feedparser.parse(response.content)
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert parsed.bozo == 0
    assert parsed.version == "atom10"
    assert parsed.feed.title == "CWG-COP documents"
    assert parsed.feed.id == f"{SITE}/en/cwg-cop/feeds/documents.atom"
    assert [(link.rel, link.href) for link in parsed.feed.links] == [
        ("alternate", f"{SITE}/en/cwg-cop/documents/"),
        ("self", f"{SITE}/en/cwg-cop/feeds/documents.atom"),
    ]
    assert [entry.title for entry in parsed.entries] == ["CWG-COP-22/INF/100 Safer schools online"]


def test_entry_ids_and_links_come_from_the_site_address_not_the_host(client, published):
    by_name = _read(client, FEED, HTTP_HOST="localhost")
    by_address = _read(client, FEED, HTTP_HOST="127.0.0.1")

    assert [entry.id for entry in by_name.entries] == [
        f"tag:documents.example.org,2024:cwg-cop/document/{published.pk}"
    ]
    assert [entry.id for entry in by_address.entries] == [entry.id for entry in by_name.entries]
    assert [entry.link for entry in by_address.entries] == [
        f"{SITE}/en/cwg-cop/documents/CWG-COP-22/INF/100/"
    ]
    assert by_address.feed.id == by_name.feed.id == f"{SITE}/en/cwg-cop/feeds/documents.atom"


def test_entry_links_each_public_file_as_an_enclosure(client, published):
    english, french = published.files.order_by("language")

    entry = _read(client, FEED).entries[0]

    assert [
        (link.href, link.type, link.length, link.hreflang, link.title)
        for link in entry.links
        if link.rel == "enclosure"
    ] == [
        (f"{SITE}/en/files/{english.pk}/CWG-COP-22-INF-100-en.pdf", "application/pdf",
         str(english.size), "en", "CWG-COP-22-INF-100-en.pdf"),
        (f"{SITE}/en/files/{french.pk}/CWG-COP-22-INF-100-fr.pdf", "application/pdf",
         str(french.size), "fr", "CWG-COP-22-INF-100-fr.pdf"),
    ]  # fmt: skip


def test_entry_has_one_author_per_source_with_its_page(client, published):
    entry = _read(client, FEED).entries[0]

    assert [(author.name, author.href) for author in entry.authors] == [
        ("Italy", f"{SITE}/en/countries/it/"),
        ("UNICEF", f"{SITE}/en/sources/unicef/"),
    ]
    assert [tag.term for tag in entry.tags] == ["Education"]
    assert entry.published == "2025-03-04T09:30:00+00:00"


def test_entry_summary_is_the_documents_summary_as_plain_text(client, published):
    entry = _read(client, FEED).entries[0]

    assert entry.summary == "Italy and UNICEF describe a programme for schools."
    assert entry.summary_detail.type == "text/plain"


def test_entry_without_a_summary_says_what_it_is_from_whom_for_which_meeting(
    client, published, meeting, italy
):
    Document.objects.filter(pk=published.pk).update(summary="")
    liaison = DocumentFactory(
        meeting=meeting, published=True, kind="liaison", sequence=1, number="CWG-COP-22/LS/1"
    )

    entries = {entry.id: entry for entry in _read(client, FEED).entries}

    assert entries[f"tag:documents.example.org,2024:cwg-cop/document/{published.pk}"].summary == (
        "Information document from Italy, UNICEF for CWG-COP-22"
    )
    assert entries[f"tag:documents.example.org,2024:cwg-cop/document/{liaison.pk}"].summary == (
        "Liaison statement for CWG-COP-22"
    )


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("?country=IT", "CWG-COP documents — Italy"),
        ("?topic=education", "CWG-COP documents — topic Education"),
        ("?meeting=22", "CWG-COP documents — meeting 22"),
        ("?country=IT&country=IL&meeting=22", "CWG-COP documents — meeting 22; Italy, Israel"),
        ("?language=fr", "CWG-COP documents — in French"),
    ],
)
def test_filtered_feed_is_titled_by_its_filter(client, published, israel, query, title):
    parsed = _read(client, FEED + query)

    assert parsed.feed.title == title
    assert parsed.feed.id == f"{SITE}{FEED}{query}"
    assert parsed.feed.link == f"{SITE}/en/cwg-cop/documents/{query}"


def test_filtered_feed_lists_only_what_the_list_lists(client, published, meeting, israel):
    DocumentFactory(
        meeting=meeting,
        sources=[israel],
        published=True,
        sequence=101,
        number="CWG-COP-22/INF/101",
        title="From Israel",
    )

    parsed = _read(client, FEED + "?country=IL")

    assert [entry.title for entry in parsed.entries] == ["CWG-COP-22/INF/101 From Israel"]


def test_source_feed_lists_the_sources_documents(client, published, meeting, italy, unicef):
    DocumentFactory(
        meeting=meeting,
        sources=[italy],
        published=True,
        sequence=102,
        number="CWG-COP-22/INF/102",
        title="Italy alone",
    )

    parsed = _read(client, "/en/feeds/sources/unicef.atom")

    assert parsed.feed.title == "CWG-COP documents — UNICEF"
    assert parsed.feed.id == f"{SITE}/en/feeds/sources/unicef.atom"
    assert parsed.feed.link == f"{SITE}/en/sources/unicef/"
    assert [entry.title for entry in parsed.entries] == ["CWG-COP-22/INF/100 Safer schools online"]


def test_source_feed_of_an_unknown_source_is_not_found(client, db):
    assert client.get("/en/feeds/sources/nobody.atom").status_code == 404


UNLISTED = ["draft", "submitted", "returned", "accepted", "rejected", "withdrawn", "superseded"]


@pytest.mark.parametrize("role", ROLES)
def test_feeds_never_list_unpublished_documents_whoever_asks(
    client, people, document_in, published, unicef, role
):
    for status in UNLISTED:
        document_in(status, title=f"CANARY {status}", summary="CANARY summary")
    if role != "anonymous":
        client.force_login(people[role])

    bodies = [
        client.get(url).content.decode()
        for url in [FEED, FEED + "?country=IT", "/en/feeds/sources/italy.atom"]
    ]

    assert ["CANARY" in body for body in bodies] == [False, False, False]
    assert [len(feedparser.parse(body).entries) for body in bodies] == [1, 1, 1]


def test_feed_leaves_out_the_files_of_documents_not_listed(client, published, document_in):
    hidden = document_in("accepted")

    body = client.get(FEED).content.decode()

    assert f"/files/{hidden.files.get().pk}/" not in body


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/en/countries/it/", "/en/cwg-cop/feeds/documents.atom?country=IT"),
        ("/en/countries/fr/", "/en/cwg-cop/feeds/documents.atom?country=FR"),
        ("/en/sources/unicef/", "/en/feeds/sources/unicef.atom"),
        ("/en/cwg-cop/topics/education/", "/en/cwg-cop/feeds/documents.atom?topic=education"),
        ("/en/cwg-cop/meetings/22/", "/en/cwg-cop/feeds/documents.atom?meeting=22"),
    ],
)
def test_pages_link_their_feed_in_the_head_and_the_page(client, published, page, feed):
    html = client.get(page).content.decode()

    head, body = html.split("</head>")
    assert 'type="application/atom+xml" title=' in head
    assert f'href="{feed}"' in head
    assert f'<a href="{feed}">Atom feed</a>' in body


def test_meeting_feed_of_another_meeting_is_empty_but_valid(client, published):
    MeetingFactory(number=23)

    parsed = _read(client, FEED + "?meeting=23")

    assert (parsed.feed.title, parsed.entries) == ("CWG-COP documents — meeting 23", [])


def test_demo_feed_names_each_of_six_sources_as_an_author(client, demo):
    parsed = _read(client, FEED)

    first = next(entry for entry in parsed.entries if entry.title.startswith("CWG-COP-21/1 "))
    # The 21st meeting's 21 documents and its report.
    assert len(parsed.entries) == 22
    assert [author.name for author in first.authors] == [
        "ITU Regional Office for Africa",
        "ITU Regional Office for the Americas",
        "ITU Regional Office for the Arab States",
        "ITU Regional Office for Asia and the Pacific",
        "ITU Regional Office for the Commonwealth of Independent States",
        "ITU Regional Office for Europe",
    ]
    assert all(entry.summary for entry in parsed.entries)


@pytest.mark.parametrize("role", ["anonymous", "delegate", "secretariat"])
def test_members_only_document_is_listed_without_its_files(client, people, published, role):
    Document.objects.filter(pk=published.pk).update(access=Document.Access.MEMBERS)
    if role != "anonymous":
        client.force_login(people[role])

    entry = _read(client, FEED).entries[0]

    assert entry.title == "CWG-COP-22/INF/100 Safer schools online"
    assert entry.summary == "Italy and UNICEF describe a programme for schools."
    assert [link.href for link in entry.links if link.rel == "enclosure"] == []


def test_members_only_file_is_left_out_of_a_public_documents_enclosures(client, published):
    french = published.files.get(language="fr")
    DocumentFile.objects.filter(pk=french.pk).update(access=Document.Access.MEMBERS)

    entry = _read(client, FEED).entries[0]

    assert [link.hreflang for link in entry.links if link.rel == "enclosure"] == ["en"]


def test_feed_reads_codes_in_any_letter_case(client, published):
    parsed = _read(client, FEED + "?country=it")

    assert parsed.feed.title == "CWG-COP documents — Italy"
    assert parsed.feed.id == f"{SITE}{FEED}?country=IT"
    assert [entry.title for entry in parsed.entries] == ["CWG-COP-22/INF/100 Safer schools online"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?country=XX", "Unknown value “XX” for the filter “country”."),
        ("?meeting=99", "Unknown value “99” for the filter “meeting”."),
        ("?kind=bogus", "Unknown value “bogus” for the filter “kind”."),
    ],
)
def test_feed_refuses_a_filter_value_that_names_nothing(client, published, query, message):
    response = client.get(FEED + query)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message

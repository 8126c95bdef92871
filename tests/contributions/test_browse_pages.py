"""Country, source, topic, meeting and document pages, redirects and the security header."""

import re

import pytest

from contributions.models import Document, DocumentRelation
from meetings.models import Outcome

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_country_index_groups_by_region_with_counts(client, demo):
    response = client.get("/en/countries/")

    regions = [
        (region.label, [(state.name, state.published_count) for state in region.states])
        for region in response.context["regions"]
    ]
    assert regions == [
        ("Africa", [("Nigeria", 1)]),
        ("Americas", [("United States of America", 1)]),
        ("Asia and the Pacific", [("Pakistan", 1)]),
        (
            "Commonwealth of Independent States",
            [("Armenia", 1), ("Belarus", 1), ("Russian Federation", 1), ("Tajikistan", 1)],
        ),
        (
            "Europe",
            [
                ("Andorra", 1),
                ("Croatia", 1),
                ("Israel", 1),
                ("Italy", 1),
                ("North Macedonia", 1),
                ("Serbia", 1),
                ("United Kingdom", 1),
            ],
        ),
    ]
    assert '<h2 id="region-europe">Europe <span class="count">7 countries</span></h2>' in _text(
        response
    )


def test_country_page_pakistan_shows_the_urdu_invitation_and_its_status(client, demo):
    response = client.get("/en/countries/pk/")

    outcomes = list(response.context["outcomes"])
    page = _text(response)
    assert [outcome.order for outcome in outcomes] == [3]
    assert outcomes[0].get_status_display() == "Open"
    assert "share the translation of the COP Guidelines in Urdu" in page
    assert '<span class="badge badge-open">Open</span>' in page
    assert [document.number for document in response.context["documents"]] == ["CWG-COP-21/INF/11"]


def test_country_page_shows_a_presentation_that_did_not_take_place(client, demo):
    response = client.get("/en/countries/hr/")

    presentations = list(response.context["presentations"])
    assert [presentation.status for presentation in presentations] == ["absent"]
    assert "Not presented: no representative present" in _text(response)


def test_country_page_shows_an_oral_presentation_without_documents(client, demo):
    response = client.get("/en/countries/gr/")

    assert [p.status for p in response.context["presentations"]] == ["oral"]
    assert "Greece has no published documents." in _text(response)


def test_country_page_joint_document_appears_for_each_country(client, demo):
    pages = [_text(client.get(f"/en/countries/{code}/")) for code in ["am", "by", "ru", "tj"]]

    assert all("CWG-COP-21/INF/7" in page for page in pages)


@pytest.mark.parametrize(
    ("slug", "number", "presented"),
    [
        ("oecd", "CWG-COP-21/INF/13", "presented"),
        ("kaspersky", "CWG-COP-21/INF/16", "presented"),
        ("itu-d-sg2-q3", "CWG-COP-21/LS/1", "presented"),
    ],
)
def test_source_page_lists_documents_and_presentations(client, demo, slug, number, presented):
    response = client.get(f"/en/sources/{slug}/")

    assert [document.number for document in response.context["documents"]] == [number]
    assert [p.status for p in response.context["presentations"]] == [presented]


def test_source_page_shows_a_presentation_not_held(client, demo):
    response = client.get("/en/sources/meta/")

    assert [p.status for p in response.context["presentations"]] == ["not_held"]
    assert "Not held" in _text(response)


def test_source_page_of_a_member_state_redirects_to_its_country(client, demo):
    response = client.get("/en/sources/italy/")

    assert (response.status_code, response["Location"]) == (301, "/en/countries/it/")


def test_topic_index_counts_documents(client, demo):
    response = client.get("/en/cwg-cop/topics/")

    counts = {topic.slug: topic.published_count for topic in response.context["topics"]}
    assert counts["cyberbullying-harassment"] == 4
    assert counts["children-with-disabilities"] == 1


def test_topic_page_lists_its_documents(client, demo):
    response = client.get("/en/cwg-cop/topics/children-with-disabilities/")

    assert [document.number for document in response.context["documents"]] == ["CWG-COP-21/INF/7"]


def test_meeting_page_counts_documents_and_files_presentations_under_agenda_items(client, demo):
    response = client.get("/en/cwg-cop/meetings/21/")

    agenda = {
        entry.item.order if entry.item else None: (entry.document_count, len(entry.presentations))
        for entry in response.context["agenda"]
    }
    # The meeting's report, published after it, is under no item of its agenda.
    assert agenda[None] == (1, 0)
    assert agenda[1] == (0, 0)
    assert agenda[3][0] == 19
    assert agenda[4] == (0, 20)
    assert agenda[5] == (2, 2)
    assert agenda[6] == (0, 1)
    assert 'href="/en/cwg-cop/meetings/21.ics"' in _text(response)
    assert 'href="/en/cwg-cop/meetings/21/files.zip"' in _text(response)


def test_meeting_page_lists_its_documents_in_number_order(client, demo):
    response = client.get("/en/cwg-cop/meetings/21/")

    numbers = [document.number for document in response.context["documents"]]
    assert numbers[:3] == ["CWG-COP-21/1", "CWG-COP-21/2", "CWG-COP-21/INF/1"]
    assert numbers[-3:] == ["CWG-COP-21/LS/2", "CWG-COP-21/PRES/1", "CWG-COP-21/REP/1"]
    assert response.context["summary"].total == len(numbers)


def test_document_page_shows_everything_about_it(client, demo):
    response = client.get("/en/cwg-cop/documents/CWG-COP-21/INF/9/")

    page = _text(response)
    assert "United States of America" in page
    assert "3. Contributions and information documents" in page
    assert "Cyberbullying and harassment" in page
    assert '<abbr title="application/pdf">PDF</abbr>' in page
    assert "CWG-COP-21-INF-9-fr.docx" in page
    assert '<time datetime="2024-09-23T08:00:00+0000">23 September 2024</time>' in page
    assert '<span class="badge badge-presented">Presented</span>' in page


def test_document_page_shows_relations_both_ways_and_only_published(client, demo):
    italy = Document.objects.get(number="CWG-COP-21/INF/1")
    israel = Document.objects.get(number="CWG-COP-21/INF/2")
    draft = Document.objects.get(status="draft")
    DocumentRelation.objects.create(document=israel, target=italy, kind="answers")
    DocumentRelation.objects.create(document=draft, target=italy, kind="revises")

    italy_page = client.get("/en/cwg-cop/documents/CWG-COP-21/INF/1/")
    israel_page = client.get("/en/cwg-cop/documents/CWG-COP-21/INF/2/")

    assert [(r.label, r.document.number) for r in italy_page.context["related"]] == [
        ("Answered by", "CWG-COP-21/INF/2")
    ]
    assert [(r.label, r.document.number) for r in israel_page.context["related"]] == [
        ("Answers", "CWG-COP-21/INF/1")
    ]


def test_document_by_id_redirects_permanently_to_its_number(client, demo):
    document = Document.objects.get(number="CWG-COP-21/INF/5")

    response = client.get(f"/en/cwg-cop/documents/id/{document.pk}/")

    assert (response.status_code, response["Location"]) == (
        301,
        "/en/cwg-cop/documents/CWG-COP-21/INF/5/",
    )


def test_document_number_in_other_letter_case_redirects_to_the_number(client, demo):
    response = client.get("/en/cwg-cop/documents/cwg-cop-21/inf/5/")

    assert (response.status_code, response["Location"]) == (
        301,
        "/en/cwg-cop/documents/CWG-COP-21/INF/5/",
    )


def test_document_unknown_number_is_not_found(client, demo):
    assert client.get("/en/cwg-cop/documents/CWG-COP-21/INF/99/").status_code == 404


def test_outcomes_due_are_shown_with_the_meeting_they_are_due_by(client, demo):
    response = client.get("/en/countries/pk/")

    assert Outcome.objects.get(meeting__number=21, order=3).due_meeting.number == 22
    assert "due by CWG-COP-22" in _text(response)


@pytest.mark.parametrize(
    "url", ["/en/cwg-cop/", "/en/cwg-cop/documents/", "/en/cwg-cop/meetings/21/", "/admin/login/"]
)
def test_every_page_carries_a_strict_content_security_policy(client, demo, url):
    response = client.get(url)

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_public_templates_hold_no_inline_script_or_style(client, demo):
    urls = [
        "/en/cwg-cop/",
        "/en/cwg-cop/documents/?q=child",
        "/en/countries/",
        "/en/countries/pk/",
        "/en/cwg-cop/meetings/21/",
    ]

    pages = "".join(_text(client.get(url)) for url in urls)

    assert re.findall(r"<script(?![^>]*\ssrc=)", pages) == []
    assert "<style" not in pages
    assert " style=" not in pages


def _search_boxes(page: str) -> dict[str, str]:
    """The value of each search box of the page, by its id."""
    return dict(re.findall(r'<input id="([\w-]+)" type="search" name="q" value="([^"]*)"', page))


def test_a_country_s_search_is_named_for_its_documents_and_not_shown_in_the_site_s_box(client):
    from tests.factories import DocumentFactory, MemberStateFactory

    italy = MemberStateFactory()
    DocumentFactory(published=True, title="Age checks online", sources=[italy])
    DocumentFactory(published=True, title="Helplines", sources=[italy])

    country = _text(client.get("/en/countries/it/?q=helplines"))
    listed = _text(client.get("/en/cwg-cop/documents/?q=helplines"))

    assert _search_boxes(country) == {"site-search": "", "filter-q": "helplines"}
    assert ">Search and filter these documents</h2>" in country
    assert _search_boxes(listed) == {"site-search": "helplines", "filter-q": "helplines"}
    assert ">Search and filter</h2>" in listed


@pytest.mark.parametrize(
    ("language", "summary", "by_meeting"),
    [
        (
            "en",
            "2 published documents: Information document 2</p>",
            '<bdi>CWG-COP-30</bdi></a> <span class="muted">(January 2025)</span>: 2</li>',
        ),
        (
            "fr",
            "2 documents publiés\u00a0: Document d&#x27;information 2</p>",
            '<bdi>CWG-COP-30</bdi></a> <span class="muted">(janvier 2025)</span>\u00a0: 2</li>',
        ),
        (
            "zh-hans",
            "2份已发布文件\uff1a信息文件 2</p>",
            '<bdi>CWG-COP-30</bdi></a> <span class="muted">(2025年1月)</span>\uff1a2</li>',
        ),
    ],
)
def test_a_country_s_counts_follow_the_page_s_punctuation(client, language, summary, by_meeting):
    from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory

    italy = MemberStateFactory()
    meeting = MeetingFactory(number=30)
    DocumentFactory.create_batch(2, meeting=meeting, published=True, sources=[italy])

    page = _text(client.get(f"/{language}/countries/it/"))

    assert summary in page
    assert f'<li><a href="/{language}/countries/it/?meeting=30">{by_meeting}' in page

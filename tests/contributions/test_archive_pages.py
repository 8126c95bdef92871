"""The archive on the public pages: number addresses, number search, dates, languages,
relations, several meetings and ministries counting for their country."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from contributions.models import Document, Source
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

NUMBERS = ["WG-CP-903/12", "CWG-COP/15", "CWG-COP-916/INF/3 Rev.1", "C20/99", "CWG-COP-916/LS/1"]


def _numbers(response) -> list[str]:
    return [document.number for document in response.context["documents"]]


@pytest.mark.parametrize("number", NUMBERS)
def test_every_stored_number_has_its_address(client, archive, number):
    document = Document.objects.get(number=number)

    response = client.get(document.get_absolute_url())

    assert document.get_absolute_url() == f"/en/cwg-cop/documents/{quote(number)}/"
    assert response.status_code == 200
    assert response.context["document"] == document


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        (
            "/en/cwg-cop/documents/cwg-cop-916/inf/3%20rev.1/",
            "/en/cwg-cop/documents/CWG-COP-916/INF/3%20Rev.1/",
        ),
        (
            "/en/cwg-cop/documents/CWG-COP-916/INF/3(Rev.1)/",
            "/en/cwg-cop/documents/CWG-COP-916/INF/3%20Rev.1/",
        ),
        ("/en/cwg-cop/documents/wgcp903/12/", "/en/cwg-cop/documents/WG-CP-903/12/"),
        ("/en/cwg-cop/documents/c20/99/", "/en/cwg-cop/documents/C20/99/"),
    ],
)
def test_a_number_typed_another_way_redirects_to_its_address(client, archive, typed, canonical):
    response = client.get(typed)

    assert (response.status_code, response["Location"]) == (301, canonical)


def test_a_document_without_a_number_is_published_at_its_id(client, archive):
    document = Document.objects.get(number="")

    response = client.get(f"/en/cwg-cop/documents/id/{document.pk}/")
    listed = client.get("/en/cwg-cop/documents/?meeting=903")

    assert response.status_code == 200
    assert "Synthetic list of participants with no number" in response.content.decode()
    assert f'href="/en/cwg-cop/documents/id/{document.pk}/"' in listed.content.decode()


def test_a_numbered_document_at_its_id_redirects_to_its_number(client, archive):
    document = Document.objects.get(number="C20/99")

    response = client.get(f"/en/cwg-cop/documents/id/{document.pk}/")

    assert (response.status_code, response["Location"]) == (301, "/en/cwg-cop/documents/C20/99/")


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("CWG-COP-916/INF/3 Rev.1", "CWG-COP-916/INF/3 Rev.1"),
        ("cwgcop916/inf/3rev1", "CWG-COP-916/INF/3 Rev.1"),
        ("CWG COP 916/INF/3(Rev.1)", "CWG-COP-916/INF/3 Rev.1"),
        ("WG CP 903/12", "WG-CP-903/12"),
        ("wg.cp.903/12", "WG-CP-903/12"),
        ("CWGCOP/15", "CWG-COP/15"),
        ("C20/99", "C20/99"),
        ("916/LS/1", "CWG-COP-916/LS/1"),
    ],
)
def test_search_finds_a_number_typed_with_or_without_hyphens_spaces_or_dots(
    client, archive, typed, number
):
    response = client.get("/en/cwg-cop/documents/", {"q": typed})

    assert _numbers(response)[0] == number


def test_list_is_sorted_by_the_date_on_the_document(client, archive):
    response = client.get("/en/cwg-cop/documents/?meeting=903&meeting=915&meeting=916")

    assert _numbers(response) == [
        "C20/99",
        "CWG-COP-916/LS/1",
        "CWG-COP-916/INF/3 Rev.1",
        "CWG-COP/15",
        "",
        "WG-CP-903/12",
    ]


def test_year_filter_reads_the_date_on_the_document(client, archive):
    response = client.get("/en/cwg-cop/documents/?year=2011")

    assert sorted(_numbers(response)) == ["", "WG-CP-903/12"]
    assert ("2011", "2011") in response.context["filter"].options.years


def test_feed_leaves_out_documents_entered_from_the_archive(client, archive):
    response = client.get("/en/cwg-cop/feeds/documents.atom")

    assert response.status_code == 200
    assert "Synthetic" not in response.content.decode()


def test_document_page_shows_date_languages_and_what_it_cites(client, archive):
    response = client.get("/en/cwg-cop/documents/CWG-COP/15/")

    page = response.content.decode()
    assert '<time datetime="2019-08-30">30 August 2019</time>' in page
    assert "English only" in page
    assert [(r.label, r.document.number) for r in response.context["related"]] == [
        ("Cites", "WG-CP-903/12"),
        ("Answered by", "CWG-COP-916/LS/1"),
    ]


def test_cited_document_shows_who_cites_it(client, archive):
    response = client.get("/en/cwg-cop/documents/WG-CP-903/12/")

    page = response.content.decode()
    assert [(r.label, r.document.number) for r in response.context["related"]] == [
        ("Cited by", "CWG-COP/15")
    ]
    assert "<dd>English, French</dd>" in page
    assert "<dd>French</dd>" in page  # the original language
    assert "Added to the archive" in page


def test_liaison_page_says_whom_it_is_addressed_to(client, archive):
    response = client.get("/en/cwg-cop/documents/CWG-COP-916/LS/1/")

    assert (
        '<dt>Addressed to</dt><dd>Study group X (invented) <span class="muted">(for action)</span>'
        in response.content.decode()
    )


def test_all_six_languages_are_listed_in_the_table(client, archive):
    response = client.get("/en/cwg-cop/documents/?meeting=916")

    page = response.content.decode()
    assert '<abbr title="Arabic">AR</abbr> <abbr title="Chinese">ZH</abbr>' in page
    assert '<abbr title="Spanish">ES</abbr>' in page


def test_language_filter_reads_the_languages_issued(client, archive):
    response = client.get("/en/cwg-cop/documents/?language=ru")

    assert _numbers(response) == ["CWG-COP-916/INF/3 Rev.1"]


def test_report_of_two_meetings_is_on_both_meeting_pages_and_counts_in_both(client, archive):
    first = client.get("/en/cwg-cop/meetings/915/")
    second = client.get("/en/cwg-cop/meetings/916/")
    meetings = client.get("/en/cwg-cop/meetings/")

    assert [d.number for d in first.context["documents"]] == ["CWG-COP/15", "C20/99"]
    assert "C20/99" in [d.number for d in second.context["documents"]]
    counts = {m.number: m.published_count for m in meetings.context["meetings"]}
    assert (counts[903], counts[904], counts[915], counts[916]) == (2, 0, 2, 3)


def test_meeting_filter_lists_a_shared_document_under_each_meeting(client, archive):
    response = client.get("/en/cwg-cop/documents/?meeting=915")

    assert _numbers(response) == ["C20/99", "CWG-COP/15"]


def test_ministry_documents_count_for_its_country(client, archive):
    country = client.get("/en/countries/fr/")
    filtered = client.get("/en/cwg-cop/documents/?country=FR")
    index = client.get("/en/countries/")

    assert sorted(d.number for d in country.context["documents"]) == [
        "CWG-COP/15",
        "WG-CP-903/12",
    ]
    assert sorted(_numbers(filtered)) == ["CWG-COP/15", "WG-CP-903/12"]
    states = [state for group in index.context["regions"] for state in group.states]
    assert [(s.name, s.published_count) for s in states] == [("France", 2)]


def test_officer_source_has_its_page(client, archive):
    response = client.get(reverse("contributions:source", args=["wg-chair"]))

    assert sorted(d.number for d in response.context["documents"]) == [
        "",
        "C20/99",
        "CWG-COP-916/INF/3 Rev.1",
        "CWG-COP-916/LS/1",
    ]


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _add_shared_ministry_documents(count: int) -> None:
    from meetings.models import Meeting

    ministry = Source.objects.get(slug="france-ministry-synthetic")
    first, second = Meeting.objects.get(number=915), Meeting.objects.get(number=916)
    for _ in range(count):
        document = DocumentFactory(
            meeting=second, published=True, sources=[ministry], languages="en"
        )
        document.other_meetings.add(first)


@pytest.mark.parametrize(
    "url",
    [
        "/en/cwg-cop/meetings/915/",
        "/en/countries/fr/",
        "/en/countries/",
        "/en/cwg-cop/meetings/",
        "/en/cwg-cop/documents/?meeting=915&country=FR",
    ],
)
def test_archive_pages_run_as_many_queries_with_five_more_rows(client, archive, url):
    _add_shared_ministry_documents(1)
    one = _queries(client, url)

    _add_shared_ministry_documents(4)

    assert _queries(client, url) == one

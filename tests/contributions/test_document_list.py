"""The documents list: combinable filters, sorting and pagination, all in the query string."""

import datetime

import pytest

from contributions.models import Document, DocumentTitle
from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[str]:
    return [document.number for document in response.context["documents"]]


def test_documents_two_countries_lists_both_and_nothing_else(client, demo):
    response = client.get("/en/cwg-cop/documents/?country=IT&country=IL")

    assert sorted(_numbers(response)) == ["CWG-COP-21/INF/1", "CWG-COP-21/INF/2"]


def test_documents_country_of_a_joint_document_lists_it_once(client, demo):
    response = client.get("/en/cwg-cop/documents/?country=AM&country=BY&country=RU&country=TJ")

    assert _numbers(response) == ["CWG-COP-21/INF/7"]


def test_documents_country_and_topic_combine_with_and(client, demo):
    response = client.get(
        "/en/cwg-cop/documents/?country=IT&country=IL&topic=cyberbullying-harassment"
    )

    assert _numbers(response) == ["CWG-COP-21/INF/1"]


def test_documents_filter_by_source_kind(client, demo):
    response = client.get("/en/cwg-cop/documents/?source_kind=itu_group&sort=number")

    assert _numbers(response) == ["CWG-COP-21/LS/1", "CWG-COP-21/LS/2"]


def test_documents_filter_by_region(client, demo):
    response = client.get("/en/cwg-cop/documents/?region=cis&sort=number")

    assert _numbers(response) == ["CWG-COP-21/INF/7"]


def test_documents_filter_by_language_of_files(client, demo):
    response = client.get("/en/cwg-cop/documents/?language=ru")

    assert _numbers(response) == ["CWG-COP-21/INF/7"]


def test_documents_filter_by_presentation_status(client, demo):
    response = client.get("/en/cwg-cop/documents/?presentation=absent&sort=number")

    assert _numbers(response) == ["CWG-COP-21/INF/3", "CWG-COP-21/INF/6"]


def test_documents_filter_by_kind_meeting_and_year(client, demo):
    response = client.get(
        "/en/cwg-cop/documents/?kind=liaison&kind=contribution&meeting=21&year=2024"
    )

    assert sorted(_numbers(response)) == [
        "CWG-COP-21/1",
        "CWG-COP-21/2",
        "CWG-COP-21/LS/1",
        "CWG-COP-21/LS/2",
    ]


def test_documents_filter_by_year_without_documents_is_empty(client, demo):
    response = client.get("/en/cwg-cop/documents/?year=2027")

    assert _numbers(response) == []


@pytest.mark.parametrize("year", ["0000", "9999"])
def test_documents_filter_by_the_first_and_last_years_is_empty(client, demo, year):
    response = client.get(f"/en/cwg-cop/documents/?year={year}")

    assert (response.status_code, _numbers(response)) == (200, [])


def test_documents_filter_by_a_year_takes_its_first_and_last_day(client, demo):
    Document.objects.filter(number="CWG-COP-21/1").update(document_date=datetime.date(2023, 12, 31))
    Document.objects.filter(number="CWG-COP-21/2").update(document_date=datetime.date(2025, 1, 1))
    within = _numbers(client.get("/en/cwg-cop/documents/?year=2023&year=2025"))

    assert sorted(within) == ["CWG-COP-21/1", "CWG-COP-21/2"]


def test_documents_sort_by_number_is_natural(client, demo):
    response = client.get("/en/cwg-cop/documents/?sort=number")

    numbers = _numbers(response)
    assert numbers[:4] == ["CWG-COP-21/1", "CWG-COP-21/2", "CWG-COP-21/INF/1", "CWG-COP-21/INF/2"]
    assert numbers.index("CWG-COP-21/INF/9") < numbers.index("CWG-COP-21/INF/10")
    assert numbers[-3:] == ["CWG-COP-21/LS/2", "CWG-COP-21/PRES/1", "CWG-COP-21/REP/1"]


def test_documents_sort_by_title(client, demo):
    response = client.get("/en/cwg-cop/documents/?sort=title")

    titles = [document.title for document in response.context["documents"]]
    assert titles == sorted(titles)


def test_documents_default_sort_is_newest_first(client, db):
    meeting = MeetingFactory(number=1)
    older = DocumentFactory(meeting=meeting, published=True)
    newer = DocumentFactory(meeting=meeting, published=True)
    Document.objects.filter(pk=older.pk).update(published_at="2024-01-01T10:00:00Z")
    Document.objects.filter(pk=newer.pk).update(published_at="2024-06-01T10:00:00Z")

    response = client.get("/en/cwg-cop/documents/")

    assert _numbers(response) == [newer.number, older.number]


def test_documents_pagination_keeps_filters_in_links(client, db):
    meeting = MeetingFactory(number=1)
    italy = MemberStateFactory()
    for _ in range(51):
        DocumentFactory(meeting=meeting, published=True, sources=[italy])

    first = client.get("/en/cwg-cop/documents/?country=IT&sort=number")
    second = client.get("/en/cwg-cop/documents/?country=IT&sort=number&page=2")

    assert 'href="?country=IT&amp;sort=number&amp;page=2"' in first.content.decode()
    assert len(_numbers(first)) == 50
    assert len(_numbers(second)) == 1
    assert _numbers(second)[0] not in _numbers(first)


def test_documents_filter_choices_show_only_countries_with_documents(client, demo):
    response = client.get("/en/cwg-cop/documents/")

    choices = response.context["filter"].form.fields["country"].widget.choices
    assert len(choices) == 14
    assert ("PK", "Pakistan") in choices


def test_documents_unknown_country_asked_for_is_offered_and_lists_nothing(client, demo):
    response = client.get("/en/cwg-cop/documents/?country=FR")

    choices = response.context["filter"].form.fields["country"].widget.choices
    assert ("FR", "France") in choices
    assert _numbers(response) == []


def test_documents_rows_show_languages_of_files(client, demo):
    response = client.get("/en/cwg-cop/documents/?country=IT")

    page = response.content.decode()
    assert '<abbr title="English">EN</abbr> <abbr title="French">FR</abbr>' in page


def test_documents_list_links_exports_with_the_same_filters(client, demo):
    response = client.get("/en/cwg-cop/documents/?country=IT&page=1")

    page = response.content.decode()
    assert 'href="/en/cwg-cop/documents.csv?country=IT"' in page
    assert 'href="/en/cwg-cop/documents.json?country=IT"' in page
    assert 'href="/en/cwg-cop/feeds/documents.atom?country=IT"' in page
    assert '<link rel="alternate" type="application/atom+xml"' in page


def test_documents_list_shows_each_filter_in_use_with_a_link_that_removes_it(client, demo):
    response = client.get(
        "/en/cwg-cop/documents/?country=IT&country=IL&topic=cyberbullying-harassment&page=1"
    )

    active = [
        (choice.filter_label, choice.label, choice.query_without)
        for choice in response.context["active_choices"]
    ]
    assert active == [
        ("Country", "Italy", "country=IL&topic=cyberbullying-harassment"),
        ("Country", "Israel", "country=IT&topic=cyberbullying-harassment"),
        ("Topic", "Cyberbullying and harassment", "country=IT&country=IL"),
    ]


def test_rows_bring_their_sources_in_order_and_their_titles(client, db, django_assert_num_queries):
    meeting = MeetingFactory(number=1)
    italy = MemberStateFactory()
    partner = SourceFactory(slug="zeta-partner", name="Zeta Partner")
    # Named before Italy, which was recorded first.
    for index in range(50):
        document = DocumentFactory(
            meeting=meeting, published=True, sources=[partner, italy], title=f"Report {index}"
        )
    DocumentTitle.objects.create(document=document, language="fr", title="Rapport « 49 »")

    # The group; the meetings and the counts of the filters' choices, the countries' names,
    # the topics; the list's count, the page's keys, its rows with their sources and titles.
    with django_assert_num_queries(8):
        french = client.get("/fr/cwg-cop/documents/").content.decode()
    english = client.get("/en/cwg-cop/documents/").content.decode()

    assert (
        french.count(
            '<bdi class="list-name"><a href="/fr/sources/zeta-partner/">'
            '<span lang="en" dir="ltr">Zeta Partner</span></a></bdi> et '
            '<bdi class="list-name"><a href="/fr/countries/it/">Italie</a></bdi>'
        )
        == 50
    )
    assert (
        f'<a href="{document.get_absolute_url()}">Rapport « 49 »</a>'.replace("/en/", "/fr/")
        in french
    )
    assert f'<a href="{document.get_absolute_url()}">Report 49</a>' in english
    assert "Rapport" not in english

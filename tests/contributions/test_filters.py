"""One strict parser of the documents' filters for the HTML list, the exports and the feed.

Codes are read whatever their letter case; a value that names nothing is an error named by
its parameter and value: 400 for the exports and the feed, a notice and no documents on the
HTML list. A meeting or country that exists but has no documents lists nothing.
"""

import csv
import io
import json

import pytest

from contributions import selectors
from contributions.filters import FilterError, parse_document_filter
from contributions.models import Document
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

NOTICE = "Nothing is listed: this address asks for filters that do not exist."


def _numbers(response) -> list[str]:
    return [document.number for document in response.context["documents"]]


def _csv_numbers(response) -> list[str]:
    text = response.getvalue().decode("utf-8-sig")
    return sorted(row["number"] for row in csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("country=it", ["CWG-COP-21/INF/1"]),
        ("country=It&country=il", ["CWG-COP-21/INF/1", "CWG-COP-21/INF/2"]),
        ("region=CIS", ["CWG-COP-21/INF/7"]),
        ("language=RU", ["CWG-COP-21/INF/7"]),
        ("source_kind=ITU_Group", ["CWG-COP-21/LS/1", "CWG-COP-21/LS/2"]),
        ("kind=LIAISON", ["CWG-COP-21/LS/1", "CWG-COP-21/LS/2"]),
        ("kind=liaison&meeting=CWG-COP-21", ["CWG-COP-21/LS/1", "CWG-COP-21/LS/2"]),
        ("presentation=Absent", ["CWG-COP-21/INF/3", "CWG-COP-21/INF/6"]),
        ("country=IT&topic=Cyberbullying-Harassment", ["CWG-COP-21/INF/1"]),
    ],
)
def test_filter_codes_are_read_in_any_letter_case(client, demo, query, numbers):
    html = client.get(f"/en/cwg-cop/documents/?{query}")
    exported = client.get(f"/en/cwg-cop/documents.csv?{query}")

    assert sorted(_numbers(html)) == numbers
    assert _csv_numbers(exported) == numbers
    assert html.context["filter"].errors == []


def test_filter_lower_case_country_checks_its_box_and_shows_it_in_use(client, demo):
    response = client.get("/en/cwg-cop/documents/?country=it")

    active = [(choice.label, choice.query_without) for choice in response.context["active_choices"]]
    assert active == [("Italy", "")]
    assert 'value="IT" id="id_country_' in response.content.decode()
    assert response.context["filter"].form["country"].value() == ["IT"]


UNKNOWN = [
    ("meeting=99", "Unknown value “99” for the filter “meeting”."),
    ("kind=bogus", "Unknown value “bogus” for the filter “kind”."),
    ("country=XX", "Unknown value “XX” for the filter “country”."),
    ("year=soon", "Unknown value “soon” for the filter “year”."),
    ("sort=cheapest", "Unknown value “cheapest” for the filter “sort”."),
    ("topic=weather", "Unknown value “weather” for the filter “topic”."),
    ("region=atlantis", "Unknown value “atlantis” for the filter “region”."),
    ("language=xx", "Unknown value “xx” for the filter “language”."),
    ("source_kind=alien", "Unknown value “alien” for the filter “source_kind”."),
    ("presentation=sung", "Unknown value “sung” for the filter “presentation”."),
]


@pytest.mark.parametrize(("query", "message"), UNKNOWN)
def test_filter_unknown_value_on_the_list_shows_a_notice_and_no_documents(
    client, demo, query, message
):
    response = client.get(f"/en/cwg-cop/documents/?{query}")

    page = response.content.decode()
    assert response.status_code == 200
    assert _numbers(response) == []
    assert response.context["page"].paginator.count == 0
    assert NOTICE in page
    assert f"<li>{message}</li>" in page.replace("&ldquo;", "“").replace("&rdquo;", "”")


@pytest.mark.parametrize(("query", "message"), UNKNOWN)
def test_filter_unknown_value_in_the_csv_is_a_400_naming_it(client, demo, query, message):
    response = client.get(f"/en/cwg-cop/documents.csv?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message


@pytest.mark.parametrize(("query", "message"), UNKNOWN)
def test_filter_unknown_value_in_the_json_is_a_400_naming_it(client, demo, query, message):
    response = client.get(f"/en/cwg-cop/documents.json?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"errors": [message]}


def test_filter_unknown_value_in_the_feed_is_a_400_naming_it(client, demo):
    response = client.get("/en/cwg-cop/feeds/documents.atom?country=XX&kind=bogus")

    assert response.status_code == 400
    assert response.content.decode() == (
        "Unknown value “XX” for the filter “country”.\nUnknown value “bogus” for the filter “kind”."
    )


def test_filter_lower_case_country_filters_the_feed(client, demo):
    response = client.get("/en/cwg-cop/feeds/documents.atom?country=it")

    assert response.status_code == 200
    assert response.content.decode().count("<entry>") == 1


def test_filter_one_unknown_value_among_known_ones_still_lists_nothing(client, demo):
    response = client.get("/en/cwg-cop/documents/?country=IT&country=XX")

    assert _numbers(response) == []
    assert response.context["filter"].errors == ["Unknown value “XX” for the filter “country”."]


def test_filter_meeting_without_documents_lists_nothing_without_error(client, demo):
    MeetingFactory(number=30)

    html = client.get("/en/cwg-cop/documents/?meeting=30")
    exported = client.get("/en/cwg-cop/documents.csv?meeting=30")

    assert html.context["filter"].errors == []
    assert NOTICE not in html.content.decode()
    assert _numbers(html) == []
    assert exported.status_code == 200
    assert _csv_numbers(exported) == []


def test_filter_country_without_documents_lists_nothing_without_error(client, demo):
    html = client.get("/en/cwg-cop/documents/?country=fr")
    exported = client.get("/en/cwg-cop/documents.json?country=fr")

    assert html.context["filter"].errors == []
    assert _numbers(html) == []
    assert json.loads(exported.getvalue()) == {"count": 0, "documents": []}


def test_filter_empty_values_and_unknown_parameters_are_left_alone(client, demo):
    response = client.get("/en/cwg-cop/documents/?country=&q=&utm_source=mail&page=1")

    assert response.context["filter"].errors == []
    # The 21st meeting's 21 documents and its report.
    assert len(_numbers(response)) == 22


def test_parse_document_filter_for_other_callers(demo):
    documents = selectors.published_documents()

    parsed = parse_document_filter({"country": "il", "kind": "information"}, documents)
    with pytest.raises(FilterError) as raised:
        parse_document_filter({"meeting": "99"}, documents, strict=True)

    assert [document.number for document in parsed.qs] == ["CWG-COP-21/INF/2"]
    assert raised.value.messages == ["Unknown value “99” for the filter “meeting”."]
    assert parse_document_filter({"year": "2024x"}, documents).qs.count() == 0
    assert Document.objects.listed().count() == 22


def test_filter_country_without_documents_is_named_in_the_page_language(client, demo):
    names = {}
    for language in ("fr", "en", "es", "fr"):
        response = client.get(f"/{language}/cwg-cop/documents/?country=de")
        names.setdefault(language, []).append(
            [choice.label for choice in response.context["active_choices"]]
        )

    assert names == {
        "fr": [["Allemagne"], ["Allemagne"]],
        "en": [["Germany"]],
        "es": [["Alemania"]],
    }

"""What every answer of the API shares: pages with links, ETag and 304, HEAD, CORS for
reading, the rate limit, and documentation served from the site itself."""

import re

import pytest

from tests.factories import DocumentFactory

from .conftest import SITE

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_pages_link_to_the_next_and_previous_from_the_sites_address(client, archive):
    for sequence in range(10, 13):
        DocumentFactory(meeting=archive.meeting, published=True, sequence=sequence)

    first = client.get(f"{API}/documents?kind=information&limit=2", HTTP_HOST="localhost")
    second = client.get(f"{API}/documents?kind=information&limit=2&page=2")

    assert (first.json()["count"], len(first.json()["results"])) == (4, 2)
    assert first.json()["previous"] is None
    assert first.json()["next"] == f"{SITE}/api/v1/documents?kind=information&limit=2&page=2"
    assert second.json()["previous"] == f"{SITE}/api/v1/documents?kind=information&limit=2&page=1"
    assert second.json()["next"] is None
    assert {record["id"] for record in first.json()["results"] + second.json()["results"]} == {
        archive.answer.pk,
        *[d.pk for d in archive.meeting.documents.filter(sequence__gte=10)],
    }


def test_limit_is_capped_and_a_page_past_the_last_is_404(client, archive):
    capped = client.get(f"{API}/sources?limit=1000")
    past = client.get(f"{API}/sources?page=3")

    assert capped.status_code == 200
    assert capped.json()["count"] == 2
    assert (past.status_code, past.json()) == (
        404,
        {"detail": "There is no page 3: the last page is 1."},
    )


def test_an_unchanged_answer_is_304_to_the_etag_it_carries(client, archive):
    first = client.get(f"{API}/documents/{archive.document.pk}")

    again = client.get(f"{API}/documents/{archive.document.pk}", HTTP_IF_NONE_MATCH=first["ETag"])
    changed = client.get(f"{API}/documents/{archive.answer.pk}", HTTP_IF_NONE_MATCH=first["ETag"])

    assert re.fullmatch(r'"[0-9a-f]{32}"', first["ETag"])
    assert first["Cache-Control"] == "public, max-age=60"
    assert (again.status_code, again.content) == (304, b"")
    assert again["ETag"] == first["ETag"]
    assert changed.status_code == 200


def test_the_etag_changes_when_the_record_does(client, archive):
    before = client.get(f"{API}/documents/{archive.document.pk}")["ETag"]
    archive.document.title = "Safety by design, revised title"
    archive.document.save()

    after = client.get(f"{API}/documents/{archive.document.pk}", HTTP_IF_NONE_MATCH=before)

    assert after.status_code == 200
    assert after["ETag"] != before


def test_head_answers_as_get_without_a_body(client, archive):
    get = client.get(f"{API}/meetings/30")
    head = client.head(f"{API}/meetings/30")

    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))


def test_any_origin_may_read_the_api_and_only_the_api(client, archive):
    api = client.get(f"{API}/topics", HTTP_ORIGIN="https://researcher.example.net")
    page = client.get("/en/cwg-cop/topics/", HTTP_ORIGIN="https://researcher.example.net")

    assert api["Access-Control-Allow-Origin"] == "*"
    assert api["Access-Control-Expose-Headers"] == "ETag, Retry-After"
    assert "Access-Control-Allow-Origin" not in page


def test_a_preflight_allows_reading_with_an_etag_and_nothing_else(client, archive):
    response = client.options(
        f"{API}/documents",
        HTTP_ORIGIN="https://researcher.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "accept, if-none-match, if-modified-since"


def test_the_api_has_no_write_method(client, archive):
    responses = [
        client.post(f"{API}/documents", {}),
        client.put(f"{API}/documents/{archive.document.pk}"),
        client.delete(f"{API}/documents/{archive.document.pk}"),
    ]

    assert [response.status_code for response in responses] == [405, 405, 405]


def test_a_client_past_the_limit_gets_429_with_retry_after(client, archive, settings):
    settings.API_RATE_LIMIT = "3/min"

    answers = [client.get(f"{API}/topics").status_code for _ in range(3)]
    refused = client.get(f"{API}/countries")
    other_client = client.get(f"{API}/topics", REMOTE_ADDR="192.0.2.7")

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many requests."}
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert other_client.status_code == 200


def test_behind_the_proxy_the_limit_counts_the_forwarded_address(client, archive, settings):
    settings.API_RATE_LIMIT = "1/min"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    first = client.get(f"{API}/topics", HTTP_X_FORWARDED_FOR="198.51.100.1")
    same = client.get(f"{API}/topics", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")
    other = client.get(f"{API}/topics", HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert [first.status_code, same.status_code, other.status_code] == [200, 429, 200]


def test_the_schema_and_its_documentation_are_served_by_the_site(client, settings):
    schema = client.get(f"{API}/openapi.json")
    docs = client.get(f"{API}/docs")
    html = docs.content.decode()

    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert sorted(schema.json()["paths"]) == [
        "/api/v1/actions",
        "/api/v1/countries",
        "/api/v1/documents",
        "/api/v1/documents/by-number",
        "/api/v1/documents/{id}",
        "/api/v1/groups",
        "/api/v1/meetings",
        "/api/v1/meetings/{number}",
        "/api/v1/sources",
        "/api/v1/topics",
    ]
    assert docs.status_code == 200
    # Everything from the site itself: its static files, and links back to its pages.
    assert re.findall(r'(?:src|href)="([^"]+)"', html) == [
        "/static/ninja/swagger-ui.css",
        "/static/css/api-docs.css",
        "/static/img/favicon.svg",
        "/en/cwg-cop/",
        "/en/cwg-cop/documents/",
        "/en/cwg-cop/meetings/",
        "/api/v1/openapi.json",
        "/en/cwg-cop/",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/js/api-docs.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert "<script>" not in html
    assert "script-src" not in docs["Content-Security-Policy"]
    assert docs["Content-Security-Policy"].startswith("default-src 'self'; img-src 'self' data:")


def test_the_documentation_files_are_collected_with_the_sites_static_files():
    from django.contrib.staticfiles import finders

    assert [
        bool(finders.find(f"ninja/{name}"))
        for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js")
    ] == [True, True, True]

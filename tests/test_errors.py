"""The 403, 404 and 500 pages with DEBUG off: they say what happened and where to go next."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def _text(response) -> str:
    return response.content.decode()


def test_404_page_is_site_styled_and_links_back_to_the_documents(client):
    response = client.get(
        "/en/cwg-cop/documents/CWG-COP-99/INF/1/",
        headers={"referer": "http://testserver/en/cwg-cop/meetings/"},
    )

    page = _text(response)
    assert response.status_code == 404
    assert page.count("<h1>Page not found</h1>") == 1
    assert page.count('<a href="http://testserver/en/cwg-cop/meetings/">Go back</a>') == 1
    assert page.count('href="/en/cwg-cop/documents/">Search the published documents</a>') == 1
    assert page.count("css/site.css") == 1


def test_404_link_back_ignores_another_sites_referer(client):
    response = client.get("/no-such-page/", headers={"referer": "https://evil.example/"})

    assert _text(response).count('<a href="/en/cwg-cop/">Go back</a>') == 1


def test_403_in_the_admin_explains_and_links_back_to_the_desk(client, demo):
    client.force_login(get_user_model().objects.get(username="delegate-italy"))

    response = client.get("/admin/meetings/meeting/")

    page = _text(response)
    assert response.status_code == 403
    assert page.count("<h1>This page is not open to you</h1>") == 1
    assert page.count("You are signed in as Demo Delegate of Italy.") == 1
    assert page.count('<a href="/admin/">Go back</a>') == 1


def test_403_shows_the_reason_given(client, demo):
    client.force_login(get_user_model().objects.get(username="delegate-italy"))

    response = client.get("/admin/contributions/document/review-queue/")

    assert response.status_code == 403
    assert _text(response).count("<h1>This page is not open to you</h1>") == 1


def test_500_page_renders_without_request_context_or_database(django_assert_num_queries):
    request = RequestFactory().get("/en/cwg-cop/documents/")

    with django_assert_num_queries(0):
        response = server_error(request)

    page = _text(response)
    assert response.status_code == 500
    assert page.count("<h1>Something went wrong</h1>") == 1
    assert page.count('<a href="/">Home page</a>') == 1


def test_500_page_served_when_a_view_fails(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/fails/")

    assert response.status_code == 500
    assert _text(response).count("<h1>Something went wrong</h1>") == 1


def test_robots_txt_and_favicon_answer_head_as_get(client):
    answers = {
        path: (client.get(path), client.head(path)) for path in ("/robots.txt", "/favicon.ico")
    }

    assert {
        path: (head.status_code, head["Content-Type"]) for path, (_get, head) in answers.items()
    } == {
        "/robots.txt": (200, "text/plain; charset=utf-8"),
        "/favicon.ico": (200, "image/vnd.microsoft.icon"),
    }
    assert [get.status_code for get, _head in answers.values()] == [200, 200]


def test_a_page_that_lists_its_methods_answers_head_and_names_it_in_allow(client):
    head = client.head("/en/cwg-cop/alerts/")
    refused = client.put("/en/cwg-cop/alerts/")

    assert head.status_code == 200
    assert (refused.status_code, refused["Allow"]) == (405, "GET, POST, HEAD")


@pytest.mark.parametrize(
    "path",
    [
        "/en/cwg-cop/documents/%00/",
        "/en/cwg-cop/documents/CWG-COP-21%00/INF/1/",
        "/en/countries/i%00t/",
        "/en/files/1/%00.pdf",
        "/en/cwg-cop/documents/%FF/",
        "/en/cwg-cop/documents/%C3%28/",
    ],
)
def test_an_address_with_nul_or_bytes_that_are_not_utf8_is_page_not_found(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert _text(response).count("<h1>Page not found</h1>") == 1

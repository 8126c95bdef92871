"""Every refusal under /api/ is JSON in one shape, `{"detail": ...}`: an address the API does
not have, a method it does not answer (with the methods it does in Allow), a request Django
refuses before any view, and a view that fails. The outage's 503 is in
tests/api/test_outage.py, the 429 in tests/api/test_http.py."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

API = "/api/v1"
NOT_FOUND = {"detail": "The API has no such address: its operations are listed at /api/v1/docs."}
READ_ONLY = {"detail": "The API is read-only: this address answers GET, HEAD and OPTIONS."}
JSON = "application/json; charset=utf-8"


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


@pytest.mark.parametrize(
    "path",
    [f"{API}/", f"{API}/nothing", f"{API}/documents/", f"{API}/meetings/30/", "/api/v2/documents"],
)
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_an_address_the_api_does_not_have_is_a_json_404(client, path, method):
    response = client.generic(method, path)

    assert (response.status_code, response["Content-Type"]) == (404, JSON)
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    "path", [f"{API}/documents", f"{API}/meetings/30", f"{API}/openapi.json", f"{API}/docs"]
)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE"])
def test_a_method_the_api_does_not_answer_is_a_json_405_naming_those_it_does(
    client, archive, path, method
):
    response = client.generic(method, path)

    assert (response.status_code, response["Content-Type"]) == (405, JSON)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json() == READ_ONLY


def test_the_methods_the_405_allows_are_those_that_answer(client, archive):
    allowed = client.post(f"{API}/meetings/30")["Allow"].split(", ")

    answers = {method: client.generic(method, f"{API}/meetings/30") for method in allowed}

    assert {method: response.status_code for method, response in answers.items()} == {
        "GET": 200,
        "HEAD": 200,
        "OPTIONS": 200,
    }
    assert answers["OPTIONS"]["Allow"] == "GET, HEAD, OPTIONS"
    assert answers["OPTIONS"].content == b""
    assert "Content-Type" not in answers["OPTIONS"]


def test_every_operation_of_the_schema_is_a_get(client):
    schema = client.get(f"{API}/openapi.json").json()

    methods = {method for operations in schema["paths"].values() for method in operations}

    assert methods == {"get"}


def test_a_request_for_another_host_is_a_json_400(client):
    response = client.get(f"{API}/topics", HTTP_HOST="attacker.example")

    assert (response.status_code, response["Content-Type"]) == (400, JSON)
    assert response.json() == {"detail": "The request is malformed."}


def test_a_failing_view_under_the_api_is_a_json_500(settings):
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)

    response = client.get(f"{API}/fails/")

    assert (response.status_code, response["Content-Type"]) == (500, JSON)
    assert response.json() == {
        "detail": "Something went wrong on the server; the error has been logged."
    }


def test_a_refusal_is_readable_from_any_web_page(client):
    response = client.post(f"{API}/documents", HTTP_ORIGIN="https://researcher.example.net")

    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"

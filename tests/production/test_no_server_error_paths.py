"""No address makes the site answer 500, and HEAD answers wherever GET does.

Every public route, as the URL resolver lists it (tests/public_routes.py): each with every
HTTP method; each parameter with bytes that no client should send (NUL, invalid UTF-8,
numbers past any column); and Hypothesis's arbitrary bytes in all of a route's parameters at
once, the language prefix included. Under /api/ every answer with a body is JSON, and
every refusal is in the API's error shape.
"""

import json
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls.converters import IntConverter, SlugConverter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contributions.models import DocumentFile
from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory, TopicFactory
from tests.public_routes import LANGUAGE, Parameter, Route, public_routes

pytestmark = pytest.mark.django_db

ROUTES = public_routes()
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]
API_ALLOW = "GET, HEAD, OPTIONS"

# What no address of the site holds: NUL alone and inside a word, bytes that are not UTF-8
# (a lone continuation, a cut sequence, an encoded surrogate, past U+10FFFF), numbers past
# any column, control characters, a right-to-left override, markup and quotes.
HOSTILE = [
    b"\x00",
    b"CWG-COP-21\x00/INF/1",
    b"\xff",
    b"\xc3(",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"9" * 40,
    b"-1",
    b"\x01\x1f\x7f",
    "\u202eevil".encode(),
    b"'\"<>&;--",
    b"%00",
]


@dataclass(frozen=True)
class Records:
    """A published document of meeting 21, by Italy, with a topic and an English file."""

    document_number: str
    document_id: int
    file_id: int
    file_name: str
    topic_slug: str


@pytest.fixture
def records(settings) -> Records:
    settings.API_RATE_LIMIT = "100000/min"
    cache.clear()
    meeting = MeetingFactory(number=21)
    italy = MemberStateFactory(name="Italy", country="IT", slug="italy")
    document = DocumentFactory(published=True, meeting=meeting, sources=[italy])
    topic = TopicFactory(slug="safety")
    document.topics.add(topic)
    body = b"%PDF-1.4\n%%EOF\n"
    document_file = DocumentFile.objects.create(
        document=document,
        language="en",
        file=ContentFile(body, name="safety.pdf"),
        original_name="safety.pdf",
        size=len(body),
        sha256="0" * 64,
        content_type="application/pdf",
    )
    yield Records(
        document_number=document.number,
        document_id=document.pk,
        file_id=document_file.pk,
        file_name=document_file.download_name,
        topic_slug=topic.slug,
    )
    cache.clear()


def good_value(records: Records, route: Route, parameter: Parameter) -> bytes:
    """A value that names a record the route shows, where the test data have one."""
    numeric = isinstance(parameter.converter, IntConverter) or route.is_api
    by_name = {
        LANGUAGE: "en",
        "number": "21" if numeric else records.document_number,
        "pk": records.file_id if route.name == "contributions:file" else records.document_id,
        "id": records.document_id,
        "name": records.file_name,
        "code": "it",
        "slug": records.topic_slug if route.name == "contributions:topic" else "italy",
        "revision": "1",
    }
    if parameter.name in by_name:
        return str(by_name[parameter.name]).encode()
    return b"1" if isinstance(parameter.converter, IntConverter) else b"unknown"


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _check_answer(route: Route, method: str, response) -> None:
    """No server error; a 405 names HEAD with GET; under /api/ a body is JSON, a refusal
    `{"detail": ...}`, and a 405 allows exactly what the API answers."""
    body = _body(response)
    assert response.status_code < 500, (method, route, response.status_code)
    if response.status_code == 405 and "GET" in response["Allow"]:
        assert "HEAD" in response["Allow"], (method, route)
    if not route.is_api or not body or route.name == "api-1:openapi-view":
        return
    assert response["Content-Type"].split(";")[0] == "application/json", (method, route)
    if response.status_code >= 400:
        assert isinstance(json.loads(body)["detail"], str), (method, route)
    if response.status_code == 405:
        assert response["Allow"] == API_ALLOW


def _get_and_head(client, route: Route, url: str):
    get = client.get(url)
    head = client.head(url)
    _check_answer(route, "GET", get)
    _check_answer(route, "HEAD", head)
    assert (head.status_code, head.get("Content-Type")) == (
        get.status_code,
        get.get("Content-Type"),
    ), (url, route)
    return get


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_method_on_every_public_route_answers_without_server_error(client, records, route):
    url = route.url({part.name: good_value(records, route, part) for part in route.parameters})

    answers = {method: client.generic(method, url) for method in METHODS}

    for method, response in answers.items():
        _check_answer(route, method, response)
    assert answers["HEAD"].status_code == answers["GET"].status_code, url
    if route.is_api and route.name != "api-1:api-root":
        assert {method: response.status_code == 405 for method, response in answers.items()} == {
            method: method not in API_ALLOW for method in METHODS
        }, url


PARAMETERS = [
    (route, parameter)
    for route in ROUTES
    for parameter in route.parameters
    # The language prefix is matched before any view: once is enough here.
    if parameter.name != LANGUAGE or route.name == "contributions:home"
]


@pytest.mark.parametrize(
    ("route", "parameter"), PARAMETERS, ids=[f"{route}:{p.name}" for route, p in PARAMETERS]
)
def test_hostile_bytes_in_any_path_parameter_are_refused_without_server_error(
    client, records, route, parameter
):
    values = {part.name: good_value(records, route, part) for part in route.parameters}

    for hostile in HOSTILE:
        url = route.url({**values, parameter.name: hostile})
        get = _get_and_head(client, route, url)

        if b"\x00" in hostile and route.name != "password_reset_confirm":
            # Django's reset page answers any link it cannot read with its own "invalid" page.
            assert get.status_code in (400, 404), url


def _value_for(parameter: Parameter) -> st.SearchStrategy[bytes]:
    strategies = [
        st.sampled_from(HOSTILE),
        st.binary(max_size=24),
        st.text(max_size=24).map(lambda text: text.encode("utf-8", "surrogatepass")),
    ]
    if parameter.name == LANGUAGE:
        codes = [code.encode() for code, _name in django_settings.LANGUAGES]
        strategies.append(st.sampled_from([*codes, b"EN", b"en-us", b"zh-Hans", b"xx"]))
    elif isinstance(parameter.converter, IntConverter | SlugConverter):
        pattern = parameter.converter.regex
        strategies.append(st.from_regex(pattern, fullmatch=True).map(str.encode))
    return st.one_of(strategies)


@pytest.mark.parametrize("route", [route for route in ROUTES if route.parameters], ids=str)
@settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), method=st.sampled_from(METHODS))
def test_any_bytes_in_a_routes_parameters_never_answer_500(client, records, route, data, method):
    values = {part.name: data.draw(_value_for(part), label=part.name) for part in route.parameters}
    url = route.url(values)

    _get_and_head(client, route, url)
    _check_answer(route, method, client.generic(method, url))

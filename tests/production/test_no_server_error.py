"""No input in a query string makes a public page, an export or the feed answer 500.

Hypothesis sends arbitrary text (control characters and NUL included) to every query
parameter the public pages read, and to one they do not; the examples are few so that the
suite stays fast, and the database keeps the examples' data between them.

No address either (test_no_server_error_paths.py): every public route, with every
method and any bytes in its parameters.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contributions.filters import DocumentFilter
from contributions.search import refresh_search_index
from tests.factories import DocumentFactory, MeetingFactory, MemberStateFactory

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/en/cwg-cop/documents/",
    "/en/cwg-cop/documents.csv",
    "/en/cwg-cop/documents.json",
    "/en/cwg-cop/feeds/documents.atom",
    "/en/countries/",
    "/en/countries/it/",
    "/en/cwg-cop/topics/",
    "/en/cwg-cop/meetings/",
    "/en/cwg-cop/meetings/21/",
    "/en/cwg-cop/meetings/21/report/",
    "/en/cwg-cop/meetings/21.ics",
    "/en/cwg-cop/meetings/21/files.zip",
    "/en/cwg-cop/actions/",
]
PARAMETERS = [*DocumentFilter.base_filters, "page", "unknown"]

# Every code point class a query string can carry: control characters, NUL, surrogates'
# neighbours, right-to-left marks, and plain words the filters recognise.
hostile_text = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.characters(max_codepoint=0x1F), max_size=10),
    st.sampled_from(["abc\x00def", "\x00", "21", "IT", "-1", "9" * 30, "'\"<>&;--", "%00"]),
)


@pytest.fixture
def published_document(db):
    meeting = MeetingFactory(number=21)
    italy = MemberStateFactory(name="Italy", country="IT")
    return DocumentFactory(published=True, meeting=meeting, sources=[italy])


@pytest.mark.parametrize("path", PUBLIC_PATHS)
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    parameter=st.sampled_from(PARAMETERS),
    values=st.lists(hostile_text, min_size=1, max_size=3),
)
def test_public_page_never_answers_500_to_any_query(
    client, published_document, path, parameter, values
):
    response = client.get(path, {parameter: values})
    if response.streaming:
        b"".join(response.streaming_content)

    assert response.status_code < 500, (path, parameter, values)


@pytest.mark.parametrize(
    "path", ["/en/cwg-cop/documents/", "/en/cwg-cop/documents.csv", "/en/cwg-cop/documents.json"]
)
def test_search_with_nul_answers_the_words_around_it(client, published_document, path):
    found = DocumentFactory(
        published=True, title="Grooming helpline review", meeting=published_document.meeting
    )
    refresh_search_index(document_ids=[found.pk, published_document.pk])

    response = client.get(path, {"q": "grooming\x00helpline", "sort": "relevance"})
    body = b"".join(response.streaming_content) if response.streaming else response.content

    assert response.status_code == 200
    assert body.count(b"Grooming helpline review") == 1
    assert published_document.title.encode() not in body

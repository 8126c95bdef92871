"""Documents in the API: exact records, the list's filters, lookups by id and by number, and
nothing that is not public."""

import datetime

import pytest

from contributions import paging, search
from contributions.models import Document
from contributions.search import refresh_search_index
from tests.factories import DocumentFactory

from .conftest import CANARY, SITE, summary

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_document_list_gives_published_documents_newest_first(client, archive):
    response = client.get(f"{API}/documents")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "count": 2,
        "count_is_exact": True,
        "next": None,
        "previous": None,
        "results": [summary(archive, archive.answer), summary(archive, archive.document)],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=IT", ["document"]),
        ("country=it&kind=CONTRIBUTION", ["document"]),
        ("meeting=cwg-cop-30&language=fr", ["document"]),
        ("kind=information", ["answer"]),
        ("kind=information&kind=contribution", ["answer", "document"]),
        ("meeting=30&source_kind=member_state", ["document"]),
        ("topic=safety", ["document"]),
        ("language=fr", ["document"]),
        ("presentation=presented", ["document"]),
        ("region=europe&year=2025", ["document"]),
        ("sort=title", ["answer", "document"]),
        ("q=Safety", ["document"]),
        ("q=CWG-COP-30/INF/1", ["answer"]),
        ("year=1990", []),
    ],
)
def test_document_list_filters_as_the_html_list(client, archive, query, expected):
    response = client.get(f"{API}/documents?{query}")

    assert response.status_code == 200
    assert [record["id"] for record in response.json()["results"]] == [
        getattr(archive, name).pk for name in expected
    ]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("kind=bogus", ["Unknown value “bogus” for the filter “kind”."]),
        ("country=XX", ["Unknown value “XX” for the filter “country”."]),
        ("meeting=99", ["Unknown value “99” for the filter “meeting”."]),
        ("topic=nope", ["Unknown value “nope” for the filter “topic”."]),
        ("year=soon", ["Unknown value “soon” for the filter “year”."]),
        ("sort=oldest", ["Unknown value “oldest” for the filter “sort”."]),
        (
            "kind=bogus&country=it&country=XX",
            [
                "Unknown value “bogus” for the filter “kind”.",
                "Unknown value “XX” for the filter “country”.",
            ],
        ),
        ("limit=0", ["limit: Input should be greater than or equal to 1"]),
    ],
)
def test_document_list_refuses_unknown_filter_values_with_400(client, archive, query, errors):
    response = client.get(f"{API}/documents?{query}")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some parameters have values the API does not take.",
        "errors": errors,
    }


def test_document_by_id_gives_files_relations_revisions_and_publication_history(client, archive):
    document = archive.document
    english, french = document.files.order_by("language")

    response = client.get(f"{API}/documents/{document.pk}")

    assert response.status_code == 200
    assert response.json() == {
        **summary(archive, document),
        "summary": "What platforms should do.",
        "original_language": "en",
        "addressee": "",
        "purpose": None,
        "other_meetings": [],
        "topics": [{"slug": "safety", "name": "Safety"}],
        "files": [
            {
                "language": "en",
                "name": "CWG-COP-30-3-Rev-1-en.pdf",
                "size": 15,
                "sha256": "en" * 32,
                "content_type": "application/pdf",
                "url": f"{SITE}/en/files/{english.pk}/CWG-COP-30-3-Rev-1-en.pdf",
            },
            {
                "language": "fr",
                "name": "CWG-COP-30-3-Rev-1-fr.pdf",
                "size": 15,
                "sha256": "fr" * 32,
                "content_type": "application/pdf",
                "url": f"{SITE}/en/files/{french.pk}/CWG-COP-30-3-Rev-1-fr.pdf",
            },
        ],
        "relations": [
            {
                "relation": "answered_by",
                "document": {
                    "id": archive.answer.pk,
                    "number": "CWG-COP-30/INF/1",
                    "title": "An answer",
                    "status": "published",
                    "url": f"{SITE}/en/cwg-cop/documents/CWG-COP-30/INF/1/",
                    "api_url": f"{SITE}/api/v1/documents/{archive.answer.pk}",
                },
            }
        ],
        "revisions": [
            {
                "id": archive.original.pk,
                "number": "CWG-COP-30/3",
                "title": "Safety by design (first version)",
                "status": "superseded",
                "url": f"{SITE}/en/cwg-cop/documents/CWG-COP-30/3/",
                "api_url": f"{SITE}/api/v1/documents/{archive.original.pk}",
                "revision": 0,
                "published_at": "2025-01-02T09:00:00Z",
            }
        ],
        "history": [
            {"event": "published", "at": "2025-01-02T09:00:00Z"},
            {"event": "unpublished", "at": "2025-01-03T09:00:00Z"},
            {"event": "published", "at": "2025-01-04T09:00:00Z"},
        ],
        "presentations": [
            {
                "meeting": {"number": 30, "code": "CWG-COP-30"},
                "order": 1,
                "status": "presented",
                "agenda_item": {"order": 1, "title": "Contributions"},
            }
        ],
        # Not computed for this archive: the worker computes them on publication.
        "similar": [],
    }


def test_files_download_from_the_url_the_api_gives(client, archive):
    url = client.get(f"{API}/documents/{archive.document.pk}").json()["files"][0]["url"]

    response = client.get(url.removeprefix(SITE))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"


@pytest.mark.parametrize(
    "typed", ["CWG-COP-30/3(Rev.1)", "cwg-cop-30/3 rev.1", "CWG COP 30/3 Rev 1"]
)
def test_document_by_number_with_slashes_and_brackets_typed_any_way(client, archive, typed):
    response = client.get(f"{API}/documents/by-number", {"number": typed})

    assert response.status_code == 200
    assert response.json()["id"] == archive.document.pk
    assert response.json()["number"] == "CWG-COP-30/3(Rev.1)"


def test_a_superseded_revision_is_readable_but_not_listed(client, archive):
    by_number = client.get(f"{API}/documents/by-number", {"number": "CWG-COP-30/3"})
    listed = client.get(f"{API}/documents").json()["results"]

    assert by_number.status_code == 200
    assert by_number.json()["status"] == "superseded"
    assert archive.original.pk not in [record["id"] for record in listed]


@pytest.mark.parametrize("status", [s for s in Document.Status if s not in Document.Status.PUBLIC])
def test_an_unpublished_document_is_404_by_id_and_by_number(client, archive, status):
    Document.objects.filter(pk=archive.hidden.pk).update(status=status)

    by_id = client.get(f"{API}/documents/{archive.hidden.pk}")
    by_number = client.get(f"{API}/documents/by-number", {"number": archive.hidden.number})

    assert (by_id.status_code, by_id.json()) == (404, {"detail": "No public document has this id."})
    assert (by_number.status_code, by_number.json()) == (
        404,
        {"detail": "No public document has this number."},
    )


def test_nothing_of_an_unpublished_document_or_of_internal_reasons_reaches_the_api(client, archive):
    pages = [
        f"{API}/documents",
        f"{API}/documents?limit=100&q={CANARY}",
        f"{API}/documents/{archive.document.pk}",
        f"{API}/meetings/30",
        f"{API}/meetings",
        f"{API}/actions",
        f"{API}/sources",
        f"{API}/topics",
        f"{API}/countries",
    ]

    bodies = {page: client.get(page).content.decode() for page in pages}

    assert {page: CANARY in body for page, body in bodies.items()} == dict.fromkeys(pages, False)
    assert "A wrong file" not in bodies[f"{API}/documents/{archive.document.pk}"]


def test_ids_and_numbers_out_of_range_are_refused_not_failed(client, archive):
    huge = client.get(f"{API}/documents/{2**70}")
    zero = client.get(f"{API}/documents/0")
    control = client.get(f"{API}/documents/by-number", {"number": "CWG\x00COP"})

    assert [huge.status_code, zero.status_code, control.status_code] == [400, 400, 400]


def test_a_members_only_document_is_listed_without_its_files(client, archive):
    Document.objects.filter(pk=archive.document.pk).update(access=Document.Access.MEMBERS)
    archive.document.files.update(original_name=f"{CANARY}.pdf")

    listed = client.get(f"{API}/documents?country=IT").json()["results"]
    detail = client.get(f"{API}/documents/{archive.document.pk}")

    assert [(record["id"], record["access"]) for record in listed] == [
        (archive.document.pk, "members")
    ]
    assert detail.json()["access"] == "members"
    assert detail.json()["files"] == []
    assert CANARY not in detail.content.decode()


def test_a_members_only_file_of_a_public_document_is_left_out(client, archive):
    archive.english.access = Document.Access.MEMBERS
    archive.english.original_name = f"{CANARY}.pdf"
    archive.english.save()

    files = client.get(f"{API}/documents/{archive.document.pk}").json()["files"]

    assert [record["name"] for record in files] == ["CWG-COP-30-3-Rev-1-fr.pdf"]


def test_search_matches_the_text_of_members_only_files_for_nobody(client, archive):
    found_before = client.get(f"{API}/documents?q=extracted").json()["results"]
    Document.objects.filter(pk=archive.document.pk).update(access=Document.Access.MEMBERS)
    refresh_search_index(document_ids=[archive.document.pk])

    found_after = client.get(f"{API}/documents?q=extracted").json()["results"]

    assert [record["id"] for record in found_before] == [archive.document.pk]
    assert found_after == []


def add_helplines(archive, count: int) -> None:
    """`count` documents on helplines, one a day from 1 February 2025: the oldest has the
    word in its title, the others in their summary, every other one three times (a higher
    rank than their newer neighbours)."""
    for day in range(count):
        if day == 0:
            title, summary = "Helpline standards", ""
        else:
            title = f"Information document {day}"
            summary = "Helpline, helpline, helpline." if day % 2 else "A helpline."
        DocumentFactory(
            meeting=archive.meeting,
            published=True,
            sequence=100 + day,
            title=title,
            summary=summary,
            document_date=datetime.date(2025, 2, 1) + datetime.timedelta(days=day),
        )
    refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))


def html_list(client, query: str) -> list[int]:
    """The documents the HTML list shows for this query string, page after page."""
    listed = []
    number = 1
    while True:
        response = client.get(f"/en/cwg-cop/documents/?{query}&page={number}")
        listed += [document.pk for document in response.context["documents"]]
        if not response.context["page"].has_next():
            return listed
        number += 1


def api_list(client, query: str, limit: int) -> list[int]:
    """The documents the API lists for this query string, following `next` to the end."""
    listed = []
    url = f"{API}/documents?{query}&limit={limit}"
    while url:
        answer = client.get(url.removeprefix(SITE)).json()
        listed += [record["id"] for record in answer["results"]]
        url = answer["next"]
    return listed


@pytest.fixture
def bounded_search(monkeypatch):
    """A search ranks its three newest candidates and counts ten matches at most."""
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 3)
    monkeypatch.setattr(paging, "SEARCH_COUNT_LIMIT", 10)


@pytest.mark.parametrize(
    "query",
    [
        "q=helpline",
        "q=helpline&kind=information",
        "q=helpline&sort=title",
        "q=helpline+standards",
        "q=CWG-COP-30/INF/103",
    ],
)
@pytest.mark.parametrize("limit", [3, 100])
def test_search_lists_what_the_html_list_shows_in_its_order(
    client, archive, bounded_search, query, limit
):
    add_helplines(archive, 12)

    shown = html_list(client, query)
    listed = api_list(client, query, limit)

    assert listed == shown
    assert len(listed) == len(set(listed))


@pytest.mark.postgresql
def test_search_ranks_its_best_candidates_then_lists_the_newest(client, archive, bounded_search):
    add_helplines(archive, 6)
    by_day = {
        document.document_date.day: document.pk
        for document in Document.objects.filter(sequence__gte=100)
    }

    listed = api_list(client, "q=helpline", 100)

    # The title match (1 February); the three newest matches by rank, the 4th (the word
    # three times) before the newer 5th; then the others from the newest, the 3rd before
    # the 2nd though the 2nd ranks higher.
    assert listed == [by_day[1], by_day[6], by_day[4], by_day[5], by_day[3], by_day[2]]


@pytest.mark.postgresql
def test_a_search_past_the_count_limit_says_its_count_is_not_exact(client, archive, bounded_search):
    add_helplines(archive, 12)

    first = client.get(f"{API}/documents?q=helpline&limit=4").json()
    last = client.get(f"{API}/documents?q=helpline&limit=4&page=3").json()
    past = client.get(f"{API}/documents?q=helpline&limit=4&page=4")

    assert (first["count"], first["count_is_exact"], len(first["results"])) == (10, False, 4)
    assert (last["count"], last["count_is_exact"], len(last["results"])) == (10, False, 2)
    assert last["next"] is None
    assert (past.status_code, past.json()) == (
        404,
        {"detail": "There is no page 4: the last page is 3."},
    )


def test_a_search_within_the_count_limit_says_its_count_is_exact(client, archive, bounded_search):
    add_helplines(archive, 9)

    answer = client.get(f"{API}/documents?q=helpline&limit=4").json()

    assert (answer["count"], answer["count_is_exact"]) == (9, True)

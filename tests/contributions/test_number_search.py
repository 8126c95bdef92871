"""A document number found however it is typed: without its revision, with spaces, hyphens,
dots or no separators where that is unambiguous, on the list page and through the API."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions import search
from contributions.models import Document
from contributions.numbers import number_key, number_stem
from contributions.search import refresh_search_index
from tests.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

REVISED = ["WG-CP/1/16 Rev.1", "WG-CP/1/16"]


def _publish(meeting_number: int, number: str, title: str, *, day: int) -> Document:
    """A published archive document, dated `day` days into 2010 (published in that order)."""
    meeting = MeetingFactory(number=meeting_number)
    date = datetime.date(2010, 1, 1) + datetime.timedelta(days=day)
    return DocumentFactory(
        meeting=meeting,
        number=number,
        title=title,
        summary="",
        status=Document.Status.PUBLISHED,
        document_date=date,
        published_at=timezone.make_aware(datetime.datetime.combine(date, datetime.time(10))),
        from_archive=True,
    )


@pytest.fixture
def numbered():
    """Numbers as printed. The revision is dated the same day as the original and published
    before it: only its number says it is the later one."""
    documents = [
        _publish(1, "WG-CP/1/16 Rev.1", "Report of the first meeting, revised", day=0),
        _publish(1, "WG-CP/1/16", "Report of the first meeting", day=0),
        _publish(2, "CWG-COP-2/15", "Contribution of the second meeting", day=400),
        _publish(21, "CWG-COP-21/5", "Contribution of the later meeting", day=4000),
        _publish(21, "CWG-COP-21/INF/3", "Information on the later meeting", day=4001),
        _publish(18, "CWG-COP-18/INF/3(Rev.1)", "Information, revised", day=3000),
    ]
    Document.objects.filter(number="WG-CP/1/16").update(
        published_at=datetime.datetime(2010, 1, 2, 10, tzinfo=datetime.UTC)
    )
    refresh_search_index(document_ids=[document.pk for document in documents])
    return documents


def _listed(client, text: str) -> list[str]:
    response = client.get("/en/cwg-cop/documents/", {"q": text})
    assert response.status_code == 200
    return [document.number for document in response.context["documents"]]


def _found_by_api(client, text: str) -> list[str]:
    response = client.get("/api/v1/documents", {"q": text})
    assert response.status_code == 200
    return [record["number"] for record in response.json()["results"]]


@pytest.mark.parametrize(
    ("printed", "key", "stem"),
    [
        ("WG-CP/1/16 Rev.1", "wgcp 1 16 rev 1", "wgcp 1 16"),
        ("WG-CP/1/16", "wgcp 1 16", "wgcp 1 16"),
        ("CWG-COP-2/15", "cwgcop 2 15", "cwgcop 2 15"),
        ("CWG-COP-21/5", "cwgcop 21 5", "cwgcop 21 5"),
        ("CWG-COP-215", "cwgcop 215", "cwgcop 215"),
        ("CWG-COP-21/INF/3", "cwgcop 21 inf 3", "cwgcop 21 inf 3"),
        ("CWG-COP-18/INF/3(Rev.1)", "cwgcop 18 inf 3 rev 1", "cwgcop 18 inf 3"),
        ("CWG-COP-18/INF/3(Add.1)", "cwgcop 18 inf 3 add 1", "cwgcop 18 inf 3"),
        ("C20/57", "c 20 57", "c 20 57"),
        ("INF/05 Révision 2", "inf 5 rev 2", "inf 5"),
    ],
)
def test_number_key_is_its_words_and_numbers_and_the_stem_leaves_out_the_revision(
    printed, key, stem
):
    assert (number_key(printed), number_stem(printed)) == (key, stem)


@pytest.mark.parametrize(
    "typed", ["WG-CP/1/16", "WG-CP 1 16", "wg-cp-1-16", "WG.CP.1.16", "wgcp/1/16", "WGCP1/16"]
)
def test_number_without_its_revision_finds_every_revision_the_latest_first(client, numbered, typed):
    found = _listed(client, typed)

    assert found == REVISED


@pytest.mark.parametrize("typed", ["WG-CP/1/16 Rev.1", "wg cp 1 16 rev1", "WGCP/1/16(Rev.1)"])
def test_number_with_its_revision_finds_that_revision(client, numbered, typed):
    found = _listed(client, typed)

    assert found == ["WG-CP/1/16 Rev.1"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("CWG-COP-2/15", ["CWG-COP-2/15"]),
        ("CWG COP 2 15", ["CWG-COP-2/15"]),
        ("cwg-cop-2-15", ["CWG-COP-2/15"]),
        ("CWG-COP-21/5", ["CWG-COP-21/5"]),
        ("CWG COP 21 5", ["CWG-COP-21/5"]),
        ("cwg.cop.21.5", ["CWG-COP-21/5"]),
        # Digits typed together could be either number: neither is claimed.
        ("CWG-COP-215", []),
    ],
)
def test_separators_keep_two_numbers_apart(client, numbered, typed, expected):
    found = _listed(client, typed)

    assert found == expected


@pytest.mark.parametrize(
    "typed", ["CWG-COP-21/INF/3", "CWG COP 21 INF 3", "cwg-cop-21-inf-3", "21 INF 3"]
)
def test_information_document_is_found_typed_any_way(client, numbered, typed):
    found = _listed(client, typed)

    assert found == ["CWG-COP-21/INF/3"]


def test_end_of_a_number_finds_its_revisions_too(client, numbered):
    found = _listed(client, "18/INF/3")

    assert found == ["CWG-COP-18/INF/3(Rev.1)"]


def test_end_of_a_number_finds_it_in_every_meeting_the_newest_first(client, numbered):
    found = _listed(client, "INF 3")

    assert found == ["CWG-COP-21/INF/3", "CWG-COP-18/INF/3(Rev.1)"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("WG-CP/1/16", REVISED),
        ("WG-CP 1 16", REVISED),
        ("wgcp/1/16", REVISED),
        ("CWG-COP-2/15", ["CWG-COP-2/15"]),
        ("CWG-COP-21/5", ["CWG-COP-21/5"]),
        ("CWG COP 21 INF 3", ["CWG-COP-21/INF/3"]),
    ],
)
def test_api_search_finds_numbers_as_the_list_page_does(client, numbered, typed, expected):
    found = _found_by_api(client, typed)

    assert found == expected


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("/en/cwg-cop/documents/wg-cp-1-16/", "/en/cwg-cop/documents/WG-CP/1/16/"),
        (
            "/en/cwg-cop/documents/WG%20CP%201%2016%20Rev%201/",
            "/en/cwg-cop/documents/WG-CP/1/16%20Rev.1/",
        ),
    ],
)
def test_address_of_a_number_typed_another_way_leads_to_the_document(
    client, numbered, typed, address
):
    response = client.get(typed)

    assert (response.status_code, response["Location"]) == (301, address)


def test_number_search_costs_the_same_queries_however_many_revisions_match(client, numbered):
    meeting = MeetingFactory(number=1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/cwg-cop/documents/", {"q": "WG-CP/1/16"}).status_code == 200
        return len(captured)

    with_two = queries()
    for revision in range(2, 6):
        DocumentFactory(
            meeting=meeting,
            number=f"WG-CP/1/16 Rev.{revision}",
            title="Report of the first meeting, revised again",
            status=Document.Status.PUBLISHED,
            document_date=datetime.date(2010, 1, 1),
            published_at=timezone.now(),
        )
    with_six = queries()

    assert with_six == with_two
    assert _listed(client, "WG-CP/1/16") == [
        "WG-CP/1/16 Rev.5",
        "WG-CP/1/16 Rev.4",
        "WG-CP/1/16 Rev.3",
        "WG-CP/1/16 Rev.2",
        *REVISED,
    ]


def test_tenth_revision_comes_before_the_ninth(client, numbered):
    for revision in (9, 10):
        _publish(1, f"WG-CP/1/16 Rev.{revision}", "Report of the first meeting", day=0)

    found = _listed(client, "WG-CP/1/16")

    assert found == ["WG-CP/1/16 Rev.10", "WG-CP/1/16 Rev.9", *REVISED]


def test_saving_a_new_number_keeps_its_keys_in_step(numbered):
    document = Document.objects.get(number="CWG-COP-2/15")

    document.number = "CWG-COP-2/15 Rev.2"
    document.save(update_fields=["number"])

    document.refresh_from_db()
    assert (document.number_key, document.number_stem) == ("cwgcop 2 15 rev 2", "cwgcop 2 15")


def test_migration_fills_the_keys_of_existing_documents(numbered):
    Document.objects.update(number_key="", number_stem="")
    migration = importlib.import_module("contributions.migrations.0012_number_keys_by_words")

    migration.fill_keys(apps, None)

    assert sorted(Document.objects.values_list("number_key", "number_stem")) == [
        ("cwgcop 18 inf 3 rev 1", "cwgcop 18 inf 3"),
        ("cwgcop 2 15", "cwgcop 2 15"),
        ("cwgcop 21 5", "cwgcop 21 5"),
        ("cwgcop 21 inf 3", "cwgcop 21 inf 3"),
        ("wgcp 1 16", "wgcp 1 16"),
        ("wgcp 1 16 rev 1", "wgcp 1 16"),
    ]


@pytest.mark.postgresql
@pytest.mark.parametrize("typed", ["WG-CP/1/16", "INF/3", "WG-CP/1/16 Rev.1"])
def test_postgresql_number_match_reads_indexes_not_the_table(numbered, typed):
    # Few rows: the planner would read the table whatever the indexes; forbidding that shows
    # whether an index answers each part of the condition.
    documents = Document.objects.filter(search._number_match(typed)).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = documents.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Seq Scan" not in plan
    assert "document_number_stem_reversed" in plan

"""The working groups in the API: the list of groups, the `group` filter, meetings whose
numbers repeat across groups, and each record's own group and addresses."""

import datetime

import pytest

from contributions.models import Document
from meetings.models import Meeting
from tests.factories import DocumentFactory, UserFactory
from workinggroups.models import (
    GroupOfficer,
    GroupPeriod,
    GroupRole,
    Participation,
    WorkingGroup,
    default_group,
)

from .conftest import CANARY, SITE, at

pytestmark = pytest.mark.django_db

API = "/api/v1"
UNKNOWN = "Some parameters have values the API does not take."


@pytest.fixture
def test_group(db) -> WorkingGroup:
    group = WorkingGroup.objects.create(
        slug="cwg-test",
        acronym="CWG-TEST",
        name="Council Working Group on Testing",
        acronym_fr="GTC-TEST",
        name_fr="Groupe de travail du Conseil sur les essais",
        order=5,
    )
    GroupPeriod.objects.create(
        working_group=group,
        acronym="WG-TEST",
        name="Working Group on Testing",
        prefix="WG-TEST",
        start=datetime.date(2010, 1, 1),
        end=datetime.date(2019, 12, 31),
    )
    GroupPeriod.objects.create(
        working_group=group, acronym="CWG-TEST", prefix="CWG-TEST", start=datetime.date(2020, 1, 1)
    )
    Participation.objects.create(
        working_group=group,
        open_to="members",
        start=datetime.date(2010, 1, 1),
        end=datetime.date(2021, 6, 30),
    )
    Participation.objects.create(
        working_group=group, open_to="all", start=datetime.date(2021, 7, 1)
    )
    GroupOfficer.objects.create(
        working_group=group,
        role="chair",
        name="A. Tester",
        affiliation="Invented Land",
        start=datetime.date(2023, 1, 1),
    )
    return group


class SecondGroupRecords:
    """Meeting 30 of the test group, beside meeting 30 of the first group (the archive's),
    with a published document and one not yet public."""

    def __init__(self, archive, group):
        self.meeting = Meeting.objects.create(
            group=group,
            number=30,
            start_date=datetime.date(2025, 3, 3),
            end_date=datetime.date(2025, 3, 4),
            venue="Geneva",
        )
        self.document = DocumentFactory(
            meeting=self.meeting,
            status=Document.Status.PUBLISHED,
            number="CWG-TEST-30/1",
            sequence=1,
            title="Testing in practice",
            document_date=datetime.date(2025, 3, 3),
            published_at=at(6),
            sources=[archive.partner],
        )
        self.hidden = DocumentFactory(
            meeting=self.meeting,
            status=Document.Status.ACCEPTED,
            number=f"CWG-TEST-30/2{CANARY}",
            sequence=2,
            title=f"Not yet public {CANARY}",
            sources=[archive.partner],
        )


@pytest.fixture
def records(archive, test_group) -> SecondGroupRecords:
    return SecondGroupRecords(archive, test_group)


def _numbers(response) -> list[str]:
    return [document["number"] for document in response.json()["results"]]


def test_groups_list_each_group_with_its_names_periods_participation_and_officers(
    client, test_group
):
    default_group()

    response = client.get(f"{API}/groups")

    body = response.json()
    assert (body["count"], [group["slug"] for group in body["results"]]) == (
        2,
        ["cwg-cop", "cwg-test"],
    )
    assert body["results"][1] == {
        "slug": "cwg-test",
        "acronym": "CWG-TEST",
        "name": "Council Working Group on Testing",
        "acronyms": {"en": "CWG-TEST", "fr": "GTC-TEST"},
        "names": {
            "en": "Council Working Group on Testing",
            "fr": "Groupe de travail du Conseil sur les essais",
        },
        "periods": [
            {"acronym": "WG-TEST", "prefix": "WG-TEST", "start": "2010-01-01", "end": "2019-12-31"},
            {"acronym": "CWG-TEST", "prefix": "CWG-TEST", "start": "2020-01-01", "end": None},
        ],
        "participation": [
            {"open_to": "members", "start": "2010-01-01", "end": "2021-06-30"},
            {"open_to": "all", "start": "2021-07-01", "end": None},
        ],
        "officers": [
            {
                "role": "chair",
                "name": "A. Tester",
                "affiliation": "Invented Land",
                "start": "2023-01-01",
                "end": None,
            }
        ],
        "url": f"{SITE}/en/cwg-test/",
        "meetings_url": f"{SITE}/api/v1/meetings?group=cwg-test",
        "documents_url": f"{SITE}/api/v1/documents?group=cwg-test",
    }


def test_documents_say_their_group_and_link_to_their_own_groups_page(client, records):
    response = client.get(f"{API}/documents?group=cwg-test")

    result = response.json()["results"]
    assert [(row["number"], row["group"], row["url"]) for row in result] == [
        ("CWG-TEST-30/1", "cwg-test", f"{SITE}/en/cwg-test/documents/CWG-TEST-30/1/")
    ]


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("", ["CWG-TEST-30/1", "CWG-COP-30/INF/1", "CWG-COP-30/3(Rev.1)"]),
        ("group=cwg-test", ["CWG-TEST-30/1"]),
        ("group=CWG-COP", ["CWG-COP-30/INF/1", "CWG-COP-30/3(Rev.1)"]),
        (
            "group=cwg-test&group=cwg-cop",
            ["CWG-TEST-30/1", "CWG-COP-30/INF/1", "CWG-COP-30/3(Rev.1)"],
        ),
        # A meeting's number alone is the first group's, as before there were groups.
        ("meeting=30", ["CWG-COP-30/INF/1", "CWG-COP-30/3(Rev.1)"]),
        ("meeting=30&group=cwg-test", ["CWG-TEST-30/1"]),
        ("meeting=cwg-test-30", ["CWG-TEST-30/1"]),
        ("meeting=cwg-test:30", ["CWG-TEST-30/1"]),
        ("meeting=CWG-TEST-30&meeting=CWG-COP-30&sort=number", None),
    ],
)
def test_documents_of_a_group_and_of_a_meeting_of_a_group(client, records, query, numbers):
    response = client.get(f"{API}/documents?{query}")

    expected = numbers or ["CWG-COP-30/3(Rev.1)", "CWG-COP-30/INF/1", "CWG-TEST-30/1"]
    assert (response.status_code, _numbers(response)) == (200, expected)


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("group=nope", ["Unknown value “nope” for the filter “group”."]),
        (
            "group=cwg-test&group=nope&kind=bogus",
            [
                "Unknown value “nope” for the filter “group”.",
                "Unknown value “bogus” for the filter “kind”.",
            ],
        ),
        ("meeting=CWG-TEST-31", ["Unknown value “CWG-TEST-31” for the filter “meeting”."]),
        (
            "meeting=CWG-TEST-31&kind=bogus",
            [
                "Unknown value “CWG-TEST-31” for the filter “meeting”.",
                "Unknown value “bogus” for the filter “kind”.",
            ],
        ),
    ],
)
def test_a_group_or_meeting_that_names_nothing_is_refused_naming_it(client, records, query, errors):
    response = client.get(f"{API}/documents?{query}")

    assert (response.status_code, response.json()) == (400, {"detail": UNKNOWN, "errors": errors})


def test_meetings_of_a_group_say_their_group_and_addresses(client, records):
    response = client.get(f"{API}/meetings?group=cwg-test")

    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "number": 30,
                "code": "CWG-TEST-30",
                "group": "cwg-test",
                "start_date": "2025-03-03",
                "end_date": "2025-03-04",
                "venue": "Geneva",
                "format": "hybrid",
                "status": "planned",
                "contribution_deadline": None,
                "document_count": 1,
                "url": f"{SITE}/en/cwg-test/meetings/30/",
                "api_url": f"{SITE}/api/v1/meetings/30?group=cwg-test",
            }
        ],
    }


def test_meetings_of_every_group_the_first_groups_first_among_equal_numbers(client, records):
    response = client.get(f"{API}/meetings")

    assert [(row["code"], row["group"]) for row in response.json()["results"]] == [
        ("CWG-COP-30", "cwg-cop"),
        ("CWG-TEST-30", "cwg-test"),
    ]


def test_meetings_of_an_unknown_group_are_refused_naming_it(client, records):
    response = client.get(f"{API}/meetings?group=cwg-nope")

    assert (response.status_code, response.json()) == (
        400,
        {"detail": UNKNOWN, "errors": ["Unknown value “cwg-nope” for the filter “group”."]},
    )


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("30", "CWG-COP-30"),
        ("30?group=cwg-cop", "CWG-COP-30"),
        ("30?group=cwg-test", "CWG-TEST-30"),
        ("CWG-TEST-30", "CWG-TEST-30"),
        ("cwg-cop-30", "CWG-COP-30"),
    ],
)
def test_a_meeting_is_addressed_by_its_number_in_the_first_group_or_by_its_code(
    client, records, address, code
):
    response = client.get(f"{API}/meetings/{address}")

    assert (response.status_code, response.json()["code"]) == (200, code)


def test_a_meeting_of_another_group_links_to_its_own_pages(client, records):
    response = client.get(f"{API}/meetings/CWG-TEST-30")

    body = response.json()
    assert (body["group"], body["url"], body["documents_url"], body["documents_pdf_url"]) == (
        "cwg-test",
        f"{SITE}/en/cwg-test/meetings/30/",
        f"{SITE}/api/v1/documents?group=cwg-test&meeting=30&sort=number",
        f"{SITE}/en/cwg-test/meetings/30/documents.pdf",
    )


@pytest.mark.parametrize(
    ("address", "status", "detail"),
    [
        ("31?group=cwg-test", 404, "There is no meeting with this number."),
        ("CWG-TEST-31", 404, "There is no meeting with this number."),
        ("CWG-COP-30?group=cwg-test", 404, "There is no meeting with this number."),
        ("30?group=nope", 400, UNKNOWN),
    ],
)
def test_a_meeting_no_group_has_is_not_found(client, records, address, status, detail):
    response = client.get(f"{API}/meetings/{address}")

    assert (response.status_code, response.json()["detail"]) == (status, detail)


@pytest.mark.parametrize("role", ["secretariat", "chair"])
def test_an_officer_of_a_group_reads_no_more_of_it_than_the_public(client, records, role):
    officer = UserFactory(username=f"test-{role}", is_staff=True)
    GroupRole.objects.create(user=officer, working_group=records.meeting.group, role=role)
    client.force_login(officer)
    pages = [
        f"{API}/documents?group=cwg-test&limit=100",
        f"{API}/documents?q={CANARY}",
        f"{API}/meetings/CWG-TEST-30",
        f"{API}/meetings?group=cwg-test",
    ]

    bodies = [client.get(page).content.decode() for page in pages]
    hidden = client.get(f"{API}/documents/{records.hidden.pk}")

    assert [CANARY in body for body in bodies] == [False] * len(pages)
    assert hidden.status_code == 404
    assert _numbers(client.get(f"{API}/documents?group=cwg-test")) == ["CWG-TEST-30/1"]

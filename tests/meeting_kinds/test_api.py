"""The API names the new kinds by their codes, lists them and filters by them."""

import pytest
from django.core.cache import cache

from contributions.models import Document

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _api_settings(settings):
    settings.API_RATE_LIMIT = "100000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def letter_and_list(published):
    letter = published(
        Document.Kind.INVITATION_LETTER,
        "Invitation to the meeting",
        number="CL-24/67",
        numbered_by="Circular Letter",
    )
    participants = published(
        Document.Kind.PARTICIPANTS, "Final list of participants", access=Document.Access.MEMBERS
    )
    return letter, participants


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("invitation_letter", [("CL-24/67", "invitation_letter")]),
        ("participants", [(None, "participants")]),
    ],
)
def test_api_lists_documents_of_a_new_kind(client, letter_and_list, kind, expected):
    response = client.get(f"{API}/documents?kind={kind}")

    assert response.status_code == 200
    assert [(row["number"], row["kind"]) for row in response.json()["results"]] == expected


def test_api_schema_names_the_new_kinds(client):
    schema = client.get(f"{API}/openapi.json").json()

    kinds = schema["components"]["schemas"]["DocumentSummary"]["properties"]["kind"]["enum"]
    assert kinds[-2:] == ["invitation_letter", "participants"]

"""Meetings and actions in the API: exact records, and only public documents in them."""

import pytest

from .conftest import SITE

pytestmark = pytest.mark.django_db

API = "/api/v1"
ITALY = {"slug": "italy", "name": "Italy", "kind": "member_state", "country": "IT"}
MEETING = {"number": 30, "code": "CWG-COP-30"}


def meeting_summary(document_count: int) -> dict:
    return {
        "number": 30,
        "code": "CWG-COP-30",
        "group": "cwg-cop",
        "start_date": "2025-01-01",
        "end_date": "2025-01-02",
        "venue": "Geneva",
        "format": "hybrid",
        "status": "open",
        "contribution_deadline": None,
        "document_count": document_count,
        "url": f"{SITE}/en/cwg-cop/meetings/30/",
        "api_url": f"{SITE}/api/v1/meetings/30",
    }


def test_meeting_list_counts_published_documents(client, archive):
    response = client.get(f"{API}/meetings")

    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [meeting_summary(2)],
    }


def test_meeting_gives_agenda_documents_presentations_and_outcomes(client, archive):
    response = client.get(f"{API}/meetings/30")

    assert response.status_code == 200
    assert response.json() == {
        **meeting_summary(2),
        "mandate": "",
        "participants": None,
        "participants_approximate": False,
        "officers": [],
        "agenda": [
            {
                "item": {"order": 1, "title": "Contributions", "added_at_meeting": False},
                "document_count": 1,
                "presentations": [1],
            },
            {"item": None, "document_count": 1, "presentations": [2]},
        ],
        "documents_url": f"{SITE}/api/v1/documents?meeting=30&sort=number",
        "documents_pdf_url": f"{SITE}/en/cwg-cop/meetings/30/documents.pdf",
        "presentations": [
            {
                "order": 1,
                "title": "Safety by design",
                "status": "presented",
                "agenda_item": 1,
                "document": {
                    "id": archive.document.pk,
                    "number": "CWG-COP-30/3(Rev.1)",
                    "title": "Safety by design",
                    "status": "published",
                    "url": f"{SITE}/en/cwg-cop/documents/CWG-COP-30/3(Rev.1)/",
                    "api_url": f"{SITE}/api/v1/documents/{archive.document.pk}",
                },
                "presenters": [ITALY],
                "heading": "",
                "summary": "Italy presented it.",
            },
            {
                "order": 2,
                "title": "Presentation of a document not yet published",
                "status": "presented",
                "agenda_item": None,
                "document": None,
                "presenters": [],
                "heading": "",
                "summary": "",
            },
        ],
        "outcomes": [
            {
                "order": 1,
                "kind": "action",
                "text": "Italy reports back.",
                "responsible": [ITALY],
                "due_meeting": None,
                "due_date": None,
                "status": "open",
            },
            {
                "order": 2,
                "kind": "action",
                "text": "Done already.",
                "responsible": [],
                "due_meeting": None,
                "due_date": None,
                "status": "done",
            },
        ],
        "links": [],
    }


def test_a_meetings_documents_url_lists_them_by_number(client, archive):
    url = client.get(f"{API}/meetings/30").json()["documents_url"]

    response = client.get(url.removeprefix(SITE))

    assert [document["id"] for document in response.json()["results"]] == [
        archive.document.pk,
        archive.answer.pk,
    ]


def test_an_unknown_meeting_is_404(client, archive):
    response = client.get(f"{API}/meetings/31")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "There is no meeting with this number."},
    )


def test_actions_are_the_open_ones_with_who_must_act(client, archive):
    response = client.get(f"{API}/actions")

    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "order": 1,
                "kind": "action",
                "text": "Italy reports back.",
                "responsible": [ITALY],
                "due_meeting": None,
                "due_date": None,
                "status": "open",
                "meeting": MEETING,
                "fulfilled_by_document": None,
                "fulfilled_by_meeting": None,
                "url": f"{SITE}/en/cwg-cop/meetings/30/#outcome-30-1",
            }
        ],
    }


def test_an_action_names_the_document_that_fulfils_it_only_once_public(client, archive):
    archive.action.fulfilled_by_document = archive.hidden
    archive.action.save()
    hidden = client.get(f"{API}/actions").json()["results"][0]["fulfilled_by_document"]
    archive.action.fulfilled_by_document = archive.answer
    archive.action.save()

    public = client.get(f"{API}/actions").json()["results"][0]["fulfilled_by_document"]

    assert hidden is None
    assert public == {
        "id": archive.answer.pk,
        "number": "CWG-COP-30/INF/1",
        "title": "An answer",
        "status": "published",
        "url": f"{SITE}/en/cwg-cop/documents/CWG-COP-30/INF/1/",
        "api_url": f"{SITE}/api/v1/documents/{archive.answer.pk}",
    }

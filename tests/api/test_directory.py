"""Sources, countries and topics in the API, each with its published documents counted."""

import pytest

from contributions.models import Topic

from .conftest import SITE

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_sources_by_name_with_their_published_documents(client, archive):
    response = client.get(f"{API}/sources")

    assert response.json()["results"] == [
        {
            "slug": "italy",
            "name": "Italy",
            "short_name": "",
            "kind": "member_state",
            "country": "IT",
            "itu_region": "europe",
            "parent": None,
            "document_count": 1,
            "url": f"{SITE}/en/countries/it/",
        },
        {
            "slug": "partner",
            "name": "Partner",
            "short_name": "",
            "kind": "un_body",
            "country": None,
            "itu_region": None,
            "parent": None,
            "document_count": 2,
            "url": f"{SITE}/en/sources/partner/",
        },
    ]


def test_countries_with_published_documents_link_to_their_documents(client, archive):
    response = client.get(f"{API}/countries")

    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "code": "IT",
                "name": "Italy",
                "itu_region": "europe",
                "document_count": 1,
                "url": f"{SITE}/en/countries/it/",
                "documents_url": f"{SITE}/api/v1/documents?country=IT",
            }
        ],
    }


def test_topics_with_their_published_documents(client, archive):
    Topic.objects.filter(slug="safety").update(name_fr="Sécurité")
    response = client.get(f"{API}/topics", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.json()["results"] == [
        {
            "slug": "safety",
            "name": "Safety",
            "names": {"fr": "Sécurité"},
            "description": "",
            "document_count": 1,
            "url": f"{SITE}/en/cwg-cop/topics/safety/",
            "documents_url": f"{SITE}/api/v1/documents?topic=safety",
        }
    ]
    assert response["Content-Language"] == "en"
    assert client.get(response.json()["results"][0]["documents_url"]).json()["count"] == 1

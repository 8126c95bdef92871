"""A topic is named in the page's language where it has a name in it, and in English,
marked as English, where it has none; its names in every language find its documents."""

import re

import pytest
from django.test import Client

from contributions.models import Document
from contributions.search import refresh_search_index
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cyberbullying(document_in):
    topic = TopicFactory(
        name="Cyberbullying and harassment",
        slug="cyberbullying-harassment",
        name_fr="Cyberharcèlement et harcèlement",
        name_ar="التنمر الإلكتروني والتحرش",
        name_zh="网络欺凌与骚扰",
    )
    document = document_in("published", title="A survey of schools")
    document.topics.add(topic)
    refresh_search_index(document_ids=[document.pk])
    return topic


def _text(response) -> str:
    return response.content.decode()


def test_the_topic_page_is_headed_with_its_name_in_the_pages_language(client, cyberbullying):
    page = _text(client.get("/fr/cwg-cop/topics/cyberbullying-harassment/"))

    assert "<h1>Cyberharcèlement et harcèlement</h1>" in page
    assert "<title>Cyberharcèlement et harcèlement" in page


def test_without_a_name_in_the_pages_language_the_english_name_is_marked_english(
    client, cyberbullying
):
    page = _text(client.get("/es/cwg-cop/topics/cyberbullying-harassment/"))

    assert '<h1 lang="en" dir="ltr">Cyberbullying and harassment</h1>' in page


def test_the_topics_list_names_each_topic_in_the_pages_language(client, cyberbullying):
    TopicFactory(name="Artificial intelligence", slug="ai", name_ar="الذكاء الاصطناعي")

    page = _text(client.get("/ar/cwg-cop/topics/"))
    names = re.findall(r'<a href="/ar/cwg-cop/topics/[^"]+/">(.*?)</a>', page)

    # By their Arabic names, in Arabic order (ت before ذ), not by the English ones.
    assert names == ["التنمر الإلكتروني والتحرش", "الذكاء الاصطناعي"]


def test_the_documents_page_and_its_topic_filter_name_the_topic_in_the_pages_language(
    client, cyberbullying
):
    document = Document.objects.get(topics=cyberbullying)

    detail = _text(client.get(f"/zh-hans/cwg-cop/documents/{document.number}/"))
    filters = _text(client.get("/zh-hans/cwg-cop/documents/"))

    assert ">网络欺凌与骚扰</a>" in detail
    assert re.search(r'value="cyberbullying-harassment"[^>]*>\s*网络欺凌与骚扰', filters)


@pytest.mark.postgresql
@pytest.mark.parametrize("text", ["cyberharcèlement", "التنمر", "欺凌"])
def test_a_search_for_the_topics_name_in_another_language_finds_its_documents(
    client, cyberbullying, text
):
    response = client.get("/en/cwg-cop/documents/", {"q": text})

    assert [document.title for document in response.context["documents"]] == ["A survey of schools"]


@pytest.mark.postgresql
def test_renaming_a_topic_in_the_admin_finds_its_documents_by_the_new_name(
    client, cyberbullying, people, django_capture_on_commit_callbacks
):
    secretariat = Client()
    secretariat.force_login(people["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(
            f"/admin/contributions/topic/{cyberbullying.pk}/change/",
            {
                "name": "Cyberbullying and harassment",
                "slug": "cyberbullying-harassment",
                "description": "",
                "name_ar": "",
                "name_zh": "",
                "name_fr": "Harcèlement numérique",
                "name_ru": "",
                "name_es": "",
            },
        )
    assert response.status_code == 302

    found = client.get("/en/cwg-cop/documents/", {"q": "numérique"}).context["documents"]
    assert [document.title for document in found] == ["A survey of schools"]


@pytest.mark.postgresql
def test_a_topic_deleted_in_the_admin_no_longer_finds_its_documents(
    client, cyberbullying, people, django_capture_on_commit_callbacks
):
    assert len(client.get("/en/cwg-cop/documents/", {"q": "harassment"}).context["documents"]) == 1
    secretariat = Client()
    secretariat.force_login(people["secretariat"])

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(
            f"/admin/contributions/topic/{cyberbullying.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert (
        list(client.get("/en/cwg-cop/documents/", {"q": "harassment"}).context["documents"]) == []
    )

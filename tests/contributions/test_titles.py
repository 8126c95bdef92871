"""Titles of a document's language versions: who gives them, what pages show, what search finds."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation

from contributions.models import Document, DocumentTitle
from contributions.search import refresh_search_index, search_documents
from contributions.services import set_document_titles
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

FRENCH = "Comité consultatif interinstitutionnel pour la maîtrise des médias"
ARABIC = "اللجنة الاستشارية المشتركة بين المؤسسات"


def _login(client: Client, username: str) -> Client:
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _change_url(document: Document) -> str:
    return reverse("admin:contributions_document_change", args=[document.pk])


def _post_titles(client: Client, document: Document, rows: dict[int, tuple[str, str]]):
    """Post the document's change form as shown, with these rows of the titles inline."""
    page = client.get(_change_url(document))
    data = form_data(page.content.decode(), form_id="document_form")
    for index, (language, title) in rows.items():
        data[f"titles-{index}-language"] = language
        data[f"titles-{index}-title"] = title
    return client.post(_change_url(document), data)


def _page(code: str, document: Document) -> str:
    with translation.override(code):
        url = document.get_absolute_url()
    return Client().get(url).content.decode()


def _published(number: str) -> Document:
    return Document.objects.get(number=number)


def test_secretariat_gives_a_published_document_its_french_title(client, demo):
    document = _published("CWG-COP-21/INF/1")

    response = _post_titles(_login(client, "secretariat"), document, {0: ("fr", FRENCH)})

    assert response.status_code == 302
    assert list(document.titles.values_list("language", "title")) == [("fr", FRENCH)]


def test_delegate_gives_their_draft_a_title_in_another_language(client, demo):
    draft = Document.objects.get(meeting__number=22, sources__slug="italy", status="draft")

    response = _post_titles(_login(client, "delegate-italy"), draft, {0: ("es", "Seguimiento")})

    assert response.status_code == 302
    assert list(draft.titles.values_list("language", "title")) == [("es", "Seguimiento")]


def test_delegate_of_another_source_cannot_reach_the_titles(client, demo):
    draft = Document.objects.get(meeting__number=22, sources__slug="italy", status="draft")

    response = _login(client, "delegate-israel").post(
        _change_url(draft), {"titles-TOTAL_FORMS": "1", "titles-0-language": "fr"}
    )

    assert response.status_code == 404
    assert draft.titles.count() == 0


def test_chair_sees_the_titles_but_cannot_change_them(client, demo):
    document = _published("CWG-COP-21/INF/1")
    set_document_titles(document=document, titles={"fr": FRENCH}, by=None)

    page = _login(client, "chair").get(_change_url(document))
    refused = client.post(_change_url(document), {"titles-0-title": "Changed"})

    inline = next(
        formset
        for formset in page.context["inline_admin_formsets"]
        if formset.formset.prefix == "titles"
    )
    assert (inline.has_add_permission, inline.has_change_permission) == (False, False)
    assert FRENCH in page.content.decode()
    assert refused.status_code == 403
    assert list(document.titles.values_list("title", flat=True)) == [FRENCH]


def test_title_in_the_original_language_is_refused_with_a_message(client, demo):
    document = _published("CWG-COP-21/INF/1")

    response = _post_titles(_login(client, "secretariat"), document, {0: ("en", "Other")})

    assert response.status_code == 200
    assert "This is the document&#x27;s original language" in response.content.decode()
    assert document.titles.count() == 0


def test_page_shows_the_title_of_its_language_and_marks_the_original_elsewhere(demo):
    document = _published("CWG-COP-21/INF/1")
    set_document_titles(document=document, titles={"fr": FRENCH, "ar": ARABIC}, by=None)

    french, arabic, russian = (_page(code, document) for code in ("fr", "ar", "ru"))

    assert f"<h1>{FRENCH}</h1>" in french
    assert f"<h1>{ARABIC}</h1>" in arabic
    assert (
        '<h1><span lang="en" dir="ltr">Interinstitutional Consultative Committee for media '
        "and digital literacy</span></h1>"
    ) in russian
    assert f'<span lang="fr" dir="ltr">{FRENCH}</span>' in arabic


def test_document_list_shows_titles_in_the_visitors_language(demo, django_assert_num_queries):
    document = _published("CWG-COP-21/INF/1")
    set_document_titles(document=document, titles={"fr": FRENCH}, by=None)

    with translation.override("fr"):
        url = reverse("contributions:document-list")
    body = Client().get(url).content.decode()

    assert f'<a href="/fr/cwg-cop/documents/CWG-COP-21/INF/1/">{FRENCH}</a>' in body


def test_blank_title_removes_that_language(demo):
    document = _published("CWG-COP-21/INF/1")
    set_document_titles(document=document, titles={"fr": FRENCH, "es": "Comité"}, by=None)

    set_document_titles(document=document, titles={"fr": " ", "es": "Comité"}, by=None)

    assert list(DocumentTitle.objects.values_list("language", "title")) == [("es", "Comité")]


@pytest.mark.parametrize("words", ["maîtrise médias", "الاستشارية"])
def test_search_finds_a_document_by_a_title_in_another_language(demo, words):
    document = _published("CWG-COP-21/INF/1")
    set_document_titles(document=document, titles={"fr": FRENCH, "ar": ARABIC}, by=None)
    refresh_search_index(document_ids=[document.pk])

    found = search_documents(Document.objects.listed(), words)

    assert list(found.values_list("number", flat=True)) == ["CWG-COP-21/INF/1"]

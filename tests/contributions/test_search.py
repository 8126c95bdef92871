"""Full-text search: ranking and snippets on PostgreSQL, a substring fallback on SQLite."""

import re

import pytest
from django.test import Client

from contributions.models import DocumentFile, Source
from contributions.search import refresh_search_index
from contributions.snippets import _marked, highlight_excerpt
from tests.contributions.conftest import member_of
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

US_DOCUMENT = "CWG-COP-21/INF/9"


def _numbers(response) -> list[str]:
    return [document.number for document in response.context["documents"]]


def test_search_cyberbullying_finds_the_united_states_document_with_a_snippet(client, demo):
    response = client.get("/en/cwg-cop/documents/?q=cyberbullying")

    documents = {document.number: document for document in response.context["documents"]}
    assert US_DOCUMENT in documents
    assert "<mark>cyberbullying</mark>" in str(documents[US_DOCUMENT].snippet).lower()
    assert "<mark>" in response.content.decode()


def test_search_full_number_puts_that_document_first(client, demo):
    response = client.get("/en/cwg-cop/documents/?q=CWG-COP-21/INF/5")

    assert _numbers(response)[0] == "CWG-COP-21/INF/5"


def test_search_short_number_puts_that_document_first(client, demo):
    response = client.get("/en/cwg-cop/documents/?q=INF/5")

    assert _numbers(response)[0] == "CWG-COP-21/INF/5"


def test_search_combines_with_filters(client, demo):
    response = client.get("/en/cwg-cop/documents/?q=cyberbullying&country=IT")

    assert _numbers(response) == ["CWG-COP-21/INF/1"]


def test_search_matches_source_names(client, demo):
    response = client.get("/en/cwg-cop/documents/?q=Kaspersky")

    # Kaspersky's information document, and the meeting's report, which names it.
    assert sorted(_numbers(response)) == ["CWG-COP-21/INF/16", "CWG-COP-21/REP/1"]


def test_a_source_renamed_in_the_admin_finds_its_documents_by_the_new_name(
    client, demo, django_capture_on_commit_callbacks
):
    source = Source.objects.get(name__startswith="Kaspersky")
    secretariat = Client()
    secretariat.force_login(member_of("Secretariat", username="secretary"))
    url = f"/admin/contributions/source/{source.pk}/change/"
    data = form_data(secretariat.get(url).content.decode(), form_id="source_form")

    # The words are read again by the worker, once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(
            url, {**data, "name": "Securelist Foundation", "short_name": ""}
        )

    assert response.status_code == 302
    assert _numbers(client.get("/en/cwg-cop/documents/?q=Securelist")) == ["CWG-COP-21/INF/16"]


def test_search_matches_extracted_file_text(client, demo):
    DocumentFile.objects.filter(document__number="CWG-COP-21/INF/3", language="en").update(
        text="A national helpline named Zvonimir answers children day and night."
    )
    refresh_search_index(document_ids=DocumentFile.objects.values_list("document_id", flat=True))

    response = client.get("/en/cwg-cop/documents/?q=Zvonimir")

    assert _numbers(response) == ["CWG-COP-21/INF/3"]
    assert "<mark>Zvonimir</mark>" in str(response.context["documents"][0].snippet)


def test_search_snippet_escapes_document_text(client, demo):
    DocumentFile.objects.filter(document__number="CWG-COP-21/INF/3", language="en").update(
        text='Zvonimir <script>alert("x")</script> & <b>bold</b>'
    )
    refresh_search_index(document_ids=DocumentFile.objects.values_list("document_id", flat=True))

    response = client.get("/en/cwg-cop/documents/?q=Zvonimir")

    page = response.content.decode()
    snippet = str(response.context["documents"][0].snippet)
    assert "<script>" not in page
    assert "<b>" not in page
    # Only the highlight is markup: PostgreSQL drops the tags, the fallback escapes them.
    assert snippet.replace("<mark>Zvonimir</mark>", "").count("<") == 0


def test_search_without_match_says_so(client, demo):
    response = client.get("/en/cwg-cop/documents/?q=xylophone")

    assert _numbers(response) == []
    assert "No published document matches this search" in response.content.decode()


def test_marked_escapes_everything_but_its_own_marks():
    snippet = _marked('<img src=x onerror="1"> \x02child\x03 & \x03stray \x02open')

    assert snippet == (
        "&lt;img src=x onerror=&quot;1&quot;&gt; <mark>child</mark> &amp; stray <mark>open</mark>"
    )


def test_highlight_excerpt_marks_every_word_case_insensitively():
    excerpt = highlight_excerpt("Online safety: SAFETY by design, <safe>.", ["safety"])

    assert excerpt == "Online <mark>safety</mark>: <mark>SAFETY</mark> by design, &lt;safe&gt;."


def test_highlight_excerpt_cuts_long_text_around_the_first_match():
    body = "word " * 200 + "needle " + "word " * 200

    excerpt = highlight_excerpt(body, ["needle"])

    assert excerpt.startswith("… word")
    assert excerpt.endswith("word …")
    assert "<mark>needle</mark>" in excerpt
    assert len(excerpt) < 300


@pytest.mark.postgresql
def test_search_postgresql_ranks_the_united_states_document_first_or_near_it(client, demo):
    response = client.get("/en/cwg-cop/documents/?q=cyberbullying")

    numbers = _numbers(response)
    assert US_DOCUMENT in numbers[:3]
    assert numbers.index(US_DOCUMENT) == 0


@pytest.mark.postgresql
def test_search_postgresql_snippet_highlights_the_stemmed_word(client, demo):
    response = client.get("/en/cwg-cop/documents/?q=cyberbullying")

    united_states = next(
        document for document in response.context["documents"] if document.number == US_DOCUMENT
    )
    # The English stemmer matches "cyberbullied" as well as "cyberbullying".
    assert "<mark>cyberbullying</mark>" in united_states.snippet
    assert "<mark>cyberbullied</mark>" in united_states.snippet


@pytest.mark.postgresql
def test_search_postgresql_understands_web_search_syntax(client, demo):
    response = client.get('/en/cwg-cop/documents/?q="digital literacy" -Italy')

    numbers = _numbers(response)
    assert "CWG-COP-21/INF/1" not in numbers
    assert "CWG-COP-21/INF/7" in numbers


@pytest.mark.postgresql
def test_search_postgresql_number_first_even_when_text_ranks_higher(client, demo):
    response = client.get("/en/cwg-cop/documents/?q=INF/9")

    assert _numbers(response) == [US_DOCUMENT]


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("text", "snippet"),
    [
        # The word near the start: the snippet is cut from there.
        (
            "The dugong census of 2026. " + "Sea grass and tides. " * 800,
            "The <mark>dugong</mark> census of 2026.",
        ),
        # Only far into the text (past 10,000 characters): the snippet is cut from there too.
        (
            "Sea grass and tides. " * 600 + "The dugong census of 2026. " + "Coral. " * 40,
            "The <mark>dugong</mark> census of 2026.",
        ),
        # Written as typed only inside another word near the start ("dugongsville" is no
        # match), matched far into the text.
        (
            "Dugongsville harbour. "
            + "Sea grass and tides. " * 600
            + "The dugong census of 2026. "
            + "Coral. " * 40,
            "The <mark>dugong</mark> census of 2026.",
        ),
        # In a text of more than 80,000 bytes, which is read up to 20,000 characters.
        (
            "Sea grass and tides. " * 100 + "The dugong census of 2026. " + "Coral. " * 12_000,
            "The <mark>dugong</mark> census of 2026.",
        ),
        # Matched by its stem only ("dugongs"), far into the text.
        (
            "Sea grass and tides. " * 600 + "Three dugongs were counted. " + "Coral. " * 40,
            "Three <mark>dugongs</mark> were counted.",
        ),
    ],
)
def test_search_postgresql_snippet_finds_the_word_near_the_start_or_far_into_the_text(
    client, document_in, text, snippet
):
    document = document_in("published", title="Marine life", summary="A survey.")
    DocumentFile.objects.filter(document=document).update(text=text)
    refresh_search_index(document_ids=[document.pk])

    response = client.get("/en/cwg-cop/documents/?q=dugong")

    [found] = response.context["documents"]
    assert snippet in str(found.snippet)


@pytest.mark.postgresql
def test_search_postgresql_snippet_shows_whole_words_where_the_passage_is_cut(client, document_in):
    # The searched word far into the text, then words of 99 letters: the passage the
    # snippet is cut from (150 characters before the word, 450 in all) ends in the third.
    words = [letter * 99 for letter in "bcdefg"]
    text = "Sea grass. " * 100 + "dugong " + " ".join(words) + " Coral." * 40
    document = document_in("published", title="Marine life", summary="A survey.")
    DocumentFile.objects.filter(document=document).update(text=text)
    refresh_search_index(document_ids=[document.pk])

    response = client.get("/en/cwg-cop/documents/?q=dugong")

    [found] = response.context["documents"]
    shown = re.findall(r"[b-g]+", str(found.snippet).split("</mark>")[1])
    assert [(word[0], len(word)) for word in shown] == [(letter, 99) for letter in "bcd"]

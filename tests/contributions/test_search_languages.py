"""Search in the six languages on PostgreSQL: French, Spanish, Russian and Arabic words
found in another form of the same word, and a Chinese word found inside a title written
without spaces, in a title of another language version and in a file's text."""

import pytest

from contributions.models import Document, DocumentFile, DocumentTitle
from contributions.search import refresh_search_index
from contributions.search_words import han_pairs

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]

TITLES = {
    "en": "Guidelines for industry on child online protection",
    "fr": "Lignes directrices pour la protection des enfants en ligne",
    "es": "Protección de los niños y niñas en internet",
    "ru": "Защита детей в интернете",
    "ar": "حماية الأطفال على الإنترنت",
    "zh": "儿童在线保护指南",
}


@pytest.fixture
def by_language(document_in):
    """A published document titled in each language, its number by its language."""
    numbers = {}
    for language, title in TITLES.items():
        document = document_in("published", title=title, original_language=language, summary="")
        DocumentFile.objects.filter(document=document).update(text="")
        numbers[language] = document.number
    return numbers


def _found(client, text: str, language: str = "en") -> set[str]:
    refresh_search_index(document_ids=Document.objects.values_list("pk", flat=True))
    response = client.get(f"/{language}/cwg-cop/documents/", {"q": text})
    assert response.status_code == 200
    return {document.number for document in response.context["documents"]}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "enfant"),  # "enfants" in the title
        ("fr", "directrice"),
        ("es", "niño"),  # "niños"
        ("es", "protecciones"),
        ("ru", "дети"),  # "детей"
        ("ru", "защиты"),
        ("ar", "أطفال"),  # "الأطفال", with the article and another hamza
        ("ar", "انترنت"),
        ("zh", "儿童"),  # a two-character word in a title without spaces
        ("zh", "保护"),
        ("zh", "在线保护"),
        ("en", "guideline"),
    ],
)
def test_a_word_is_found_in_another_form_in_its_own_language(client, by_language, language, text):
    assert _found(client, text) == {by_language[language]}


def test_a_chinese_word_not_in_any_title_finds_nothing(client, by_language):
    # 保童 is no word: its characters are in the title, not side by side.
    assert _found(client, "保童") == set()


def test_the_same_search_finds_the_same_documents_on_a_page_in_another_language(
    client, by_language
):
    assert _found(client, "дети", "ar") == {by_language["ru"]}
    assert _found(client, "儿童", "zh-hans") == {by_language["zh"]}


def test_a_title_of_another_language_version_and_a_files_text_are_read_in_their_language(
    client, document_in
):
    document = document_in("published", title="Cyberbullying among teenagers", summary="")
    DocumentTitle.objects.create(document=document, language="zh", title="青少年网络欺凌问题")
    DocumentFile.objects.filter(document=document).update(
        language="ru",
        text="Исследование о подростках и травле в сети.",  # noqa: RUF001 -- Russian
    )

    assert _found(client, "欺凌") == {document.number}
    # "травля" is the word the text writes as "травле".
    assert _found(client, "травля") == {document.number}


def test_the_api_searches_in_the_six_languages(client, by_language):
    _found(client, "儿童")
    response = client.get("/api/v1/documents", {"q": "الأطفال"})

    assert [item["number"] for item in response.json()["results"]] == [by_language["ar"]]


def test_han_pairs_reads_each_run_of_chinese_characters_by_its_neighbouring_pairs():
    assert han_pairs("儿童在线 保护, ITU 网") == "儿童 童在 在线 保护 网"
    assert han_pairs("no Chinese here") == ""


def test_a_migration_that_changes_how_words_are_read_reads_every_document_again(by_language):
    from django.db.migrations.loader import MigrationLoader

    from contributions.apps import reindex_after_migrate

    Document.objects.update(search_vector=None)
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unrelated = loader.get_migration("contributions", "0015_count_years")
    reindex_after_migrate(None, plan=[(unrelated, False)])
    assert not Document.objects.filter(search_vector__isnull=False).exists()

    topic_names = loader.get_migration("contributions", "0017_topic_names_per_language")
    reindex_after_migrate(None, plan=[(topic_names, False)])

    assert Document.objects.filter(search_vector__isnull=True).count() == 0
    assert Document.objects.count() == 6

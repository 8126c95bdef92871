"""`manage.py read_search_words`: the words of documents read again by hand, after a task
that failed part-way or a database written past the application."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from contributions.models import Document, DocumentSource
from tests.factories import SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _found(client, word: str) -> list[str]:
    body = client.get(f"/en/cwg-cop/documents/?q={word}").content.decode()
    titles = re.findall(r'<p class="document-list-title"><a href="[^"]+">(.*?)</a>', body)
    return sorted(re.sub(r"<[^>]+>", "", title) for title in titles)


def _run(*arguments: str) -> str:
    out = io.StringIO()
    call_command("read_search_words", *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture
def forgotten(document_in):
    """Two published documents, one of OECD's, whose stored words were lost."""
    oecd = SourceFactory(name="OECD", slug="oecd")
    first = document_in("published", title="Age assurance in app stores")
    second = document_in("published", title="Age assurance at school")
    DocumentSource.objects.create(document=first, source=oecd, order=1)
    Document.objects.update(search_vector=None, members_search_vector=None)
    return first, second


@pytest.mark.postgresql
def test_the_documents_of_one_source_are_found_again_then_every_one(client, forgotten):
    before = _found(client, "assurance")

    one = _run("--source", "oecd")
    after_one = _found(client, "assurance")
    every = _run("--all")
    after_all = _found(client, "assurance")

    assert before == []
    assert one == "Search words read again for 1 documents.\n"
    assert after_one == ["Age assurance in app stores"]
    assert every == "Search words read again for 2 documents.\n"
    assert after_all == ["Age assurance at school", "Age assurance in app stores"]


@pytest.mark.postgresql
def test_the_documents_of_one_topic_are_found_again(client, forgotten):
    topic = TopicFactory(name="Age assurance", slug="age-assurance")
    forgotten[1].topics.add(topic)
    Document.objects.update(search_vector=None, members_search_vector=None)

    said = _run("--topic", "age-assurance")

    assert said == "Search words read again for 1 documents.\n"
    assert _found(client, "assurance") == ["Age assurance at school"]


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("arguments", "message"),
    [(("--source", "nobody"), "No source 'nobody'."), (("--topic", "none"), "No topic 'none'.")],
)
def test_a_source_or_topic_that_does_not_exist_is_named_in_the_error(arguments, message):
    with pytest.raises(CommandError) as error:
        _run(*arguments)

    assert str(error.value) == message


def test_on_sqlite_there_is_nothing_to_read():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite reads the text itself")

    assert _run("--all") == "Nothing to read: on SQLite a search reads the text itself.\n"

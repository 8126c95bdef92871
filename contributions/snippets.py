"""The highlighted excerpt under each document of a search's page.

Cut from the summary and the text of the files the reader may read, never from members-only
files for anyone else. On PostgreSQL `ts_headline` marks every word the search matches,
by its stem too ("protect" marks "protection"); it parses every word it is given, so it is
given a passage around the first place a searched word is written as typed (what makes
its cost that of the passage, whatever the length of the files), else the text's
beginning, else the whole text the snippet may come from. SQLite marks the words as typed,
in Python.
"""

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Document, DocumentFile
from .search import SEARCH_CONFIG, _anyone, _words, uses_postgresql
from .search_words import search_query
from .visibility import file_text_readable_by

# ts_headline marks matches with these; they cannot occur in text typed into a form, and the
# snippet is escaped before they become <mark> elements.
_START = "\x02"
_STOP = "\x03"
SNIPPET_CHARACTERS = 240
# The text a snippet is cut from: the summary, then the files' text; on PostgreSQL the
# files' text whole up to _WHOLE_BYTES (counting its characters to cut it costs more than
# looking for a word in it: 2.5 ms for 50 rows of 11,000 characters), else its first
# _SNIPPET_SOURCE_CHARACTERS. ts_headline is given at most that many.
_SNIPPET_SOURCE_CHARACTERS = 20_000
_WHOLE_BYTES = 80_000
# Without a searched word written as typed in it, the snippet is looked for in the text's
# first _SNIPPET_FIRST_CHARACTERS, then in all of it.
_SNIPPET_FIRST_CHARACTERS = 3_000
# The passage around the first searched word written as typed (in lower case, capitalised
# or in capitals): from _BEFORE characters before it, _PASSAGE in all, to the end of its last
# word. A headline is at most 20 words around what it marks, so it never reaches the
# passage's first word, which may be cut. The passage is short: ts_headline's time grows
# faster than the text it is given when a word is found often (at 20,000 documents, 50
# snippets of "child" took 3.8 ms from 600 characters, 5.5 ms from 1,000, 15 ms from 3,000;
# at 200,000 the page's snippets took a quarter less from 450 than from 700, and 48 of 50
# were the same: the other two ended sooner).
_BEFORE = 150
_PASSAGE = 450
# Searched words that mark where the passage is (the first few, none excluded by "-").
_ANCHOR_WORDS = 5

# ts_headline's options; a value with spaces is written in double quotes.
_HEADLINE_OPTIONS = (
    f'StartSel="{_START}", StopSel="{_STOP}", MaxWords=20, MinWords=8, MaxFragments=2, '
    'FragmentDelimiter=" … "'
)

# Each document's text is read once (MATERIALIZED), then cut; `{texts}` is the files' text
# this reader may read, by document, and `{query}` the search's tsquery.
_SNIPPETS_SQL = rf"""
WITH body AS MATERIALIZED (
    SELECT document.id, document.summary || ' ' || CASE
        WHEN octet_length(texts.text) > {_WHOLE_BYTES}
        THEN left(texts.text, {_SNIPPET_SOURCE_CHARACTERS})
        ELSE coalesce(texts.text, '') END AS text
    FROM contributions_document AS document
    LEFT JOIN ({{texts}}) AS texts ON texts.document_id = document.id
    WHERE document.id = ANY(%s)
), anchored AS MATERIALIZED (
    SELECT body.id, body.text, greatest((
        SELECT min(found) FROM unnest(%s::text[]) AS word,
            LATERAL strpos(body.text, word) AS found
        WHERE found > 0
    ) - {_BEFORE}, 1) AS start
    FROM body
), cut AS (
    SELECT id, text, CASE
        WHEN start IS NULL THEN left(text, {_SNIPPET_FIRST_CHARACTERS})
        -- Without the word cut at its start, and with the rest of the one cut at its end.
        ELSE CASE WHEN start > 1
                THEN regexp_replace(substr(text, start, {_PASSAGE}), '^\S*\s+', '')
                ELSE substr(text, start, {_PASSAGE}) END
            || coalesce(substring(substr(text, start + {_PASSAGE}, 60) FROM '^\S+'), '')
    END AS passage
    FROM anchored
), question AS (
    SELECT {{query}} AS query
)
SELECT cut.id, coalesce(
    substring(ts_headline('{SEARCH_CONFIG}', cut.passage, question.query, %s) FROM %s),
    ts_headline(
        '{SEARCH_CONFIG}', left(cut.text, {_SNIPPET_SOURCE_CHARACTERS}), question.query, %s
    )
)
FROM cut CROSS JOIN question
"""  # noqa: S608 -- only constants and compiled queries are interpolated


def snippets(
    documents: Sequence[Document], text: str, *, user: Any = None
) -> dict[int, SafeString]:
    """A highlighted excerpt for each of these documents (the rows of one page): one query."""
    ids = [document.pk for document in documents]
    if not ids or not text.strip():
        return {}
    files = file_text_readable_by(_anyone(user))
    if uses_postgresql():
        return _postgresql_snippets(ids, text, files)
    return _substring_snippets(ids, text, files)


def _anchor_words(text: str) -> list[str]:
    """The searched words whose first place in a text marks the passage, each in lower case,
    capitalised and in capitals."""
    words = []
    for word in _words(text):
        word = word.strip(".,;:!?()[]'\"").lower()
        if word and not word.startswith("-") and word != "or":
            words.append(word)
    return list(
        dict.fromkeys(
            written
            for word in words[:_ANCHOR_WORDS]
            for written in (word, word[:1].upper() + word[1:], word.upper())
        )
    )


def _compiled(expression: Any) -> tuple[str, list]:
    query = Document.objects.none().query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(expression.resolve_expression(query))
    return sql, list(params)


def _postgresql_snippets(
    ids: list[int], text: str, files: QuerySet[DocumentFile]
) -> dict[int, SafeString]:
    texts_sql, texts_params = (
        files.filter(document_id__in=ids)
        .order_by()
        .values("document_id")
        .annotate(text=StringAgg("text", " "))
        .values("document_id", "text")
        .query.sql_with_params()
    )
    query_sql, query_params = _compiled(search_query(text))
    sql = _SNIPPETS_SQL.format(texts=texts_sql, query=query_sql)
    params = [
        *texts_params,
        ids,
        _anchor_words(text),
        *query_params,
        _HEADLINE_OPTIONS,
        f"^.*{_START}.*$",
        _HEADLINE_OPTIONS,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {pk: _marked(snippet) for pk, snippet in rows if snippet and snippet.strip()}


def _substring_snippets(
    ids: list[int], text: str, files: QuerySet[DocumentFile]
) -> dict[int, SafeString]:
    words = _words(text)
    bodies: dict[int, list[str]] = {
        pk: [summary or ""]
        for pk, summary in Document.objects.filter(pk__in=ids).values_list("pk", "summary")
    }
    for pk, file_text in files.filter(document__in=ids).values_list("document_id", "text"):
        if file_text:
            bodies[pk].append(file_text)
    return {
        pk: excerpt
        for pk, parts in bodies.items()
        if (excerpt := highlight_excerpt(" ".join(parts)[:_SNIPPET_SOURCE_CHARACTERS], words))
    }


def _marked(snippet: str) -> SafeString:
    """Escape a snippet whose matches are between _START and _STOP, then mark them.

    Only alternating markers become tags, and an open <mark> is closed at the end, so the
    result is well formed whatever the text held.
    """
    parts = re.split(f"([{_START}{_STOP}])", snippet)
    html = []
    inside = False
    for part in parts:
        if part == _START:
            if not inside:
                html.append("<mark>")
                inside = True
        elif part == _STOP:
            if inside:
                html.append("</mark>")
                inside = False
        else:
            html.append(escape(part))
    if inside:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 -- every part of the text is escaped above


def highlight_excerpt(body: str, words: Sequence[str]) -> SafeString | None:
    """The passage of `body` around the first of `words`, escaped, with every word marked."""
    words = [word for word in words if word]
    if not body or not words:
        return None
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(body)
    if first is None:
        start = 0
    else:
        start = max(0, first.start() - SNIPPET_CHARACTERS // 3)
        # Begin at a word boundary.
        if start:
            space = body.find(" ", start)
            start = space + 1 if 0 <= space < first.start() else start
    end = min(len(body), start + SNIPPET_CHARACTERS)
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    passage = body[start:end].replace(_START, "").replace(_STOP, "")
    marked = pattern.sub(lambda match: f"{_START}{match.group(0)}{_STOP}", passage)
    prefix = "… " if start else ""
    suffix = " …" if end < len(body) else ""
    return _marked(f"{prefix}{marked}{suffix}")


def with_snippets(documents: Iterable[Document], text: str, *, user: Any = None) -> list[Document]:
    """The documents of one page as a list, each with a `snippet` (None when not searching)."""
    rows = list(documents)
    found = snippets(rows, text, user=user) if text else {}
    for document in rows:
        document.snippet = found.get(document.pk)
    return rows

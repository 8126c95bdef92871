"""The words a search looks for, in the six languages of the group's documents (PostgreSQL).

Each text is split into words by the rules of its own language: a title by its document's
original language, a title of another language version by that language, a file's text by
the file's language. French, Spanish, Russian and Arabic words are reduced to their stems
by PostgreSQL's own Snowball dictionaries ("enfants" and "enfant", "детей" and "дети",
"الأطفال" and "أطفال" are one word), English as before.

Chinese is written without spaces, which PostgreSQL's parser needs: "儿童在线保护" would be
one word, found only whole. Every run of Chinese characters is therefore also indexed as
its pairs of neighbouring characters ("儿童 童在 在线 线保 保护"), and a search written in
Chinese looks for its pairs, all of them: a two-character word is found wherever it occurs.
Pairs of characters need no server extension, unlike a Chinese dictionary.

A search does not know the language it is typed in: it is read in each of the six
languages, and a document matches when every word matches in one of them.

The functions below are created by migration 0016; `words()` and `search_query()` are the
expressions the queries use, so that the title index (the same expression) answers them.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db.models import Expression, F, Func

# PostgreSQL's text search configuration for each language of the group's documents:
# Chinese has none, and is read by its pairs of characters.
CONFIGURATIONS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
    "zh": "simple",
}
# The characters of Chinese writing: CJK Unified Ideographs, Extension A and the
# compatibility ideographs.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUNS = re.compile(f"[{_HAN}]+")


def _config_cases() -> str:
    return " ".join(
        f"WHEN '{code}' THEN 'pg_catalog.{name}'::regconfig"
        for code, name in CONFIGURATIONS.items()
    )


# Written in PL/pgSQL rather than SQL so that they stay calls (a SQL function is inlined):
# the title index and the queries then name the same expression.
CREATE_FUNCTIONS = rf"""
CREATE OR REPLACE FUNCTION cwgcop_search_config(code text) RETURNS regconfig
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN CASE code {_config_cases()} ELSE 'pg_catalog.english'::regconfig END;
END
$$;

CREATE OR REPLACE FUNCTION cwgcop_search_words(config regconfig, words text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    pairs text := '';
BEGIN
    -- Each run of Chinese characters by its pairs of neighbours (a character alone is its
    -- own pair). Written out here rather than called: a dump is restored with an empty
    -- search path, where a call to another function of ours is not found.
    IF words ~ '[{_HAN}]' THEN
        pairs := coalesce((
            SELECT string_agg(substr(run[1], position, 2), ' ')
            FROM regexp_matches(words, '[{_HAN}]+', 'g') AS run,
                 generate_series(1, greatest(char_length(run[1]) - 1, 1)) AS position
        ), '');
    END IF;
    RETURN to_tsvector(config, coalesce(words, ''))
        || to_tsvector('pg_catalog.simple'::regconfig, pairs);
END
$$;

DROP FUNCTION IF EXISTS cwgcop_han_pairs(text);

CREATE OR REPLACE AGGREGATE cwgcop_words_agg(tsvector) (
    SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = ''
);
"""  # noqa: S608 -- only constants: the configurations and the Chinese characters

DROP_FUNCTIONS = """
DROP AGGREGATE IF EXISTS cwgcop_words_agg(tsvector);
DROP FUNCTION IF EXISTS cwgcop_search_words(regconfig, text);
DROP FUNCTION IF EXISTS cwgcop_search_config(text);
"""


def sql_words(text_sql: str, language_sql: str) -> str:
    """The SQL of the words of `text_sql` written in the language `language_sql` (a code)."""
    return f"cwgcop_search_words(cwgcop_search_config({language_sql}), {text_sql})"


# The expression of the title index (migration 0016) and of `title_words`.
TITLE_WORDS_SQL = sql_words("title", "original_language")


def title_words() -> Expression:
    """The words of a document's original title, in its language: what the title index
    holds."""
    return Func(
        Func(F("original_language"), function="cwgcop_search_config"),
        F("title"),
        function="cwgcop_search_words",
        output_field=SearchVectorField(),
    )


def han_pairs(text: str) -> str:
    """The pairs of neighbouring Chinese characters of the text, separated by spaces (a
    character alone is its own pair); "" when it has none."""
    pairs = []
    for run in _HAN_RUNS.findall(text):
        pairs += [run[i : i + 2] for i in range(max(len(run) - 1, 1))]
    return " ".join(pairs)


class SearchEveryLanguage(SearchQuery):
    """The search read in each language, and its Chinese pairs: the tsquery of
    `websearch_to_tsquery` in each configuration, joined by `||`.

    One node with no inner expressions, where combining six `SearchQuery` makes a tree of
    eighteen: a search's queries name it up to nine times, and each filter, annotation and
    subquery copies and resolves every node (a third of the Python time of ranking a search).
    PostgreSQL folds it to one tsquery constant when it plans a query, as it did the tree.
    """

    def __init__(self, text: str):
        super().__init__(text, search_type="websearch")
        self.text = text
        self.pairs = han_pairs(text)

    def get_source_expressions(self) -> list:
        return []

    def set_source_expressions(self, expressions: list) -> None:
        if expressions:
            raise ValueError("a search's query has no inner expressions")

    def as_sql(self, compiler, connection, function=None, template=None):
        names = list(dict.fromkeys(CONFIGURATIONS.values()))
        parts = [f"websearch_to_tsquery('{name}'::regconfig, %s)" for name in names]
        params = [self.text] * len(names)
        if self.pairs:
            parts.append("plainto_tsquery('simple'::regconfig, %s)")
            params.append(self.pairs)
        sql = f"({' || '.join(parts)})"
        return (f"!!{sql}" if self.invert else sql), params


def search_query(text: str) -> SearchQuery:
    """The search read in each language (web search syntax: quotes, OR, -word), and, when
    it holds Chinese, all its pairs of characters."""
    return SearchEveryLanguage(text)

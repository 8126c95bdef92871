"""Full-text search of published documents.

On PostgreSQL each document stores a search vector (indexed with GIN): number and titles
(the original and those of the other language versions) weigh most, then the sources'
names, the topics and the summary, then the text extracted from the files. Each title and
each file's text is read in its own language, Chinese by its pairs of characters, and a
search in each of the six (search_words.py). A search ranks by that vector; highlighted
snippets are computed only for the rows of the page shown (snippets.py). SQLite has no
tsvector: there a search matches every word against the same fields with a
case-insensitive substring test.

A search that is a document number ("CWG-COP-21/INF/5", or just its end, "INF/5") puts
that document first, whatever the ranking says. The number is compared by its words and
numbers (numbers.py), so it is found typed with spaces, hyphens, dots or slashes; typed
without its revision it finds every revision, the latest first ("WG-CP/1/16" lists
WG-CP/1/16 Rev.1, then WG-CP/1/16), before the numbers that only end with the search. It is an indexed lookup on both databases: by the
number's stem (the key without its revision), and on PostgreSQL by the reversed stem for
a number's end.

On PostgreSQL the ranking reads only a few hundred candidates, however many documents
match (`best_matches`): the documents whose number matches, the newest
`RANKED_CANDIDATES` matches whose title matches (an index on the titles' words finds them)
and the newest `RANKED_CANDIDATES` matches of any kind. These come first, those whose number
matches, then those whose title matches, each group by `ts_rank`; every other match
follows from the newest (see `paging.RankedPaginator`). A common word thus costs what a
rare one does.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
)
from django.db import OperationalError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import (
    Cast,
    Coalesce,
    Concat,
    Length,
    LPad,
    Reverse,
    Substr,
)
from django.db.models.lookups import StartsWith
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from cwgcop import public_changes

from . import search_words
from .models import AccessLevel, Document, DocumentSource, DocumentTitle, Source, Topic
from .models.sources import TOPIC_NAME_LANGUAGES
from .numbers import looks_like_number, number_key, number_stem
from .search_words import sql_words
from .selectors import NEWEST_ORDER
from .visibility import file_text_readable_by, members_text_readable_by

SEARCH_CONFIG = "english"
# The text of a file for members (marked so itself, or of a members-only document) goes to
# the members' vector, searched only for whom visibility.members_text_readable_by names.
_PUBLIC = AccessLevel.PUBLIC.value
_MEMBERS = AccessLevel.MEMBERS.value

# A topic's name in English and in each language it has a name in, each read in its own.
_TOPIC_WORDS = " || ".join(
    [sql_words("topic.name", "'en'")]
    + [sql_words(f"topic.name_{code}", f"'{code}'") for code in TOPIC_NAME_LANGUAGES]
)

_REFRESH_SQL = f"""
UPDATE contributions_document AS document SET search_vector =
    setweight(to_tsvector('simple', coalesce(document.number, '')), 'A')
    || setweight({sql_words("document.title", "document.original_language")}, 'A')
    || setweight(coalesce((
        SELECT cwgcop_words_agg({sql_words("title.title", "title.language")})
        FROM contributions_documenttitle AS title
        WHERE title.document_id = document.id), ''), 'A')
    || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
        SELECT string_agg(source.name || ' ' || source.short_name, ' ')
        FROM contributions_documentsource AS link
        JOIN contributions_source AS source ON source.id = link.source_id
        WHERE link.document_id = document.id), '')), 'B')
    || setweight(coalesce((
        SELECT cwgcop_words_agg({_TOPIC_WORDS})
        FROM contributions_document_topics AS link
        JOIN contributions_topic AS topic ON topic.id = link.topic_id
        WHERE link.document_id = document.id), ''), 'B')
    || setweight({sql_words("document.summary", "'en'")}, 'B')
    || setweight(coalesce((
        SELECT cwgcop_words_agg({sql_words("file.text", "file.language")})
        FROM contributions_documentfile AS file
        WHERE file.document_id = document.id
        AND file.access = '{_PUBLIC}' AND document.access = '{_PUBLIC}'), ''), 'C'),
    members_search_vector = setweight(coalesce((
        SELECT cwgcop_words_agg({sql_words("file.text", "file.language")})
        FROM contributions_documentfile AS file
        WHERE file.document_id = document.id
        AND (file.access = '{_MEMBERS}' OR document.access = '{_MEMBERS}')), ''), 'C')
WHERE document.id = ANY(%s)
"""  # noqa: S608 -- only constants are interpolated: configurations, columns, access levels


def refresh_search_index(*, document_ids: Iterable[int]) -> None:
    """Recompute the stored search vector of these documents; a no-op on SQLite."""
    ids = list(document_ids)
    if not ids or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, [ids])


def uses_postgresql() -> bool:
    return connection.vendor == "postgresql"


# The names of a source and of a topic are words of their documents: when one changes,
# whoever changes it (the admin, a service, a script), its documents' words are read again,
# by the worker once the change is committed (a source may have thousands of documents).
_NAMES = {
    Source: ("name", "short_name"),
    Topic: ("name", *(f"name_{code}" for code in TOPIC_NAME_LANGUAGES)),
}
_STORED_NAMES = "_search_names_stored"
_DOCUMENTS = "_search_documents_of_deleted"
# Documents whose words are read again in one transaction: a few seconds at most.
WORDS_BATCH = 500
WORDS_ATTEMPTS = 3


def watch_names() -> None:
    """Connect the receivers (from AppConfig.ready)."""
    for model in _NAMES:
        pre_save.connect(_names_before_save, sender=model, dispatch_uid="search-names")
        post_save.connect(_names_after_save, sender=model, dispatch_uid="search-names")
    # A topic deleted takes its links with it, without a signal (a source with documents
    # cannot be deleted).
    pre_delete.connect(_topic_before_delete, sender=Topic, dispatch_uid="search-names")
    post_delete.connect(_topic_after_delete, sender=Topic, dispatch_uid="search-names")


def _names_before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    stored = None
    names = _NAMES[sender]
    written = update_fields is None or set(update_fields) & set(names)
    if instance.pk is not None and written and not raw and uses_postgresql():
        stored = sender._default_manager.filter(pk=instance.pk).values_list(*names).first()
    setattr(instance, _STORED_NAMES, stored)


def _names_after_save(sender, instance, created, **kwargs) -> None:
    stored = getattr(instance, _STORED_NAMES, None)
    if created or stored is None:
        return
    if stored != tuple(getattr(instance, name) for name in _NAMES[sender]):
        # Its documents as they are once the worker runs: one linked meanwhile too.
        _read_again_after_commit(named_by=f"{sender._meta.model_name}:{instance.pk}")


def _topic_before_delete(sender, instance, **kwargs) -> None:
    documents = instance.documents.values_list("pk", flat=True) if uses_postgresql() else []
    setattr(instance, _DOCUMENTS, list(documents))


def _topic_after_delete(sender, instance, **kwargs) -> None:
    _read_again_after_commit(getattr(instance, _DOCUMENTS, []))


def _read_again_after_commit(document_ids: Iterable[int] = (), named_by: str = "") -> None:
    from .tasks import read_search_words_again

    ids = sorted(document_ids)
    if ids or named_by:
        transaction.on_commit(lambda: read_search_words_again.enqueue(ids, named_by), robust=True)


def documents_named_by(named_by: str) -> list[int]:
    """The documents of a "source:<key>" or a "topic:<key>" (none once it is deleted)."""
    kind, _, key = named_by.partition(":")
    field = {"source": "sources", "topic": "topics"}[kind]
    return list(Document.objects.filter(**{field: int(key)}).values_list("pk", flat=True))


def read_words_in_batches(document_ids: Iterable[int]) -> int:
    """Read these documents' words again, `WORDS_BATCH` in each transaction (a publication
    of one of them waits for its batch alone); a search then finds them by what they are
    now. Returns how many were read."""
    ids = sorted(set(document_ids))
    for start in range(0, len(ids), WORDS_BATCH):
        batch = ids[start : start + WORDS_BATCH]
        for attempt in range(WORDS_ATTEMPTS):
            try:
                _read_batch(batch)
                break
            except OperationalError:  # a deadlock with a write locking them in another order
                if attempt == WORDS_ATTEMPTS - 1:
                    raise
    return len(ids)


@transaction.atomic
def _read_batch(batch: list[int]) -> None:
    # Locked first, in key order: the words are then read after any write to one of them
    # committed meanwhile. An update that waited on such a write would read its titles,
    # sources, topics and files as they were before it, and undo it.
    locked = Document.objects.select_for_update().filter(pk__in=batch).order_by("pk")
    list(locked.values_list("pk", flat=True))
    refresh_search_index(document_ids=batch)
    public_changes.search_words_read_again(batch)


def _number_match(text: str) -> Q | None:
    """The documents whose number a search is, whole or its end; None when the search does
    not look like a number.

    Compared by the numbers' words (numbers.py): "cwg cop 18 inf 3 rev.1" finds
    CWG-COP-18/INF/3(Rev.1). Typed without its revision, a number finds each of its
    revisions, addenda and corrigenda: they share its stem. "INF/5" and "21/INF/5" find
    CWG-COP-21/INF/5, but "1/INF/5" does not: an end is made of whole words and numbers.
    """
    if not looks_like_number(text):
        return None
    key = number_key(text)
    stem = number_stem(text)
    # The stem read backwards starts the reversed stem: an index on the reversed stems
    # answers that on PostgreSQL.
    ends_with = StartsWith(Reverse("number_stem"), f" {stem}"[::-1])
    by_stem = Q(number_stem=stem) | Q(ends_with)
    if key == stem:
        return by_stem
    # Typed with its revision: that revision only.
    return by_stem & (Q(number_key=key) | Q(number_key__endswith=f" {key}"))


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"\s+", text.replace('"', " ")) if word]


def search_documents(
    documents: QuerySet[Document], text: str, *, user: Any = None
) -> QuerySet[Document]:
    """Documents matching the search, annotated with `number_match` and `rank`.

    The text of members-only files is matched only for those who may read it
    (visibility.file_text_readable_by): for anyone else a search must not reveal what it
    holds. Without a user, the search is the public's. The caller orders by
    ("-number_match", "-rank", ...), as `SEARCH_ORDER` says.
    """
    by_number = _number_match(text)
    if uses_postgresql():
        query = _search_query(text)
        matches = Q(search_vector=query)
        members_text = members_text_readable_by(_anyone(user))
        if not members_text.query.is_empty():
            matches |= Q(members_search_vector=query, pk__in=members_text.values("pk"))
        if by_number is not None:
            matches |= by_number
        return documents.filter(matches).annotate(**_ranking(text, user))
    readable_files = file_text_readable_by(_anyone(user))
    matches = Q()
    for word in _words(text):
        sources = DocumentSource.objects.filter(
            Q(source__name__icontains=word) | Q(source__short_name__icontains=word)
        )
        files = readable_files.filter(text__icontains=word)
        titles = DocumentTitle.objects.filter(title__icontains=word)
        matches &= (
            Q(number__icontains=word)
            | Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(pk__in=sources.values("document_id"))
            | Q(pk__in=files.values("document_id"))
            | Q(pk__in=titles.values("document_id"))
        )
    if by_number is not None:
        matches |= by_number
    return documents.filter(matches).annotate(**_ranking(text, user))


def _ranking(text: str, user: Any) -> dict[str, Any]:
    """What a match is ordered by (`SEARCH_ORDER`): whether the search is its number, how
    late a revision of that number it is, and its rank (0 on SQLite)."""
    numbered = {"number_match": _number_score(_number_match(text)), "number_latest": _latest(text)}
    if not uses_postgresql():
        return {**numbered, "rank": Value(0.0, output_field=FloatField())}
    query = _search_query(text)
    rank = Coalesce(SearchRank(F("search_vector"), query), Value(0.0))
    if not members_text_readable_by(_anyone(user)).query.is_empty():
        rank += Coalesce(SearchRank(F("members_search_vector"), query), Value(0.0))
    return {**numbered, "rank": rank}


# The documents whose number the search is first, the latest revision first.
SEARCH_ORDER = ("-number_match", "-number_latest", "-rank")

# How many of the newest matches, and of the newest matches by title, a search ranks.
RANKED_CANDIDATES = 200


def _search_query(text: str) -> SearchQuery:
    return search_words.search_query(text)


def title_vector():
    """The words of the original title: the expression the title search index holds."""
    return search_words.title_words()


def best_matches(
    matches: QuerySet[Document],
    text: str,
    unsearched: QuerySet[Document],
    *,
    first: list[int],
    matched: int | None = None,
    user: Any = None,
) -> list[int]:
    """The keys of the best of these matches of a search, best first; PostgreSQL only.

    `matches` is what `search_documents` returned (filters applied) for `user`, `unsearched`
    the same documents before the search, where title matches are looked for: a title that
    matches is in the search vector too, and not reading that vector (long, stored apart
    from the row) for each row the title test passes over makes finding them several times
    quicker. `first` is the keys of the newest matches (see paging.RankedPaginator): the
    newest `RANKED_CANDIDATES` of them are candidates, and they are not looked for again.
    One query: only the candidates the module's text names are ranked, and, each a match
    already, read without testing the search again (which would read each one's vector once
    more than its rank does).

    `matched`, when known, is how many documents match (None: more than the paginator
    counts): then `first` holds them all, and up to FEW_MATCHES the titles are tested among
    those only.
    """
    query = _search_query(text)
    titled = unsearched.prefetch_related(None).order_by(*NEWEST_ORDER)
    if matched is not None and matched <= FEW_MATCHES:
        # A title that matches is in the search vector too: among few matches, the title
        # test is paid for those few only.
        titled = titled.filter(pk__in=first)
    by_title = _title_candidates(titled, query)
    newest = Document.objects.filter(pk__in=first[:RANKED_CANDIDATES]).order_by().values("pk")
    candidates = [newest, by_title]
    # Whether a candidate's title matches. The newest matches whose title matches are the
    # newest title matches, so that a candidate of those two kinds has a matching title when
    # it is one of `by_title`: its title's words are not computed again for each candidate.
    title_match = Q(pk__in=by_title)
    by_number = _number_match(text)
    if by_number is not None:
        numbered = matches.prefetch_related(None).filter(by_number).order_by(*NEWEST_ORDER)
        candidates.append(numbered.values("pk")[:RANKED_CANDIDATES])
        # A number match may be older than the newest title matches: its title is tested.
        title_match |= by_number & Q(title_words=query)
    chosen = candidates[0].union(*candidates[1:])
    return list(
        unsearched.prefetch_related(None)
        .filter(pk__in=chosen)
        .annotate(
            **_ranking(text, user),
            title_words=title_vector(),
            title_match=ExpressionWrapper(title_match, output_field=BooleanField()),
        )
        .order_by("-number_match", "-number_latest", "-title_match", "-rank", *NEWEST_ORDER)
        .values_list("pk", flat=True)
    )


# Up to this many matches (or titles that match), they are all read by the index, then
# ordered. More: the newest are read in the order of the list, which soon meets enough.
FEW_MATCHES = 1000


def _title_candidates(titled: QuerySet[Document], query: SearchQuery) -> QuerySet:
    """The newest `RANKED_CANDIDATES` of these documents whose title matches.

    Read in the list's order, a title test is paid for each document passed over: when a
    word is in many documents' text and in few titles, that is every document of the
    archive (1.3 s at 200,000). The planner cannot tell that case from a common title
    word, so the titles that match are counted first, up to FEW_MATCHES, by the index
    (always, so that a search runs as many queries whatever it finds)."""
    matching = Document.objects.annotate(title_words=title_vector()).filter(title_words=query)
    every = matching.order_by().values("pk")[:FEW_MATCHES]
    if every.count() < FEW_MATCHES:
        # Every matching title: the subquery's LIMIT keeps it apart from the list's order.
        return titled.filter(pk__in=every).values("pk")[:RANKED_CANDIDATES]
    by_title = titled.annotate(title_words=title_vector()).filter(title_words=query)
    return by_title.values("pk")[:RANKED_CANDIDATES]


def _number_score(by_number: Q | None) -> Case | Value:
    """1 for a document whose number the search is, else 0."""
    if by_number is None:
        return Value(0, output_field=IntegerField())
    return Case(When(by_number, then=Value(1)), default=Value(0), output_field=IntegerField())


def _latest(text: str) -> Case | Value:
    """For a document whose whole number the search is, a text that sorts its later
    revisions before its earlier ones when ordered descending: the length of what follows
    the stem, then that ("rev 10" before "rev 9", before nothing). It is "" for any other
    document, so that numbers that only end with the search ("INF/3") follow, as ranked."""
    if not looks_like_number(text):
        return Value("", output_field=TextField())
    revision = Substr("number_key", Length("number_stem") + 1)
    ordered = Concat(
        LPad(Cast(Length(revision), TextField()), 3, Value("0")),
        revision,
        output_field=TextField(),
    )
    return Case(
        When(number_stem=number_stem(text), then=ordered),
        default=Value(""),
        output_field=TextField(),
    )


def _anyone(user: Any) -> Any:
    """The user asking, or an anonymous visitor when a caller names nobody."""
    return user if user is not None else AnonymousUser()

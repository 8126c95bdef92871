"""The documents whose content is like a document's: computed when its text changes, kept
in `SimilarDocument` for its page and the API.

Only public documents of public access have a list, and only they are in one.

On PostgreSQL the method reads the document's stored search vector (contributions.search):

1. Its most telling words: each word of the vector weighs what it says of this document
   (how often it occurs, more in the title) times how rare it is in the archive (the
   logarithm of the public documents counted over those that hold it, from
   `WordFrequency`). Words in more than `COMMON_SHARE` of the documents say nothing of a
   subject and are left out, as are the words of its number and words with digits. The
   `QUERY_WORDS` heaviest are kept, and a few found in no other counted document.
2. For each of them, up to `PER_WORD` public documents holding it, by the search index
   (`search_vector @@ 'word'`): one bounded index lookup each, in one query.
3. The `RANKED` best candidates (by the words the lookups found them by), documents filed
   under one of its topics (`TOPIC_CANDIDATES`) and its own other revisions are read once
   more: which of the words each holds (exactly), its `ts_rank`, the topics it shares. The
   weights of the words shared, times one more for each topic shared, order them, its own
   revisions first; the first `KEPT` sharing `MIN_SHARED` words or a topic are kept.

Every step reads a bounded number of rows, whatever the size of the archive. A revision
and its original are each other's first.

On SQLite (small archives) the words of the titles and summaries are compared in Python.
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from contributions.models import AccessLevel, Document
from contributions.visibility import PUBLIC_AUDIENCE, audience_sees_document, documents_seen_by
from cwgcop.public_changes import similar_lists_written

from .models import SimilarDocument, WordFrequency

KEPT = 5
QUERY_WORDS = 16
ALONE_WORDS = 4
PER_WORD = 300
RANKED = 100
# Documents filed under a topic of the document, read as candidates, and how much each
# topic they share multiplies the weight of the words they share.
TOPIC_CANDIDATES = 60
TOPIC_WEIGHT = 1.0
MIN_SHARED = 2
SHOWN_WORDS = 5
COMMON_SHARE = 0.1
# In a small archive, a word in this many documents (and in no more than half) still
# tells something.
COMMON_FLOOR = 20
# A word counted in no document (new since the last count) is taken as this rare.
UNCOUNTED = 1
FREQUENCIES_MAX_AGE = timedelta(days=1)
# The weight of a word by where it occurs: title and number, sources and topics, text.
_PLACE_WEIGHTS = {"A": 3.0, "B": 2.0, "C": 1.0, "D": 1.0}
_TOTAL = ""


def candidates() -> QuerySet[Document]:
    """The documents that may have a list and be in one: those the public sees, whose
    files are public too."""
    return documents_seen_by(PUBLIC_AUDIENCE).filter(access=AccessLevel.PUBLIC)


def may_have_list(document: Document) -> bool:
    return (
        audience_sees_document(PUBLIC_AUDIENCE, document) and document.access == AccessLevel.PUBLIC
    )


def refresh_after_commit(*, document_ids: Iterable[int]) -> None:
    """Recompute the lists of these documents in the worker once the change is committed."""
    from .tasks import refresh_similar_documents

    for pk in list(document_ids):
        transaction.on_commit(lambda pk=pk: refresh_similar_documents.enqueue(pk))


def public_text_changed(*, document: Document, removal: bool) -> None:
    """What the public may read of the document's text changed: a file of it, or the
    document, made members only or public, a file deleted or replaced, its text read again.
    Its list and the lists that name it are computed again by the worker once the change is
    committed.

    With `removal` they are also dropped at once, in the change's transaction: their words
    in common may have been read from text that the public may no longer read, and a removal
    never waits for the worker. The page then shows no similar documents until the worker
    has run. Such a change to a public document is itself a removal for the kept pages
    (cwgcop/public_changes.py), so no page kept with the dropped rows is served again; the
    rows of a document not public are shown nowhere."""
    from .tasks import refresh_similar_documents

    rows = SimilarDocument.objects.filter(Q(document=document) | Q(similar=document))
    found = list(rows.values_list("document_id", "similar_id"))
    named_by = sorted({pk for pk, similar in found if similar == document.pk})
    if removal and found:
        rows.delete()
    if document.is_public or named_by:
        transaction.on_commit(
            lambda pk=document.pk: refresh_similar_documents.enqueue(pk, named_by)
        )


def refresh_similar(
    *, document_id: int, neighbours: bool = True, named_by: Iterable[int] = ()
) -> list[SimilarDocument]:
    """Replace the list of one document; with `neighbours`, the documents now in it weigh it
    for their own lists, so that they name it too when it is among their closest (a
    revision its original). The lists of `named_by`, which named it before its text changed
    (`public_text_changed`), are computed again whole: it may have left them, or share
    other words with them now."""
    named_by = set(named_by) - {document_id}
    document = Document.objects.filter(pk=document_id).first()
    rows, found = [], []
    if document is not None and may_have_list(document):
        if connection.vendor == "postgresql":
            refresh_word_frequencies(older_than=FREQUENCIES_MAX_AGE)
            found = _postgresql_similar(document)
        else:
            found = _overlap_similar(document)
        rows = _replace_list(document, found)
    elif document is not None:
        with transaction.atomic():
            _hold_list(document.pk)
            SimilarDocument.objects.filter(document=document).delete()
    if neighbours:
        for pk in [pk for pk, _score, _words in found if pk not in named_by]:
            if connection.vendor == "postgresql":
                _take_into_list(pk, document)
            else:
                refresh_similar(document_id=pk, neighbours=False)
    for pk in sorted(named_by):
        refresh_similar(document_id=pk, neighbours=False)
    return rows


def _take_into_list(neighbour_id: int, document: Document) -> None:
    """Weigh `document` for the kept list of a document it names, by that one's telling
    words and topics as its own computation would (PostgreSQL), and keep it there if it is
    among the first `KEPT`: a few small reads, where computing the whole list again would
    look up every candidate of every word once more."""
    neighbour = Document.objects.filter(pk=neighbour_id).first()
    if neighbour is None or not may_have_list(neighbour):
        return
    words = _telling_words(neighbour, _counted_total())
    own_topics = dict(neighbour.topics.values_list("pk", "name"))
    holds = []
    if words:
        columns = {f"holds_{index}": _holds(word) for index, word in enumerate(words)}
        holds = (
            Document.objects.filter(pk=document.pk)
            .annotate(**columns)
            .values_list(*columns)
            .first()
        ) or []
    shared = [word for word, held in zip(words, holds, strict=False) if held]
    topics = list(
        Document.topics.through.objects.filter(
            document_id=document.pk, topic_id__in=list(own_topics)
        ).values_list("topic_id", flat=True)
    )
    kept = list(
        SimilarDocument.objects.filter(document=neighbour)
        .exclude(similar=document)
        .values_list("similar_id", "score", "shared_words")
    )
    if len(shared) >= MIN_SHARED or topics:
        written = _written_forms(neighbour, set(shared))
        score = _score(words, shared, len(topics))
        shown = _shown(words, shared, written, [own_topics[topic] for topic in topics])
        kept.append((document.pk, score, shown))
    revisions = set(_revisions_of(neighbour, candidates().exclude(pk=neighbour.pk)))
    # Its own revisions first, then by score, as in its own computation.
    kept.sort(key=lambda row: (row[0] not in revisions, -row[1], row[0]))
    _replace_list(neighbour, kept[:KEPT])


def _replace_list(document: Document, found: list[tuple[int, float, list[str]]]):
    """Write the document's list: (similar document's key, score, words shown), in order."""
    with transaction.atomic():
        _hold_list(document.pk)
        SimilarDocument.objects.filter(document=document).delete()
        rows = SimilarDocument.objects.bulk_create(
            SimilarDocument(
                document=document, similar_id=pk, rank=rank, score=score, shared_words=words
            )
            for rank, (pk, score, words) in enumerate(found, start=1)
        )
        # Its page shows the new list soon after (neither write sends a signal).
        similar_lists_written([document.pk])
        return rows


# The first key of the locks on the lists (`_hold_list`): locks keyed by two numbers never
# meet those keyed by one (alerts/limits.py).
_LIST_LOCK = 7_301


def _hold_list(document_id: int) -> None:
    """Hold the document's list until the transaction ends, so that two workers writing it
    at once write it one after the other, the last one's list kept. Each would otherwise
    delete only the rows it sees and then write ranks the other has just written
    (`similar_rank_unique`), and fail.

    A PostgreSQL advisory lock rather than the document's row: only the lists' writers take
    it, so the writes that lock documents (a publication, a batch of search words, which
    lock several in turn) never wait on it, and a list's writer holding it adds no lock on a
    document to those it takes anyway. SQLite lets one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Two 32-bit keys; an id past 2**31 shares a lock with another, which waits.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [_LIST_LOCK, document_id % 2**31]
            )


def _counted_total() -> int:
    """How many public documents the last word count counted (at least one)."""
    total = WordFrequency.objects.filter(word=_TOTAL).values_list("documents", flat=True)
    return max(total[0] if total else 1, 1)


def _score(words: dict[str, float], shared: list[str], topics_shared: int) -> float:
    """The weight of the words two documents share, times one more per topic shared."""
    return sum(words[word] for word in shared) * (1 + TOPIC_WEIGHT * topics_shared)


def _shown(
    words: dict[str, float], shared: list[str], written: dict[str, str], topic_names: list[str]
) -> list[str]:
    """The words shown for a similar document: those shared, most telling first, as
    written in the text."""
    by_weight = sorted(shared, key=lambda word: -words[word])
    return _shown_words([written.get(word, word) for word in by_weight], topic_names)


# Counting the words (PostgreSQL)


def refresh_word_frequencies(*, older_than: timedelta | None = None) -> int | None:
    """Count in how many public documents each word occurs; with `older_than`, only when
    the last count is older than that. Returns how many documents were counted."""
    if connection.vendor != "postgresql":
        return None
    now = timezone.now()
    if older_than is not None:
        last = WordFrequency.objects.filter(word=_TOTAL).values_list("counted_at", flat=True)
        if last and last[0] > now - older_than:
            return None
    vectors, params = candidates().values("search_vector").query.sql_with_params()
    with connection.cursor() as cursor:
        inner = cursor.mogrify(vectors, params)
        inner = inner.decode() if isinstance(inner, bytes) else inner
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM related_wordfrequency")
        cursor.execute(
            "INSERT INTO related_wordfrequency (word, documents, counted_at) "
            "SELECT word, ndoc, %s FROM ts_stat(%s)",
            [now, inner],
        )
        counted = candidates().count()
        WordFrequency.objects.create(word=_TOTAL, documents=counted, counted_at=now)
    return counted


def _quoted(word: str) -> str:
    """A word as a tsquery of that word alone, whatever characters it holds."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


_WORDS_SQL = """
SELECT entry.lexeme, coalesce(frequency.documents, %s), entry.weights,
       coalesce(array_length(entry.positions, 1), 1)
FROM contributions_document AS document,
     unnest(document.search_vector) AS entry
LEFT JOIN related_wordfrequency AS frequency ON frequency.word = entry.lexeme
WHERE document.id = %s
AND NOT entry.lexeme = ANY(tsvector_to_array(to_tsvector('simple', document.number)))
"""


def _telling_words(document: Document, total: int) -> dict[str, float]:
    """The document's heaviest words and their weights (the module's step 1)."""
    common = max(COMMON_SHARE * total, min(COMMON_FLOOR, total / 2))
    weights, alone = {}, set()
    with connection.cursor() as cursor:
        cursor.execute(_WORDS_SQL, [UNCOUNTED, document.pk])
        for word, documents, places, occurrences in cursor.fetchall():
            if documents > common or len(word) < 3 or any(c.isdigit() for c in word):
                continue
            place = max(_PLACE_WEIGHTS.get(place, 1.0) for place in places or ["D"])
            often = 1 + math.log(occurrences)
            if documents <= 1:
                alone.add(word)
            weights[word] = place * often * math.log((total + 1) / documents)
    # A word counted in one document only is often in no other: those take a few places,
    # for a document published since the count (a revision finds its original by them).
    ordered = sorted(weights, key=lambda word: (-weights[word], word))
    best = [word for word in ordered if word not in alone][:QUERY_WORDS]
    best += [word for word in ordered if word in alone][:ALONE_WORDS]
    return {word: weights[word] for word in best}


def _postgresql_similar(document: Document) -> list[tuple[int, float, list[str]]]:
    words = _telling_words(document, _counted_total())
    own_topics = dict(document.topics.values_list("pk", "name"))
    if not words and not own_topics:
        return []
    others = candidates().exclude(pk=document.pk).order_by()
    # Step 2: a bounded index lookup per word, in one query.
    found: dict[int, float] = defaultdict(float)
    lookups = [_holding(others, word).values_list("pk", "word")[:PER_WORD] for word in words]
    if lookups:
        for pk, word in lookups[0].union(*lookups[1:], all=True):
            found[pk] += words[word]
    chosen = sorted(found, key=lambda pk: (-found[pk], pk))[:RANKED]
    if own_topics:
        # Documents filed under one of its topics, a bounded number, are candidates too.
        filed = others.filter(topics__in=list(own_topics)).values_list("pk", flat=True)
        chosen += [pk for pk in filed[:TOPIC_CANDIDATES] if pk not in found]
    # Its other revisions (the same text, most often) are always weighed.
    revisions = _revisions_of(document, others)
    chosen += [pk for pk in revisions if pk not in chosen]
    if not chosen:
        return []
    # Step 3: for these only, exactly which of the words each holds, and its ts_rank.
    # Without a telling word (a document found by its topics only), every rank is nought:
    # PostgreSQL refuses an empty query.
    query = " | ".join(_quoted(word) for word in words)
    rank = (
        RawSQL("ts_rank(search_vector, %s::tsquery)", [query], output_field=FloatField())
        if query
        else Value(0.0, output_field=FloatField())
    )
    columns = {f"holds_{index}": _holds(word) for index, word in enumerate(words)}
    rows = (
        others.filter(pk__in=chosen)
        .annotate(**columns, rank=rank)
        .values_list("pk", "rank", *columns)
    )
    topics: dict[int, list[int]] = defaultdict(list)
    for pk, topic in Document.topics.through.objects.filter(
        document_id__in=chosen, topic_id__in=list(own_topics)
    ).values_list("document_id", "topic_id"):
        topics[pk].append(topic)
    scored = []
    for pk, rank, *holds in rows:
        shared = [word for word, held in zip(words, holds, strict=True) if held]
        if len(shared) < MIN_SHARED and not topics[pk]:
            continue
        scored.append((_score(words, shared, len(topics[pk])), rank, pk, shared))
    # Its own revisions first: they share its words as no other document can.
    scored.sort(key=lambda row: (row[2] not in revisions, -row[0], -row[1], row[2]))
    kept = scored[:KEPT]
    written = _written_forms(document, {word for *_rest, shared in kept for word in shared})
    return [
        (pk, score, _shown(words, shared, written, [own_topics[topic] for topic in topics[pk]]))
        for score, _rank, pk, shared in kept
    ]


def _revisions_of(document: Document, others: QuerySet[Document]) -> list[int]:
    """The other revisions of the document (by its place in its series, or its number
    without the revision), a bounded number."""
    family = Q(pk__in=[])
    if document.sequence is not None:
        family |= Q(meeting=document.meeting_id, kind=document.kind, sequence=document.sequence)
    if document.number_stem:
        family |= Q(number_stem=document.number_stem)
    return list(others.filter(family).values_list("pk", flat=True)[:KEPT])


def _holds(word: str) -> RawSQL:
    return RawSQL("search_vector @@ %s::tsquery", [_quoted(word)], output_field=BooleanField())


def _holding(documents: QuerySet[Document], word: str) -> QuerySet[Document]:
    """The documents holding this word (the search index answers), each with the word."""
    return (
        documents.alias(holds=_holds(word))
        .filter(holds=True)
        .annotate(word=RawSQL("%s", [word], output_field=TextField()))
    )


def _shown_words(shared: list[str], topic_names: list[str]) -> list[str]:
    """Up to SHOWN_WORDS words they share, most telling first; fewer than three are
    completed by the words of the topics they share."""
    shown = list(dict.fromkeys(shared))[:SHOWN_WORDS]
    for name in topic_names:
        for word in _overlap_words(name):
            if len(shown) >= 3:
                return shown
            if word not in shown:
                shown.append(word)
    return shown


_WORD = re.compile(r"\w[\w'-]*\w|\w", re.UNICODE)
_WRITTEN_SQL = """
SELECT written, tsvector_to_array(cwgcop_search_words(cwgcop_search_config(%s), written))
FROM unnest(%s::text[]) AS written
"""


def _written_forms(document: Document, lexemes: set[str]) -> dict[str, str]:
    """The words as written in the document's title and summary for these stored words
    ("protect" is shown as "protection"); a word not found there is shown as stored."""
    if not lexemes:
        return {}
    written = list(dict.fromkeys(_WORD.findall(f"{document.title} {document.summary}".lower())))
    forms: dict[str, str] = {}
    with connection.cursor() as cursor:
        cursor.execute(_WRITTEN_SQL, [document.original_language, written[:2000]])
        for word, stored in cursor.fetchall():
            for lexeme in stored or []:
                if lexeme in lexemes:
                    forms.setdefault(lexeme, word)
    return forms


# Comparing titles and summaries (SQLite)

# Words that tell nothing of a subject, in English and French.
_STOP_WORDS_TEXT = (
    "a about all also an and any are as at be been but by can could for from has have "
    "how in into is it its may more most not of on or other our such than that the "
    "their them these they this those through to under was we were what when which "
    "while who will with within would de des du en et la le les pour sur un une"
)
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def _overlap_words(text: str) -> Counter:
    return Counter(
        word
        for word in _WORD.findall(text.lower())
        if len(word) > 2 and word not in _STOP_WORDS and not word.isdigit()
    )


def _overlap_similar(document: Document) -> list[tuple[int, float, list[str]]]:
    rows = list(candidates().values_list("pk", "title", "summary"))
    bags = {pk: _overlap_words(f"{title} {summary}") for pk, title, summary in rows}
    frequency = Counter(word for bag in bags.values() for word in bag)
    total = len(bags) + 1
    own = bags.get(document.pk) or _overlap_words(f"{document.title} {document.summary}")
    weight = {word: own[word] * (math.log(total / frequency.get(word, 1)) + 0.01) for word in own}
    order = {word: position for position, word in enumerate(own)}
    found = []
    for pk, bag in bags.items():
        common = [word for word in own if word in bag]
        if pk == document.pk or len(common) < MIN_SHARED:
            continue
        common.sort(key=lambda word: (-weight[word], order[word]))
        found.append((pk, sum(weight[word] for word in common), common[:SHOWN_WORDS]))
    revisions = _revisions_of(document, candidates().exclude(pk=document.pk))
    found.sort(key=lambda row: (row[0] not in revisions, -row[1], row[0]))
    return found[:KEPT]

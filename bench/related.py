"""The lists of documents with similar content (related/services.py), measured on an archive
whose documents carry topics. Prints:

(a) the time to compute one document's list (median, max) over a sample of 200;
(b) the share of the five named that carry one of the document's topics, against the
    share among five documents picked at random (and the ratio of the two);
(c) for documents with a revision, whether the revision and its original are each other's
    first. The archive has none: revisions of 20 sampled documents (the same words) are
    written for the measure.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cwgcop_bench_20000 \\
        .venv/bin/python -m bench.related

PostgreSQL. Everything is written in a transaction that is rolled back: the archive is left
as it was (the count of words, `refresh_word_frequencies`, is made first when missing).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = 200
REVISIONS = 20
SEED = 20


class _RolledBack(Exception):
    pass


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    import django

    django.setup()
    from django.db import connection, transaction

    from contributions.models import Document
    from related import services
    from related.models import WordFrequency

    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL.")
    if not WordFrequency.objects.exists():
        services.refresh_word_frequencies()
    rng = random.Random(SEED)  # noqa: S311 -- a sample, not a secret
    public = list(
        services.candidates().filter(topics__isnull=False).distinct().values_list("pk", flat=True)
    )
    every = list(services.candidates().values_list("pk", flat=True))
    sample = rng.sample(public, min(SAMPLE, len(public)))
    topics: dict[int, set[int]] = {}
    for pk, topic in Document.topics.through.objects.values_list("document_id", "topic_id"):
        topics.setdefault(pk, set()).add(topic)

    def share(document: int, others: list[int]) -> tuple[int, int]:
        own = topics.get(document, set())
        return sum(1 for other in others if topics.get(other, set()) & own), len(others)

    try:
        with transaction.atomic():
            seconds, named, random_named = [], [0, 0], [0, 0]
            for pk in sample:
                start = time.perf_counter()
                rows = services.refresh_similar(document_id=pk, neighbours=False)
                seconds.append(time.perf_counter() - start)
                hits, count = share(pk, [row.similar_id for row in rows])
                named[0] += hits
                named[1] += count
                hits, count = share(pk, rng.sample(every, 5))
                random_named[0] += hits
                random_named[1] += count
            # The same lists from the words alone, the documents' topics left aside.
            kept = services.TOPIC_WEIGHT, services.TOPIC_CANDIDATES
            services.TOPIC_WEIGHT, services.TOPIC_CANDIDATES = 0.0, 0
            words_only = [0, 0]
            for pk in sample:
                rows = services.refresh_similar(document_id=pk, neighbours=False)
                hits, count = share(pk, [row.similar_id for row in rows])
                words_only[0] += hits
                words_only[1] += count
            services.TOPIC_WEIGHT, services.TOPIC_CANDIDATES = kept
            pairs = _revisions(Document, sample[:REVISIONS])
            both = 0
            for original, revision in pairs:
                first = services.refresh_similar(document_id=revision, neighbours=False)
                back = services.refresh_similar(document_id=original, neighbours=False)
                both += bool(
                    first
                    and back
                    and first[0].similar_id == original
                    and back[0].similar_id == revision
                )
            raise _RolledBack
    except _RolledBack:
        pass
    listed = sum(1 for _ in sample)
    near = named[0] / max(named[1], 1)
    chance = random_named[0] / max(random_named[1], 1)
    print(f"documents: {len(every)} public, sample {listed}")
    print(
        f"(a) time per document: median {statistics.median(seconds) * 1000:.0f} ms, "
        f"max {max(seconds) * 1000:.0f} ms"
    )
    print(f"    documents named per list: {named[1] / listed:.2f} on average")
    print(
        f"(b) named documents sharing a topic: {near:.1%}; five random picks: {chance:.1%}; "
        f"ratio {near / chance if chance else float('inf'):.2f}"
    )
    alone = words_only[0] / max(words_only[1], 1)
    print(
        f"    from the words alone (topics not weighed): {alone:.1%}; "
        f"ratio {alone / chance if chance else float('inf'):.2f}"
    )
    print(f"(c) revision and original each other's first: {both} of {len(pairs)}")


def _revisions(Document, originals: list[int]) -> list[tuple[int, int]]:
    """A revision of each of these documents, with the same words, published."""
    pairs = []
    for original in Document.objects.filter(pk__in=originals):
        topics = list(original.topics.all())
        revision = Document.objects.get(pk=original.pk)
        revision.pk = None
        revision.id = None
        revision.revision = original.revision + 50
        revision.number = f"{original.number}(Rev.{revision.revision})"
        # Written as a row alone (no signal, nothing else read): the words are the original's.
        (revision,) = Document.objects.bulk_create([revision])
        revision.topics.set(topics)
        pairs.append((original.pk, revision.pk))
    return pairs


if __name__ == "__main__":
    main()

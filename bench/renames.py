"""A source renamed (contributions/search.py, `watch_names`), measured on the archive's
source with the most documents. Prints:

(a) how long the save of the new name takes (what the admin's request waits for: the old
    names read, the documents' keys listed, the worker's task queued after the commit);
(b) how long the worker takes to read the words of `BATCHES` batches of `WORDS_BATCH`
    documents again, and so about how long it takes for all of them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cwgcop_bench_200000 \\
        .venv/bin/python -m bench.renames

PostgreSQL. Everything is written in a transaction that is rolled back: the archive is left
as it was, and the task is never queued (queuing it is one more row written after the commit).
The cache is the process's own, whatever `REDIS_URL` says.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BATCHES = 4


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    # The pages kept in a shared cache are left alone: the counters move in this one.
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import Count

    from contributions.models import Source
    from contributions.search import WORDS_BATCH, read_words_in_batches

    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL.")
    source = Source.objects.annotate(count=Count("documents")).order_by("-count").first()
    name = source.name
    with transaction.atomic():
        started = time.perf_counter()
        source.name = f"{name} (renamed)"
        source.save()
        saved = time.perf_counter() - started
        keys = sorted(source.documents.values_list("pk", flat=True))
        started = time.perf_counter()
        read_words_in_batches(keys[: BATCHES * WORDS_BATCH])
        batch = (time.perf_counter() - started) / BATCHES
        transaction.set_rollback(True)
    print(f"{name}: {source.count:,} documents")
    print(f"(a) the save of the new name: {saved:.2f} s")
    print(
        f"(b) a batch of {WORDS_BATCH} read again: {batch:.2f} s; "
        f"all {source.count:,}: about {batch * source.count / WORDS_BATCH:.0f} s in the worker"
    )


if __name__ == "__main__":
    main()

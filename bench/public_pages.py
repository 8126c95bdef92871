"""Time the public documents list, a search and a country page over a large archive.

Loads the demo data plus N synthetic published documents (deterministic: the same N gives
the same rows) into a throwaway database, then requests each page several times through
Django's test client and prints the median time and the number of SQL queries.

    SECRET_KEY=x DEBUG=1 /work/main/.venv/bin/python bench/public_pages.py
    SECRET_KEY=x DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cwgcop \\
        /work/main/.venv/bin/python bench/public_pages.py --documents 5000 --runs 7

With a PostgreSQL DATABASE_URL the throwaway database is test_<name>, created and dropped
by the script; with SQLite it lives in memory. Uploaded files go to a temporary folder.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")

WORDS = [
    "online",
    "safety",
    "children",
    "digital",
    "literacy",
    "reporting",
    "helpline",
    "regulation",
    "framework",
    "platform",
    "abuse",
    "cyberbullying",
    "harassment",
    "awareness",
    "parents",
    "educators",
    "strategy",
    "national",
    "protection",
    "youth",
    "participation",
    "design",
    "industry",
    "cooperation",
    "artificial",
    "intelligence",
    "disabilities",
    "measurement",
    "index",
    "privacy",
    "grooming",
    "exploitation",
    "evidence",
    "policy",
]


def _phrase(index: int, length: int) -> str:
    return " ".join(WORDS[(index * 7 + step * 3) % len(WORDS)] for step in range(length))


def load_synthetic(count: int) -> None:
    """`count` published documents over twenty earlier meetings, with sources, topics, files."""

    from contributions.models import Document, DocumentFile, DocumentSource, Source, Topic
    from contributions.search import refresh_search_index
    from meetings.models import Meeting, Presentation

    meetings = [
        Meeting.objects.get_or_create(
            number=number,
            defaults={
                "start_date": datetime.date(2012 + number // 2, 1 + 6 * (number % 2), 15),
                "end_date": datetime.date(2012 + number // 2, 1 + 6 * (number % 2), 16),
                "status": Meeting.Status.HELD,
                "document_prefix": "WG-CP" if number < 10 else "CWG-COP",
            },
        )[0]
        for number in range(1, 21)
    ]
    sources = list(Source.objects.order_by("slug"))
    topics = list(Topic.objects.order_by("slug"))
    kinds = [Document.Kind.INFORMATION] * 3 + [Document.Kind.CONTRIBUTION]
    base = datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC)
    documents = []
    sequences: dict[tuple[int, str], int] = {}
    for index in range(count):
        meeting = meetings[index % len(meetings)]
        kind = kinds[index % len(kinds)]
        sequence = sequences[(meeting.number, kind)] = sequences.get((meeting.number, kind), 0) + 1
        series = "INF/" if kind == Document.Kind.INFORMATION else ""
        documents.append(
            Document(
                meeting=meeting,
                kind=kind,
                sequence=sequence,
                number=f"{meeting.code}/{series}{sequence}",
                title=_phrase(index, 9).capitalize(),
                summary=". ".join(_phrase(index + part, 18) for part in range(6)),
                status=Document.Status.PUBLISHED,
                published_at=base + datetime.timedelta(hours=index),
            )
        )
    documents = Document.objects.bulk_create(documents, batch_size=1000)
    DocumentSource.objects.bulk_create(
        [
            DocumentSource(
                document=document, source=sources[(index * 5 + offset) % len(sources)], order=offset
            )
            for index, document in enumerate(documents)
            for offset in range(1 + index % 2)
        ],
        batch_size=2000,
    )
    through = Document.topics.through
    through.objects.bulk_create(
        [
            through(document_id=document.pk, topic_id=topics[(index + offset * 5) % len(topics)].pk)
            for index, document in enumerate(documents)
            for offset in range(2)
        ],
        batch_size=2000,
    )
    DocumentFile.objects.bulk_create(
        [
            DocumentFile(
                document=document,
                language=language,
                file=f"bench/{document.pk}-{language}.pdf",
                original_name=f"{document.number.replace('/', '-')}-{language}.pdf",
                size=100_000 + index,
                sha256=f"{index:064d}",
                content_type="application/pdf",
                text=" ".join(_phrase(index + page, 40) for page in range(25)),
                extraction_status=DocumentFile.Extraction.DONE,
            )
            for index, document in enumerate(documents)
            for language in (["en", "fr"] if index % 3 == 0 else ["en"])
        ],
        batch_size=1000,
    )
    presentations = [
        Presentation(
            meeting=document.meeting,
            order=1000 + index,
            document=document,
            status=Presentation.Status.PRESENTED if index % 9 else Presentation.Status.ABSENT,
            summary=document.summary,
        )
        for index, document in enumerate(documents)
        if index % 2 == 0
    ]
    Presentation.objects.bulk_create(presentations, batch_size=1000)
    refresh_search_index(document_ids=[document.pk for document in documents])


def measure(client, url: str, runs: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches: templates, the database's pages
    timings = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=5000, help="synthetic documents (5000)")
    parser.add_argument("--runs", type=int, default=7, help="timed requests per page (7)")
    arguments = parser.parse_args()

    media = tempfile.mkdtemp(prefix="cwgcop-bench-")
    os.environ["MEDIA_ROOT"] = media

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from meetings.demo import load_demo

    # Not setup_test_environment(): it instruments every template render, which would
    # count against the pages; the test client only needs its host to be allowed.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        load_demo()
        load_synthetic(arguments.documents)
        from contributions.models import Document

        total = Document.objects.listed().count()
        print(
            f"{connection.vendor}: {total} published documents "
            f"(demo + {arguments.documents} synthetic), loaded in "
            f"{time.perf_counter() - started:.1f} s; median of {arguments.runs} runs"
        )
        client = Client()
        pages = [
            ("documents list", "/documents/"),
            ("documents list, page 40", "/documents/?page=40"),
            ("filtered list", "/documents/?country=IT&topic=cyberbullying-harassment&sort=number"),
            ("search 'cyberbullying'", "/documents/?q=cyberbullying"),
            ("search 'child online protection'", "/documents/?q=child+online+protection"),
            ("search by number", "/documents/?q=CWG-COP-21/INF/5"),
            ("country page (Italy)", "/countries/it/"),
            ("countries index", "/countries/"),
            ("meeting page (21)", "/meetings/21/"),
            ("document page", "/documents/CWG-COP-21/INF/9/"),
            ("feed, one country", "/feeds/documents.atom?country=IT"),
        ]
        print(f"{'page':<36} {'median ms':>10} {'queries':>8}")
        for name, url in pages:
            milliseconds, queries = measure(client, url, arguments.runs)
            print(f"{name:<36} {milliseconds:>10.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

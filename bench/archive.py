"""Build a synthetic archive of N published documents in a PostgreSQL database of its own.

    .venv/bin/python -m bench.archive --size 20000 [--rebuild]

builds (or keeps) the database `<BENCH_DATABASE_PREFIX>_<size>`: by default
postgres://postgres@127.0.0.1:5432/cwgcop_bench_20000, which it drops first when it rebuilds.

The database is migrated, given the demo data, then five working groups and their meetings
(bench/groups.py: the site's own group with 60 meetings and 40% of the documents, four
invented ones with 30 meetings and 15% each), 400 sources shared by every group and N
documents with 1-3 files each (2-10 KB of extracted text per file), written with COPY. The
search vectors are filled by the application's own `refresh_search_index`, in batches.
Everything is drawn from one seeded generator: the same size and GENERATOR_VERSION give the
same rows. A table `bench_archive` records both; an archive that already holds them is kept
as it is (reruns are fast) unless `--rebuild` is given.
"""

import argparse
import datetime
import hashlib
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Bump when the rows the generator writes change: archives of another version are rebuilt.
# 2: five working groups (bench/groups.py). 3: programme positions counted per meeting.
GENERATOR_VERSION = 3
SOURCES = 400
BATCH = 5000

KINDS = (  # kind, share in thousandths
    ("contribution", 450),
    ("information", 350),
    ("liaison", 80),
    ("presentation", 120),
)
FILE_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
ITU_ORDER = ("ar", "zh", "en", "fr", "ru", "es")
OTHER_KINDS = ("sector_member", "academia", "civil_society", "private_sector", "un_body")


def archive_version(cursor) -> tuple[int, int] | None:
    """(generator version, size) of the archive in this database, or None."""
    cursor.execute("SELECT to_regclass('bench_archive')")
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute("SELECT version, size FROM bench_archive")
    row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def copy_rows(model, rows: Iterable[dict]) -> int:
    """Write these rows (dicts keyed by attribute name) with COPY; absent fields take their defaults."""
    from django.db import connection

    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    # The primary key comes from its column's default unless the rows give it.
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key or field.attname in first
    ]
    columns = ", ".join(f'"{field.column}"' for field in fields)
    count = 0
    with connection.cursor() as cursor:
        statement = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'
        with cursor.cursor.copy(statement) as copy:
            # A field's own default, or its empty value ("" for a text field that may not
            # be NULL): a column added later needs no change here.
            defaults = {field.attname: field.get_default() for field in fields}
            for row in itertools.chain([first], rows):
                copy.write_row(
                    [row.get(field.attname, defaults.get(field.attname)) for field in fields]
                )
                count += 1
    return count


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(*models) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def create_sources(random) -> list:
    """400 sources: Member States of every country, ministries inside some, and others."""
    from django_countries import countries

    from contributions.models import Source
    from contributions.regions import itu_region_for

    taken = set(Source.objects.member_states().values_list("country", flat=True))
    slugs = set(Source.objects.values_list("slug", flat=True))
    new = []
    for code, name in countries:
        if code not in taken and itu_region_for(code) and f"state-{code.lower()}" not in slugs:
            region = itu_region_for(code)
            new.append(
                Source(
                    kind="member_state",
                    name=str(name),
                    country=code,
                    itu_region=region,
                    slug=f"state-{code.lower()}",
                )
            )
    Source.objects.bulk_create(new)
    states = list(Source.objects.member_states().order_by("country"))
    new = []
    count = Source.objects.count()
    for index in range(max(0, SOURCES - count)):
        if index % 3 == 0:
            parent = states[(index * 7) % len(states)]
            new.append(
                Source(
                    kind="state_unit",
                    name=f"Ministry {index} of {parent.name}",
                    slug=f"unit-{index}",
                    country=parent.country,
                    parent=parent,
                )
            )
        else:
            kind = OTHER_KINDS[index % len(OTHER_KINDS)]
            new.append(
                Source(
                    kind=kind,
                    name=f"Organization {index}",
                    slug=f"org-{index}",
                    short_name=f"ORG{index}",
                )
            )
    Source.objects.bulk_create(new)
    sources = list(Source.objects.order_by("pk"))
    random.shuffle(sources)
    italy = next(source for source in sources if source.country == "IT" and source.is_member_state)
    sources.remove(italy)
    sources.insert(4, italy)  # among the most frequent sources, as in the real archive
    return sources


def _pick_kind(random) -> str:
    roll = random.randrange(1000)
    for kind, share in KINDS:
        if roll < share:
            return kind
        roll -= share
    return KINDS[0][0]


def existing_sequences() -> dict[tuple[int, str], int]:
    """Where each series of the demo's meetings ends, so that new numbers follow on."""
    from django.db.models import Count

    from contributions.models import Document

    rows = Document.objects.values("meeting_id", "kind").annotate(count=Count("pk"))
    return {(row["meeting_id"], row["kind"]): row["count"] + 100 for row in rows}


class DocumentRows:
    """The rows of N documents and of everything that hangs on them, drawn in order."""

    def __init__(self, plan: list, meetings: dict[int, list], sources, topics, text) -> None:
        from itertools import accumulate

        # The meeting of each document (bench/groups.py, meeting_plan).
        self.plan, self.sources, self.topics = plan, sources, topics
        # Each meeting's next one in its group (a document shared with it), and each
        # group's last meeting number.
        self.next_meeting = {
            meeting.pk: following.pk
            for own in meetings.values()
            for meeting, following in itertools.pairwise(own)
        }
        self.last_number = {group: own[-1].number for group, own in meetings.items()}
        self.text, self.random = text, text.random
        self.first_id = None
        self.sequences = existing_sequences()
        # Sources drawn by a Zipf law too: a few Member States write most documents.
        self.source_weights = list(accumulate(1 / rank**0.8 for rank in range(1, len(sources) + 1)))
        self.links: list[dict] = []
        self.files: list[dict] = []
        self.titles: list[dict] = []
        self.topic_links: list[dict] = []
        self.shared: list[dict] = []
        self.presentations: list[dict] = []
        # Each meeting's last programme position: the rows are flushed in batches, so the
        # count of rows in hand is no order.
        self.programme_order: dict[int, int] = {}

    def document(self, index: int, pk: int) -> dict:
        from contributions.numbers import number_key, number_stem
        from contributions.services.numbering import SERIES

        random = self.random
        meeting = self.plan[index]
        kind = _pick_kind(random)
        sequence = self.sequences[(meeting.pk, kind)] = (
            self.sequences.get((meeting.pk, kind), 0) + 1
        )
        series = SERIES[kind]
        number = f"{meeting.code}/{series}/{sequence}" if series else f"{meeting.code}/{sequence}"
        date = meeting.start_date - datetime.timedelta(days=random.randint(0, 60))
        published = datetime.datetime.combine(
            date + datetime.timedelta(days=random.randint(1, 30)), datetime.time(10), datetime.UTC
        )
        status = "published" if random.randrange(100) >= 3 else "accepted"
        languages = ["en", *random.sample(FILE_LANGUAGES[1:], random.choice((0, 0, 1, 2)))]
        self._hang(index, pk, meeting, kind, languages, published)
        return {
            "id": pk,
            "meeting_id": meeting.pk,
            "kind": kind,
            "number": number,
            "number_key": number_key(number),
            "number_stem": number_stem(number),
            "sequence": sequence,
            "revision": 0,
            "title": self.text.title(),
            "summary": self.text.summary(),
            "original_language": languages[0] if random.randrange(5) else "fr",
            "languages": " ".join(code for code in ITU_ORDER if code in languages),
            "document_date": date,
            "from_archive": meeting.number < self.last_number[meeting.group_id] - 4,
            "addressee": "ITU-T SG17" if kind == "liaison" else "",
            "purpose": "information" if kind == "liaison" else "",
            "status": status,
            "is_late": False,
            "created_at": published,
            "updated_at": published,
            "submitted_at": published,
            "accepted_at": published,
            "published_at": published if status == "published" else None,
        }

    def _hang(self, index, pk, meeting, kind, languages, published) -> None:
        random = self.random
        chosen = random.choices(
            self.sources, cum_weights=self.source_weights, k=random.choice((1, 1, 2))
        )
        for order, source in enumerate(dict.fromkeys(chosen)):
            self.links.append({"document_id": pk, "source_id": source.pk, "order": order})
        for topic in dict.fromkeys(random.sample(self.topics, random.choice((0, 1, 1, 2)))):
            self.topic_links.append({"document_id": pk, "topic_id": topic.pk})
        for language in languages:
            self.files.append(self._file(index, pk, language, published))
        if "fr" in languages and random.randrange(4) == 0:
            self.titles.append({"document_id": pk, "language": "fr", "title": self.text.title()})
        following = self.next_meeting.get(meeting.pk)
        if random.randrange(100) == 0 and following is not None:
            self.shared.append({"document_id": pk, "meeting_id": following})
        if kind == "presentation" and random.randrange(3) == 0:
            order = self.programme_order[meeting.pk] = self.programme_order.get(meeting.pk, 999) + 1
            self.presentations.append(
                {
                    "meeting_id": meeting.pk,
                    "order": order,
                    "document_id": pk,
                    "title": "",
                    "status": "presented",
                    "report_section": "presentations",
                    "heading": "",
                    "summary": self.text.summary(),
                }
            )

    def _file(self, index, pk, language, published) -> dict:
        digest = hashlib.sha256(f"{pk}-{language}".encode()).hexdigest()
        return {
            "document_id": pk,
            "language": language,
            "file": f"bench/{pk}-{language}.pdf",
            "original_name": f"document-{pk}-{language}.pdf",
            "size": self.random.randint(50_000, 2_000_000),
            "sha256": digest,
            "content_type": "application/pdf",
            "uploaded_at": published,
            "text": self.text.file_text(index),
            "extraction_status": "done",
            "extraction_error": "",
        }

    def flush(self) -> None:
        from contributions.models import Document, DocumentFile, DocumentSource, DocumentTitle
        from meetings.models import Presentation

        copy_rows(DocumentSource, self.links)
        copy_rows(Document.topics.through, self.topic_links)
        copy_rows(DocumentFile, self.files)
        copy_rows(DocumentTitle, self.titles)
        copy_rows(Document.other_meetings.through, self.shared)
        copy_rows(Presentation, self.presentations)
        for rows in (
            self.links,
            self.topic_links,
            self.files,
            self.titles,
            self.shared,
            self.presentations,
        ):
            rows.clear()


def load_documents(size: int, text) -> None:
    from contributions.models import Document, DocumentFile, DocumentSource, DocumentTitle, Topic
    from contributions.search import refresh_search_index
    from meetings.models import Presentation

    from .groups import create_groups, create_meetings, give_roles, meeting_plan

    groups = create_groups()
    give_roles(groups)
    meetings = create_meetings(groups)
    sources = create_sources(text.random)
    topics = list(Topic.objects.order_by("pk"))
    rows = DocumentRows(meeting_plan(size, groups, meetings), meetings, sources, topics, text)
    first = next_id(Document)
    # Documents carry their ids (the related rows need them); every other table takes its
    # ids from its column's default.
    for start in range(0, size, BATCH):
        ids = range(first + start, first + min(size, start + BATCH))
        copy_rows(
            Document,
            (
                rows.document(first_index, pk)
                for first_index, pk in zip(range(start, start + len(ids)), ids, strict=True)
            ),
        )
        rows.flush()
        refresh_search_index(document_ids=ids)
        print(f"  {start + len(ids)} documents", file=sys.stderr, flush=True)
    reset_sequences(
        Document,
        DocumentFile,
        DocumentSource,
        DocumentTitle,
        Presentation,
        Document.topics.through,
        Document.other_meetings.through,
    )


DEFAULT_PREFIX = "postgres://postgres@127.0.0.1:5432/cwgcop_bench"


def database_url(size: int) -> str:
    """The archive of this size lives in `<BENCH_DATABASE_PREFIX>_<size>`."""
    return f"{os.environ.get('BENCH_DATABASE_PREFIX', DEFAULT_PREFIX)}_{size}"


def _connect(url: str, **kwargs):
    import psycopg

    return psycopg.connect(url, autocommit=True, **kwargs)


def archive_is_current(url: str, size: int) -> bool:
    import psycopg

    try:
        with _connect(url) as connection, connection.cursor() as cursor:
            return archive_version(cursor) == (GENERATOR_VERSION, size)
    except psycopg.OperationalError:
        return False


def recreate_database(url: str) -> None:
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with _connect(f"{base}/postgres") as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def build(size: int) -> None:
    """Migrate, load the demo and the synthetic documents, analyse, record the version."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from meetings.demo import load_demo

    from .vocabulary import TextGenerator

    call_command("migrate", verbosity=0)
    load_demo()
    with connection.cursor() as cursor:
        # A throwaway database written in one go: no waiting for the disk at each commit,
        # and no foreign-key triggers (the generator only writes ids it has written).
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET session_replication_role = replica")
    load_documents(size, TextGenerator(f"cwgcop-bench-{GENERATOR_VERSION}-{size}"))
    # Written by COPY, past the receivers that keep the counts: counted once at the end.
    from contributions.counts import recount_everything

    recount_everything()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_archive (version integer, size integer)")
        cursor.execute("INSERT INTO bench_archive VALUES (%s, %s)", [GENERATOR_VERSION, size])
    connection.close()
    with _connect(os.environ["DATABASE_URL"]) as raw:
        raw.execute("VACUUM ANALYZE")


def _build_environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "cwgcop.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"),
    }


def ensure_archive(size: int, *, rebuild: bool = False) -> str:
    """The URL of an archive of this size, built unless an identical one is there."""
    url = database_url(size)
    if not rebuild and archive_is_current(url, size):
        # The rows stay; the schema follows the code (a new column, a new index).
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
            check=True,
            cwd=ROOT,
            env=_build_environment(url),
        )
        return url
    recreate_database(url)
    started = time.perf_counter()
    print(f"building the archive of {size} documents in {url.rsplit('/', 1)[1]}", file=sys.stderr)
    environment = _build_environment(url)
    subprocess.run(  # noqa: S603 -- our own interpreter and module
        [sys.executable, "-m", "bench.archive", "--size", str(size), "--in-place"],
        check=True,
        cwd=ROOT,
        env=environment,
    )
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--rebuild", action="store_true", help="build even if it exists")
    parser.add_argument("--in-place", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.in_place:
        build(arguments.size)
    else:
        print(ensure_archive(arguments.size, rebuild=arguments.rebuild))


if __name__ == "__main__":
    main()

"""Uploads of real producers' long files and of hostile ones, through the whole upload path.

    SECRET_KEY=x DEBUG=1 DATABASE_URL= .venv/bin/python -m bench.uploads
    BENCH_UPLOAD_RUNS=1 ... -m bench.uploads          # one timed round instead of three

Runs on SQLite (a test database it creates and drops) and needs no other service; `make
bench` runs it as its section "uploads" (bench/run.py). For each file of
tests/contributions/data/producers/ and a few files of tests/contributions/hostile_files.py,
each upload goes the way of one in the admin: the form's validation (which inspects
the file), the add_file service, then the text extraction that a worker runs after commit
(extract_file_text). Reported per file:

- check, store and text: the seconds of the form's validation, of add_file and of the
  extraction (medians of the timed rounds, each round going through every file);
- pages: PDF pages, slides or sheets (none for Word files, which are not laid out);
  ms/page: check and text together, per page;
- peak memory above the baseline over the whole path: the server process's (the larger of
  tracemalloc's peak and the growth of its resident peak) plus the largest peak of the
  child processes that inspected the file and read its text, as their log records
  (logger contributions.files.bounded) give it; and that sum as a multiple of the size.
  Memory is measured in a round of its own, before the timed rounds: tracing the server's
  allocations slows its part.

Then the targets, PASS or FAIL: the 300-page PDF checked in at most 2 s; its check and its
text at most 12x those of the 30-page PDF; peak memory at most 1.0x the file's size, for
files of 10 MB or more (the parsers' few fixed megabytes make the ratio of a small file
meaningless); a hostile file that is refused, refused within the checking limit plus 1 s.
"""

import io
import logging
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCERS = ROOT / "tests" / "contributions" / "data" / "producers"
RUNS = int(os.environ.get("BENCH_UPLOAD_RUNS") or "3")
MEBIBYTE = 1024 * 1024
MAX_CHECK_SECONDS_300_PAGES = 2.0
MAX_GROWTH_30_TO_300 = 12.0
MAX_PEAK_OVER_SIZE = 1.0
# The parsers take a few fixed megabytes whatever the file, so the ratio is a target only
# for large files, where what grows with the file shows; smaller files' peaks are printed.
PEAK_TARGET_MIN_BYTES = 10_000_000
LIMIT_GRACE_SECONDS = 1.0
PAGES_30, PAGES_300 = "libreoffice-writer-30-pages.pdf", "libreoffice-writer-300-pages.pdf"


@dataclass
class Sample:
    """One file to upload: its name, how to get its bytes, and what is expected of it."""

    name: str
    content: Callable[[], bytes]
    hostile: bool = False
    expected: str = "text done"
    settings: dict[str, object] = field(default_factory=dict)


@dataclass
class Figures:
    sample: Sample
    size: int
    pages: int | None
    check: list[float] = field(default_factory=list)
    store: list[float] = field(default_factory=list)
    text: list[float] = field(default_factory=list)
    server_peak: int = 0
    child_peak: int | None = 0
    outcomes: list[str] = field(default_factory=list)
    text_characters: int = 0

    @property
    def outcome(self) -> str:
        """Each round's outcome, once each, in the order they came: they may differ."""
        return ", ".join(dict.fromkeys(self.outcomes))

    @property
    def peak(self) -> int:
        return self.server_peak + (self.child_peak or 0)

    def median(self, name: str) -> float | None:
        values = getattr(self, name)
        return statistics.median(values) if values else None


def samples() -> list[Sample]:
    from tests.contributions import hostile_files

    found = [
        Sample(path.name, path.read_bytes)
        for path in sorted(PRODUCERS.iterdir())
        if path.suffix in (".pdf", ".docx", ".xlsx", ".pptx")
    ]
    return [
        *found,
        # A large scan as bench/upload_memory.py builds it: where memory is read in
        # multiples of the file's size, not in the parsers' fixed few megabytes.
        Sample("generated: one page, a 40 MB image.pdf", lambda: large_pdf(40_000_000)),
        Sample(
            "hostile: blank, 300 pages, opens at a page.pdf",
            lambda: hostile_files.blank_pdf_opening_at_a_page(300),
            hostile=True,
        ),
        Sample(
            "hostile: 100,000 kids.pdf",
            lambda: hostile_files.kids_of_one_page(100_000),
            hostile=True,
        ),
        Sample(
            "hostile: 100,000 objects.pdf",
            lambda: hostile_files.many_objects(100_000),
            hostile=True,
            expected="too-complex",
        ),
        Sample(
            "hostile: 100,000 objects, no node budget.pdf",
            lambda: hostile_files.many_objects(100_000),
            hostile=True,
            expected="check-limit",
            # Without its budget the walk runs into the ceiling: how long a refusal there takes.
            settings={"DOCUMENT_WALK_MAX_NODES": 10**9},
        ),
        Sample(
            "hostile: 10,000 relationships.docx",
            lambda: hostile_files.word_with_relationships(10_000),
            hostile=True,
        ),
        Sample(
            "hostile: documents nested 20 deep.docx",
            lambda: hostile_files.nested_word_documents(20),
            hostile=True,
            expected="archive-bomb",
        ),
    ]


def large_pdf(size: int) -> bytes:
    from bench.upload_memory import write_large_pdf

    stream = io.BytesIO()
    write_large_pdf(stream, size)
    return stream.getvalue()


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class ChildRecords(logging.Handler):
    """The log records of the bounded child processes (contributions/files/bounded.py)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def peak_bytes(self) -> int | None:
        """The largest child peak since the last reset; None if a child was killed unmeasured."""
        peaks = [getattr(record, "peak_bytes", None) for record in self.records]
        if any(peak is None for peak in peaks):
            return None
        return max(peaks, default=0)


def page_count(name: str, content: bytes) -> int | None:
    from pypdf import PdfReader

    if name.endswith(".pdf"):
        return len(PdfReader(io.BytesIO(content)).pages)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        if name.endswith(".pptx"):
            return sum(1 for part in names if part.startswith("ppt/slides/slide"))
        if name.endswith(".xlsx"):
            return sum(1 for part in names if part.startswith("xl/worksheets/sheet"))
    # A Word file's pages are known only once it is laid out (docProps/app.xml may say,
    # but python-docx's template says 1 whatever the document holds).
    return None


def reset_resident_peak() -> bool:
    """Make the resident peak (VmHWM) start again from now, where Linux allows it."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def new_upload(name: str, content: bytes):
    """The upload object Django makes of this file: in memory, or on disk when large."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

    if len(content) <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
        return SimpleUploadedFile(name, content, content_type="application/octet-stream")
    upload = TemporaryUploadedFile(name, "application/octet-stream", len(content), None)
    upload.write(content)
    upload.flush()
    upload.seek(0)
    return upload


def upload_once(
    figures: Figures, content: bytes, *, document, language, by, records, measure_memory
):
    """The upload path once: form, add_file, text; the file is removed again afterwards."""
    from django.db import transaction

    from contributions import services
    from contributions.files.bounded import memory_status_bytes
    from contributions.forms import NewDocumentFileForm
    from contributions.models import DocumentFile

    upload = new_upload(figures.sample.name.rsplit(": ", 1)[-1], content)
    records.records.clear()
    if measure_memory:
        reset_resident_peak()
        resident_before = memory_status_bytes("VmRSS")
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
    started = time.monotonic()
    form = NewDocumentFileForm(
        data={"language": language},
        files={"file": upload},
        instance=DocumentFile(document=document),
    )
    valid = form.is_valid()
    seconds = {"check": time.monotonic() - started}
    document_file = None
    if valid:
        started = time.monotonic()
        with transaction.atomic():
            document_file = services.add_file(
                document=document, language=language, upload=upload, by=by
            )
        seconds["store"] = time.monotonic() - started
        started = time.monotonic()
        services.extract_file_text(document_file=document_file)
        seconds["text"] = time.monotonic() - started
        figures.outcomes.append(f"text {document_file.extraction_status}")
        figures.text_characters = len(document_file.text)
    else:
        figures.outcomes.append(form.errors.as_data()["file"][0].code)
    if measure_memory:
        figures.server_peak = max(
            tracemalloc.get_traced_memory()[1] - baseline,
            memory_status_bytes("VmHWM") - resident_before,
            0,
        )
        tracemalloc.stop()
        figures.child_peak = records.peak_bytes()
    else:
        # Tracing allocations slows the server's part: the memory run is not timed.
        for name, value in seconds.items():
            getattr(figures, name).append(value)
    upload.close()
    if document_file is not None:
        services.remove_file(document_file=document_file, by=by)


def measure(*, document, language, by, records) -> list[Figures]:
    """Every sample, run after run: the memory run first, then the timed rounds, each
    going through all the files, so that a change of the machine's load meets them all."""
    from django.test import override_settings

    contents = [(sample, sample.content()) for sample in samples()]
    results = [
        Figures(sample=sample, size=len(content), pages=page_count(sample.name, content))
        for sample, content in contents
    ]
    for run in range(RUNS + 1):
        for figures, (sample, content) in zip(results, contents, strict=True):
            say(f"uploads, {'memory' if run == 0 else f'round {run}'}: {sample.name}")
            with override_settings(**sample.settings):
                upload_once(
                    figures,
                    content,
                    document=document,
                    language=language,
                    by=by,
                    records=records,
                    measure_memory=run == 0,
                )
    return results


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _mebibytes(value: int | None) -> str:
    return "?" if value is None else f"{value / MEBIBYTE:.1f}"


def table(results: list[Figures]) -> str:
    head = ["file", "size", "pages", "check s", "store s", "text s", "ms/page"]
    head += ["server MiB", "children MiB", "peak/size", "outcome"]
    rows = [head]
    for figures in results:
        check, text = figures.median("check"), figures.median("text")
        per_page = (
            f"{((check or 0) + (text or 0)) * 1000 / figures.pages:.1f}" if figures.pages else "-"
        )
        rows.append(
            [
                figures.sample.name,
                f"{figures.size / 1000:,.0f} kB",
                "-" if figures.pages is None else f"{figures.pages:,}",
                _seconds(check),
                _seconds(figures.median("store")),
                _seconds(text),
                per_page,
                _mebibytes(figures.server_peak),
                _mebibytes(figures.child_peak),
                "?" if figures.child_peak is None else f"{figures.peak / figures.size:.2f}x",
                figures.outcome
                if figures.outcome == figures.sample.expected
                else f"{figures.outcome} (expected {figures.sample.expected})",
            ]
        )
    widths = [max(len(row[index]) for row in rows) for index in range(len(head))]
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    lines.append(
        f"times: medians of {RUNS} rounds; memory: a round of its own, above the baseline, "
        "peak = server + largest child; outcome: the text's status, or the refusal's code, "
        "of every round"
    )
    return "\n".join(lines)


def _check(passed: bool, text: str) -> tuple[bool, str]:
    return passed, f"{'PASS' if passed else 'FAIL'}  {text}"


def checks(results: list[Figures], *, limit_seconds: float) -> list[tuple[bool, str]]:
    by_name = {figures.sample.name: figures for figures in results}
    found = []
    long, short = by_name[PAGES_300], by_name[PAGES_30]
    checked = long.median("check") or 0.0
    found.append(
        _check(
            checked <= MAX_CHECK_SECONDS_300_PAGES,
            f"300-page PDF: checked in ≤{MAX_CHECK_SECONDS_300_PAGES:g} s ({checked:.2f} s)",
        )
    )
    for name in ("check", "text"):
        times = (long.median(name) or 0.0) / (short.median(name) or float("inf"))
        found.append(
            _check(
                times <= MAX_GROWTH_30_TO_300,
                f"300-page PDF: {name} ≤{MAX_GROWTH_30_TO_300:g}x the 30-page PDF's ({times:.1f}x)",
            )
        )
    for figures in results:
        label = figures.sample.name
        if figures.outcome.startswith("text") and figures.size >= PEAK_TARGET_MIN_BYTES:
            ratio = figures.peak / figures.size
            found.append(
                _check(
                    figures.child_peak is not None and ratio <= MAX_PEAK_OVER_SIZE,
                    f"{label}: peak memory ≤{MAX_PEAK_OVER_SIZE:g}x its size ({ratio:.2f}x, "
                    f"{_mebibytes(figures.peak)} MiB)",
                )
            )
        if figures.sample.hostile and not figures.outcome.startswith("text"):
            slowest = max(figures.check)
            found.append(
                _check(
                    slowest <= limit_seconds + LIMIT_GRACE_SECONDS,
                    f"{label}: refused within the limit + 1 s "
                    f"({slowest:.2f} s ≤ {limit_seconds + LIMIT_GRACE_SECONDS:g} s; {figures.outcome})",
                )
            )
    return found


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="cwgcop-bench-uploads-")
    # The worker's part is called in the open (extract_file_text), so that it is timed
    # on its own; the log says only what fails, not what is refused.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    os.environ["LOG_LEVEL"] = "ERROR"

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection

    from contributions.models import Document
    from meetings.demo import load_demo

    records = ChildRecords()
    bounded = logging.getLogger("contributions.files.bounded")
    bounded.setLevel(logging.INFO)
    bounded.propagate = False
    bounded.addHandler(records)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        document = Document.objects.filter(status="draft").order_by("pk").first()
        language = next(
            code
            for code in ("fr", "es", "ru", "ar", "zh", "en")
            if not document.files.filter(language=code).exists()
        )
        by = get_user_model().objects.get(username="secretariat")
        # The first parse starts the fork server: not part of any file's figures.
        upload_once(
            Figures(Sample("warm-up.pdf", lambda: b""), 0, None),
            (PRODUCERS / "reportlab-22-pages.pdf").read_bytes(),
            document=document,
            language=language,
            by=by,
            records=records,
            measure_memory=False,
        )
        results = measure(document=document, language=language, by=by, records=records)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(table(results), flush=True)
    print()
    found = checks(results, limit_seconds=float(settings.DOCUMENT_CHECK_SECONDS))
    for _passed, line in found:
        print(line)
    failed = sum(1 for passed, _line in found if not passed)
    print(f"\nuploads: {len(found) - failed} targets met, {failed} missed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

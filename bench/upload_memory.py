"""Peak memory above the baseline for one upload of a large PDF through the service.

Builds a PDF of about 50 MB (one page and an uncompressed image of random bytes), stores
it as Django stores a large upload (a temporary file on disk), then calls add_file once
and prints the peak of Python's allocations (tracemalloc) and the growth of the
process's peak resident memory (RSS) during the call, both above the baseline taken
just before it. The text extraction queued after commit is not part of the call.

    SECRET_KEY=x DEBUG=1 DATABASE_URL= .venv/bin/python bench/upload_memory.py
    SECRET_KEY=x DEBUG=1 DATABASE_URL= .venv/bin/python bench/upload_memory.py --megabytes 20
"""

import argparse
import os
import resource
import secrets
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")
MEBIBYTE = 1024 * 1024


def write_large_pdf(stream: IO[bytes], size: int) -> int:
    """Write a valid one-page PDF whose page draws an image of about `size` random bytes.

    The image is written in chunks, so that building the file costs no memory."""
    side = int((size / 3) ** 0.5)
    pixels = side * side * 3
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        None,
        b"<< /Length 29 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
    ]
    written = 0

    def put(data: bytes) -> None:
        nonlocal written
        stream.write(data)
        written += len(data)

    put(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(written)
        put(b"%d 0 obj\n" % number)
        if body is None:
            put(
                b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (side, side, pixels)
            )
            left = pixels
            while left:
                chunk = secrets.token_bytes(min(left, MEBIBYTE))
                put(chunk)
                left -= len(chunk)
            put(b"\nendstream")
        else:
            put(body)
        put(b"\nendobj\n")
    start = written
    put(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    put(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    put(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    )
    return written


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50, help="size of the PDF (50)")
    arguments = parser.parse_args()
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="cwgcop-bench-")

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import TemporaryUploadedFile
    from django.db import connection, transaction

    from contributions import services
    from contributions.models import Document
    from meetings.demo import load_demo

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_demo()
        document = Document.objects.filter(status="draft").order_by("pk").first()
        by = get_user_model().objects.get(username="secretariat")
        upload = TemporaryUploadedFile("annex.pdf", "application/pdf", 0, None)
        size = write_large_pdf(upload, int(arguments.megabytes * 1_000_000))
        upload.flush()
        upload.size = size
        language = next(
            code
            for code in ("fr", "es", "ru", "ar", "zh", "en")
            if not document.files.filter(language=code).exists()
        )
        rss_before = peak_rss()
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
        with transaction.atomic():
            services.add_file(document=document, language=language, upload=upload, by=by)
            # Measured before the commit, which queues the text extraction.
            peak = tracemalloc.get_traced_memory()[1] - baseline
            tracemalloc.stop()
            rss_growth = max(peak_rss() - rss_before, 0)
        print(f"PDF of {size / MEBIBYTE:.1f} MiB ({size} bytes) through add_file:")
        print(
            f"  peak Python allocations above baseline (tracemalloc): {peak / MEBIBYTE:.1f} MiB"
            f" ({peak} bytes, {peak / size:.3f} of the file)"
        )
        print(
            f"  growth of the peak resident memory (RSS):             {rss_growth / MEBIBYTE:.1f} MiB"
        )
        upload.close()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""Load: many clients at once over a mix of pages at the largest size, as production runs
(gunicorn with two workers, the page cache in Redis). wrk reports errors and percentiles."""

import os
import sys

from . import measure, server
from .report import PageFigures
from .vocabulary import HEAD

CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS") or 50)
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS") or 60)
# The mix: every measured page, plus searches for many words and the list's first pages,
# so that the page cache cannot hold every request.
SEARCH_WORDS = HEAD[:40]
LIST_PAGES = 20


def mix(pages: dict[str, PageFigures]) -> list[str]:
    urls = [figures.url for figures in pages.values()]
    urls += [f"/en/documents/?q={word}" for word in SEARCH_WORDS]
    urls += [f"/en/documents/?page={number}" for number in range(2, LIST_PAGES + 2)]
    return urls


def run(database_url: str, pages: dict[str, PageFigures]) -> dict:
    print(f"load: {CLIENTS} clients for {SECONDS:.0f} s", flush=True, file=sys.stderr)
    with server.gunicorn(database_url, page_cache=True) as port:
        result = measure.wrk(port, mix(pages), seconds=SECONDS, connections=CLIENTS)
    return {
        "clients": CLIENTS,
        "seconds": SECONDS,
        "requests": result.requests,
        "rps": result.requests_per_second,
        "errors": result.errors,
        "error_kinds": {kind: count for kind, count in result.error_kinds.items() if count},
        "p50_ms": result.p50_ms,
        "p95_ms": result.p95_ms,
    }

"""Load: many clients at once over a mix of pages at the largest size, as production runs
(gunicorn with two workers, the page cache in Redis). wrk reports errors and percentiles,
and how many pages the page cache answered (its X-Page-Cache header).

Three phases, each on a server of its own whose cache starts empty and is then filled by
one request to each address of the mix:

- steady: nothing changes;
- publications: the secretariat publishes a document every PUBLISH_SECONDS
  (bench/writer.py, through the services);
- deadline: the delegates save drafts every DRAFT_SECONDS, which the public never sees.
"""

import http.client
import math
import os
import sys

from . import measure, server
from .pages import PAGES, list_address
from .report import PageFigures
from .vocabulary import HEAD

CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS") or 50)
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS") or 60)
PUBLISH_SECONDS = float(os.environ.get("BENCH_PUBLISH_SECONDS") or 5)
DRAFT_SECONDS = float(os.environ.get("BENCH_DRAFT_SECONDS") or 1)
PHASES = (os.environ.get("BENCH_LOAD_PHASES") or "steady publications deadline").split()
# The mix: every measured page, plus searches for many words and the first group's list's
# first pages, so that the page cache cannot hold every request.
SEARCH_WORDS = HEAD[:40]
LIST_PAGES = 20


def mix(pages: dict[str, PageFigures]) -> list[str]:
    # The pages people browse (the API is timed on its own).
    urls = [pages[page.key].url for page in PAGES if page.ratio]
    urls += [list_address(f"?q={word}") for word in SEARCH_WORDS]
    urls += [list_address(f"?page={number}") for number in range(2, LIST_PAGES + 2)]
    return urls


def _fill(port: int, urls: list[str]) -> None:
    """One request to each address: a site under load has served each page before. An
    address that redirects is refused: wrk would time the redirect, not the page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for url in urls:
        connection.request("GET", url)
        response = connection.getresponse()
        response.read()
        if 300 <= response.status < 400:
            raise SystemExit(f"{url} redirects to {response.getheader('Location')}")
    connection.close()


def _figures(result: measure.Throughput, phase: str) -> dict:
    kept = result.page_cache
    return {
        "phase": phase,
        "clients": CLIENTS,
        "seconds": SECONDS,
        "requests": result.requests,
        "rps": result.requests_per_second,
        "errors": result.errors,
        "error_kinds": {kind: count for kind, count in result.error_kinds.items() if count},
        "p50_ms": result.p50_ms,
        "p95_ms": result.p95_ms,
        "pages": result.pages,
        "page_cache": kept,
        "from_cache": kept.get("hit", 0) + kept.get("stale", 0),
    }


def run_phase(database_url: str, pages: dict[str, PageFigures], phase: str) -> dict:
    say = f"load, {phase}: {CLIENTS} clients for {SECONDS:.0f} s"
    print(say, flush=True, file=sys.stderr)
    urls = mix(pages)
    env = server.environment(database_url, page_cache=True)
    if phase == "steady":
        with server.gunicorn(database_url, page_cache=True, env=env) as port:
            _fill(port, urls)
            result = measure.wrk(port, urls, seconds=SECONDS, connections=CLIENTS)
        return _figures(result, phase)
    kind, every = (
        ("drafts", DRAFT_SECONDS) if phase == "deadline" else ("publications", PUBLISH_SECONDS)
    )
    count = math.ceil(SECONDS / every) + 2
    # The writer chooses (and for publications, unpublishes) its documents first, then
    # the server starts and fills its cache, then the writes and the load run together.
    with (
        server.writer(env, kind, every=every, count=count) as start_writing,
        server.gunicorn(database_url, page_cache=True, env=env) as port,
    ):
        _fill(port, urls)
        start_writing()
        result = measure.wrk(port, urls, seconds=SECONDS, connections=CLIENTS)
    figures = _figures(result, phase)
    figures["writes"] = start_writing.report
    return figures


def run(database_url: str, pages: dict[str, PageFigures]) -> dict[str, dict]:
    """Each phase's figures, by its name."""
    return {phase: run_phase(database_url, pages, phase) for phase in PHASES}

"""`make bench`: every public page, export and feed at two archive sizes, and the uploads.

    make bench                                   # 20,000 and 200,000 documents, then uploads
    BENCH_SIZES="300 3000" BENCH_LOAD_SECONDS=5 make bench   # a quick check
    BENCH_REBUILD=1 make bench                   # rebuild the archives
    BENCH_SECTIONS=uploads make bench            # one section: "pages" or "uploads"
    BENCH_LOAD_PHASES="steady deadline" make bench   # some of the load's phases

For each size: the archive (bench/archive.py; kept when it is already there), each page's
query count and size (in-process), its median warm (its fragments and values kept), and
its throughput as a ratio to a bare view of the same gunicorn (wrk, rounds
interleaved): cold, without the page cache (its fragments and values kept), and from the
page cache (Redis). The pages are the five-group archive's (bench/groups.py, bench/pages.py).
Then each page's median and 95th-percentile latency cold (sequential requests with nothing
kept), at every size in turn, a gunicorn per archive. Then 50 clients for
60 s over a mix of pages at the largest size, three times (bench/load.py): with nothing
changing, with a publication every 5 s, and at a deadline, delegates saving drafts every
second. Prints a table and each target, PASS or FAIL.

The section "uploads" is bench/uploads.py, run on SQLite in a process of its own: real
producers' long files and hostile ones through the upload path, with its own table and
targets, which count with the others.
"""

import contextlib
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import archive, load, measure, server  # noqa: E402 -- after the path is set
from bench.pages import PAGES  # noqa: E402
from bench.report import PageFigures, Results, checks, table  # noqa: E402


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


SIZES = [int(size) for size in setting("BENCH_SIZES", "20000 200000").split()]
RUNS = int(setting("BENCH_RUNS", "9"))
LATENCY_BUDGET = float(setting("BENCH_LATENCY_SECONDS", "10"))
ROUNDS = int(setting("BENCH_ROUNDS", "2"))
LATENCY_ROUNDS = int(setting("BENCH_LATENCY_ROUNDS", "3"))
WRK_SECONDS = float(setting("BENCH_WRK_SECONDS", "2"))
SECTIONS = setting("BENCH_SECTIONS", "pages uploads").split()


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def counted_pages(database_url: str) -> dict[str, PageFigures]:
    """Each page's address, status, query count and size (in-process, no page cache)."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.pages"],
        cwd=ROOT,
        env=server.environment(database_url, page_cache=False),
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(result.stdout.strip().splitlines()[-1])
    return {key: PageFigures(**row) for key, row in rows.items()}


def _ratio(port: int, url: str) -> tuple[float, float]:
    """(requests/s, ratio to the bare view) of a page, on a server started `even`."""
    return measure.ratio(
        port, url, server.BARE, rounds=ROUNDS, seconds=WRK_SECONDS, workers=int(server.WORKERS)
    )


def measure_cold(port: int, figures: dict[str, PageFigures]) -> float:
    """Each page with nothing kept: its throughput over the bare view's."""
    bare_rates = []
    for page in PAGES:
        if not page.ratio:
            continue
        page_figures = figures[page.key]
        rate, page_figures.cold_ratio = _ratio(port, page_figures.url)
        bare_rates.append(rate / page_figures.cold_ratio if page_figures.cold_ratio else 0)
        say(f"  {page.label}: cold ratio {page_figures.cold_ratio:.3f}")
    return max(bare_rates)


def measure_latency(results: Results) -> None:
    """Each page's latency with nothing kept, at every size at once: a gunicorn per archive,
    all up together, and LATENCY_ROUNDS rounds of a page whose requests alternate between
    the sizes (measure.paired_latency). A page's growth then compares requests that met
    the same moment of the machine, where measured minutes apart, in the phases of each
    size, a slower minute could move it by a third either way. Its median and p95 are the
    medians of its rounds'."""
    with contextlib.ExitStack() as stack:
        ports = {
            size: stack.enter_context(
                server.gunicorn(archive.database_url(size), page_cache=False, kept=False)
            )
            for size in SIZES
        }
        for page in PAGES:
            rounds: dict[int, list[measure.Latency]] = {size: [] for size in SIZES}
            addresses = {size: (ports[size], results.pages[size][page.key].url) for size in SIZES}
            for _round in range(LATENCY_ROUNDS):
                paired = measure.paired_latency(addresses, runs=RUNS, budget_seconds=LATENCY_BUDGET)
                for size in SIZES:
                    rounds[size].append(paired[size])
            for size in SIZES:
                figures = results.pages[size][page.key]
                figures.median_ms = statistics.median(r.median_ms for r in rounds[size])
                figures.p95_ms = statistics.median(r.p95_ms for r in rounds[size])
            medians = ", ".join(
                f"{results.pages[size][page.key].median_ms:.1f} ms" for size in SIZES
            )
            say(f"  {page.label}: {medians}")


def measure_kept(port: int, figures: dict[str, PageFigures]) -> None:
    """Each page without the page cache, its fragments and values kept once filled: its
    throughput over the bare view's, then its latency (warm: both workers have kept it)."""
    for page in PAGES:
        if not page.ratio:
            continue
        page_figures = figures[page.key]
        _rate, page_figures.ratio = _ratio(port, page_figures.url)
        timing = measure.latency(port, page_figures.url, runs=RUNS, budget_seconds=LATENCY_BUDGET)
        page_figures.warm_median_ms = timing.median_ms
        say(
            f"  {page.label}, fragments kept: {timing.median_ms:.1f} ms, "
            f"ratio {page_figures.ratio:.3f}"
        )


def measure_cached(port: int, figures: dict[str, PageFigures]) -> None:
    for page in PAGES:
        if not page.ratio:
            continue
        page_figures = figures[page.key]
        # Each worker keeps nothing yet: the first requests fill the cache and warm up.
        measure.latency(port, page_figures.url, runs=4, budget_seconds=LATENCY_BUDGET)
        _rate, page_figures.cached_ratio = _ratio(port, page_figures.url)
        say(f"  {page.label}, page cache: ratio {page_figures.cached_ratio:.3f}")


def measure_size(size: int, results: Results) -> str:
    database_url = archive.ensure_archive(size, rebuild=bool(os.environ.get("BENCH_REBUILD")))
    say(f"{size:,} documents: query counts")
    figures = counted_pages(database_url)
    say(f"{size:,} documents: throughput, nothing kept")
    with server.gunicorn(database_url, page_cache=False, kept=False, even=True) as port:
        results.bare_rps[size] = measure_cold(port, figures)
    say(f"{size:,} documents: throughput without the page cache, fragments kept")
    with server.gunicorn(database_url, page_cache=False, even=True) as port:
        measure_kept(port, figures)
    say(f"{size:,} documents: throughput from the page cache")
    with server.gunicorn(database_url, page_cache=True, even=True) as port:
        measure_cached(port, figures)
    results.pages[size] = figures
    return database_url


def measure_pages() -> list[tuple[bool, str]] | None:
    """The section "pages": its table, then its targets (None without wrk)."""
    if not measure.wrk_available():
        say("wrk is needed: apt-get install wrk (Debian), brew install wrk (macOS)")
        return None
    results = Results(sizes=SIZES)
    database_url = ""
    for index, size in enumerate(SIZES):
        # The static files once, with the first archive's database (collectstatic reads none).
        if index == 0:
            server.collect_static(archive.database_url(size))
        database_url = measure_size(size, results)
    say(
        f"latency, nothing kept, at {' and '.join(f'{size:,}' for size in SIZES)} documents in turn"
    )
    measure_latency(results)
    print(table(results), flush=True)
    results.load = load.run(database_url, results.pages[SIZES[-1]])
    print()
    return checks(results)


def measure_uploads() -> list[tuple[bool, str]]:
    """The section "uploads" (bench/uploads.py, on SQLite): its table, then its targets."""
    say("uploads: producers' long files and hostile files through the upload path")
    result = subprocess.run(
        [sys.executable, "-m", "bench.uploads"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cwgcop.settings",
            "DATABASE_URL": "",
            "DEBUG": "1",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-" + "x" * 50),
        },
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    found = [(line.startswith("PASS"), line) for line in lines if line.startswith(("PASS", "FAIL"))]
    print("\n".join(line for line in lines if not line.startswith(("PASS", "FAIL"))), flush=True)
    if result.returncode not in (0, 1) or not found:
        found.append((False, f"FAIL  uploads: the benchmark ended with code {result.returncode}"))
    return found


def main() -> int:
    found = []
    if "pages" in SECTIONS:
        pages = measure_pages()
        if pages is None:
            return 2
        found += pages
    if "uploads" in SECTIONS:
        found += measure_uploads()
    print()
    for _passed, line in found:
        print(line)
    failed = sum(1 for passed, _line in found if not passed)
    print(f"\n{len(found) - failed} targets met, {failed} missed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

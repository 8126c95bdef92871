"""The benchmark's table and its targets, each marked PASS or FAIL."""

from dataclasses import dataclass, field

from .pages import (
    API_SEARCH_KEY,
    COMMON_KEY,
    COUNTRY_KEY,
    DOCUMENT_KEY,
    LIST_KEY,
    PAGES,
    RARE_KEY,
)

MAX_GROWTH = 1.5
MAX_COMMON_OVER_RARE = 3.0
MAX_HTML_BYTES = 300 * 1024
# A page's throughput over the bare view's without the page cache, its fragments kept.
MIN_RATIOS = {LIST_KEY: 0.05, DOCUMENT_KEY: 0.10, COMMON_KEY: 0.02}
# The same, cold: nothing kept at all.
MIN_COLD_RATIOS = {LIST_KEY: 0.05, DOCUMENT_KEY: 0.15, COMMON_KEY: 0.03, COUNTRY_KEY: 0.03}
MIN_CACHED_RATIO = 0.5
# The API's search of a common word, cold, median.
MAX_API_SEARCH_MS = 300
# The load: steady p95; with publications, p95 and the share of the steady throughput kept;
# at a deadline, the share of the public pages the page cache answers.
MAX_STEADY_P95_MS = 500
MAX_PUBLICATIONS_P95_MS = 1000
MIN_PUBLICATIONS_THROUGHPUT = 0.5
MIN_DEADLINE_FROM_CACHE = 0.95
COMMON_KEYS = (COMMON_KEY, "search_two")


@dataclass
class PageFigures:
    """One page at one archive size."""

    url: str
    status: int
    queries: int
    size: int
    median_ms: float = 0.0
    p95_ms: float = 0.0
    # The median without the page cache, its fragments and values kept (warm).
    warm_median_ms: float = 0.0
    # Throughput over the bare view's: cold (nothing kept), fragments kept, page cache.
    cold_ratio: float = 0.0
    ratio: float = 0.0
    cached_ratio: float = 0.0


@dataclass
class Results:
    sizes: list[int]
    pages: dict[int, dict[str, PageFigures]] = field(default_factory=dict)
    bare_rps: dict[int, float] = field(default_factory=dict)
    # Each load phase's figures (bench/load.py), by the phase's name.
    load: dict[str, dict] | None = None


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size >= 1024 else f"{size} B"


def _growth(results: Results, key: str) -> float:
    first, last = results.sizes[0], results.sizes[-1]
    before = results.pages[first][key].median_ms
    return results.pages[last][key].median_ms / before if before else 0.0


def table(results: Results) -> str:
    sizes = results.sizes
    head = ["page"]
    head += [f"{size:,} cold p50/p95 ms" for size in sizes]
    head += [f"{size:,} warm p50 ms" for size in sizes]
    head += ["growth", "queries", f"size at {sizes[-1]:,}", "cold ratio", "ratio", "cached ratio"]
    rows = [head]
    last = sizes[-1]
    for page in PAGES:
        figures = [results.pages[size][page.key] for size in sizes]
        row = [page.label]
        row += [f"{f.median_ms:,.1f} / {f.p95_ms:,.1f}" for f in figures]
        row += [f"{f.warm_median_ms:,.1f}" if page.ratio else "-" for f in figures]
        row.append(f"{_growth(results, page.key):.2f}x")
        row.append(" / ".join(str(f.queries) for f in figures))
        row.append(_kb(results.pages[last][page.key].size))
        if page.ratio:
            at_last = results.pages[last][page.key]
            row += [f"{at_last.cold_ratio:.3f}", f"{at_last.ratio:.3f}"]
            row.append(f"{at_last.cached_ratio:.3f}")
        else:  # timed only
            row += ["-", "-", "-"]
        rows.append(row)
    widths = [max(len(row[index]) for row in rows) for index in range(len(head))]
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    bare = ", ".join(f"{size:,}: {rps:,.0f} requests/s" for size, rps in results.bare_rps.items())
    lines.append(
        f"bare view: {bare}; ratios are at {last:,} documents: cold (nothing kept), "
        "without the page cache (fragments kept), and from the page cache"
    )
    return "\n".join(lines)


def _check(passed: bool, text: str) -> tuple[bool, str]:
    return passed, f"{'PASS' if passed else 'FAIL'}  {text}"


def checks(results: Results) -> list[tuple[bool, str]]:
    """Every target, measured: (passed, line)."""
    first, last = results.sizes[0], results.sizes[-1]
    at_last = results.pages[last]
    found = []
    for page in PAGES:
        figures = at_last[page.key]
        found.append(_check(figures.status == 200, f"{page.label}: answers 200 ({figures.status})"))
        if page.html or page.key == API_SEARCH_KEY:
            growth = _growth(results, page.key)
            found.append(
                _check(growth <= MAX_GROWTH, f"{page.label}: median grows ≤1.5x ({growth:.2f}x)")
            )
        if page.html:
            found.append(
                _check(
                    figures.size <= MAX_HTML_BYTES, f"{page.label}: ≤300 KB ({_kb(figures.size)})"
                )
            )
            found.append(
                _check(
                    figures.cached_ratio >= MIN_CACHED_RATIO,
                    f"{page.label}: page cache ratio ≥0.5 ({figures.cached_ratio:.3f})",
                )
            )
        queries = (results.pages[first][page.key].queries, figures.queries)
        found.append(
            _check(
                queries[0] == queries[1],
                f"{page.label}: queries flat ({queries[0]} → {queries[1]})",
            )
        )
    rare = at_last[RARE_KEY].median_ms
    for key in COMMON_KEYS:
        times = at_last[key].median_ms / rare if rare else 0.0
        found.append(
            _check(times <= MAX_COMMON_OVER_RARE, f"{key}: ≤3x the rare word ({times:.1f}x)")
        )
    for key, minimum in MIN_RATIOS.items():
        ratio = at_last[key].ratio
        found.append(_check(ratio >= minimum, f"{key}: throughput ratio ≥{minimum} ({ratio:.3f})"))
    for key, minimum in MIN_COLD_RATIOS.items():
        ratio = at_last[key].cold_ratio
        found.append(
            _check(ratio >= minimum, f"{key}: cold throughput ratio ≥{minimum} ({ratio:.3f})")
        )
    api = at_last[API_SEARCH_KEY].median_ms
    found.append(
        _check(api <= MAX_API_SEARCH_MS, f"{API_SEARCH_KEY}: cold median ≤300 ms ({api:,.0f} ms)")
    )
    if results.load is not None:
        found += load_checks(results.load)
    return found


def _summary(load: dict) -> str:
    return (
        f"{load['errors']} errors of {load['requests']}{_kinds(load)}; p50 {load['p50_ms']:.0f} ms, "
        f"p95 {load['p95_ms']:.0f} ms, {load['rps']:.0f} requests/s"
    )


def load_checks(phases: dict[str, dict]) -> list[tuple[bool, str]]:
    """The targets of each load phase that ran."""
    found = []
    steady = phases.get("steady")
    for name, load in phases.items():
        head = f"load {name}, {load['clients']} clients for {load['seconds']:.0f} s"
        found.append(_check(load["errors"] == 0, f"{head}: zero errors ({_summary(load)})"))
        writes = load.get("writes")
        if writes is not None:
            written = writes.get("writes", 0)
            found.append(
                _check(
                    written > 0 and not writes.get("failed"),
                    f"{head}: the writer wrote ({written} writes, {writes.get('failed', '?')} "
                    f"failed, median {writes.get('median_ms', 0):.0f} ms"
                    f"{'; ' + writes['failures'][0] if writes.get('failures') else ''})",
                )
            )
        if name == "steady":
            found.append(
                _check(
                    load["p95_ms"] <= MAX_STEADY_P95_MS,
                    f"{head}: p95 ≤500 ms ({load['p95_ms']:.0f} ms)",
                )
            )
        elif name == "publications":
            found.append(
                _check(
                    load["p95_ms"] <= MAX_PUBLICATIONS_P95_MS,
                    f"{head}: p95 ≤1 s ({load['p95_ms']:.0f} ms)",
                )
            )
            if steady is not None:
                share = load["rps"] / steady["rps"] if steady["rps"] else 0.0
                found.append(
                    _check(
                        share >= MIN_PUBLICATIONS_THROUGHPUT,
                        f"{head}: throughput ≥0.5 of the steady run ({share:.2f}: "
                        f"{load['rps']:.0f} / {steady['rps']:.0f} requests/s)",
                    )
                )
        elif name == "deadline":
            share = load["from_cache"] / load["pages"] if load["pages"] else 0.0
            found.append(
                _check(
                    share >= MIN_DEADLINE_FROM_CACHE,
                    f"{head}: ≥95% of pages from the page cache ({share:.1%}: "
                    f"{load['from_cache']} of {load['pages']}; {load['page_cache']})",
                )
            )
    return found


def _kinds(load: dict) -> str:
    """The kinds of the load's errors, as wrk counts them: ", 3 timeout"."""
    return "".join(f", {count} {kind}" for kind, count in load.get("error_kinds", {}).items())

"""Latency of one page (sequential requests on a kept-alive connection) and throughput with
wrk, in rounds interleaved with the bare view so that both meet the same machine load."""

import http.client
import json
import os
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"


@dataclass
class Latency:
    median_ms: float
    p95_ms: float
    runs: int
    status: int


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# A page of a few milliseconds is timed for at least this long, so that its median does not
# rest on nine samples that one hiccup of the machine can move.
MIN_SECONDS = 1.0
MAX_RUNS = 400


def latency(port: int, url: str, *, runs: int, budget_seconds: float) -> Latency:
    """At least `runs` timed requests after one untimed, and more, up to MAX_RUNS, until
    MIN_SECONDS have passed; fewer when a page is slow (3 at least)."""
    return paired_latency({0: (port, url)}, runs=runs, budget_seconds=budget_seconds)[0]


def paired_latency(
    addresses: dict[int, tuple[int, str]], *, runs: int, budget_seconds: float
) -> dict[int, Latency]:
    """The latency of one page at each size (`addresses`: size -> (port, address)), its
    requests alternating between the sizes one by one, so that a page's growth compares
    requests that met the same moment of the machine: timed `latency()` by `latency()`, a
    size's second could be slower than the other's by a quarter. At least `runs` timed
    requests at each size after one untimed, and more, up to MAX_RUNS, until MIN_SECONDS a
    size have passed; fewer when a page is slow (3 at least)."""
    connections = {
        size: http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for size, (port, _url) in addresses.items()
    }
    timings: dict[int, list[float]] = {size: [] for size in addresses}
    statuses = dict.fromkeys(addresses, 0)
    started = time.perf_counter()
    attempt = 0
    while True:
        for size, (_port, url) in addresses.items():
            begun = time.perf_counter()
            connections[size].request("GET", url)
            response = connections[size].getresponse()
            response.read()
            statuses[size] = response.status
            if attempt:
                timings[size].append((time.perf_counter() - begun) * 1000)
        attempt += 1
        spent = time.perf_counter() - started
        if attempt > 3 and spent > budget_seconds * len(addresses):
            break
        taken = attempt - 1
        if taken >= runs and (spent >= MIN_SECONDS * len(addresses) or taken >= MAX_RUNS):
            break
    for connection in connections.values():
        connection.close()
    return {
        size: Latency(
            statistics.median(timings[size]),
            percentile(timings[size], 0.95),
            len(timings[size]),
            statuses[size],
        )
        for size in addresses
    }


@dataclass
class Throughput:
    requests_per_second: float
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    # wrk's counts of each kind: connect, read, write, status (4xx, 5xx), timeout.
    error_kinds: dict[str, int]
    # How many answers were public pages (HTML, or marked by the page cache), and how many
    # said each X-Page-Cache value.
    pages: int = 0
    page_cache: dict[str, int] = field(default_factory=dict)
    # How many gunicorn workers answered (bench/workers.py).
    workers: int = 0


def wrk(port: int, urls: list[str], *, seconds: float, connections: int) -> Throughput:
    """wrk on these addresses (taken in turn), with the report of bench/wrk_report.lua."""
    environment = {**os.environ, "BENCH_PATHS": "\n".join(urls)}
    result = subprocess.run(  # noqa: S603 -- wrk, installed by the Makefile
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(WRK_SCRIPT),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    report = json.loads(line[len("BENCH ") :])
    return Throughput(
        report["requests"] / max(report["seconds"], 1e-9),
        report["requests"],
        report["errors"],
        report["p50_us"] / 1000,
        report["p95_us"] / 1000,
        report["error_kinds"],
        report.get("pages", 0),
        report.get("page_cache") or {},
        report.get("workers", 0),
    )


# The connections of a throughput ratio's rounds (server.gunicorn's `even` shares them out).
RATIO_CONNECTIONS = 4
# A round that not every worker answered is taken again, this many times at most.
BALANCE_TRIES = 3


def balanced_wrk(
    port: int, urls: list[str], *, seconds: float, connections: int, workers: int
) -> Throughput:
    """wrk as `wrk()`, in a round that every one of the server's `workers` answered. A
    worker keeps the connections it accepted for the whole round: in a round that one
    worker answered alone, the bare view answered 700 requests/s, in the others 1,500."""
    for _try in range(BALANCE_TRIES):
        result = wrk(port, urls, seconds=seconds, connections=connections)
        if result.workers >= workers:
            break
    return result


def ratio(
    port: int, url: str, bare: str, *, rounds: int, seconds: float, workers: int
) -> tuple[float, float]:
    """(page requests/s, ratio to the bare view), rounds interleaved, medians of each; each
    round one that all the server's `workers` answered (`balanced_wrk`)."""
    pages, bares = [], []
    # Untimed first: each worker process fills its own kept fragments and each thread opens
    # its database connection, once; the rounds measure the steady state after that.
    wrk(port, [url], seconds=1, connections=RATIO_CONNECTIONS)
    for _ in range(rounds):
        for rates, address in ((bares, bare), (pages, url)):
            result = balanced_wrk(
                port, [address], seconds=seconds, connections=RATIO_CONNECTIONS, workers=workers
            )
            rates.append(result.requests_per_second)
    page, floor = statistics.median(pages), statistics.median(bares)
    return page, page / floor if floor else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None

"""The site as production runs it (README, "Production"): DEBUG off, collected static files,
persistent database connections, gunicorn with gunicorn.conf.py and two workers; with the
page cache in Redis or without a page cache.

The bare view (`/bench/bare/`, bench/urls.py) is served by the same gunicorn, through the
same middleware, so that a page's throughput is compared with Django's own floor.
"""

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from . import measure

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
# A Redis database of the benchmark's own; each server run takes a key prefix of its own.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
WORKERS = "2"
BARE = "/bench/bare/"


def environment(database_url: str, *, page_cache: bool, kept: bool = True) -> dict[str, str]:
    """The production variables of the README, for plain HTTP on the loopback. Without
    `kept`, nothing is kept either: no kept values, fragments or exports (a cold page)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", "bench-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "CWGCOP_VAR_DIR": str(VAR_DIR),
        "SECURE_COOKIES": "0",
        "WEB_CONCURRENCY": WORKERS,
        "PAGE_CACHE_SECONDS": "600" if page_cache else "0",
        "LOG_LEVEL": "WARNING",
        # The API's limit per client is for the public; the benchmark is one client asking
        # for thousands of answers a minute.
        "API_RATE_LIMIT": "1000000/min",
    }
    env.pop("DEBUG_TOOLBAR", None)
    if not kept:
        env["COUNTS_CACHE_SECONDS"] = "0"
    if page_cache:
        env["REDIS_URL"] = REDIS_URL
        env["CACHE_KEY_PREFIX"] = f"bench-{uuid.uuid4().hex[:8]}"
    else:
        env.pop("REDIS_URL", None)
    return env


def collect_static(database_url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        check=True,
        cwd=ROOT,
        env=environment(database_url, page_cache=False),
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    """Until every worker answers: a worker starts in a second or two, and clients that
    connect before the last one is up are all held by the others for the whole run."""
    deadline = time.monotonic() + timeout
    answered: set[str] = set()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped; see var/bench/gunicorn.log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", BARE)
            response = connection.getresponse()
            connection.close()
            if response.status == 200:
                answered.add(response.getheader("X-Worker", ""))
                if len(answered) >= int(WORKERS):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(
        f"{int(WORKERS) - len(answered)} gunicorn worker(s) did not start in a minute"
    )


@contextlib.contextmanager
def writer(env: dict[str, str], kind: str, *, every: float, count: int) -> Iterator[Callable]:
    """bench/writer.py in the server's environment, set up (its documents chosen) when the
    block starts. The block calls what it yields to start the writes, which go on until
    the block ends; its report ("WRITER" line) is then in `report` of that callable."""
    process = subprocess.Popen(  # noqa: S603 -- our own module
        [sys.executable, "-m", "bench.writer", kind, "--every", str(every), "--count", str(count)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    report: dict = {}

    def start() -> None:
        process.stdin.write("go\n")
        process.stdin.flush()

    start.report = report
    try:
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"bench.writer {kind} did not start")
        yield start
    finally:
        process.stdin.close()
        output = process.stdout.read()
        process.wait(timeout=600)
        lines = [line for line in output.splitlines() if line.startswith("WRITER ")]
        if lines:
            report.update(json.loads(lines[-1][len("WRITER ") :]))


@contextlib.contextmanager
def gunicorn(
    database_url: str,
    *,
    page_cache: bool,
    kept: bool = True,
    env: dict[str, str] | None = None,
    even: bool = False,
) -> Iterator[int]:
    """A gunicorn serving the archive; yields its port and stops it afterwards. `env`, when
    given, is its environment (`environment()`), shared with a writer of the same cache.

    `even`, for the throughput ratios (measure.ratio): each worker accepts at most its share
    of the rounds' connections, so that every round uses every worker. Otherwise one worker
    often took all four connections of a round (a page's rounds more often than the bare
    view's, 4 in 5 for a country's page) and kept them to its end: a round then measured one
    core of two, and a page's ratio moved by half either way. Workers are not recycled
    either: the bare view's rounds, 1,500 requests a second, reached `max_requests` every
    dozen seconds, and the next page's round met a worker that had not read a template."""
    extra = []
    if even:
        share = measure.RATIO_CONNECTIONS // int(WORKERS)
        extra = ["--worker-connections", str(share), "--max-requests", "0"]
    port = free_port()
    env = dict(env or environment(database_url, page_cache=page_cache, kept=kept))
    env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(VAR_DIR / "gunicorn.log", "a") as log:
        process = subprocess.Popen(  # noqa: S603 -- gunicorn of our own virtualenv
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "cwgcop.wsgi",
                "--access-logfile",
                os.environ.get("BENCH_ACCESS_LOG", "/dev/null"),
                "--access-logformat",
                "%(t)s %(r)s %(s)s %(M)s %({x-page-cache}o)s",
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        try:
            _wait_until_up(port, process)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                # Requests still queued from a load that has ended: nobody waits for them.
                process.kill()
                process.wait()

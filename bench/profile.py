"""Where a cold page's time goes: each page rendered in-process with nothing kept (no page
cache, no kept values or fragments), its queries counted and its calls profiled.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cwgcop_bench_20000 \\
        .venv/bin/python -m bench.profile [page key ...] [--top 25] [--runs 5] [--only PATTERN]

Prints, for each page, its median time over the runs and, in the run of that median, the
time spent compiling SQL (the ORM), running it and reading its rows (the database and the
driver), and the rest (model instances, templates, Python); its query count; and the
functions with the most cumulative time (cProfile; `--only` keeps the functions of the
files matching a pattern, `'/work/main/(?!.venv)'` the project's own), so that a change can
be measured before and after.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PAGES = ("list", "search_common", "country", "document", "filtered")


class SqlClock:
    """Seconds spent compiling SQL and running it, since the last `reset()`."""

    def __init__(self) -> None:
        from django.db.models.sql.compiler import SQLCompiler

        self.compiling = self.running = 0.0
        self._depth = 0
        compile_sql = SQLCompiler.as_sql
        clock = self

        def timed_as_sql(compiler, *args, **kwargs):
            clock._depth += 1
            started = time.perf_counter()
            try:
                return compile_sql(compiler, *args, **kwargs)
            finally:
                clock._depth -= 1
                if clock._depth == 0:
                    clock.compiling += time.perf_counter() - started

        SQLCompiler.as_sql = timed_as_sql

    def reset(self) -> None:
        self.compiling = self.running = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.running += time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--only", default="", help="a pattern the listed functions' files match")
    arguments = parser.parse_args()
    # The production settings the benchmark's servers run with, nothing kept.
    from bench import server

    os.environ.update(server.environment(os.environ["DATABASE_URL"], page_cache=False))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import addresses

    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE_SECONDS = 0
    settings.COUNTS_CACHE_SECONDS = 0
    urls = addresses()
    client = Client()
    clock = SqlClock()
    for key in arguments.pages:
        url = urls[key]
        client.get(url)  # templates and translations load once per process
        runs = []
        with connection.execute_wrapper(clock):
            for _ in range(arguments.runs):
                clock.reset()
                started = time.perf_counter()
                client.get(url)
                total = time.perf_counter() - started
                runs.append((total * 1000, clock.compiling * 1000, clock.running * 1000))
        runs.sort()
        total, compiling, running = runs[len(runs) // 2]
        with CaptureQueriesContext(connection) as captured:
            profiler = cProfile.Profile()
            profiler.enable()
            response = client.get(url)
            profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        restrictions = [arguments.only] if arguments.only else []
        stats.sort_stats(arguments.sort).print_stats(*restrictions, arguments.top)
        print(
            f"== {key} {url}: {response.status_code}, median {total:.1f} ms (compiling SQL "
            f"{compiling:.1f}, running it {running:.1f}, the rest {total - compiling - running:.1f}), "
            f"{len(captured)} queries, {stats.total_calls:,} calls"
        )
        if arguments.top:
            print(out.getvalue())


if __name__ == "__main__":
    main()

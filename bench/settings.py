"""The site's own settings, with the benchmark's URLs (the bare view) added and each answer
marked with the worker that gave it (bench/workers.py)."""

from cwgcop.settings import *  # noqa: F403 -- exactly the production settings, plus two lines

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.workers.worker_header", *MIDDLEWARE]  # noqa: F405

"""The site's own settings, with the benchmark's URLs (the bare view) added."""

from cwgcop.settings import *  # noqa: F403 -- exactly the production settings, plus one line

ROOT_URLCONF = "bench.urls"

"""Loaded once by the process that forks the parsing processes (files/bounded.py).

It sets Django up, so that a parser may translate a message or read a setting, and loads
the parsers, so that each forked child starts with them ready instead of importing them.
Nothing here opens a database connection: the children only read the file they are given.
"""

import os

import django

if os.environ.get("DJANGO_SETTINGS_MODULE"):
    django.setup(set_prefix=False)

from . import checking, extraction  # noqa: F401  (loaded for the children)

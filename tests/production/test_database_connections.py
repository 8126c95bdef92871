"""The site's PostgreSQL connections plan a cursor for all its rows, and share no query
among parallel workers (cwgcop/database.py)."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def test_a_new_connection_plans_cursors_for_all_rows_and_starts_no_parallel_workers():
    opened = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with opened.cursor() as cursor:
            cursor.execute("SHOW cursor_tuple_fraction")
            fraction = cursor.fetchone()[0]
            cursor.execute("SHOW max_parallel_workers_per_gather")
            workers = cursor.fetchone()[0]
    finally:
        opened.close()

    assert (fraction, workers) == ("1", "0")

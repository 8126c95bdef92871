"""The site's PostgreSQL connections plan a cursor for all its rows (cwgcop/database.py):
every cursor of the site (the exports) reads them all."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def test_a_new_connection_plans_cursors_for_all_their_rows():
    opened = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with opened.cursor() as cursor:
            cursor.execute("SHOW cursor_tuple_fraction")
            assert cursor.fetchone()[0] == "1"
    finally:
        opened.close()

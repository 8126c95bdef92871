"""How the site's PostgreSQL connections are set when they open.

The exports (a list's CSV and JSON, a meeting's zip) read every row of their query through
a server-side cursor. PostgreSQL plans a cursor for its first tenth by default
(`cursor_tuple_fraction`), and Django's cursors outside a transaction are WITH HOLD, read
whole when opened: for Italy's 6,000 documents in a 200,000-document archive it walked
every document newest first, as if a page of them were wanted (450 ms), rather than
reading Italy's and sorting them (160 ms). Every cursor of the site reads all its rows.
"""

from django.db.backends.signals import connection_created
from django.dispatch import receiver


@receiver(connection_created)
def plan_cursors_for_all_their_rows(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1")

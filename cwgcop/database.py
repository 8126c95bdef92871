"""How the site's PostgreSQL connections are set when they open.

The exports (a list's CSV and JSON, a meeting's zip) read every row of their query through
a server-side cursor. PostgreSQL plans a cursor for its first tenth by default
(`cursor_tuple_fraction`), and Django's cursors outside a transaction are WITH HOLD, read
whole when opened: for Italy's 6,000 documents in a 200,000-document archive it walked
every document newest first, as if a page of them were wanted (450 ms), rather than
reading Italy's and sorting them (160 ms). Every cursor of the site reads all its rows.

No query is shared among parallel workers (`max_parallel_workers_per_gather`). A page's
queries take milliseconds, and starting the workers costs more than they save: counting a
country's information documents of a year (200,000 documents) took 7-8 ms with two
workers and takes 3 ms alone. Under load the workers would take the cores that other
requests are waiting for.
"""

from django.db.backends.signals import connection_created
from django.dispatch import receiver

SETTINGS = {"cursor_tuple_fraction": "1", "max_parallel_workers_per_gather": "0"}


@receiver(connection_created)
def set_connection(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, value in SETTINGS.items():
            cursor.execute(f"SET {name} = {value}")

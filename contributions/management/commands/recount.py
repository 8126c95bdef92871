"""Count the listed documents by subject anew (contributions.counts).

The counts are kept as documents change; this is for a database written past the
application (a restore, SQL by hand) and is what the migration that made them runs. The
pages kept with the counts as they were are not served again.
"""

from django.core.management.base import BaseCommand

from contributions.counts import recount_everything
from cwgcop.public_changes import repaired


class Command(BaseCommand):
    help = "Count the listed documents by country, source, topic and meeting anew."

    def handle(self, *args, **options):
        counted = recount_everything()
        repaired()
        self.stdout.write(f"{counted} listed documents counted.")

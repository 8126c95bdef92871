"""Count the words of the public documents, which tell how rare each is (PostgreSQL)."""

from django.core.management.base import BaseCommand

from related.services import refresh_word_frequencies


class Command(BaseCommand):
    help = (
        "Count in how many public documents each word of the search vectors occurs, for "
        "the lists of similar documents. The worker does it at most once a day by itself."
    )

    def handle(self, *args, **options):
        counted = refresh_word_frequencies()
        if counted is None:
            self.stdout.write("Nothing to count: the database is not PostgreSQL.")
        else:
            self.stdout.write(f"Counted the words of {counted} public documents.")

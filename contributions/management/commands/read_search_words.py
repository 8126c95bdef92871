"""Read the search words of documents again (contributions.search).

The words are read again as documents, their sources and topics change, a source's or
topic's documents by the worker. This is for what that could not do: a task that failed
part-way (its remaining documents keep their old words), a database written past the
application, or a change of how the words are read.
"""

from django.core.management.base import BaseCommand, CommandError

from contributions.models import Document, Source, Topic
from contributions.search import documents_named_by, read_words_in_batches, uses_postgresql


class Command(BaseCommand):
    help = "Read the search words of every document again, or of one source's or topic's."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every document")
        which.add_argument("--source", help="the documents of this source (its slug)")
        which.add_argument("--topic", help="the documents of this topic (its slug)")

    def handle(self, *args, **options):
        if not uses_postgresql():
            self.stdout.write("Nothing to read: on SQLite a search reads the text itself.")
            return
        if options["all"]:
            documents = Document.objects.values_list("pk", flat=True).iterator()
        else:
            # The documents a rename's task reads again (contributions.tasks).
            model = Source if options["source"] else Topic
            slug = options["source"] or options["topic"]
            found = model.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"No {model._meta.verbose_name} {slug!r}.")
            documents = documents_named_by(f"{model._meta.model_name}:{found.pk}")
        read = read_words_in_batches(documents)
        self.stdout.write(f"Search words read again for {read} documents.")

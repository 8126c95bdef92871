"""Read the search words of documents again (contributions.search).

The words are read again as documents, their sources and topics change, a source's or
topic's documents by the worker. This is for what that could not do: a task that failed
part-way (its remaining documents keep their old words), a database written past the
application, or a change of how the words are read.
"""

from django.core.management.base import BaseCommand, CommandError

from contributions.models import Document, Source, Topic
from contributions.search import read_words_in_batches, uses_postgresql


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
        documents = Document.objects.all()
        if options["source"]:
            documents = documents.filter(sources=_one(Source, slug=options["source"]))
        elif options["topic"]:
            documents = documents.filter(topics=_one(Topic, slug=options["topic"]))
        read = read_words_in_batches(documents.values_list("pk", flat=True).iterator())
        self.stdout.write(f"Search words read again for {read} documents.")


def _one(model, **names):
    found = model.objects.filter(**names).first()
    if found is None:
        name = model._meta.verbose_name
        raise CommandError(f"No {name} {next(iter(names.values()))!r}.")
    return found

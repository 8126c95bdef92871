from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Documents")

    def ready(self):
        # Registers the site's system checks (a cache every process shares, in production)
        # and how database connections are set when they open.
        from cwgcop import checks, database  # noqa: F401
        from cwgcop.public_changes import watch_public_models

        from .changes import track_document_changes
        from .counts import watch_documents
        from .roles import ensure_roles_after_migrate
        from .search import watch_names

        track_document_changes()
        # What a write changes on the public pages, the meetings' records included.
        watch_public_models()
        # The counts of listed documents by subject, kept as the documents change.
        watch_documents()
        # A source's or a topic's names, read again into its documents' search words.
        watch_names()

        # After django.contrib.auth has created the permissions of every app.
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="contributions-roles")
        # Once the schema is whole: the stored words of every document, when a migration
        # changed how they are read.
        post_migrate.connect(
            reindex_after_migrate, sender=self, dispatch_uid="contributions-search-words"
        )


# Migrations after which every document's stored search words are read again.
REINDEXING_MIGRATIONS = {"0016_search_in_six_languages", "0017_topic_names_per_language"}


def reindex_after_migrate(sender, plan=None, using="default", **kwargs) -> None:
    """Read every document's search words again, in batches, when this migration run
    applied one of REINDEXING_MIGRATIONS. Done here rather than in the migration, with the
    schema complete: the words read columns that later migrations add."""
    applied = {
        migration.name
        for migration, backwards in plan or []
        if migration.app_label == "contributions" and not backwards
    }
    if not applied & REINDEXING_MIGRATIONS:
        return
    from .models import Document
    from .search import refresh_search_index

    ids = list(Document.objects.using(using).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        refresh_search_index(document_ids=ids[start : start + 2000])

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "contributions"
    verbose_name = _("Documents")

    def ready(self):
        # Registers the site's system checks (a cache every process shares, in production).
        import cwgcop.checks  # noqa: F401
        from cwgcop.public_changes import watch_public_models

        from .changes import track_document_changes
        from .counts import watch_documents
        from .roles import ensure_roles_after_migrate

        track_document_changes()
        # What a write changes on the public pages, the meetings' records included.
        watch_public_models()
        # The counts of listed documents by subject, kept as the documents change.
        watch_documents()

        # After django.contrib.auth has created the permissions of every app.
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="contributions-roles")

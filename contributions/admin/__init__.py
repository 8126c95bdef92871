"""The back office: delegates draft and submit, the secretariat reviews, numbers, publishes.

Every write goes through contributions.services and every question of who may do what
through contributions.rules; these modules only parse forms and show results. Importing
the package registers the admin classes.
"""

from auditlog.models import LogEntry as ChangeLogEntry
from django.contrib import admin

from .documents import DocumentAdmin
from .sources import SourceAdmin, TopicAdmin

__all__ = ["DocumentAdmin", "SourceAdmin", "TopicAdmin"]

# The library's list of every change of every record is no one's door: each record's page
# shows its own changes to those who may read them (a delegate, their documents' only).
if admin.site.is_registered(ChangeLogEntry):
    admin.site.unregister(ChangeLogEntry)

"""The back office: delegates draft and submit, the secretariat reviews, numbers, publishes.

Every write goes through contributions.services and every question of who may do what
through contributions.rules; these modules only parse forms and show results. Importing
the package registers the admin classes.
"""

from .documents import DocumentAdmin
from .sources import SourceAdmin, TopicAdmin

__all__ = ["DocumentAdmin", "SourceAdmin", "TopicAdmin"]

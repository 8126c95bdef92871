"""The group whose pages these are, for the site's header, title and navigation."""

from django.db import DatabaseError

from .addresses import default_slug, kept_groups
from .current import active_group


def working_group(_request) -> dict:
    """`working_group`: the active group when it is not the first (whose pages keep the
    site's own name); `working_groups`: every group, when there are several."""
    group = active_group()
    try:
        groups = kept_groups()
    except DatabaseError:  # the outage page (cwgcop.outage) names no group
        groups = []
    return {
        "working_group": group if group is not None and group.slug != default_slug() else None,
        "working_groups": groups if len(groups) > 1 else [],
    }

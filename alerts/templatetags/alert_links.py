"""The address of each group's alert form, for the pages every group shares (a country, a
source): an alert follows one group's documents, so such a page offers one per group."""

from django import template

from workinggroups.addresses import group_reverse, kept_groups

register = template.Library()


@register.simple_tag
def alert_forms() -> list[tuple[object, str]]:
    """(group, the address of its alert form), for every group, in their order."""
    return [(group, group_reverse(group.slug, "alerts:subscribe")) for group in kept_groups()]

from django import template

from ..selectors import similar_documents as similar_for

register = template.Library()


@register.simple_tag
def similar_documents(document):
    """The documents like this one, for its page (one query)."""
    return similar_for(document)

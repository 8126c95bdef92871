from django import template

from contributions import selectors
from contributions.models import Document

register = template.Library()


@register.simple_tag
def public_revisions(document: Document) -> list[Document]:
    """The other public revisions of a document, the original first."""
    return selectors.public_revisions(document)

from typing import Any

from django import template

from contributions import document_page
from contributions.models import Document

register = template.Library()


@register.simple_tag
def public_revisions(document: Document, user: Any) -> list[Document]:
    """The other public revisions of a document, the original first, each with its files
    as `readable_files`: those this person may download (members-only ones are left out
    for everyone else, names and all)."""
    revisions = document_page.public_revisions(document)
    for revision in revisions:
        revision.readable_files = [
            document_file
            for document_file in document_page.files_for_page(revision, user)
            if document_file.readable
        ]
    return revisions

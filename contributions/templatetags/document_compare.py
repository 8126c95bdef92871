from dataclasses import dataclass
from typing import Any

from django import template

from contributions import compare, visibility
from contributions.models import Document, DocumentFile, Language

register = template.Library()


@dataclass(frozen=True)
class CompareLink:
    version: Document
    language: str
    label: str
    url: str


@register.simple_tag
def compare_links(document: Document, user: Any) -> list[CompareLink]:
    """A link to each comparison of this document with another public version of it, in
    each language both have a file with text in that this person's audience reads. One
    query when it has other versions, none otherwise."""
    versions = compare.versions_of(document) if document.number else []
    if not versions:
        return []
    files = DocumentFile.objects.filter(
        document__in=[document, *(version.document for version in versions)]
    )
    seen = visibility.files_seen_by(visibility.audience(user), compare.with_text(files))
    languages: dict[int, set[str]] = {}
    for document_id, language in seen.values_list("document_id", "language"):
        languages.setdefault(document_id, set()).add(language)
    own = languages.get(document.pk, set())
    links = []
    for version in versions:
        older, newer = version.pair(document)
        for code, label in Language.choices:
            if code in own and code in languages.get(version.document.pk, ()):
                links.append(
                    CompareLink(
                        version.document, code, label, compare.comparison_path(older, newer, code)
                    )
                )
    return links

"""The meeting page's documents grouped by kind, read by the template inside its kept
fragment: a kept copy of the fragment is served without their queries. Each group's
entries are written here rather than in the template, as the documents list's are
(contributions.templatetags.document_items): a group lists up to fifty documents and
their files, and the template engine took most of a large meeting's page to resolve them."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from contributions import addresses
from contributions.rules import audience
from contributions.templatetags.document_items import members_only_mark
from contributions.templatetags.page_language import RecordWriter, escaped
from workinggroups.addresses import slug_of_document

from ..materials import KindGroup, documents_by_kind

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_documents_by_kind(context: template.Context, meeting: Any) -> list[KindGroup]:
    """`{% meeting_documents_by_kind meeting as groups %}`: the groups for whoever reads
    the page (members-only files linked for those who may download them)."""
    return documents_by_kind(meeting, audience=audience(context["request"].user))


def _files(document: Any, separator: str) -> str:
    links = [
        f'<a href="{escaped(document_file.get_absolute_url())}" download>'
        f"{escaped(document_file.get_language_display())} "
        f"({escaped(document_file.format_label)})</a>"
        for document_file in document.seen_files
    ]
    return ": " + separator.join(links) if links else ""


def _entry(document: Any, writer: RecordWriter, members_only: str) -> str:
    number = f"<bdi>{escaped(document.number)}</bdi> " if document.number else ""
    href = addresses.document_address(
        document.number, document.pk, slug_of_document(document), writer.address
    )
    link = f'<a href="{escaped(href)}">{writer.document_title(document)}</a>'
    mark = f" {members_only}" if document.is_restricted else ""
    return f"<li>{number}{link}{_files(document, writer.separators[0])}{mark}</li>"


@register.simple_tag
def kind_group_items(group: KindGroup) -> SafeString:
    """A group's entries: number, title and link, the files this audience may download,
    and the members-only mark; every record value escaped here."""
    writer = RecordWriter()
    members_only = members_only_mark(writer.language)
    return mark_safe(  # noqa: S308 -- every record value is escaped in _entry
        "\n".join(_entry(document, writer, members_only) for document in group.documents)
    )

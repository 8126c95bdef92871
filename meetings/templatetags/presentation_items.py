"""The entries of a list of presentations (a meeting's programme, a source's presentations),
written here rather than in a template, as the lists of documents are
(contributions.templatetags.document_items): a large meeting's programme lists dozens of
presentations, and the template engine took a third of its page to resolve them."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from contributions.templatetags.page_language import RecordWriter, escaped

register = template.Library()


@register.simple_tag
def presentation_items(
    presentations: Iterable[Any],
    heading_level: int | str = 3,
    *,
    with_presenters: bool = False,
    with_headings: bool = False,
    with_meeting: bool = False,
) -> SafeString:
    """Each presentation's entry: its report heading where it changes (`with_headings`),
    its title (its document's number and title, linked, when the document is public), its
    status, its presenters (`with_presenters`), its meeting and agenda item
    (`with_meeting`) and its summary; every record value escaped here."""
    writer = RecordWriter()
    heading = f"h{escaped(heading_level or 3)}"
    comma = escaped(pgettext("between two items of a list, not the last two", ", "))
    entries, last_heading = [], None
    for presentation in presentations:
        subheading = ""
        if with_headings and presentation.heading:
            if presentation.heading != last_heading:
                subheading = f'<p class="subheading">{writer.written_in(presentation.heading)}</p>'
            last_heading = presentation.heading
        document = presentation.document
        if document and document.is_public:
            title = (
                f'<a href="{escaped(document.get_absolute_url())}">'
                f"<bdi>{escaped(document.number)}</bdi> {writer.document_title(document)}</a>"
            )
        else:
            title = writer.written_in(presentation.public_title)
        meta = (
            f'<span class="badge badge-{escaped(presentation.status)}">'
            f"{escaped(presentation.get_status_display())}</span>\n"
        )
        if with_presenters:
            meta += " " + writer.source_links(presentation.presenter_sources())
        if with_meeting:
            meeting = presentation.meeting
            meta += (
                (" ·" if with_presenters else "")
                + f' <a href="{escaped(meeting.get_absolute_url())}#presentation-'
                + f'{escaped(presentation.order)}">{escaped(meeting.code)}</a>'
            )
            if presentation.agenda_item:
                meta += comma + writer.written_in(presentation.agenda_item)
        summary = presentation.public_summary
        summary = f"<p{writer.lang_attrs()}>{escaped(summary)}</p>" if summary else ""
        entries.append(
            f'\n  <li id="presentation-{escaped(presentation.order)}">\n    {subheading}\n'
            f'    <{heading} class="presentation-title">{title}</{heading}>\n'
            f'    <p class="meta">{meta}</p>\n    {summary}\n  </li>\n'
        )
    return mark_safe("".join(entries))  # noqa: S308 -- every record value is escaped above

"""A group's names in the page's language, marked with their own language when English."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

register = template.Library()


def _marked(text: str, language: str) -> str:
    page = (get_language() or "en").split("-")[0]
    if language == page:
        return format_html("{}", text)
    return format_html('<span lang="{}">{}</span>', language, text)


@register.filter
def group_acronym(group) -> str:
    return _marked(*group.acronym_in(get_language()))


@register.filter
def group_name(group) -> str:
    return _marked(*group.name_in(get_language()))


@register.filter
def group_acronym_text(group) -> str:
    """The short name in the page's language, as text (a title, an attribute)."""
    return group.acronym_in(get_language())[0]


@register.filter
def group_name_text(group) -> str:
    """The full name in the page's language, as text (a title, an attribute)."""
    return group.name_in(get_language())[0]


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    """The site's name on these pages: "<group> Documents" on the pages of a group other
    than the first, the site's own name on the others (workinggroups.context_processors)."""
    group = context.get("working_group")
    if group is None:
        return gettext("CWG-COP Documents")
    return gettext("%(group)s Documents") % {"group": group.acronym_in(get_language())[0]}

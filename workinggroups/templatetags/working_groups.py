"""A group's names in the page's language, marked with their own language when English."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

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

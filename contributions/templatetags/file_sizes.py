"""`{{ file.size|file_size }}`: a size in bytes as every page writes it (files/sizes.py)."""

from django import template

from contributions.files import human_size

register = template.Library()


@register.filter
def file_size(value: int | None) -> str:
    return "" if value is None else human_size(value)

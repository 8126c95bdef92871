"""Template helpers for document pages."""

from django import template
from django.http import QueryDict

from contributions.models import Language

register = template.Library()

_LANGUAGE_LABELS = dict(Language.choices)


@register.filter
def languages(codes: str) -> list[tuple[str, str]]:
    """ "en fr " (the `language_codes` of a listed document) as [("en", "English"), ...]."""
    return [(code, _LANGUAGE_LABELS.get(code, code)) for code in (codes or "").split()]


@register.simple_tag
def query_with(query: str, **changes) -> str:
    """The query string `query` with some keys replaced (None removes the key)."""
    params = QueryDict(query, mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()

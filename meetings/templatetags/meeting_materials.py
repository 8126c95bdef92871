"""The meeting page's documents grouped by kind, read by the template inside its kept
fragment: a kept copy of the fragment is served without their queries."""

from typing import Any

from django import template

from contributions.rules import audience

from ..materials import KindGroup, documents_by_kind

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_documents_by_kind(context: template.Context, meeting: Any) -> list[KindGroup]:
    """`{% meeting_documents_by_kind meeting as groups %}`: the groups for whoever reads
    the page (members-only files linked for those who may download them)."""
    return documents_by_kind(meeting, audience=audience(context["request"].user))

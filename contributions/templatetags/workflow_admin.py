from django import template

from contributions import rules, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue_summary(context) -> dict[str, int] | None:
    """The queue's counts for the admin index, to those who may see the queue."""
    request = context.get("request")
    if request is None or not rules.can_view_review_queue.test(request.user):
        return None
    return selectors.review_queue_counts()

from django import template
from django.utils import timezone

from contributions import rules, selectors, services
from contributions.admin.display import meeting_time as _meeting_time

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue_summary(context) -> dict[str, int] | None:
    """The queue's counts for the admin index, to those who may see the queue."""
    request = context.get("request")
    if request is None or not rules.can_view_review_queue.test(request.user):
        return None
    return selectors.review_queue_counts(selectors.documents_visible_to(request.user))


@register.simple_tag(takes_context=True)
def delegate_desk(context) -> dict | None:
    """A delegate's documents by what to do next and the meetings open for contributions;
    None for anyone who is not a delegate (the secretariat has the queue instead)."""
    request = context.get("request")
    if request is None or rules.is_secretariat.test(request.user):
        return None
    if not rules.is_delegate.test(request.user):
        return None
    if not hasattr(request, "_delegate_desk"):
        # Asked by several blocks of one page.
        now = timezone.now()
        request._delegate_desk = {
            "groups": selectors.delegate_desk(request.user),
            "meetings": [
                (meeting, services.is_late(meeting=meeting, at=now))
                for meeting in selectors.meetings_open_for_contributions()
            ],
        }
    return request._delegate_desk


@register.filter
def meeting_time(value, zone: str = ""):
    """A moment in Geneva time in the admin's one format; `meeting_time:"zone"` adds CET."""
    return _meeting_time(value, zone=bool(zone))

from django import template
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from accounts.languages import reminders_wanted

register = template.Library()


@register.inclusion_tag("accounts/desk_reminders.html", takes_context=True)
def deadline_reminders_setting(context) -> dict:
    """The desk's switch of the reminders of contribution deadlines."""
    from meetings.reminders import reminder_days

    request = context["request"]
    days = reminder_days()
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "wanted": reminders_wanted(request.user),
        # "14 and 3": the steps, the farthest first.
        "days": get_text_list([str(day) for day in reversed(days)], _("and")),
    }

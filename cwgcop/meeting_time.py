"""The admin works in the meetings' time zone (Geneva), where deadlines are set.

Datetimes in the admin's forms and lists are shown and read in this zone, so that a
deadline of 23:59 in Geneva is 23:59 on the secretariat's screen, whatever the server's
zone (UTC) and the person's own.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeetingTimeZoneInAdminMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            timezone.activate(settings.MEETING_TIME_ZONE)


class MeetingTimeFieldsMixin:
    """A ModelAdmin mixin: every date-and-time field says that it is in Geneva time."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            formfield.help_text = " ".join(
                part for part in [str(formfield.help_text), str(_("Geneva time."))] if part
            )
        return formfield

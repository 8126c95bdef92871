"""The sign-in records in the admin (django-axes's own pages), each person reading those of
the accounts they reach (selectors.py): the secretariat of one group reads no superuser's
and no other group's officer's sign-ins, addresses and browsers."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from .selectors import sign_ins_seen_by


class SignInsSeenMixin:
    """A list of sign-in records, and each record's page, hold those of the accounts the
    person reaches: another's record does not exist for them."""

    def get_queryset(self, request):
        return sign_ins_seen_by(request.user, super().get_queryset(request))


class AttemptAdmin(SignInsSeenMixin, AccessAttemptAdmin):
    pass


class LogAdmin(SignInsSeenMixin, AccessLogAdmin):
    pass


class FailureLogAdmin(SignInsSeenMixin, AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, AttemptAdmin),
    (AccessLog, LogAdmin),
    (AccessFailureLog, FailureLogAdmin),
):
    # Registered by axes (AXES_ENABLE_ADMIN), whose admin is read before this app's.
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)

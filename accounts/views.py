"""The settings a signed-in person changes for their own account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .languages import set_deadline_reminders


@require_http_methods(["GET", "HEAD", "POST"])
@login_required(login_url="admin:login")
def deadline_reminders(request: HttpRequest) -> HttpResponse:
    """Turn the reminders of contribution deadlines on or off, from the desk. The address
    opened (a link followed from the mail) leads to the setting on the desk."""
    if request.method != "POST":
        return redirect(reverse("admin:index") + "#deadline-reminders")
    wanted = request.POST.get("deadline_reminders") == "on"
    set_deadline_reminders(user=request.user, wanted=wanted)
    if wanted:
        messages.success(request, _("Deadline reminders are on."))
    else:
        messages.success(request, _("Deadline reminders are off: you will not be mailed them."))
    return redirect(reverse("admin:index") + "#deadline-reminders")

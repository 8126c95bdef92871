"""The secretariat requires a second factor of one delegate, from their source's page
(cwgcop.two_factor.require_two_factor; a setting may require it of every delegate)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cwgcop.languages import join_in_language
from cwgcop.two_factor import REQUIRED_GROUP, has_two_factor, require_two_factor

from .. import rules
from ..models import Source


def second_factor_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """Each delegate of the source, whether a second factor is required of them and whether
    they have one; the secretariat ticks whom it requires it of."""
    if not rules.is_secretariat.test(request.user):
        raise PermissionDenied(_("Only the secretariat requires a second factor of a delegate."))
    source = get_object_or_404(Source, pk=object_id)
    delegates = list(source.delegates.order_by("username").prefetch_related("groups"))
    if request.method == "POST":
        chosen = set(request.POST.getlist("required"))
        changed = []
        for delegate in delegates:
            required = str(delegate.pk) in chosen
            if required != _is_required(delegate):
                require_two_factor(user=delegate, by=request.user, required=required)
                changed.append(delegate)
        if changed:
            messages.success(request, _saved_message(changed))
        else:
            messages.info(request, _("Nothing was changed."))
        return HttpResponseRedirect(
            reverse("admin:contributions_source_second_factor", args=[source.pk])
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "original": source,
        "title": _("Second factor of the delegates of %(source)s") % {"source": source.name},
        "rows": [
            {
                "delegate": delegate,
                "required": _is_required(delegate),
                "has_one": has_two_factor(delegate),
            }
            for delegate in delegates
        ],
    }
    return TemplateResponse(request, "admin/contributions/source/second_factor.html", context)


def _is_required(user) -> bool:
    return any(group.name == REQUIRED_GROUP for group in user.groups.all())


def _saved_message(changed) -> str:
    required = [user.get_username() for user in changed if _is_required(user)]
    released = [user.get_username() for user in changed if not _is_required(user)]
    parts = []
    if required:
        parts.append(
            _("A second factor is now required of %(names)s.")
            % {"names": join_in_language(required)}
        )
    if released:
        parts.append(
            _("A second factor is no longer required of %(names)s.")
            % {"names": join_in_language(released)}
        )
    return " ".join(parts)

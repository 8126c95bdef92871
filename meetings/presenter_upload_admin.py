"""The Presentation admin's "Send an upload link": a form for the presenter's address, name
and the mail's language; the mail goes through the task queue."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contributions.rules import is_secretariat

from .presenter_uploads import link_until, send_upload_link


class UploadLinkForm(forms.Form):
    email = forms.EmailField(label=_("Presenter's e-mail address"))
    name = forms.CharField(label=_("Presenter's name"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Language of the mail"), choices=settings.LANGUAGES, initial="en"
    )


class UploadLinkAdminMixin:
    """Adds the upload-link page to the Presentation admin and its button to the change page."""

    change_form_template = "admin/meetings/presentation/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/upload-link/",
                self.admin_site.admin_view(self.upload_link_view),
                name="meetings_presentation_upload_link",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        presentation = self.get_object(request, object_id) if str(object_id).isdigit() else None
        extra_context = {
            **(extra_context or {}),
            "upload_link_url": reverse("admin:meetings_presentation_upload_link", args=[object_id])
            if presentation is not None and is_secretariat.test(request.user, presentation)
            else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def upload_link_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not is_secretariat.test(request.user):
            raise PermissionDenied
        # Another group's presentation does not exist for this person (the admin's rows).
        presentation = get_object_or_404(
            self.get_queryset(request).select_related("meeting", "document"), pk=pk
        )
        if not is_secretariat.test(request.user, presentation):
            raise PermissionDenied
        form = UploadLinkForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                send_upload_link(presentation=presentation, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("An upload link was sent to %(email)s; it works until %(until)s.")
                    % {
                        "email": form.cleaned_data["email"],
                        "until": date_format(link_until(presentation)),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:meetings_presentation_change", args=[presentation.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send an upload link"),
            "opts": self.model._meta,
            "original": presentation,
            "presentation": presentation,
            "until": link_until(presentation),
            "form": form,
        }
        return TemplateResponse(
            request, "admin/meetings/presentation/send_upload_link.html", context
        )

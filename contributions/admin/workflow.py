"""The workflow buttons on a document's page and the confirmation page each one opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .. import services
from ..forms import ReasonForm
from ..models import Document

Status = Document.Status


class WorkflowViewsMixin:
    """DocumentAdmin's workflow buttons and their confirmation page."""

    def available_actions(self, request: HttpRequest, document: Document) -> list[str]:
        return services.available_actions(document=document, by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if document is not None:
            extra_context["workflow_actions"] = [
                (
                    action,
                    services.ACTIONS[action],
                    reverse("admin:contributions_document_workflow", args=[document.pk, action]),
                )
                for action in self.available_actions(request, document)
            ]
            extra_context["last_return"] = (
                document.events.filter(to_status=Status.RETURNED).last()
                if document.status == Status.RETURNED
                else None
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
        if action not in services.ACTIONS or not services.ACTIONS[action].offered:
            raise Http404
        document = self.get_object(request, unquote(object_id))
        if document is None or not self.has_view_permission(request, document):
            raise Http404
        if action not in self.available_actions(request, document):
            raise PermissionDenied
        spec = services.ACTIONS[action]
        change_url = reverse("admin:contributions_document_change", args=[document.pk])
        form = ReasonForm(
            request.POST if request.method == "POST" else None,
            required=spec.reason == services.Reason.REQUIRED,
        )
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    result = services.take_action(
                        action=action,
                        document=document,
                        by=request.user,
                        reason=form.cleaned_data.get("reason", ""),
                    )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(change_url)
            messages.success(request, spec.done % {"number": result.number})
            return HttpResponseRedirect(
                reverse("admin:contributions_document_change", args=[result.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": spec.label,
            "subtitle": str(document),
            "document": document,
            "original": document,
            "action": spec,
            "form": form,
            "show_reason": spec.reason != services.Reason.NONE,
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/contributions/document/workflow_confirm.html", context
        )

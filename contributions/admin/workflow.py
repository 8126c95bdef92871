"""The workflow buttons on a document's page and the confirmation page each one opens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import ReasonForm
from ..models import Document

Status = Document.Status


@dataclass(frozen=True)
class WorkflowAction:
    """A button on a document's page: which service it calls and what it asks first."""

    label: Any
    confirm: Any
    reason: str  # "required", "optional" or "" (no reason asked)
    css_class: str = ""


WORKFLOW_ACTIONS = {
    "submit": WorkflowAction(
        _("Submit"),
        _("Submit this document to the secretariat? You cannot change it while it is reviewed."),
        "",
        "default",
    ),
    "withdraw": WorkflowAction(
        _("Withdraw"),
        _("Withdraw this document? It will not be considered at the meeting."),
        "optional",
    ),
    "accept": WorkflowAction(
        _("Accept"),
        _("Accept this document? It gets the next number of its series."),
        "",
        "default",
    ),
    "return": WorkflowAction(
        _("Return to the delegates"),
        _("Return this document to its delegates? Tell them what to correct."),
        "required",
    ),
    "reject": WorkflowAction(
        _("Reject"), _("Reject this document for good? Tell the delegates why."), "required"
    ),
    "publish": WorkflowAction(
        _("Publish"), _("Publish this document? Anyone can then read it."), "", "default"
    ),
    "unpublish": WorkflowAction(
        _("Unpublish"),
        _("Take this document off the public pages? It keeps its number."),
        "required",
    ),
    "revise": WorkflowAction(
        _("Upload a revision"),
        _(
            "Start a revision of this document? It gets the same number with (Rev.n) once "
            "accepted; this version stays readable."
        ),
        "",
    ),
}


def run_action(action: str, *, document: Document, by: Any, reason: str) -> Document:
    if action == "submit":
        return services.submit_document(document=document, by=by)
    if action == "withdraw":
        return services.withdraw_document(document=document, by=by, reason=reason)
    if action == "accept":
        return services.accept_document(document=document, by=by)
    if action == "return":
        return services.return_document(document=document, by=by, reason=reason)
    if action == "reject":
        return services.reject_document(document=document, by=by, reason=reason)
    if action == "publish":
        return services.publish_document(document=document, by=by)
    if action == "unpublish":
        return services.unpublish_document(document=document, by=by, reason=reason)
    if action == "revise":
        return services.create_revision(document=document, by=by)
    raise Http404


DONE_MESSAGES = {
    "submit": _("Submitted. The secretariat has been told and will review it."),
    "withdraw": _("Withdrawn."),
    "accept": _("Accepted as %(number)s. The delegates have been told."),
    "return": _("Returned to the delegates with your reason."),
    "reject": _("Rejected. The delegates have been told why."),
    "publish": _("Published as %(number)s."),
    "unpublish": _("Taken off the public pages. The delegates have been told why."),
    "revise": _("A revision has been started. Upload its files, then submit it."),
}


class WorkflowViewsMixin:
    """DocumentAdmin's workflow buttons and their confirmation page."""

    def available_actions(self, request: HttpRequest, document: Document) -> list[str]:
        actions = services.available_actions(document=document, by=request.user)
        return [action for action in WORKFLOW_ACTIONS if action in actions]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if document is not None:
            extra_context["workflow_actions"] = [
                (
                    action,
                    WORKFLOW_ACTIONS[action],
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
        if action not in WORKFLOW_ACTIONS:
            raise Http404
        document = self.get_object(request, unquote(object_id))
        if document is None or not self.has_view_permission(request, document):
            raise Http404
        if action not in self.available_actions(request, document):
            raise PermissionDenied
        spec = WORKFLOW_ACTIONS[action]
        change_url = reverse("admin:contributions_document_change", args=[document.pk])
        form = ReasonForm(
            request.POST if request.method == "POST" else None,
            required=spec.reason == "required",
        )
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    result = run_action(
                        action,
                        document=document,
                        by=request.user,
                        reason=form.cleaned_data.get("reason", ""),
                    )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(change_url)
            messages.success(request, DONE_MESSAGES[action] % {"number": result.number})
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
            "show_reason": bool(spec.reason),
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/contributions/document/workflow_confirm.html", context
        )

"""The workflow buttons on a document's page and the confirmation page each one opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms import ReasonForm
from ..models import Document
from ..services.numbering import acceptance_number

Status = Document.Status

# What takes a document off its way: shown apart from the step forward, after it.
SET_APART = frozenset({"reject", "withdraw", "unpublish"})


def number_on_acceptance(document: Document) -> str:
    """The number accept_document would give the document now, without giving it: its
    own if the secretariat wrote one, its original's with (Rev.n) for a revision, else
    the next of its series; empty for a kind that takes none."""
    number = acceptance_number(document, meeting=document.meeting, preview=True)
    return number.get("number", document.number)


class WorkflowViewsMixin:
    """DocumentAdmin's workflow buttons and their confirmation page.

    Where the person may edit the document, the buttons are submit buttons of its form:
    pressing one saves what was typed and chosen first, through the services, and only
    then opens the action's confirmation page; a save that fails takes no action and
    shows the form again as it was filled in. Where the form is read-only, they are links.
    """

    def available_actions(self, request: HttpRequest, document: Document) -> list[str]:
        return services.available_actions(document=document, by=request.user)

    def _workflow_url(self, document: Document, action: str) -> str:
        return reverse("admin:contributions_document_workflow", args=[document.pk, action])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if document is not None:
            actions = self.available_actions(request, document)
            blockers = services.submission_blockers(document) if "submit" in actions else []
            if blockers:
                # Not offered until it can succeed; the page says what is missing.
                actions.remove("submit")
            may_delete = self.has_delete_permission(request, document)
            if may_delete and "withdraw" in actions:
                # A draft never submitted is deleted, not withdrawn: one way out, not two.
                actions.remove("withdraw")
            buttons = [
                (action, services.ACTIONS[action], self._workflow_url(document, action))
                for action in actions
            ]
            extra_context["workflow_actions"] = [b for b in buttons if b[0] not in SET_APART]
            extra_context["workflow_set_apart"] = [b for b in buttons if b[0] in SET_APART]
            extra_context["may_delete_draft"] = may_delete
            extra_context["submit_blockers"] = blockers
            extra_context["glance_sources"] = [
                link.source for link in document.document_sources.select_related("source")
            ]
            extra_context["glance_files"] = list(
                document.files.defer("text").select_related("document").order_by("language")
            )
            extra_context["actions_in_form"] = self.has_change_permission(request, document)
            extra_context["last_return"] = (
                document.events.filter(to_status=Status.RETURNED).last()
                if document.status == Status.RETURNED
                else None
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        # Whether the save before an action changed anything, for its confirmation.
        request._document_changed = bool(message)
        return message

    def response_change(self, request, obj):
        action = request.POST.get("_workflow")
        if action is None:
            return super().response_change(request, obj)
        # The edits and files are saved by now; the action is confirmed on its own page.
        if getattr(request, "_document_changed", False):
            messages.success(request, _("Your changes were saved."))
        document = Document.objects.get(pk=obj.pk)
        if action in self.available_actions(request, document):
            blockers = services.submission_blockers(document) if action == "submit" else []
            if not blockers:
                return HttpResponseRedirect(self._workflow_url(document, action))
            for message in blockers:
                messages.error(request, message)
        else:
            messages.error(request, _("This action is not possible for the document any more."))
        return HttpResponseRedirect(
            reverse("admin:contributions_document_change", args=[document.pk])
        )

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
        meeting = document.meeting
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": spec.label,
            "subtitle": str(document),
            "document": document,
            "original": document,
            "action_name": action,
            "action": spec,
            "form": form,
            "show_reason": spec.reason != services.Reason.NONE,
            "change_url": change_url,
            "sources": [link.source for link in document.document_sources.select_related("source")],
            "files": list(document.files.defer("text").order_by("language")),
            "deadline": meeting.contribution_deadline,
            # Only a submission is judged against the deadline, and at the moment it is sent.
            "late_now": action == "submit" and services.is_late(meeting=meeting, at=timezone.now()),
            "number_to_give": number_on_acceptance(document) if action == "accept" else "",
        }
        return TemplateResponse(
            request, "admin/contributions/document/workflow_confirm.html", context
        )

"""The secretariat's review queue and the bulk publication of accepted documents."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .. import rules, selectors, services
from ..models import Document, DocumentFile

Status = Document.Status


class ReviewQueueMixin:
    """DocumentAdmin's review queue page, its link on the list, and bulk publication."""

    def review_queue_view(self, request: HttpRequest) -> HttpResponse:
        if not rules.can_view_review_queue.test(request.user):
            raise PermissionDenied
        # The queue of the groups the person works in (a superuser's: every group's).
        visible = selectors.documents_visible_to(request.user)
        documents = (selectors.review_queue() & visible).prefetch_related(
            "document_sources__source",
            # Their differences from the record are shown; their text is not needed.
            Prefetch("files", queryset=DocumentFile.objects.defer("text").order_by("language")),
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review queue"),
            "documents": documents,
            "counts": visible.aggregate(
                submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
                late=Count("pk", filter=Q(status=Status.SUBMITTED, is_late=True)),
                accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
            ),
            "can_act": rules.is_secretariat.test(request.user),
        }
        return TemplateResponse(request, "admin/contributions/document/review_queue.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["show_queue_link"] = rules.can_view_review_queue.test(request.user)
        return super().changelist_view(request, extra_context)

    # ---- Bulk publication

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_publish_permission(self, request):
        return rules.is_secretariat.test(request.user)

    @admin.action(description=_("Publish the selected accepted documents"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        publishable = services.ACTIONS["publish"].from_
        accepted = list(queryset.filter(status__in=publishable).order_by("sequence", "pk"))
        # A group where the person is chair, not secretariat, is published by its own.
        documents = [
            document for document in accepted if rules.can_publish.test(request.user, document)
        ]
        skipped = queryset.exclude(status__in=publishable).count()
        if len(documents) < len(accepted):
            self.message_user(
                request,
                _(
                    "%(count)d selected documents belong to a group whose secretariat you are "
                    "not and were left as they are."
                )
                % {"count": len(accepted) - len(documents)},
                messages.WARNING,
            )
        if documents:
            services.publish_documents(documents=documents, by=request.user)
            self.message_user(
                request,
                _("Published %(count)d documents.") % {"count": len(documents)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("%(count)d selected documents were not accepted and were left as they are.")
                % {"count": skipped},
                messages.WARNING,
            )

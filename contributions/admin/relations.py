"""The documents a document's relations name, on its admin page: by number and title, linked,
to whoever may read them (visibility.documents_readable_by); to anyone else only as a
document they may not read. A relation's own name (`DocumentRelation.__str__`) names both
documents for everyone: the rows of its inlines are named here instead."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import visibility
from ..changes import UNREADABLE_DOCUMENT
from ..models import Document, DocumentRelation
from ..selectors import SEARCH_VECTORS
from .inlines import ReadOnlyDocumentInline


def document_link(document: Document | None, *, readable: bool) -> str:
    """A document on an admin page: linked to its own page if the person may read it, else
    named neutrally."""
    if document is None:
        return "-"
    if not readable:
        return str(UNREADABLE_DOCUMENT)
    url = reverse("admin:contributions_document_change", args=[document.pk])
    return format_html('<a href="{}">{}</a>', url, document)


class RelatedDocumentNames:
    """The documents one document's relations name, as one person reads them. One query,
    and none when every one is public."""

    def __init__(self, user: Any, document: Document | None):
        self.user = user
        self.document = document
        self._readable: frozenset[int] | None = None

    def readable(self, target: Document) -> bool:
        if target.is_public:
            return True
        if self._readable is None:
            unpublished = Document.objects.filter(
                incoming_relations__document=self.document
            ).exclude(status__in=Document.Status.PUBLIC)
            readable = visibility.documents_readable_by(self.user, unpublished)
            self._readable = frozenset(readable.values_list("pk", flat=True))
        return target.pk in self._readable

    def text(self, target: Document) -> str:
        return str(target) if self.readable(target) else str(UNREADABLE_DOCUMENT)

    def link(self, target: Document | None) -> str:
        return document_link(target, readable=target is not None and self.readable(target))


class RelatedDocumentWidget(forms.Widget):
    """A recorded relation's document, shown read-only. Django's admin shows a read-only
    field through its form's widget when the widget says `read_only` (as it does for a
    password hash); otherwise it would name and link the document for whoever reads."""

    read_only = True

    def __init__(self, names: RelatedDocumentNames):
        super().__init__()
        self.names = names

    def render(self, name, value, attrs=None, renderer=None) -> str:
        return self.names.link(value if isinstance(value, Document) else None)


class RelationRowForm(forms.ModelForm):
    """A relation's row, named as `names` says (set on a class made for each request by
    NamesRelatedDocuments): `row_name`, which the tabular inline shows in place of the
    relation's own name, and a recorded relation's document, read-only."""

    names: RelatedDocumentNames | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.names is not None:
            target = self.instance.target
            self.row_name = f"{self.instance.get_kind_display()} {self.names.text(target)}"
            if "target" in self.fields:
                self.fields["target"].widget = RelatedDocumentWidget(self.names)


class NamesRelatedDocuments:
    """An inline of a document's relations whose rows name the other document only to
    those who may read it; its form is a RelationRowForm."""

    def get_queryset(self, request) -> QuerySet[DocumentRelation]:
        # The documents named come in the same query, without their search vectors.
        return (
            super()
            .get_queryset(request)
            .select_related("target")
            .defer(*(f"target__{name}" for name in SEARCH_VECTORS))
        )

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made per request: the names are this person's.
        self.names = RelatedDocumentNames(request.user, obj)
        kwargs["form"] = type(self.form.__name__, (self.form,), {"names": self.names})
        return super().get_formset(request, obj, **kwargs)


class DocumentRelationInline(NamesRelatedDocuments, ReadOnlyDocumentInline):
    model = DocumentRelation
    fk_name = "document"
    form = RelationRowForm
    verbose_name_plural = _("Related documents")
    classes = ["workflow-inline", "collapse"]
    fields = ["kind", "related_document"]
    readonly_fields = fields

    @admin.display(description=_("related document"))
    def related_document(self, relation: DocumentRelation) -> str:
        return self.names.link(relation.target)

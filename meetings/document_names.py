"""The document a meeting's record names (a presentation's, a line of the report's list of
documents presented, what fulfilled an action), on the meetings admin's pages: by number and
title, linked, to whoever may read it (visibility: documents_readable_by for the rows,
can_view_document for a choice); to anyone else only
as a document they may not read, in a list, a read-only field and a choice alike. A record
of one group's meeting may name another group's unpublished document (linked by a
superuser, or before the forms refused it): the first group's chair and secretariat read the
record, not that document."""

from __future__ import annotations

from typing import Any

from django import forms

from contributions.admin.relations import document_link
from contributions.changes import UNREADABLE_DOCUMENT
from contributions.models import Document
from contributions.visibility import can_view_document

from .selectors import with_document_readable


class DocumentChoiceField(forms.ModelChoiceField):
    """A choice of document whose options name a document only to whoever may read it; the
    others (the one a record already holds) are offered under a neutral name, so that the
    record is saved with its document unchanged."""

    def __init__(self, *args, reader: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.reader = reader

    def label_from_instance(self, document: Document) -> str:
        readable = can_view_document.test(self.reader, document)
        return str(document) if readable else str(UNREADABLE_DOCUMENT)


class NamesReadableDocuments:
    """An admin (a page's or an inline's) of records whose `document_field` names a
    document: its rows say whether the person may read it (`document_read_only` shows it
    read-only, `named_document` names it), and its choice names only what they may read."""

    document_field = "document"

    def get_queryset(self, request):
        return with_document_readable(
            super().get_queryset(request), request.user, self.document_field
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.document_field:
            kwargs["form_class"] = DocumentChoiceField
            kwargs["reader"] = request.user
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def document_read_only(self, request, obj) -> bool:
        """Whether the page shows the document read-only: Django would name and link it
        for whoever reads the page."""
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        fields = [
            name for name in super().get_readonly_fields(request, obj) if name != "named_document"
        ]
        return [*fields, "named_document"] if self.document_read_only(request, obj) else fields

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "named_document"]
        if not self.document_read_only(request, obj):
            return fields
        return ["named_document" if name == self.document_field else name for name in fields]

    def _named(self, record: Any) -> str:
        return document_link(
            getattr(record, self.document_field),
            readable=getattr(record, "document_readable", False),
        )

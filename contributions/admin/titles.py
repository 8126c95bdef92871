"""The titles of a document's language versions, edited on the document's admin page by the
secretariat and by the delegates of its sources."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import rules
from ..models import DocumentTitle
from ..services import set_document_titles


class DocumentTitleForm(forms.ModelForm):
    class Meta:
        model = DocumentTitle
        fields = ["language", "title"]

    def clean_language(self):
        language = self.cleaned_data["language"]
        document = getattr(self.instance, "document", None)
        if document is not None and language == document.original_language:
            raise forms.ValidationError(
                _(
                    "This is the document's original language: its title is the document's "
                    "title above."
                )
            )
        return language


class DocumentTitleInline(admin.TabularInline):
    model = DocumentTitle
    form = DocumentTitleForm
    fields = ["language", "title"]
    extra = 1
    verbose_name = _("title in another language")
    verbose_name_plural = _("Titles of the language versions")
    classes = ["collapse"]
    saves_with = "titles"

    def has_view_permission(self, request, obj=None):
        return obj is None or rules.can_view_document.test(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and rules.can_edit_titles.test(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


def save_titles(*, formset, document, by) -> None:
    """Hand the rows left on the form (changed, unchanged, new; not deleted) to the service."""
    titles = {
        form.cleaned_data["language"]: form.cleaned_data["title"]
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("language")
    }
    set_document_titles(document=document, titles=titles, by=by)

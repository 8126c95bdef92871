"""The titles of a document's language versions, edited on the document's admin page by the
secretariat and by the delegates of its sources."""

from django import forms
from django.contrib import admin
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .. import rules
from ..models import DocumentTitle
from ..services import set_document_titles


def state_title_limit(field: forms.CharField) -> None:
    """A title over its length is refused in words, kept in the field to be shortened;
    the browser's maxlength would cut a pasted title at the limit, mid-word, unsaid."""
    field.widget.attrs.pop("maxlength", None)
    field.validators = [
        validator for validator in field.validators if not isinstance(validator, MaxLengthValidator)
    ] + [
        MaxLengthValidator(
            field.max_length,
            message=ngettext_lazy(
                "A title has at most %(limit_value)d character; this one has %(show_value)d. "
                "Shorten it.",
                "A title has at most %(limit_value)d characters; this one has %(show_value)d. "
                "Shorten it.",
                "limit_value",
            ),
        )
    ]
    limit = ngettext_lazy(
        "At most %(limit)d character.", "At most %(limit)d characters.", "limit"
    ) % {"limit": field.max_length}
    field.help_text = " ".join(str(part) for part in [field.help_text, limit] if part)


class DocumentTitleForm(forms.ModelForm):
    class Meta:
        model = DocumentTitle
        fields = ["language", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state_title_limit(self.fields["title"])

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

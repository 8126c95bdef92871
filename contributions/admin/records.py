"""The secretariat's record of a document as the archive holds it: the fields, the relations
it records by hand, and the addenda and corrigenda it issues."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import records, rules, selectors
from ..models import Document, DocumentRelation, Language
from ..services.numbering import OTHER_SERIES
from .relations import NamesRelatedDocuments, RelationRowForm

# The fieldset of the record, shown to the secretariat on a document's page.
RECORD_FIELDSET = (
    _("As written on the document"),
    {
        "fields": [
            "number",
            "numbered_by",
            "document_date",
            "languages",
            "english_only_label",
            "draft_mark",
            "from_archive",
            "addressee",
            "purpose",
            "other_meetings",
        ],
        "description": _(
            "The number as printed (any form, or none: leave empty to number on "
            "acceptance), the date on the document, the languages it was issued in (only "
            "English: “English only”), and for a liaison statement whom it is addressed to."
        ),
    },
)


def add_record_fields(form: forms.ModelForm) -> None:
    """Give a document form of the secretariat its record fields' widgets."""
    if "languages" in form.fields:
        form.fields["languages"] = forms.MultipleChoiceField(
            label=_("Issued in"),
            choices=Language.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Leave empty when the files say it."),
        )
        form.initial["languages"] = form.instance.languages.split()
    if "other_meetings" in form.fields:
        form.fields["other_meetings"].help_text = _(
            "Other meetings the document belongs to (a report of two meetings)."
        )


def clean_record(form: forms.ModelForm, cleaned: dict) -> None:
    """Only a liaison statement has an addressee and a purpose: said on the fields. An
    invitation letter's number is of the Circular Letter series unless another is named."""
    kind = cleaned.get("kind") or form.instance.kind
    series = OTHER_SERIES.get(kind)
    if series and cleaned.get("number") and not cleaned.get("numbered_by"):
        # "CL-24/67" typed on an invitation letter: checked, and kept, as a number of the
        # Circular Letter series (the service fills the series in the same way).
        cleaned["numbered_by"] = series
    if kind == Document.Kind.LIAISON:
        return
    for name in ("addressee", "purpose"):
        if cleaned.get(name):
            form.add_error(name, _("Only a liaison statement is addressed to someone."))


def clean_languages(codes: list[str]) -> str:
    try:
        return records.languages_value(codes)
    except ValidationError as error:
        raise forms.ValidationError(error.messages) from error


class RelationForm(RelationRowForm):
    class Meta:
        model = DocumentRelation
        fields = ["kind", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank first choice, so that the empty row a browser posts is left alone.
        self.fields["kind"].choices = [("", "---------")] + [
            (kind.value, kind.label) for kind in records.HAND_RELATIONS
        ]

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        document = self.instance.document if self.instance.document_id else None
        if target is not None and document is not None and not self.instance.pk:
            problem = records.relation_problem(
                document=document, target=target, kind=cleaned.get("kind")
            )
            if problem:
                raise forms.ValidationError(problem)
        return cleaned

    def validate_unique(self):
        # relation_problem above says it in words.
        return None

    def _post_clean(self):
        # The row is written by records.relate_documents, which runs the same checks.
        return None


class RelationEditInline(NamesRelatedDocuments, admin.TabularInline):
    """The documents this one cites, answers, supersedes or revises: the secretariat's."""

    model = DocumentRelation
    fk_name = "document"
    form = RelationForm
    extra = 1
    autocomplete_fields = ["target"]
    verbose_name = _("related document")
    verbose_name_plural = _("Related documents")
    saves_with = "relations"
    classes = ["workflow-inline", "collapse"]

    # Asked with the document: another group's secretariat edits none of its relations.
    def has_view_permission(self, request, obj=None):
        return rules.is_secretariat.test(request.user, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            # The documents the person sees: not another group's drafts.
            kwargs["queryset"] = selectors.documents_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return rules.is_secretariat.test(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return rules.is_secretariat.test(request.user, obj)


def save_relations(request, document: Document, formset) -> None:
    for relation_form in formset.deleted_forms:
        if relation_form.instance.pk:
            records.remove_relation(relation=relation_form.instance, by=request.user)
            formset.deleted_objects.append(relation_form.instance)
    for relation_form in formset.forms:
        if relation_form in formset.deleted_forms or relation_form.instance.pk:
            continue
        target = relation_form.cleaned_data.get("target") if relation_form.has_changed() else None
        if target is not None:
            formset.new_objects.append(
                records.relate_documents(
                    document=document,
                    target=target,
                    kind=relation_form.cleaned_data["kind"],
                    by=request.user,
                )
            )


def _issue(modeladmin, request, queryset, kind: str):
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Choose one document."), messages.ERROR)
        return None
    document = queryset.get()
    if not rules.is_secretariat.test(request.user, document):
        modeladmin.message_user(
            request,
            _("The document belongs to a group whose secretariat you are not."),
            messages.ERROR,
        )
        return None
    try:
        supplement = records.issue_supplement(document=document, kind=kind, by=request.user)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        _("%(number)s is ready as a draft: upload its files.") % {"number": supplement.number},
    )
    return HttpResponseRedirect(
        reverse("admin:contributions_document_change", args=[supplement.pk])
    )


@admin.action(description=_("Issue an addendum to the selected document"), permissions=["publish"])
def issue_addendum(modeladmin, request, queryset):
    return _issue(modeladmin, request, queryset, "addendum")


@admin.action(
    description=_("Issue a corrigendum to the selected document"), permissions=["publish"]
)
def issue_corrigendum(modeladmin, request, queryset):
    return _issue(modeladmin, request, queryset, "corrigendum")

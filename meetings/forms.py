"""Forms the secretariat fills in for meetings and their actions."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contributions.models import Document

from .models import Meeting, Outcome
from .rules import may_name_document


class MeetingDocumentForm(forms.ModelForm):
    """A record of a meeting (a presentation, a line of the report's list) that names a
    document, as rules.may_name_document allows. The document a record already names is
    kept as it is, whoever linked it and whatever the choices offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("document")
        if field is not None and self.instance.document_id is not None:
            field.queryset = Document.objects.filter(
                Q(pk__in=field.queryset.values("pk")) | Q(pk=self.instance.document_id)
            )

    def clean(self):
        cleaned = super().clean()
        document = cleaned.get("document")
        meeting = cleaned.get("meeting") or getattr(self.instance, "meeting", None)
        if (
            {"document", "meeting"} & set(self.changed_data)
            and document is not None
            and meeting is not None
            and not may_name_document(meeting, document)
        ):
            self.add_error(
                "document", _("Choose a document of the meeting's group, or a published one.")
            )
        return cleaned


class ActionStatusForm(forms.Form):
    """The new status of one or more actions, why, and what fulfilled them."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (Outcome.Status.DONE, Outcome.Status.DONE.label),
            (Outcome.Status.DROPPED, Outcome.Status.DROPPED.label),
            (Outcome.Status.OPEN, Outcome.Status.OPEN.label),
        ],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the status changes; kept in the action's history."),
    )
    fulfilled_by_document = forms.ModelChoiceField(
        label=_("Fulfilled by document"),
        queryset=Document.objects.listed()
        .select_related("meeting")
        .order_by("-meeting__number", "kind", "sequence"),
        required=False,
    )
    fulfilled_by_meeting = forms.ModelChoiceField(
        label=_("Fulfilled at meeting"),
        queryset=Meeting.objects.order_by("-number"),
        required=False,
    )

    def __init__(self, *args, groups: frozenset[int] | None = None, **kwargs):
        """`groups`: the working groups whose meetings and documents may fulfil the actions
        (None: every group's, for a superuser)."""
        super().__init__(*args, **kwargs)
        if groups is not None:
            documents = self.fields["fulfilled_by_document"]
            documents.queryset = documents.queryset.filter(meeting__group__in=sorted(groups))
            meetings = self.fields["fulfilled_by_meeting"]
            meetings.queryset = meetings.queryset.filter(group__in=sorted(groups))

    def clean(self):
        cleaned = super().clean()
        fulfilled = cleaned.get("fulfilled_by_document") or cleaned.get("fulfilled_by_meeting")
        if fulfilled and cleaned.get("status") != Outcome.Status.DONE:
            raise forms.ValidationError(_("Only an action marked done can name what fulfilled it."))
        return cleaned

"""Forms that parse what people type or upload."""

from typing import Any

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem

from . import rules, selectors, services
from .files import ACCEPTED_EXTENSIONS, MESSAGES, inspect_upload
from .models import Document, DocumentFile, Language, Source


class DocumentFileForm(forms.ModelForm):
    """A file upload checked by its content; the facts about the file come from the check."""

    class Meta:
        model = DocumentFile
        fields = ["language", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            inspected = inspect_upload(upload)
            self.instance.original_name = inspected.original_name
            self.instance.size = inspected.size
            self.instance.sha256 = inspected.sha256
            self.instance.content_type = inspected.content_type
        return upload


class NewDocumentFileForm(DocumentFileForm):
    """A new file in the admin: checked here for a clear message, stored by the service.

    Left blank, the language is the document's original language; a language that
    already has a file gets the new one in its place.
    """

    class Meta(DocumentFileForm.Meta):
        widgets = {
            "file": forms.FileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
        }
        help_texts = {
            "file": _(
                "PDF, Word (.docx), PowerPoint (.pptx) or Excel (.xlsx). A file chosen for a "
                "language that has one replaces it."
            ),
        }
        # Django refuses an empty upload before the content check runs; say it the same way.
        error_messages = {"file": {"empty": MESSAGES["empty"]}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.required = False
        language.choices = [("", _("The original language")), *Language.choices]


class NewDocumentFilesFormSet(forms.BaseInlineFormSet):
    """The files chosen in one save: one per language, never the same file twice.

    `original_language` is set by the admin per request (the one posted with the
    document), so that a row left on "the original language" counts as that language.
    """

    original_language: str = Language.ENGLISH

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        existing = {}
        if self.instance.pk:
            existing = dict(self.instance.files.values_list("sha256", "language"))
        # A published document's files stay: a new language may be added, none replaced.
        fixed = set(existing.values()) if self.instance.pk and self.instance.is_public else set()
        languages, contents = {}, {}
        for form in self.forms:
            if not form.cleaned_data.get("file"):
                continue
            language = form.cleaned_data.get("language") or self.original_language
            form.cleaned_data["language"] = language
            label = Language(language).label
            if language in languages:
                raise forms.ValidationError(
                    _("Two files were chosen for %(language)s. Choose one file per language."),
                    code="language",
                    params={"language": label},
                )
            if language in fixed:
                raise forms.ValidationError(services.PUBLISHED_FILES_STAY, code="published-file")
            languages[language] = form
            sha256 = form.instance.sha256
            if sha256 in contents:
                raise forms.ValidationError(
                    _(
                        "The same file was chosen for %(first)s and %(second)s. Each language "
                        "needs a file of its own."
                    ),
                    code="same_file",
                    params={"first": contents[sha256], "second": label},
                )
            contents[sha256] = label
            if sha256 in existing and existing[sha256] != language:
                raise forms.ValidationError(
                    _(
                        "This file is already the document's %(language)s file. Each language "
                        "needs a file of its own: choose the %(chosen)s version."
                    ),
                    code="same_file",
                    params={"language": Language(existing[sha256]).label, "chosen": label},
                )


class ChooserWidget(FilteredSelectMultiple):
    """The admin's two-list chooser, wrapped so that its script keeps it beside its label."""

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<div class="workflow-chooser">{}</div>', super().render(name, value, attrs, renderer)
        )


# Which kind a document is: what delegates most often ask.
KIND_HELP = _(
    "A contribution proposes something for the group to discuss or decide (text, actions, "
    "a position); an information document reports on work, events or facts for the group "
    "to note. A liaison statement is sent by or to another group."
)


class DocumentForm(forms.ModelForm):
    """A document's description. Number, status and dates are never fields of this form.

    `user` is set by the admin on a subclass per request: the sources offered are those
    the user represents (all of them for the secretariat).
    """

    user: Any = None

    sources = forms.ModelMultipleChoiceField(
        queryset=Source.objects.none(),
        label=_("Sources"),
        help_text=_("Who the document comes from, in the order the document names them."),
    )

    class Meta:
        model = Document
        widgets = {"title": forms.TextInput(attrs={"class": "vTextField workflow-title"})}
        fields = [
            "meeting",
            "kind",
            "title",
            "sources",
            "original_language",
            "agenda_item",
            "summary",
            "topics",
            "access",
            "members_only_requested",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The secretariat of the document's group; on a new document, of any group (the
        # service checks the sources against the meeting chosen).
        document = self.instance if self.instance.pk else None
        secretariat = rules.is_secretariat.test(self.user, document)
        sources = selectors.sources_represented_by(self.user, document)
        if self.instance.pk and not secretariat:
            # A document may also come from sources the delegate does not represent;
            # they stay on it, shown beside the delegate's own.
            sources = sources | self.instance.sources.all()
        field = self.fields["sources"]
        field.queryset = sources.distinct().order_by("name")
        if secretariat:
            field.widget = ChooserWidget(_("sources"), is_stacked=False)
        else:
            field.widget = forms.CheckboxSelectMultiple()
        field.widget.choices = field.choices
        if self.instance.pk:
            self.initial["sources"] = list(
                self.instance.document_sources.values_list("source_id", flat=True)
            )
        if "meeting" in self.fields and not secretariat:
            self.fields["meeting"].queryset = services.meetings_open_to(
                self.user, current=self.instance.meeting if self.instance.meeting_id else None
            )
        if "kind" in self.fields:
            if not self.instance.pk:
                # When the kind is chosen; a document under review needs its facts first.
                self.fields["kind"].help_text = KIND_HELP
            # Offered: the kinds this person may give a document (and the one it has).
            self.fields["kind"].choices = [
                (value, label)
                for value, label in self.fields["kind"].choices
                if not value
                or value == self.instance.kind
                or rules.may_draft_kind.test(self.user, value)
            ]
        if "topics" in self.fields:
            self.fields["topics"].widget = ChooserWidget(_("topics"), is_stacked=False)
            self.fields["topics"].widget.choices = self.fields["topics"].choices
            self.fields["topics"].help_text = ""
        if "agenda_item" in self.fields:
            self.fields["agenda_item"].queryset = AgendaItem.objects.select_related(
                "meeting"
            ).order_by("-meeting__number", "order")

    def clean_sources(self):
        chosen = {source.pk: source for source in self.cleaned_data["sources"]}
        # Keep the order in which the sources were posted: it is the document's order.
        posted = [int(pk) for pk in self.data.getlist(self.add_prefix("sources")) if pk.isdigit()]
        sources = [chosen[pk] for pk in dict.fromkeys(posted) if pk in chosen]
        current = self.instance.sources.values_list("pk", flat=True) if self.instance.pk else ()
        meeting = self.cleaned_data.get("meeting") or getattr(self.instance, "meeting", None)
        try:
            services.check_sources(chosen=sources, by=self.user, current=current, meeting=meeting)
        except PermissionDenied as refusal:
            raise forms.ValidationError(str(refusal), code="sources") from refusal
        return sources

    def clean(self):
        cleaned = super().clean()
        meeting = cleaned.get("meeting") or getattr(self.instance, "meeting", None)
        try:
            services.check_agenda_item(agenda_item=cleaned.get("agenda_item"), meeting=meeting)
        except forms.ValidationError as error:
            self.add_error("agenda_item", error)
        sources = cleaned.get("sources")
        moved = {"meeting", "sources"} & set(self.changed_data)
        if meeting is not None and sources and moved:
            try:
                services.check_taking_part(meeting=meeting, sources=sources, by=self.user)
            except forms.ValidationError as error:
                self.add_error("sources", error)
        return cleaned

    def _save_m2m(self):
        # Sources and topics are written by the services, never by the form.
        return None


class ReasonForm(forms.Form):
    """The reason for a workflow action; required for a return, a rejection, an unpublishing."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        required=False,
        help_text=_("The delegates read this in their mail and on the document's page."),
    )

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        self.fields["reason"].error_messages["required"] = _(
            "Write the reason: the delegates need to know what to do next."
        )


class InviteDelegateForm(forms.Form):
    """Who the secretariat invites, and the sources they will represent."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The delegate signs in with it; the invitation goes there."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    sources = forms.ModelMultipleChoiceField(
        label=_("Sources they represent"),
        queryset=Source.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )


class DelegatePasswordResetForm(PasswordResetForm):
    """Django's reset form, also for an invited delegate who has not chosen a password yet
    (Django leaves out accounts without a usable password). The page says the same
    whether or not the address is known, and takes as long: the mail is sent by the task
    queue, and the form's limits per mailbox and per client (alerts/limits.py) count
    every request, known address or not."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(
            **{f"{get_user_model().get_email_field_name()}__iexact": email, "is_active": True}
        )
        return (user for user in users if user.has_usable_password() or user.is_staff)

    def save(self, *, request=None, **kwargs) -> None:
        """Queue the reset mail of the accounts with this address (none when unknown)."""
        from alerts import limits
        from cwgcop.account_mail import send_password_reset_mails
        from cwgcop.signin import client_address

        email = self.cleaned_data["email"]
        client = client_address(request) if request is not None else None
        if not limits.may_send(limits.Form.PASSWORD_RESET, email=email, client=client):
            return
        user_ids = [user.pk for user in self.get_users(email)]
        send_password_reset_mails.enqueue(user_ids, translation.get_language())

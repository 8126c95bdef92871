"""Forms that parse what people type or upload."""

from django import forms

from .files import inspect_upload
from .models import DocumentFile


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

"""Arrangement shared by the production tests: a delegate's draft and its uploaded files."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contributions import services
from contributions.models import Document, DocumentFile
from tests.contributions import corpus


def upload(
    draft: Document, delegate, text: str = "Online grooming prevention in schools"
) -> DocumentFile:
    content = corpus.pdf_bytes(text)
    return services.add_file(
        document=draft,
        language="en",
        upload=SimpleUploadedFile("Italy contribution.pdf", content, "application/pdf"),
        by=delegate,
    )


def publish(document: Document, sequence: int = 1) -> None:
    """The document as the workflow leaves it when published."""
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.PUBLISHED,
        sequence=sequence,
        number=f"CWG-COP-22/INF/{sequence}",
        published_at=timezone.now(),
    )

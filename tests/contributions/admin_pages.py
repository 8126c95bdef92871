"""What the admin page tests share: URLs, a PDF with stable bytes, a page's visible text,
posting a form as the browser shows it."""

import html
import re
import zoneinfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contributions.models import Document
from tests.contributions import corpus
from tests.formdata import form_data

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
ADD_URL = "/admin/contributions/document/add/"


def change_url(document: Document) -> str:
    return reverse("admin:contributions_document_change", args=[document.pk])


def action_url(document: Document, action: str) -> str:
    return reverse("admin:contributions_document_workflow", args=[document.pk, action])


_PDFS: dict[str, bytes] = {}


def pdf(name: str, text: str) -> SimpleUploadedFile:
    """A PDF whose bytes are the same each time it is asked for with the same text."""
    content = _PDFS.setdefault(text, corpus.pdf_bytes(text))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def page_text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    body = re.sub(
        r"<script.*?</script>|<style.*?</style>", "", response.content.decode(), flags=re.S
    )
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", body).split()))
    return re.sub(r" ([.,:;)])", r"\1", text)


def post_form(client, url: str, **changes):
    """Post the page's document form as the browser shows it, with these changes."""
    data = form_data(client.get(url).content.decode(), form_id="document_form")
    data.update(changes)
    return client.post(url, data)

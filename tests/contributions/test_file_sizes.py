"""A file's size is written one way on every page that shows it: decimal units (1 kB is
1000 bytes), the number as the page's language writes numbers, and upload limits in the
same units."""

import io
import re

import pytest
from django.utils import translation

from contributions.files import FileRejected, human_size, inspect_upload
from tests.contributions import corpus
from tests.contributions.admin_pages import action_url, change_url
from tests.contributions.conftest import attach_pdf
from tests.factories import DocumentFactory

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (830, "830 bytes"),
        (999, "999 bytes"),
        (1000, "1 kB"),
        (1234, "1.2 kB"),
        (9_949, "9.9 kB"),
        (9_950, "10 kB"),
        (12_345, "12 kB"),
        (999_499, "999 kB"),
        (999_999, "1 MB"),
        (3_400_000, "3.4 MB"),
        (52_428_800, "52 MB"),
        (1_500_000_000, "1.5 GB"),
        (2_000_000_000_000, "2000 GB"),
    ],
)
def test_size_in_decimal_units(size, shown):
    assert human_size(size) == shown.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "3.4 MB"), ("zh-hans", "3.4 MB"), ("es", "3,4 MB")],
)
def test_size_writes_the_decimal_separator_of_the_language(language, shown):
    with translation.override(language):
        assert human_size(3_400_000) == shown.replace(" ", NBSP)


@pytest.fixture
def published_file(meeting, italy):
    document = DocumentFactory(meeting=meeting, sources=[italy], published=True)
    document_file = attach_pdf(document)
    # The stored bytes are small; the size recorded is what the pages show.
    document_file.size = 3_400_000
    document_file.save(update_fields=["size"])
    return document_file


def _size_cell(page: str) -> str:
    return re.search(r'<td class="numeric nowrap" data-label="[^"]+">([^<]*)</td>', page)[1]


@pytest.mark.parametrize(("language", "shown"), [("en", "3.4 MB"), ("es", "3,4 MB")])
def test_public_document_page_shows_the_size_in_the_language(
    client, published_file, language, shown
):
    url = published_file.document.get_absolute_url().replace("/en/", f"/{language}/", 1)

    page = client.get(url).content.decode()

    assert _size_cell(page) == shown.replace(" ", NBSP)


@pytest.mark.parametrize("role", ["delegate", "chair", "secretariat"])
def test_admin_document_page_shows_the_size_as_the_public_page(client, people, draft, role):
    draft.files.update(size=3_400_000)
    client.force_login(people[role])

    page = client.get(change_url(draft)).content.decode()

    assert re.findall(r'<td class="field-size_label">\s*(?:<p>)?([^<]*?)\s*<', page) == [
        f"3.4{NBSP}MB"
    ]


def test_confirmation_page_names_the_files_with_their_size(client, people, draft):
    draft.files.update(size=1_234)
    client.force_login(people["delegate"])

    page = client.get(action_url(draft, "submit")).content.decode()

    assert re.findall(r"\.pdf</a> \(([^)]*)\)", page) == [f"1.2{NBSP}kB"]


def test_upload_over_the_limit_is_told_the_limit_in_the_same_units(settings):
    settings.DOCUMENT_FILE_MAX_BYTES = 1_000_000
    content = corpus.pdf_bytes()
    upload = io.BytesIO(content + b"%" * (1_000_001 - len(content)))

    with pytest.raises(FileRejected) as refusal:
        inspect_upload(upload, name="report.pdf")

    assert refusal.value.messages == [
        f"This file is larger than 1{NBSP}MB, the largest size accepted. Make it smaller "
        "(for example by compressing its pictures) and upload it again."
    ]


def test_upload_limit_is_fifty_megabytes_by_default():
    from django.conf import settings

    assert (settings.DOCUMENT_FILE_MAX_BYTES, human_size(settings.DOCUMENT_FILE_MAX_BYTES)) == (
        50_000_000,
        f"50{NBSP}MB",
    )

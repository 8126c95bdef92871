"""The secretariat sees a file's differences from its record as warnings, and may still act."""

import html

import pytest
from django.urls import reverse

from contributions import services
from tests.record_check.conftest import HEADER, header_pdf, store_pdf

pytestmark = pytest.mark.django_db

# Each value of the file and of the record in a <bdi>: within an Arabic sentence, a number
# or an English name keeps its own direction.
NUMBER_WARNING = "The file says <bdi>WG-CP-2/2</bdi>; the record says <bdi>WG-CP/2/3</bdi>."
ORIGINAL_WARNING = (
    "The file says its original is <bdi>French</bdi>; the record says <bdi>English</bdi>."
)


@pytest.fixture
def differing(submitted):
    """The document's English file printing another number and original language."""
    changed = {
        "Document WG-CP-2/3-E": "Document WG-CP-2/2-E",
        "Original: English": "Original: French",
    }
    document_file = store_pdf(submitted, header_pdf([changed.get(line, line) for line in HEADER]))
    services.extract_file_text(document_file=document_file)
    return submitted


def _page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_review_queue_shows_each_difference(client, secretary, differing):
    page = _page(client, secretary, reverse("admin:contributions_document_queue"))

    assert f"English file:</span> {NUMBER_WARNING}" in page
    assert f"English file:</span> {ORIGINAL_WARNING}" in page


def test_the_document_page_shows_each_difference_and_still_offers_acceptance(
    client, secretary, differing
):
    url = reverse("admin:contributions_document_change", args=[differing.pk])

    page = _page(client, secretary, url)

    assert f"Check:</span> {NUMBER_WARNING}" in page
    assert f"Check:</span> {ORIGINAL_WARNING}" in page
    assert '<button type="submit" name="_workflow" value="accept"' in page


def test_a_warning_in_arabic_isolates_the_records_values(client, secretary, differing):
    from django.conf import settings
    from django.utils import translation

    from contributions.files.record_check import sentence

    with translation.override("ar"):
        template = sentence({"field": "number", "file_says": "{file}", "record_says": "{record}"})
    # The admin is read in the language the reader chose (the switcher's cookie).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = _page(client, secretary, reverse("admin:contributions_document_queue"))
    expected = template.format(file="<bdi>WG-CP-2/2</bdi>", record="<bdi>WG-CP/2/3</bdi>")

    assert template != "The file says {file}; the record says {record}."
    assert expected in page


def test_a_file_that_agrees_shows_no_warning(client, secretary, submitted):
    services.extract_file_text(document_file=store_pdf(submitted, header_pdf()))

    queue = _page(client, secretary, reverse("admin:contributions_document_queue"))
    document = _page(
        client, secretary, reverse("admin:contributions_document_change", args=[submitted.pk])
    )

    assert "Safer Internet Day in Italy" in queue
    assert ("the record says" in queue, "the record says" in document) == (False, False)

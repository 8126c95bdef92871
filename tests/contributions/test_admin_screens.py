"""What a document's admin page and its confirmation pages say and offer, as read in
the page: the first screen, the choices of each state, the confirmations."""

import re

import pytest

from tests.contributions.admin_pages import change_url, page_text

pytestmark = pytest.mark.django_db


def _folded(page: str) -> list[str]:
    """The headings of the parts of the page that are folded until opened."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", heading).split())
        for heading in re.findall(r"<details>\s*<summary>(.*?)</summary>", page, flags=re.S)
    ]


def test_a_submission_opens_on_its_facts_files_and_actions(client, people, document_in):
    document = document_in("submitted", is_late=True)
    client.force_login(people["secretariat"])

    response = client.get(change_url(document))
    page = response.content.decode()
    text = page_text(response)

    glance = text[text.index("Status:") : text.index("Next step")]
    assert "Submitted after the deadline" in glance
    assert "Files English: contribution.pdf" in glance
    assert f"Meeting {document.meeting}" in glance
    assert "Sources Italy" in glance
    assert page.index('class="workflow-next"') < page.index('id="id_title"')
    assert _folded(page) == [
        "As written on the document",
        "Record",
        "Titles of the language versions",
        "History",
        "Related documents",
        "Internal notes (never shown to delegates)",
    ]


def test_a_delegate_draft_folds_the_titles_and_the_history(client, people, document_in):
    document = document_in("draft")
    client.force_login(people["delegate"])

    page = client.get(change_url(document)).content.decode()

    assert page.index('class="workflow-next"') < page.index('id="id_title"')
    assert _folded(page) == ["Titles of the language versions", "History"]
    # Enter in a field is a plain save: the first submit button of the form.
    form = page[page.index('id="document_form"') :]
    first_submit = re.search(r'<(?:input|button) type="submit"[^>]*>', form).group(0)
    assert 'name="_save"' in first_submit


def test_the_add_form_keeps_the_archive_fields_open(client, people):
    client.force_login(people["secretariat"])

    page = client.get("/admin/contributions/document/add/").content.decode()

    assert _folded(page) == []
    assert 'id="id_numbered_by"' in page

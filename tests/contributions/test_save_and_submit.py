"""A delegate's new document is saved and sent on to its submission in one step from the
add form; without a file it is saved and its page says what is missing."""

import pytest

from contributions.models import Document
from tests.contributions.admin_pages import ADD_URL, action_url, change_url, page_text, pdf
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def _post(client, meeting, italy, **changes):
    data = form_data(client.get(ADD_URL).content.decode(), form_id="document_form")
    data.update(
        meeting=str(meeting.pk),
        kind="information",
        title="Digital skills for parents",
        sources=[str(italy.pk)],
        _workflow="submit",
        **changes,
    )
    data.pop("_save", None)
    return client.post(ADD_URL, data)


def test_save_and_submit_is_offered_to_a_delegate_only(client, people):
    button = '<button type="submit" name="_workflow" value="submit"'
    client.force_login(people["delegate"])
    delegate = client.get(ADD_URL).content.decode()
    client.force_login(people["secretariat"])
    secretariat = client.get(ADD_URL).content.decode()

    assert (button in delegate, button in secretariat) == (True, False)


def test_save_and_submit_saves_the_draft_with_its_file_then_asks_to_confirm(
    client, people, meeting, italy
):
    client.force_login(people["delegate"])

    response = _post(client, meeting, italy, **{"files-0-file": pdf("skills.pdf", "Skills")})

    document = Document.objects.get(title="Digital skills for parents")
    assert response.status_code == 302
    assert response["Location"] == action_url(document, "submit")
    assert (document.status, document.files.count()) == ("draft", 1)

    client.post(action_url(document, "submit"), {"reason": ""})
    document.refresh_from_db()
    assert document.status == "submitted"


def test_save_and_submit_without_a_file_saves_and_says_what_is_missing(
    client, people, meeting, italy
):
    client.force_login(people["delegate"])

    response = _post(client, meeting, italy)

    document = Document.objects.get(title="Digital skills for parents")
    assert response["Location"] == change_url(document)
    page = client.get(response["Location"])
    assert document.status == "draft"
    assert "“Submit” appears once the document is complete." in page_text(page)


def test_the_add_form_says_how_a_contribution_differs_from_an_information_document(client, people):
    client.force_login(people["delegate"])

    text = page_text(client.get(ADD_URL))

    assert (
        "A contribution proposes something for the group to discuss or decide (text, actions, "
        "a position); an information document reports on work, events or facts for the group "
        "to note."
    ) in text

"""What a document's admin page and its confirmation pages say and offer, as read in
the page: the first screen, the choices of each state, the confirmations."""

import re

import pytest
from django.contrib.messages import get_messages

from contributions.models import Document
from tests.contributions.admin_pages import action_url, change_url, page_text, post_form
from tests.factories import AgendaItemFactory, MeetingFactory

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


def _group(page: str, css_class: str) -> list[str]:
    """The labels of the buttons and links of one group of the next step."""
    start = page.index(f'class="{css_class}"')
    block = page[start : page.index("</div>", start)]
    return [
        " ".join(label.split())
        for label in re.findall(r"<(?:button|a)\b[^>]*>([^<]+)</(?:button|a)>", block)
    ]


@pytest.mark.parametrize("role", ["delegate", "secretariat"])
def test_a_draft_offers_submit_with_delete_set_apart(client, people, document_in, role):
    document = document_in("draft")
    client.force_login(people[role])

    page = client.get(change_url(document)).content.decode()

    assert _group(page, "workflow-actions") == ["Submit"]
    assert _group(page, "workflow-actions workflow-set-apart") == ["Delete this draft"]
    assert f'href="/admin/contributions/document/{document.pk}/delete/"' in page


@pytest.mark.parametrize(
    ("status", "forward", "apart"),
    [
        ("submitted", ["Accept", "Return to the delegates"], ["Reject", "Withdraw"]),
        ("returned", ["Submit"], ["Withdraw"]),
        ("accepted", ["Publish"], ["Withdraw"]),
        ("published", ["Upload a revision"], ["Unpublish"]),
    ],
)
def test_the_secretariat_sees_the_step_forward_before_what_stops_it(
    client, people, document_in, status, forward, apart
):
    document = document_in(status)
    client.force_login(people["secretariat"])

    page = client.get(change_url(document)).content.decode()

    assert _group(page, "workflow-actions") == forward
    assert _group(page, "workflow-actions workflow-set-apart") == apart
    assert "Delete this draft" not in page


def test_accept_names_the_number_the_document_will_get(client, people, document_in):
    document_in("published")
    document_in("accepted")
    submitted = document_in("submitted")
    client.force_login(people["secretariat"])

    text = page_text(client.get(action_url(submitted, "accept")))

    number = f"{submitted.meeting.code}/INF/3"
    assert f"It will be numbered {number}, unless another document" in text
    submitted.refresh_from_db()
    assert (submitted.number, submitted.status) == ("", "submitted")


def test_accept_names_the_number_the_secretariat_wrote(client, people, document_in):
    submitted = document_in("submitted")
    Document.objects.filter(pk=submitted.pk).update(number="CWG-COP-22/INF/7-Add.1")
    client.force_login(people["secretariat"])

    text = page_text(client.get(action_url(submitted, "accept")))

    assert "It keeps the number written on it, CWG-COP-22/INF/7-Add.1." in text


@pytest.mark.parametrize(
    ("title_change", "messages"),
    [
        ("", []),
        (" (revised)", ["Your changes were saved."]),
    ],
)
def test_saved_is_said_only_when_something_changed(
    client, people, document_in, title_change, messages
):
    document = document_in("draft")
    client.force_login(people["delegate"])

    response = post_form(
        client, change_url(document), title=document.title + title_change, _workflow="submit"
    )
    shown = [str(message) for message in get_messages(response.wsgi_request)]

    assert response.url == action_url(document, "submit")
    assert shown == messages


def _agenda_choices(page: str) -> list[str]:
    chooser = re.search(r'<select name="agenda_item".*?</select>', page, flags=re.S).group(0)
    return [" ".join(label.split()) for label in re.findall(r"<option[^>]*>([^<]*)<", chooser)]


def test_the_agenda_item_chooser_offers_the_documents_meeting(client, people, document_in):
    document = document_in("submitted")
    AgendaItemFactory(meeting=document.meeting, order=4, title="Presentations")
    AgendaItemFactory(meeting=MeetingFactory(number=21), order=4, title="Presentations")
    client.force_login(people["secretariat"])

    page = client.get(change_url(document)).content.decode()

    assert _agenda_choices(page) == ["---------", "4. Presentations"]


def test_the_agenda_item_chooser_of_a_new_document_follows_its_meeting(client, people, meeting):
    AgendaItemFactory(meeting=meeting, order=3, title="Contributions")
    AgendaItemFactory(meeting=MeetingFactory(number=21), order=4, title="Presentations")
    client.force_login(people["secretariat"])

    page = client.get(f"/admin/contributions/document/add/?meeting={meeting.pk}").content.decode()

    assert _agenda_choices(page) == ["---------", "3. Contributions"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/contributions/document/",
        "/admin/contributions/document/add/",
        "change",
        "accept",
    ],
)
def test_the_breadcrumb_names_documents_once(client, people, document_in, url):
    document = document_in("submitted")
    client.force_login(people["secretariat"])
    if url == "change":
        url = change_url(document)
    elif url == "accept":
        url = action_url(document, "accept")

    page = client.get(url).content.decode()
    trail = re.search(r'<div class="breadcrumbs">(.*?)</div>', page, flags=re.S).group(1)
    crumbs = [" ".join(re.sub(r"<[^>]+>", " ", part).split()) for part in trail.split("&rsaquo;")]

    assert crumbs[:2] == ["Home", "Documents"]
    assert crumbs.count("Documents") == 1


def test_the_invitation_keeps_the_address_as_written(client, people, italy):
    client.force_login(people["secretariat"])

    response = client.post(
        "/admin/contributions/source/invite/",
        {
            "email": "anna.rossi@example.org",
            "first_name": "Anna",
            "last_name": "Rossi",
            "sources": [italy.pk],
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"The invitation has been sent to anna.rossi@example.org, now a delegate of {italy.name}."
    ]


@pytest.mark.parametrize(
    ("role", "requested", "said"),
    [("chair", False, "No"), ("chair", True, "Yes"), ("delegate", False, "No")],
)
def test_members_only_requested_is_said_in_words(
    client, people, document_in, role, requested, said
):
    document = document_in("accepted", members_only_requested=requested)
    client.force_login(people[role])

    response = client.get(change_url(document))
    field = re.search(
        r'field-members_only_label.*?<div class="readonly">(.*?)</div>',
        response.content.decode(),
        flags=re.S,
    )

    assert field.group(1).strip() == said
    assert "icon-no.svg" not in response.content.decode()

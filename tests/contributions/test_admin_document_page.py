"""A document's admin page for each role: its files (added, replaced, duplicates), the
workflow buttons inside the form that save before they act, the confirmation page, deleting
a draft."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contributions import services
from contributions.models import Document
from tests.contributions import corpus
from tests.contributions.admin_pages import (
    GENEVA,
    action_url,
    change_url,
    page_text,
    pdf,
    post_form,
)
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


# ---- The document's page: files and buttons


@pytest.mark.parametrize(
    ("role", "status", "headers"),
    [
        ("anonymous", 302, None),
        (
            "delegate",
            200,
            [
                "Language",
                "File",
                "Size",
                "Uploaded (Geneva time)",
                "Identical file",
                "Access",
                "Delete?",
            ],
        ),
        ("other_delegate", 404, None),
        (
            "chair",
            200,
            ["Language", "File", "Size", "Uploaded (Geneva time)", "Identical file", "Access"],
        ),
        (
            "secretariat",
            200,
            [
                "Language",
                "File",
                "Size",
                "Uploaded (Geneva time)",
                "Identical file",
                "Text for search",
                "Access",
                "Delete?",
            ],
        ),
    ],
)
def test_files_table_per_role(client, people, draft, role, status, headers):
    if role != "anonymous":
        client.force_login(people[role])

    response = client.get(change_url(draft))

    assert response.status_code == status
    if headers is not None:
        table = response.content.decode().split('id="files-group"')[1].split("</thead>")[0]
        found = [
            " ".join(re.sub(r"<[^>]+>", " ", h).split())
            for h in re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.S)
        ]
        assert [h for h in found if h] == headers
        assert "day.pdf" in page_text(response)
        assert "application/pdf" not in page_text(response)


@pytest.mark.parametrize(
    ("role", "buttons", "links"),
    [
        ("delegate", ["submit"], []),
        ("chair", [], []),
        ("secretariat", ["submit"], []),
    ],
)
def test_workflow_actions_are_buttons_of_the_form(client, people, draft, role, buttons, links):
    client.force_login(people[role])

    page = client.get(change_url(draft)).content.decode()

    form = page.split('id="document_form"')[1].split("</form>")[0]
    assert re.findall(r'<button type="submit" name="_workflow" value="(\w+)"', form) == buttons
    assert re.findall(r'<a href="[^"]+/workflow/(\w+)/"', page) == links


def test_delegate_of_a_submitted_document_gets_withdraw_as_a_link(client, people, document_in):
    document = document_in("submitted")
    client.force_login(people["delegate"])

    page = client.get(change_url(document)).content.decode()

    assert re.findall(r'name="_workflow"', page) == []
    assert re.findall(r'<a href="([^"]+)" class="button workflow-button', page) == [
        action_url(document, "withdraw")
    ]


def test_submit_button_saves_the_edit_then_asks_to_confirm(client, people, draft):
    client.force_login(people["delegate"])

    response = post_form(client, change_url(draft), title="A better title", _workflow="submit")

    draft.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == action_url(draft, "submit")
    assert (draft.title, draft.status) == ("A better title", "draft")


def test_submit_button_with_a_failed_save_takes_no_action_and_keeps_the_typing(
    client, people, draft
):
    client.force_login(people["delegate"])

    response = post_form(
        client, change_url(draft), title="", summary="Typed summary", _workflow="submit"
    )

    draft.refresh_from_db()
    assert response.status_code == 200
    assert "Typed summary" in response.content.decode()
    assert (draft.title, draft.summary, draft.status) == ("Safer Internet Day", "", "draft")


def test_returned_document_answered_with_a_new_title_and_a_replaced_file_in_one_save(
    client, people, draft
):
    draft.status = "returned"
    draft.save()
    client.force_login(people["delegate"])

    response = post_form(
        client,
        change_url(draft),
        title="Safer Internet Day 2027",
        _workflow="submit",
        **{"files-2-0-language": "en", "files-2-0-file": pdf("day-v2.pdf", "Day two")},
    )

    draft.refresh_from_db()
    assert response["Location"] == action_url(draft, "submit")
    assert draft.title == "Safer Internet Day 2027"
    assert [(f.language, f.original_name) for f in draft.files.all()] == [("en", "day-v2.pdf")]
    assert draft.events.last().reason.startswith("The English file day.pdf (")
    confirm = page_text(client.get(action_url(draft, "submit")))
    assert "English: day-v2.pdf" in confirm
    assert "Title Safer Internet Day 2027" in confirm


def test_same_file_for_two_languages_in_one_save_is_refused(client, people, draft):
    client.force_login(people["delegate"])
    content = corpus.pdf_bytes("Twice")

    response = post_form(
        client,
        change_url(draft),
        **{
            "files-2-TOTAL_FORMS": "2",
            "files-2-0-language": "fr",
            "files-2-0-file": SimpleUploadedFile("a.pdf", content),
            "files-2-1-language": "es",
            "files-2-1-file": SimpleUploadedFile("b.pdf", content),
        },
    )

    assert response.status_code == 200
    assert (
        "The same file was chosen for French and Spanish. Each language needs a file of its own."
        in page_text(response)
    )
    assert [f.language for f in draft.files.all()] == ["en"]


def test_existing_file_chosen_again_for_another_language_is_refused(client, people, draft):
    client.force_login(people["delegate"])

    response = post_form(
        client,
        change_url(draft),
        **{"files-2-0-language": "fr", "files-2-0-file": pdf("again.pdf", "Day")},
    )

    assert response.status_code == 200
    assert (
        "This file is already the document's English file. Each language needs a file of its "
        "own: choose the French version." in page_text(response)
    )


@pytest.mark.parametrize(
    ("role", "message"),
    [
        (
            "delegate",
            "The file joint.pdf is already in the system. That is expected for a document "
            "sent by several sources; otherwise check that you chose the right file.",
        ),
        (
            "secretariat",
            "The file joint.pdf is identical to a file of Israel's unpublished paper.",
        ),
    ],
)
def test_identical_file_of_another_document_warns_in_words_for_the_role(
    client, people, draft, meeting, israel, role, message
):
    other = DocumentFactory(meeting=meeting, sources=[israel], title="Israel's unpublished paper")
    services.add_file(
        document=other, language="en", upload=pdf("x.pdf", "Joint"), by=people["secretariat"]
    )
    client.force_login(people[role])

    response = post_form(
        client,
        change_url(draft),
        **{"files-2-0-language": "fr", "files-2-0-file": pdf("joint.pdf", "Joint")},
    )
    page = page_text(client.get(response["Location"]))

    assert message in page
    if role == "delegate":
        assert "Israel's unpublished paper" not in page
    assert [f.language for f in draft.files.all()] == ["en", "fr"]


def test_submit_not_offered_without_a_file_and_the_page_says_why(client, people, meeting, italy):
    document = DocumentFactory(meeting=meeting, sources=[italy], title="No file yet")
    client.force_login(people["delegate"])

    response = client.get(change_url(document))

    actions = [action for action, _spec, _url in response.context["workflow_actions"]]
    # Nothing to take but the draft's deletion, set apart.
    assert (actions, response.context["may_delete_draft"]) == ([], True)
    assert (
        "“Submit” appears once the document is complete. Add the document's file before "
        "submitting: the secretariat reviews the file." in page_text(response)
    )


# ---- The confirmation page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("delegate", 200),
        ("other_delegate", 404),
        ("chair", 403),
        ("secretariat", 200),
    ],
)
def test_submit_confirmation_per_role(client, people, draft, deadline, role, status):
    if role != "anonymous":
        client.force_login(people[role])

    response = client.get(action_url(draft, "submit"))

    assert response.status_code == status
    if status == 200:
        text = page_text(response)
        assert (
            "What will be sent Title Safer Internet Day Kind Information document "
            "Meeting CWG-COP-22 Deadline 13 January 2027, 23:59 CET (Geneva time) "
            "Sources Italy Files English: day.pdf (969 bytes) Status Draft"
        ) in text


def test_submit_confirmation_warns_when_the_deadline_has_passed(client, people, draft, meeting):
    meeting.contribution_deadline = datetime.datetime(2020, 1, 13, 23, 59, tzinfo=GENEVA)
    meeting.save()
    client.force_login(people["delegate"])

    text = page_text(client.get(action_url(draft, "submit")))

    assert (
        "The deadline has passed. Contributions to this meeting were due by "
        "13 January 2020, 23:59 CET (Geneva time). If you submit now, the document is marked "
        "late, and the secretariat decides whether the meeting considers it."
    ) in text


# ---- Deleting a draft


@pytest.mark.parametrize(
    ("role", "status", "deleted"),
    [
        ("anonymous", 302, False),
        ("delegate", 302, True),
        # The admin refuses a document it cannot find with 403 too: no guessing ids.
        ("other_delegate", 403, False),
        ("chair", 403, False),
        ("secretariat", 302, True),
    ],
)
def test_delete_a_draft_per_role(client, people, draft, role, status, deleted):
    if role != "anonymous":
        client.force_login(people[role])
    url = reverse("admin:contributions_document_delete", args=[draft.pk])
    missing = reverse("admin:contributions_document_delete", args=[draft.pk + 1000])

    response = client.post(url, {"post": "yes"})

    assert response.status_code == status
    if role == "other_delegate":
        assert client.post(missing, {"post": "yes"}).status_code == 403
    assert Document.objects.filter(pk=draft.pk).exists() is not deleted


def test_submitted_document_cannot_be_deleted(client, people, document_in):
    document = document_in("submitted")
    client.force_login(people["delegate"])

    response = client.post(
        reverse("admin:contributions_document_delete", args=[document.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("role", ["delegate", "chair"])
def test_read_only_page_names_the_meeting_without_a_link_to_its_admin(
    client, people, document_in, role
):
    document = document_in("submitted")
    client.force_login(people[role])

    page = client.get(change_url(document)).content.decode()

    assert f"/admin/meetings/meeting/{document.meeting_id}/change/" not in page
    assert "CWG-COP-22" in page_text(client.get(change_url(document)))

"""The admin as delegates meet it: the desk, the Add form with its file, buttons inside the
form that save before they act, files replaced in one save, Geneva time; for each role."""

import datetime
import html
import re
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contributions import services
from contributions.models import Document, DocumentEvent
from meetings.models import Meeting
from tests.contributions import corpus
from tests.factories import DocumentFactory, MeetingFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

GENEVA = zoneinfo.ZoneInfo("Europe/Zurich")
ADD_URL = "/admin/contributions/document/add/"


def _change_url(document: Document) -> str:
    return reverse("admin:contributions_document_change", args=[document.pk])


def _action_url(document: Document, action: str) -> str:
    return reverse("admin:contributions_document_workflow", args=[document.pk, action])


_PDFS: dict[str, bytes] = {}


def _pdf(name: str, text: str) -> SimpleUploadedFile:
    """A PDF whose bytes are the same each time it is asked for with the same text."""
    content = _PDFS.setdefault(text, corpus.pdf_bytes(text))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _text(response) -> str:
    """The page's visible text, tags removed and spaces collapsed."""
    body = re.sub(
        r"<script.*?</script>|<style.*?</style>", "", response.content.decode(), flags=re.S
    )
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", body).split()))
    return re.sub(r" ([.,:;)])", r"\1", text)


def _post_form(client, url: str, **changes):
    """Post the page's document form as the browser shows it, with these changes."""
    data = form_data(client.get(url).content.decode(), form_id="document_form")
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def deadline(meeting):
    meeting.contribution_deadline = datetime.datetime(2027, 1, 13, 23, 59, tzinfo=GENEVA)
    meeting.save()
    return meeting.contribution_deadline


@pytest.fixture
def draft(meeting, italy, people):
    document = DocumentFactory(meeting=meeting, sources=[italy], title="Safer Internet Day")
    services.add_file(
        document=document, language="en", upload=_pdf("day.pdf", "Day"), by=people["delegate"]
    )
    return document


# ---- The desk


def test_desk_anonymous_is_sent_to_the_login(client):
    response = client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")


def test_desk_lists_the_delegates_documents_by_next_step(
    client, people, meeting, italy, israel, deadline
):
    returned = DocumentFactory(meeting=meeting, sources=[italy], title="Returned one")
    returned.status = "returned"
    returned.save()
    DocumentEvent.objects.create(
        document=returned,
        at=datetime.datetime(2026, 11, 19, 14, 0, tzinfo=GENEVA),
        from_status="submitted",
        to_status="returned",
        reason="Add the French version.",
    )
    DocumentFactory(meeting=meeting, sources=[italy], title="A draft")
    DocumentFactory(meeting=meeting, sources=[italy], title="Sent", status="submitted")
    DocumentFactory(meeting=meeting, sources=[israel], title="Israel's draft")
    client.force_login(people["delegate"])

    response = client.get("/admin/")

    text = _text(response)
    headings = re.findall(r'<h2 id="desk-[a-z]+">([^<]+)</h2>', response.content.decode())
    assert headings == [
        "Meetings open for contributions",
        "Returned to you: correct them and submit again",
        "Drafts not submitted yet",
        "With the secretariat for review",
    ]
    assert "The secretariat's reason (19 Nov 2026, 14:00): Add the French version." in text
    assert "Choose its file, then press “Submit”." in text
    assert "CWG-COP-22 27 Jan 2025" not in text
    assert "13 Jan 2027, 23:59 CET" in text
    assert "Israel's draft" not in text
    assert 'href="/admin/contributions/document/add/"' in response.content.decode()


def test_desk_of_the_other_delegate_shows_only_their_document(
    client, people, meeting, italy, israel
):
    DocumentFactory(meeting=meeting, sources=[italy], title="Italian draft")
    DocumentFactory(meeting=meeting, sources=[israel], title="Israeli draft")
    client.force_login(people["other_delegate"])

    response = client.get("/admin/")

    text = _text(response)
    assert "Israeli draft" in text
    assert "Italian draft" not in text


@pytest.mark.parametrize("role", ["secretariat", "chair"])
def test_no_desk_for_the_secretariat_and_the_chair(client, people, role, meeting, italy):
    DocumentFactory(meeting=meeting, sources=[italy], title="Italian draft", status="submitted")
    client.force_login(people[role])

    text = _text(client.get("/admin/"))

    assert "Your documents and deadlines" not in text
    assert "1 document waits for review" in text


def test_desk_says_when_the_deadline_has_passed(client, people, meeting):
    meeting.contribution_deadline = datetime.datetime(2020, 1, 13, 23, 59, tzinfo=GENEVA)
    meeting.save()
    client.force_login(people["delegate"])

    text = _text(client.get("/admin/"))

    assert "13 Jan 2020, 23:59 CET" in text
    assert "passed: documents sent now are marked late" in text


@pytest.mark.parametrize(
    ("first", "last", "greeting"),
    [("Maria", "Rossi", "Welcome, Maria Rossi."), ("", "", "Welcome, delegate-italy.")],
)
def test_greeting_uses_the_persons_name(client, people, first, last, greeting):
    delegate = people["delegate"]
    delegate.first_name, delegate.last_name = first, last
    delegate.save()
    client.force_login(delegate)

    assert greeting in _text(client.get("/admin/"))


# ---- The Add form


@pytest.mark.parametrize(
    ("role", "status", "kinds"),
    [
        ("anonymous", 302, None),
        ("delegate", 200, ["", "contribution", "information", "liaison", "presentation"]),
        ("other_delegate", 200, ["", "contribution", "information", "liaison", "presentation"]),
        ("chair", 403, None),
        (
            "secretariat",
            200,
            ["", "contribution", "information", "liaison", "presentation", "report", "agenda"],
        ),
    ],
)
def test_add_form_offers_the_kinds_each_role_may_give(client, people, meeting, role, status, kinds):
    if role != "anonymous":
        client.force_login(people[role])

    response = client.get(ADD_URL)

    assert response.status_code == status
    if kinds is not None:
        form = response.context["adminform"].form
        assert [value for value, _label in form.fields["kind"].choices] == kinds
        assert form.initial["meeting"] == meeting.pk


def test_add_form_preselects_the_open_meeting_not_a_planned_one(client, people, meeting):
    MeetingFactory(number=23, status=Meeting.Status.PLANNED)
    client.force_login(people["delegate"])

    form = client.get(ADD_URL).context["adminform"].form

    assert form.initial["meeting"] == meeting.pk


def test_add_form_stores_the_file_in_the_original_language(client, people, meeting, italy):
    client.force_login(people["delegate"])

    response = _post_form(
        client,
        ADD_URL,
        meeting=str(meeting.pk),
        kind="information",
        title="Cours d'éducation numérique",
        sources=[str(italy.pk)],
        original_language="fr",
        **{"files-0-file": _pdf("cours.pdf", "Cours")},
    )

    document = Document.objects.get(title="Cours d'éducation numérique")
    assert response.status_code == 302
    assert response["Location"] == _change_url(document)
    assert [(f.language, f.original_name) for f in document.files.all()] == [("fr", "cours.pdf")]
    assert (document.status, document.created_by) == ("draft", people["delegate"])


def test_add_form_with_a_report_kind_is_refused_for_a_delegate(client, people, meeting, italy):
    client.force_login(people["delegate"])

    response = _post_form(
        client,
        ADD_URL,
        meeting=str(meeting.pk),
        kind="report",
        title="Not for delegates",
        sources=[str(italy.pk)],
    )

    assert response.status_code == 200
    assert "Select a valid choice. report is not one of the available choices." in _text(response)
    assert Document.objects.count() == 0


def test_add_form_refused_file_keeps_the_typing_and_stores_nothing(
    client, people, meeting, italy, settings
):
    client.force_login(people["delegate"])

    response = _post_form(
        client,
        ADD_URL,
        meeting=str(meeting.pk),
        kind="information",
        title="Kept title",
        sources=[str(italy.pk)],
        **{"files-0-file": SimpleUploadedFile("fake.pdf", b"MZ this is not a pdf")},
    )

    assert response.status_code == 200
    assert 'value="Kept title"' in response.content.decode()
    assert "choose the files again" in _text(response)
    assert Document.objects.count() == 0


# ---- The document's page: files and buttons


@pytest.mark.parametrize(
    ("role", "status", "headers"),
    [
        ("anonymous", 302, None),
        (
            "delegate",
            200,
            ["Language", "File", "Size", "Uploaded (Geneva time)", "Identical file", "Delete?"],
        ),
        ("other_delegate", 404, None),
        ("chair", 200, ["Language", "File", "Size", "Uploaded (Geneva time)", "Identical file"]),
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
                "Delete?",
            ],
        ),
    ],
)
def test_files_table_per_role(client, people, draft, role, status, headers):
    if role != "anonymous":
        client.force_login(people[role])

    response = client.get(_change_url(draft))

    assert response.status_code == status
    if headers is not None:
        table = response.content.decode().split('id="files-group"')[1].split("</thead>")[0]
        found = [
            " ".join(re.sub(r"<[^>]+>", " ", h).split())
            for h in re.findall(r"<th[^>]*>(.*?)</th>", table, flags=re.S)
        ]
        assert [h for h in found if h] == headers
        assert "day.pdf" in _text(response)
        assert "application/pdf" not in _text(response)


@pytest.mark.parametrize(
    ("role", "buttons", "links"),
    [
        ("delegate", ["submit", "withdraw"], []),
        ("chair", [], []),
        ("secretariat", ["submit", "withdraw"], []),
    ],
)
def test_workflow_actions_are_buttons_of_the_form(client, people, draft, role, buttons, links):
    client.force_login(people[role])

    page = client.get(_change_url(draft)).content.decode()

    form = page.split('id="document_form"')[1].split("</form>")[0]
    assert re.findall(r'<button type="submit" name="_workflow" value="(\w+)"', form) == buttons
    assert re.findall(r'<a href="[^"]+/workflow/(\w+)/"', page) == links


def test_delegate_of_a_submitted_document_gets_withdraw_as_a_link(client, people, document_in):
    document = document_in("submitted")
    client.force_login(people["delegate"])

    page = client.get(_change_url(document)).content.decode()

    assert re.findall(r'name="_workflow"', page) == []
    assert re.findall(r'<a href="([^"]+)" class="button workflow-button', page) == [
        _action_url(document, "withdraw")
    ]


def test_submit_button_saves_the_edit_then_asks_to_confirm(client, people, draft):
    client.force_login(people["delegate"])

    response = _post_form(client, _change_url(draft), title="A better title", _workflow="submit")

    draft.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == _action_url(draft, "submit")
    assert (draft.title, draft.status) == ("A better title", "draft")


def test_submit_button_with_a_failed_save_takes_no_action_and_keeps_the_typing(
    client, people, draft
):
    client.force_login(people["delegate"])

    response = _post_form(
        client, _change_url(draft), title="", summary="Typed summary", _workflow="submit"
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

    response = _post_form(
        client,
        _change_url(draft),
        title="Safer Internet Day 2027",
        _workflow="submit",
        **{"files-2-0-language": "en", "files-2-0-file": _pdf("day-v2.pdf", "Day two")},
    )

    draft.refresh_from_db()
    assert response["Location"] == _action_url(draft, "submit")
    assert draft.title == "Safer Internet Day 2027"
    assert [(f.language, f.original_name) for f in draft.files.all()] == [("en", "day-v2.pdf")]
    assert draft.events.last().reason.startswith("The English file day.pdf (")
    confirm = _text(client.get(_action_url(draft, "submit")))
    assert "English: day-v2.pdf" in confirm
    assert "Title Safer Internet Day 2027" in confirm


def test_same_file_for_two_languages_in_one_save_is_refused(client, people, draft):
    client.force_login(people["delegate"])
    content = corpus.pdf_bytes("Twice")

    response = _post_form(
        client,
        _change_url(draft),
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
        in _text(response)
    )
    assert [f.language for f in draft.files.all()] == ["en"]


def test_existing_file_chosen_again_for_another_language_is_refused(client, people, draft):
    client.force_login(people["delegate"])

    response = _post_form(
        client,
        _change_url(draft),
        **{"files-2-0-language": "fr", "files-2-0-file": _pdf("again.pdf", "Day")},
    )

    assert response.status_code == 200
    assert (
        "This file is already the document's English file. Each language needs a file of its "
        "own: choose the French version." in _text(response)
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
        document=other, language="en", upload=_pdf("x.pdf", "Joint"), by=people["secretariat"]
    )
    client.force_login(people[role])

    response = _post_form(
        client,
        _change_url(draft),
        **{"files-2-0-language": "fr", "files-2-0-file": _pdf("joint.pdf", "Joint")},
    )
    page = _text(client.get(response["Location"]))

    assert message in page
    if role == "delegate":
        assert "Israel's unpublished paper" not in page
    assert [f.language for f in draft.files.all()] == ["en", "fr"]


def test_submit_not_offered_without_a_file_and_the_page_says_why(client, people, meeting, italy):
    document = DocumentFactory(meeting=meeting, sources=[italy], title="No file yet")
    client.force_login(people["delegate"])

    response = client.get(_change_url(document))

    actions = [action for action, _spec, _url in response.context["workflow_actions"]]
    assert actions == ["withdraw"]
    assert (
        "“Submit” appears once the document is complete. Add the document's file before "
        "submitting: the secretariat reviews the file." in _text(response)
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

    response = client.get(_action_url(draft, "submit"))

    assert response.status_code == status
    if status == 200:
        text = _text(response)
        size = services.human_size(draft.files.get().size)
        assert (
            "What will be sent Title Safer Internet Day Kind Information document "
            "Meeting CWG-COP-22 Deadline 13 Jan 2027, 23:59 CET (Geneva time) "
            f"Sources Italy Files English: day.pdf ({size}) Status Draft"
        ) in text


def test_submit_confirmation_warns_when_the_deadline_has_passed(client, people, draft, meeting):
    meeting.contribution_deadline = datetime.datetime(2020, 1, 13, 23, 59, tzinfo=GENEVA)
    meeting.save()
    client.force_login(people["delegate"])

    text = _text(client.get(_action_url(draft, "submit")))

    assert (
        "The deadline has passed. Contributions to this meeting were due by "
        "13 Jan 2020, 23:59 CET (Geneva time). If you submit now, the document is marked "
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


# ---- Geneva time


def test_document_times_are_shown_in_geneva_time(client, people, document_in):
    document = document_in("submitted")
    document.submitted_at = datetime.datetime(2027, 1, 13, 22, 59, tzinfo=datetime.UTC)
    document.save()
    client.force_login(people["secretariat"])

    text = _text(client.get(_change_url(document)))
    listed = _text(client.get("/admin/contributions/document/"))

    assert "Submitted (Geneva time): 13 Jan 2027, 23:59" in text
    assert "13 Jan 2027, 23:59" in listed


def test_meeting_deadline_is_edited_in_geneva_time(client, people, meeting, deadline):
    client.force_login(people["secretariat"])
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])

    page = client.get(url)
    data = form_data(page.content.decode(), form_id="meeting_form")
    data.update({"contribution_deadline_0": "2027-02-10", "contribution_deadline_1": "23:59:00"})
    client.post(url, data)

    meeting.refresh_from_db()
    assert 'value="23:59:00"' in page.content.decode()
    assert "Geneva time." in _text(page)
    assert meeting.contribution_deadline == datetime.datetime(
        2027, 2, 10, 22, 59, tzinfo=datetime.UTC
    )


@pytest.mark.parametrize("role", ["delegate", "chair"])
def test_read_only_page_names_the_meeting_without_a_link_to_its_admin(
    client, people, document_in, role
):
    document = document_in("submitted")
    client.force_login(people[role])

    page = client.get(_change_url(document)).content.decode()

    assert f"/admin/meetings/meeting/{document.meeting_id}/change/" not in page
    assert "CWG-COP-22" in _text(client.get(_change_url(document)))


def test_meeting_list_shows_the_deadline_in_geneva_time_in_the_one_format(
    client, people, meeting, deadline
):
    client.force_login(people["secretariat"])

    text = _text(client.get("/admin/meetings/meeting/"))

    assert "13 Jan 2027, 23:59" in text


def test_desk_queries_do_not_grow_with_documents(client, people, meeting, italy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(status: str) -> None:
        document = DocumentFactory(meeting=meeting, sources=[italy], status=status)
        if status == "returned":
            DocumentEvent.objects.create(
                document=document,
                at=datetime.datetime(2026, 11, 19, 14, 0, tzinfo=GENEVA),
                from_status="submitted",
                to_status="returned",
                reason="Fix it.",
            )

    client.force_login(people["delegate"])
    for status in ("returned", "draft"):
        add(status)
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for status in ("returned", "draft", "submitted", "returned", "draft", "withdrawn"):
        add(status)

    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/")

    assert response.status_code == 200
    assert len(many) == len(few)

"""The admin as delegates meet it first: the desk, the Add form with its file, Geneva time;
for each role."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contributions.models import Document, DocumentEvent
from meetings.models import Meeting
from tests.contributions.admin_pages import (
    ADD_URL,
    GENEVA,
    change_url,
    page_text,
    pdf,
    post_form,
)
from tests.factories import DocumentFactory, MeetingFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


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

    text = page_text(response)
    headings = re.findall(r'<h2 id="desk-[a-z]+">([^<]+)</h2>', response.content.decode())
    assert headings == [
        "Meetings open for contributions",
        "Returned to you: correct them and submit again",
        "Drafts not submitted yet",
        "With the secretariat for review",
    ]
    assert "The secretariat's reason (19 November 2026, 14:00): Add the French version." in text
    assert "Choose its file, then press “Submit”." in text
    assert "CWG-COP-22 27 January 2025" not in text
    assert "13 January 2027, 23:59 CET" in text
    assert "Israel's draft" not in text
    assert 'href="/admin/contributions/document/add/"' in response.content.decode()


def test_desk_of_the_other_delegate_shows_only_their_document(
    client, people, meeting, italy, israel
):
    DocumentFactory(meeting=meeting, sources=[italy], title="Italian draft")
    DocumentFactory(meeting=meeting, sources=[israel], title="Israeli draft")
    client.force_login(people["other_delegate"])

    response = client.get("/admin/")

    text = page_text(response)
    assert "Israeli draft" in text
    assert "Italian draft" not in text


@pytest.mark.parametrize("role", ["secretariat", "chair"])
def test_no_desk_for_the_secretariat_and_the_chair(client, people, role, meeting, italy):
    DocumentFactory(meeting=meeting, sources=[italy], title="Italian draft", status="submitted")
    client.force_login(people[role])

    text = page_text(client.get("/admin/"))

    assert "Your documents and deadlines" not in text
    assert "1 document waits for review" in text


def test_desk_says_when_the_deadline_has_passed(client, people, meeting):
    meeting.contribution_deadline = datetime.datetime(2020, 1, 13, 23, 59, tzinfo=GENEVA)
    meeting.save()
    client.force_login(people["delegate"])

    text = page_text(client.get("/admin/"))

    assert "13 January 2020, 23:59 CET" in text
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

    assert greeting in page_text(client.get("/admin/"))


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
            [
                "",
                "contribution",
                "information",
                "liaison",
                "presentation",
                "report",
                "agenda",
                "invitation_letter",
                "participants",
            ],
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

    response = post_form(
        client,
        ADD_URL,
        meeting=str(meeting.pk),
        kind="information",
        title="Cours d'éducation numérique",
        sources=[str(italy.pk)],
        original_language="fr",
        **{"files-0-file": pdf("cours.pdf", "Cours")},
    )

    document = Document.objects.get(title="Cours d'éducation numérique")
    assert response.status_code == 302
    assert response["Location"] == change_url(document)
    assert [(f.language, f.original_name) for f in document.files.all()] == [("fr", "cours.pdf")]
    assert (document.status, document.created_by) == ("draft", people["delegate"])


def test_add_form_with_a_report_kind_is_refused_for_a_delegate(client, people, meeting, italy):
    client.force_login(people["delegate"])

    response = post_form(
        client,
        ADD_URL,
        meeting=str(meeting.pk),
        kind="report",
        title="Not for delegates",
        sources=[str(italy.pk)],
    )

    assert response.status_code == 200
    assert "Select a valid choice. report is not one of the available choices." in page_text(
        response
    )
    assert Document.objects.count() == 0


def test_add_form_refused_file_keeps_the_typing_and_stores_nothing(
    client, people, meeting, italy, settings
):
    client.force_login(people["delegate"])

    response = post_form(
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
    assert "choose the files again" in page_text(response)
    assert Document.objects.count() == 0


# ---- Geneva time


def test_document_times_are_shown_in_geneva_time(client, people, document_in):
    document = document_in("submitted")
    document.submitted_at = datetime.datetime(2027, 1, 13, 22, 59, tzinfo=datetime.UTC)
    document.save()
    client.force_login(people["secretariat"])

    text = page_text(client.get(change_url(document)))
    listed = page_text(client.get("/admin/contributions/document/"))

    assert "Submitted (Geneva time): 13 January 2027, 23:59" in text
    assert "13 January 2027, 23:59" in listed


def test_meeting_deadline_is_edited_in_geneva_time(client, people, meeting, deadline):
    client.force_login(people["secretariat"])
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])

    page = client.get(url)
    data = form_data(page.content.decode(), form_id="meeting_form")
    data.update({"contribution_deadline_0": "2027-02-10", "contribution_deadline_1": "23:59:00"})
    client.post(url, data)

    meeting.refresh_from_db()
    assert 'value="23:59:00"' in page.content.decode()
    assert "Geneva time." in page_text(page)
    assert meeting.contribution_deadline == datetime.datetime(
        2027, 2, 10, 22, 59, tzinfo=datetime.UTC
    )


def test_meeting_list_shows_the_deadline_in_geneva_time_in_the_one_format(
    client, people, meeting, deadline
):
    client.force_login(people["secretariat"])

    text = page_text(client.get("/admin/meetings/meeting/"))

    assert "13 January 2027, 23:59" in text


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

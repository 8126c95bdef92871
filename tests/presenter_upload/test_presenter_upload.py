"""A presenter without an account sends slides through the one-time link the secretariat
mails; the slides wait in the review queue, unseen by the public, until published."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contributions.models import Document
from contributions.services import accept_document, publish_document
from meetings.presenter_uploads import SALT, send_upload_link
from tests.contributions.corpus import PDF_CONTENT_TYPE, pdf_bytes
from tests.factories import MeetingFactory, PresentationFactory, SourceFactory, UserFactory
from workinggroups.models import GroupRole, WorkingGroup

pytestmark = pytest.mark.django_db

ADDRESS = "ines.presenter@example.net"
TITLE = "Kestrel helpline results"


@pytest.fixture
def secretary(db):
    user = UserFactory(username="secretary", is_staff=True)
    user.groups.add(Group.objects.get(name="Secretariat"))
    return user


@pytest.fixture
def presentation(db):
    meeting = MeetingFactory(
        number=40, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 2)
    )
    return PresentationFactory(meeting=meeting, order=3, title=TITLE)


@pytest.fixture
def sent_link(client, secretary, presentation, django_capture_on_commit_callbacks, settings):
    """The secretariat sends the link from the presentation's admin page; the link mailed."""
    settings.SITE_URL = "https://documents.example.org"
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:meetings_presentation_upload_link", args=[presentation.pk]),
            {"email": ADDRESS, "name": "Inès Presenter", "language": "en"},
        )
    assert response.status_code == 302
    client.logout()
    [message] = mail.outbox
    [link] = re.findall(r"https://\S+", message.body)
    return link.removeprefix(settings.SITE_URL)


def upload(client, link, django_capture_on_commit_callbacks, name="Kestrel.pdf"):
    slides = SimpleUploadedFile(name, pdf_bytes(), content_type=PDF_CONTENT_TYPE)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(link, {"slides": slides, "language": "en"})


def test_change_page_offers_the_upload_link(client, secretary, presentation):
    client.force_login(secretary)

    page = client.get(reverse("admin:meetings_presentation_change", args=[presentation.pk]))

    expected = reverse("admin:meetings_presentation_upload_link", args=[presentation.pk])
    assert f'<a href="{expected}">Send an upload link</a>' in page.content.decode()


def test_secretariat_sends_one_mail_with_a_link_that_says_until_when(sent_link):
    [message] = mail.outbox

    assert message.to == [ADDRESS]
    assert message.subject == "Your slides for CWG-COP-40"
    assert sent_link.startswith("/en/presentations/upload/")
    assert "Dear Inès Presenter," in message.body
    assert "The link works once, until 2 March 2027." in message.body
    assert f"“{TITLE}” at CWG-COP-40" in message.body


def test_sending_creates_no_account_and_no_document(sent_link, django_user_model):
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["secretary"]
    assert Document.objects.count() == 0


def test_page_shows_the_meeting_and_title(client, sent_link):
    page = client.get(sent_link)

    content = page.content.decode()
    assert page.status_code == 200
    assert f"For your presentation “{TITLE}” at CWG-COP-40." in content
    assert page["X-Robots-Tag"] == "noindex, nofollow"


def test_upload_submits_a_presentation_document_in_the_review_queue(
    client, sent_link, presentation, secretary, django_capture_on_commit_callbacks
):
    response = upload(client, sent_link, django_capture_on_commit_callbacks)

    presentation.refresh_from_db()
    document = presentation.document
    assert response.status_code == 302
    assert (document.kind, document.status, document.title) == ("presentation", "submitted", TITLE)
    assert [source.slug for source in document.sources.all()] == ["invited-presenters"]
    assert [f.original_name for f in document.files.all()] == ["Kestrel.pdf"]
    assert len(mail.outbox) == 2  # the link, then the secretariat's notice of the submission
    assert mail.outbox[1].to == [secretary.email]
    client.force_login(secretary)
    queue = client.get(reverse("admin:contributions_document_queue"))
    assert list(queue.context["documents"]) == [document]


def test_presenters_sources_are_the_documents_sources(
    client, secretary, presentation, django_capture_on_commit_callbacks, settings
):
    unicef = SourceFactory(name="UNICEF", slug="unicef")
    presentation.presenters.set([unicef])
    settings.SITE_URL = "https://documents.example.org"
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:meetings_presentation_upload_link", args=[presentation.pk]),
            {"email": ADDRESS, "name": "", "language": "fr"},
        )
    client.logout()
    [link] = re.findall(r"https://\S+", mail.outbox[0].body)

    upload(client, link.removeprefix(settings.SITE_URL), django_capture_on_commit_callbacks)

    presentation.refresh_from_db()
    assert link.startswith("https://documents.example.org/fr/presentations/upload/")
    assert [source.slug for source in presentation.document.sources.all()] == ["unicef"]


def test_second_upload_is_refused_in_words(
    client, sent_link, presentation, django_capture_on_commit_callbacks
):
    upload(client, sent_link, django_capture_on_commit_callbacks)

    again = upload(client, sent_link, django_capture_on_commit_callbacks, name="Other.pdf")

    presentation.refresh_from_db()
    assert again.status_code == 409
    assert "This link does not accept another file." in again.content.decode()
    assert [f.original_name for f in presentation.document.files.all()] == ["Kestrel.pdf"]
    assert 'name="slides"' not in client.get(sent_link).content.decode()


def test_a_file_that_is_not_slides_is_refused(
    client, sent_link, django_capture_on_commit_callbacks
):
    response = upload(client, sent_link, django_capture_on_commit_callbacks, name="notes.docx")

    assert response.status_code == 200
    assert "Send the slides as a PDF or a PowerPoint (.pptx) file." in response.content.decode()
    assert Document.objects.count() == 0


def test_hostile_file_fails_the_upload_checks(
    client, sent_link, django_capture_on_commit_callbacks
):
    slides = SimpleUploadedFile(
        "slides.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sent_link, {"slides": slides, "language": "en"})

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert Document.objects.count() == 0


def test_slides_stay_unseen_until_the_secretariat_publishes_them(
    client, sent_link, presentation, secretary, django_capture_on_commit_callbacks
):
    upload(client, sent_link, django_capture_on_commit_callbacks)
    presentation.refresh_from_db()
    document = presentation.document
    document_file = document.files.get()
    addresses = [
        reverse("contributions:document-by-id", args=[document.pk]),
        reverse("contributions:file", args=[document_file.pk, "Kestrel.pdf"]),
        f"/api/v1/documents/{document.pk}",
    ]
    lists = [
        "/en/cwg-cop/documents/",
        "/en/cwg-cop/documents/?q=helpline",
        "/en/cwg-cop/documents/?q=industry",
        "/en/cwg-cop/feeds/documents.atom",
        "/api/v1/documents",
        "/api/v1/documents?q=helpline",
    ]
    # The presentation's title is on the public programme; its document and file are not.
    markers = [TITLE, "Kestrel.pdf", f"/documents/id/{document.pk}/"]

    def showing(paths):
        return [
            path for path in paths if any(m in client.get(path).content.decode() for m in markers)
        ]

    before = [client.get(address).status_code for address in addresses]
    listed_before = showing(lists)
    programme_before = [
        marker
        for marker in markers[1:]
        if marker in client.get("/en/cwg-cop/meetings/40/").content.decode()
    ]
    with django_capture_on_commit_callbacks(execute=True):
        accept_document(document=document, by=secretary)
        publish_document(document=document, by=secretary)
    listed_after = showing(lists)

    assert before == [404, 404, 404]
    assert listed_before == []
    assert programme_before == []
    assert listed_after == lists
    assert client.get(document.get_absolute_url()).status_code == 200


def test_expired_link_answers_410_without_the_presentation(client, sent_link):
    with mock.patch("meetings.presenter_uploads.timezone.localdate") as today:
        today.return_value = datetime.date(2027, 3, 3)
        response = client.get(sent_link)

    content = response.content.decode()
    assert response.status_code == 410
    assert "This link has expired" in content
    assert TITLE not in content


def test_link_works_on_the_meetings_last_day(client, sent_link):
    with mock.patch("meetings.presenter_uploads.timezone.localdate") as today:
        today.return_value = datetime.date(2027, 3, 2)
        response = client.get(sent_link)

    assert response.status_code == 200


def test_tampered_link_answers_404_without_the_presentation(client, sent_link, presentation):
    token = sent_link.split("/")[-2]
    data = signing.loads(token, salt=SALT)
    forged = signing.dumps({**data, "u": "2099-01-01"}, salt="another-salt", compress=True)

    altered = client.get(sent_link.replace(token, token[:-3] + "xyz"))
    other_salt = client.get(f"/en/presentations/upload/{forged}/")

    assert (altered.status_code, other_salt.status_code) == (404, 404)
    assert "This link does not work" in altered.content.decode()
    assert TITLE not in altered.content.decode()


def test_link_is_not_sent_after_the_meeting(client, secretary, presentation):
    client.force_login(secretary)
    with mock.patch("meetings.presenter_uploads.timezone.localdate") as today:
        today.return_value = datetime.date(2027, 3, 3)
        response = client.post(
            reverse("admin:meetings_presentation_upload_link", args=[presentation.pk]),
            {"email": ADDRESS, "name": "", "language": "en"},
        )

    assert response.status_code == 200
    assert "The meeting has ended: the link would not work." in response.content.decode()
    assert mail.outbox == []


def test_only_the_secretariat_sends_links(client, presentation):
    chair = UserFactory(username="chair", is_staff=True)
    chair.groups.add(Group.objects.get(name="Chair"))
    client.force_login(chair)

    response = client.post(
        reverse("admin:meetings_presentation_upload_link", args=[presentation.pk]),
        {"email": ADDRESS, "name": "", "language": "en"},
    )

    assert response.status_code == 403
    assert mail.outbox == []


def test_another_groups_secretariat_sends_no_link(presentation, django_capture_on_commit_callbacks):
    other_group = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Testing", order=2
    )
    other_secretary = UserFactory(username="other-secretary", is_staff=True)
    GroupRole.objects.create(working_group=other_group, user=other_secretary, role="secretariat")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        send_upload_link(
            presentation=presentation,
            email=ADDRESS,
            name="",
            language="en",
            by=other_secretary,
        )

    assert mail.outbox == []

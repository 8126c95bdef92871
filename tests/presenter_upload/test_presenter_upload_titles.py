"""What a presenter's link tells the person it is mailed to, who has no account: the
presentation as the public may call it, never the title of a document not yet published
(a draft the secretariat linked to the presentation, whose title is its sources')."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from tests.factories import DocumentFactory, MeetingFactory, PresentationFactory, UserFactory

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Quokkaphobia helpline figures of Italy"
NOT_YET_PUBLISHED = "Presentation of a document not yet published"


@pytest.fixture
def link_to_a_draft(client, django_capture_on_commit_callbacks, settings):
    """A presentation without a title of its own, linked to a draft; its link mailed."""
    settings.SITE_URL = "https://documents.example.org"
    secretary = UserFactory(username="secretary", is_staff=True)
    secretary.groups.add(Group.objects.get(name="Secretariat"))
    meeting = MeetingFactory(
        number=40, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 2)
    )
    draft = DocumentFactory(meeting=meeting, title=DRAFT_TITLE)
    presentation = PresentationFactory(meeting=meeting, order=3, title="", document=draft)
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:meetings_presentation_upload_link", args=[presentation.pk]),
            {"email": "ines.presenter@example.net", "name": "Inès", "language": "en"},
        )
    client.logout()
    [message] = mail.outbox
    [link] = re.findall(r"https://\S+", message.body)
    return message, link.removeprefix(settings.SITE_URL)


def test_mail_names_the_presentation_not_the_unpublished_title(link_to_a_draft):
    message, _link = link_to_a_draft

    assert DRAFT_TITLE not in message.body
    assert f"your presentation “{NOT_YET_PUBLISHED}” at CWG-COP-40" in message.body


def test_upload_page_names_the_presentation_not_the_unpublished_title(client, link_to_a_draft):
    _message, link = link_to_a_draft

    content = client.get(link).content.decode()

    assert DRAFT_TITLE not in content
    assert f"For your presentation “{NOT_YET_PUBLISHED}” at CWG-COP-40." in content

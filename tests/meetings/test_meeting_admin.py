"""The secretariat records a meeting as it happened in the admin; the chair reads; others stay out."""

import datetime

import pytest
from django.contrib.auth.models import Group

from contributions.models import Document
from meetings.models import AgendaItem, Meeting, Officer
from tests.factories import MeetingFactory, SourceFactory, UserFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def _member(group: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def meeting(db):
    """An invented meeting, held, with its chair and a vice-chair recorded."""
    meeting = MeetingFactory(
        number=8,
        document_prefix="WG-CP",
        start_date=datetime.date(2013, 10, 1),
        end_date=datetime.date(2013, 10, 1),
        status=Meeting.Status.HELD,
    )
    Officer.objects.create(meeting=meeting, role="chair", name="Carl Chair", order=1)
    Officer.objects.create(meeting=meeting, role="vice_chair", name="Vera Vice", order=2)
    AgendaItem.objects.create(meeting=meeting, order=1, title="Opening")
    return meeting


@pytest.fixture
def secretariat_client(client, db):
    client.force_login(_member("Secretariat", "secretary"))
    return client


def _change_url(meeting: Meeting) -> str:
    return f"/admin/meetings/meeting/{meeting.pk}/change/"


def _officer_index(data: dict, name: str) -> int:
    return next(i for i in range(2) if data[f"officers-{i}-name"] == name)


def test_secretariat_records_who_chaired_an_added_item_and_the_fixed_sentences(
    secretariat_client, meeting
):
    data = form_data(secretariat_client.get(_change_url(meeting)).content.decode(), "meeting_form")
    data[f"officers-{_officer_index(data, 'Vera Vice')}-chaired"] = "on"
    data["agenda_items-1-order"] = "2"
    data["agenda_items-1-title"] = "Election of a vice-chair"
    data["agenda_items-1-added_at_meeting"] = "on"
    data["action_required"] = "The Council is invited to take note of this report."
    data["who_could_attend"] = "The meeting was open to Member States only."

    response = secretariat_client.post(_change_url(meeting), data)

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert list(meeting.officers.filter(chaired=True).values_list("name", flat=True)) == [
        "Vera Vice"
    ]
    assert list(meeting.agenda_items.values_list("title", "added_at_meeting")) == [
        ("Opening", False),
        ("Election of a vice-chair", True),
    ]
    assert (meeting.action_required, meeting.who_could_attend) == (
        "The Council is invited to take note of this report.",
        "The meeting was open to Member States only.",
    )


def test_two_officers_ticked_as_chairing_get_a_friendly_message(secretariat_client, meeting):
    data = form_data(secretariat_client.get(_change_url(meeting)).content.decode(), "meeting_form")
    data["officers-0-chaired"] = data["officers-1-chaired"] = "on"
    data["venue"] = "Kept on the form"

    response = secretariat_client.post(_change_url(meeting), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Tick “chaired the meeting” for one officer only: the report names one." in content
    assert "officer_one_chairing_per_meeting" not in content
    assert 'value="Kept on the form"' in content
    assert meeting.officers.filter(chaired=True).count() == 0


def test_change_page_offers_report_sections_with_their_outline_numbers(secretariat_client, meeting):
    content = secretariat_client.get(_change_url(meeting)).content.decode()

    assert '<option value="presentations">5 Presentations</option>' in content
    assert '<option value="other_business">7 Any other business</option>' in content
    assert "list of documents presented (report section 4)" in content


def test_publish_action_refuses_a_cancelled_meeting_with_a_message(secretariat_client, meeting):
    SourceFactory(kind="itu_secretariat", name="ITU BDT", slug="itu-bdt")
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])

    response = secretariat_client.post(
        "/admin/meetings/meeting/",
        {"action": "publish_report", "_selected_action": [meeting.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert (
        "WG-CP-8 has no report: only a meeting that was held has one, and this one is "
        "“Cancelled”." in response.content.decode()
    )
    assert not Document.objects.filter(kind="report").exists()


def test_meeting_list_links_the_report_of_held_meetings_only(secretariat_client, meeting):
    MeetingFactory(number=9, status=Meeting.Status.PLANNED)

    content = secretariat_client.get("/admin/meetings/meeting/").content.decode()

    assert 'href="/en/cwg-cop/meetings/8/report/"' in content
    assert 'href="/en/cwg-cop/meetings/9/report/"' not in content


@pytest.mark.parametrize(("role", "status"), [("Chair", 200), ("Delegate", 403)])
def test_meeting_change_page_per_role(client, meeting, role, status):
    client.force_login(_member(role, f"someone-{role.lower()}"))

    response = client.get(_change_url(meeting))

    assert response.status_code == status


def test_meeting_change_page_sends_anonymous_to_login(client, meeting):
    response = client.get(_change_url(meeting))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/admin/login/")

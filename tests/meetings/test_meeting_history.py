"""Every change of a meeting's record is kept with its old and new values, whichever way it
was made (the admin, a service, the demo loader), and read by the secretariat and the chair
on the meeting's page."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group

from meetings.demo import load_demo
from meetings.models import AgendaItem, Meeting, Outcome
from meetings.services import set_outcome_status
from tests.change_pages import change_rows, has_change_list, latest_change_time
from tests.factories import (
    MeetingFactory,
    MemberStateFactory,
    OutcomeFactory,
    PresentationFactory,
    UserFactory,
)
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def _member(group: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(
        number=8,
        document_prefix="WG-CP",
        start_date=datetime.date(2013, 10, 1),
        end_date=datetime.date(2013, 10, 1),
        status=Meeting.Status.HELD,
        venue="Invented venue",
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title="Opening")
    return meeting


@pytest.fixture
def secretary(db):
    return _member("Secretariat", "secretary")


def _change_url(meeting: Meeting) -> str:
    return f"/admin/meetings/meeting/{meeting.pk}/change/"


def _history_url(meeting: Meeting) -> str:
    return f"/admin/meetings/meeting/{meeting.pk}/history/"


def test_admin_edit_of_facts_and_agenda_is_listed_with_old_and_new_values(
    client, meeting, secretary
):
    client.force_login(secretary)
    data = form_data(client.get(_change_url(meeting)).content.decode(), "meeting_form")
    data["venue"] = "ITU headquarters, Geneva"
    data["agenda_items-0-title"] = "Opening of the meeting"
    data["agenda_items-1-order"] = "2"
    data["agenda_items-1-title"] = "Election of a vice-chair"

    assert client.post(_change_url(meeting), data).status_code == 302

    expected = (
        latest_change_time(),
        "secretary",
        [
            "Venue: 'Invented venue' \u2192 'ITU headquarters, Geneva'",
            "Agenda item '1. Opening of the meeting': Title: 'Opening' \u2192 "
            "'Opening of the meeting'",
            "Agenda item: added '2. Election of a vice-chair'",
        ],
    )
    assert change_rows(client.get(_change_url(meeting)))[0] == expected
    assert change_rows(client.get(_history_url(meeting)))[0] == expected


def test_agenda_item_deleted_through_the_admin_is_listed(client, meeting, secretary):
    client.force_login(secretary)
    data = form_data(client.get(_change_url(meeting)).content.decode(), "meeting_form")
    data["agenda_items-0-DELETE"] = "on"

    client.post(_change_url(meeting), data)

    rows = change_rows(client.get(_change_url(meeting)))
    assert rows[0] == (latest_change_time(), "secretary", ["Agenda item: removed '1. Opening'"])


def test_presenters_chosen_through_the_admin_are_listed(client, meeting, secretary):
    presentation = PresentationFactory(meeting=meeting, title="Safer play", order=1)
    italy = MemberStateFactory()
    client.force_login(secretary)
    url = f"/admin/meetings/presentation/{presentation.pk}/change/"
    data = form_data(client.get(url).content.decode(), "presentation_form")
    data["presenters"] = [str(italy.pk)]

    assert client.post(url, data).status_code == 302

    rows = change_rows(client.get(_change_url(meeting)))
    assert rows[0][2] == ["Presentation 'Safer play': Presented by: added Italy"]


def test_action_status_set_by_the_service_is_recorded(meeting, secretary):
    outcome = OutcomeFactory(meeting=meeting, order=1, text="Report back.")

    set_outcome_status(outcome=outcome, status=Outcome.Status.DONE, by=secretary)

    entry = LogEntry.objects.get_for_object(outcome).latest("pk")
    assert (entry.actor, entry.changes) == (secretary, {"status": ["open", "done"]})


def test_demo_loader_change_is_recorded_as_the_demo_loader(client, demo):
    meeting = Meeting.objects.get(number=21)
    meeting.venue = "Elsewhere"
    meeting.save()

    load_demo()

    client.force_login(_member("Chair", "another-chair"))
    rows = change_rows(client.get(_change_url(meeting)))
    assert rows[0] == (
        latest_change_time(),
        "the demo loader",
        ["Venue: 'Elsewhere' \u2192 'ITU headquarters, Geneva'"],
    )


@pytest.mark.parametrize(
    ("role", "status", "listed"), [("Chair", 200, True), ("Delegate", 403, False)]
)
@pytest.mark.parametrize("page", [_change_url, _history_url])
def test_meeting_changes_per_role(client, meeting, secretary, role, status, listed, page):
    set_outcome_status(
        outcome=OutcomeFactory(meeting=meeting, order=1), status=Outcome.Status.DONE, by=secretary
    )
    client.force_login(_member(role, f"someone-{role.lower()}"))

    response = client.get(page(meeting))

    assert response.status_code == status
    assert has_change_list(response) == listed


def test_meeting_changes_send_anonymous_to_login(client, meeting):
    response = client.get(_history_url(meeting))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/admin/login/")

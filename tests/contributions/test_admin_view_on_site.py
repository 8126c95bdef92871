"""The admin's "View on site" shortcut, /admin/r/<content type>/<id>/: it sends a person to
an object's address only when the object's own admin shows them the object. Anything else
does not exist for them (404), as on that admin's own pages: an address can name what
they may not read, such as an accepted document's number or a draft file's name."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from tests.factories import MeetingFactory, OutcomeFactory, TopicFactory, UserFactory
from workinggroups.models import WorkingGroup, default_group

pytestmark = pytest.mark.django_db


def _shortcut(obj) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def other_groups_meeting(people):
    """A meeting of a second working group, CWG-TEST, whose roles nobody here holds."""
    group = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Testing", order=2
    )
    return MeetingFactory(group=group, number=5)


@pytest.fixture
def objects(meeting, italy, document_in, superuser):
    """Each object whose admin gives it a "View on site" link."""
    return {
        "accepted document": document_in("accepted"),
        "source": italy,
        "topic": TopicFactory(name="Age verification", slug="age-verification"),
        "meeting": meeting,
        "outcome": OutcomeFactory(meeting=meeting),
        "working group": default_group(),
    }


# The object; someone its admin does not show it to; someone it shows it to.
CASES = [
    ("accepted document", "other_delegate", "delegate"),
    ("source", "delegate", "secretariat"),
    ("topic", "delegate", "chair"),
    ("meeting", "delegate", "chair"),
    ("outcome", "delegate", "secretariat"),
    ("working group", "secretariat", "superuser"),
]


@pytest.mark.parametrize(("name", "refused", "shown"), CASES)
def test_view_on_site_answers_only_whom_the_objects_admin_shows_it(
    people, superuser, objects, name, refused, shown
):
    obj = objects[name]
    cast = {**people, "superuser": superuser}
    address = f"http://testserver{obj.get_absolute_url()}"

    refused_response = _signed_in(cast[refused]).get(_shortcut(obj))
    shown_response = _signed_in(cast[shown]).get(_shortcut(obj))

    assert refused_response.status_code == 404
    assert shown_response.status_code == 302
    assert shown_response["Location"] == address


@pytest.mark.parametrize("role", ["other_delegate", "delegate", "secretariat"])
def test_view_on_site_never_names_a_file(people, document_in, role):
    # Files have no admin of their own: their links on a document's page are direct.
    draft_file = document_in("draft").files.get()

    response = _signed_in(people[role]).get(_shortcut(draft_file))

    assert response.status_code == 404
    assert draft_file.original_name not in response.content.decode()


@pytest.mark.parametrize("role", ["secretariat", "chair"])
def test_view_on_site_refuses_another_groups_meeting_and_outcome(
    people, other_groups_meeting, role
):
    outcome = OutcomeFactory(meeting=other_groups_meeting)
    client = _signed_in(people[role])

    meeting_response = client.get(_shortcut(other_groups_meeting))
    outcome_response = client.get(_shortcut(outcome))

    assert meeting_response.status_code == 404
    assert outcome_response.status_code == 404


def test_view_on_site_refuses_an_unknown_content_type(people):
    client = _signed_in(people["secretariat"])

    assert client.get("/admin/r/999999/1/").status_code == 404
    assert client.get("/admin/r/x/1/").status_code == 404

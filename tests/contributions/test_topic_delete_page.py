"""A topic's delete page says how many documents lose it: those the person deleting it may
read. Another group's secretariat learns nothing of this group's drafts from it."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.factories import TopicFactory, UserFactory
from workinggroups.models import GroupRole, WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_groups_secretary(people):
    group = WorkingGroup.objects.create(slug="cwg-b", acronym="CWG-B", name="Bee", order=2)
    person = UserFactory(username="b-secretary", is_staff=True)
    person.groups.add(Group.objects.get(name="Secretariat"))
    GroupRole.objects.filter(user=person).delete()
    GroupRole.objects.create(working_group=group, user=person, role="secretariat")
    return person


def _summary(user, topic) -> tuple[list[str], int]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:contributions_topic_delete", args=[topic.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    counted = re.findall(r"<li>([^<:]+: \d+)</li>", page)
    return counted, len(re.findall(r"Document_topics object", page))


def test_a_topics_delete_page_counts_the_documents_the_person_may_read(
    people, document_in, other_groups_secretary
):
    topic = TopicFactory(name="Grooming", slug="grooming")
    for status in ("draft", "draft", "submitted", "published"):
        document_in(status, title=f"A {status} document").topics.add(topic)

    assert _summary(people["secretariat"], topic) == (["Topics: 1", "Documents: 4"], 0)
    assert _summary(other_groups_secretary, topic) == (["Topics: 1", "Documents: 1"], 0)

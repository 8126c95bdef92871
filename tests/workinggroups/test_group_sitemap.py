"""The sitemap lists each group's pages: its topic pages where it has documents on them."""

import re

import pytest

from contributions import services
from contributions.models import Document
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    TopicFactory,
    UserFactory,
)
from workinggroups.models import WorkingGroup, default_group

pytestmark = pytest.mark.django_db


def _publish_on(meeting, topic) -> Document:
    secretariat = UserFactory(is_superuser=True, username=f"root-{meeting.pk}")
    document = DocumentFactory(
        meeting=meeting,
        sources=[MemberStateFactory()],
        title=f"On {topic.name}",
        status=Document.Status.SUBMITTED,
        kind=Document.Kind.CONTRIBUTION,
    )
    document.topics.add(topic)
    services.accept_document(document=document, by=secretariat, tell=False)
    return services.publish_document(document=document, by=secretariat, tell=False)


def test_each_groups_topic_pages_are_in_the_sitemap_where_it_has_documents(client):
    default_group()
    test_group = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Tests"
    )
    shared, ours_only = TopicFactory(slug="age-assurance"), TopicFactory(slug="helplines")
    _publish_on(MeetingFactory(number=21), shared)
    _publish_on(MeetingFactory(number=21), ours_only)
    _publish_on(MeetingFactory(number=3, group=test_group), shared)

    body = client.get("/sitemap.xml").content.decode()
    topic_pages = sorted(
        set(re.findall(r"<loc>http://testserver/en/([^/]+)/topics/([^/]+)/</loc>", body))
    )

    assert topic_pages == [
        ("cwg-cop", "age-assurance"),
        ("cwg-cop", "helplines"),
        ("cwg-test", "age-assurance"),
    ]
    assert client.get("/en/cwg-test/topics/age-assurance/").status_code == 200

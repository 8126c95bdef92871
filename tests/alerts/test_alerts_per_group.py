"""Each working group has its own alerts: an alert made on a group's alerts page follows that
group's documents and meetings only, its mails name the group and link to its pages; an
alert made before there were several groups follows every group's."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts import sending
from alerts.models import Alert, PendingAlert, Subscriber
from contributions import services
from contributions.models import Document
from tests.contributions.admin_pages import GENEVA
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)
from workinggroups.models import WorkingGroup, default_group

from .conftest import SITE, links_in, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def testing():
    return WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Tests"
    )


@pytest.fixture
def documents(testing):
    """An accepted Italian document in each group, both of a meeting 22: on gaming in
    CWG-COP, on helplines in CWG-TEST."""
    italy = MemberStateFactory()
    SourceFactory(kind="member_state", name="Israel", slug="israel", country="IL")
    topics = (
        TopicFactory(name="Gaming", slug="gaming"),
        TopicFactory(name="Helplines", slug="helplines"),
    )
    made = {}
    for group, city, topic in zip(
        (default_group(), testing), ("Rome", "Turin"), topics, strict=True
    ):
        meeting = MeetingFactory(group=group, number=22)
        document = DocumentFactory(
            meeting=meeting,
            sources=[italy],
            status=Document.Status.ACCEPTED,
            sequence=1,
            number=f"{meeting.code}/INF/1",
            title=f"Helplines in {city}",
        )
        document.topics.add(topic)
        made[group.slug] = document
    return made


@pytest.fixture
def secretariat(db):
    return UserFactory(username="secretary", is_staff=True, is_superuser=True)


def follow(client, on_commit, email: str, what: str, group: str, frequency="immediate"):
    """Ask on the group's alerts page and confirm from the mail; the manage page's path."""
    with on_commit(execute=True):
        response = client.post(
            f"/en/{group}/alerts/", {"email": email, "what": what, "frequency": frequency}
        )
    assert response.status_code == 302, response.status_code
    [link] = links_in(mail.outbox.pop())
    confirmed = client.post(path_of(link))
    assert confirmed.status_code == 302
    return confirmed["Location"]


def follow_every_group(email: str, frequency: str = "immediate") -> Alert:
    """An alert from before there were several groups."""
    subscriber = Subscriber.objects.create(email=email, language="en")
    return Alert.objects.create(subscriber=subscriber, kind="everything", frequency=frequency)


def publish(document, secretariat, on_commit) -> list:
    """Publish through the workflow; the alert mails sent, as (to, subject)."""
    mail.outbox.clear()
    with on_commit(execute=True):
        services.publish_document(document=document, by=secretariat)
    return [
        (message.to, message.subject)
        for message in mail.outbox
        if "List-Unsubscribe" in message.extra_headers
    ]


def alert_mail_to(address: str):
    [message] = [
        message
        for message in mail.outbox
        if message.to == [address] and "List-Unsubscribe" in message.extra_headers
    ]
    return message


def footer(message) -> str:
    return message.body.rstrip().splitlines()[-3]


def test_a_publication_mails_the_alerts_of_its_group_and_those_of_every_group(
    client, django_capture_on_commit_callbacks, documents, secretariat
):
    on_commit = django_capture_on_commit_callbacks
    follow_every_group("before@example.net")
    follow(client, on_commit, "cop@example.net", "everything", "cwg-cop")
    follow(client, on_commit, "test@example.net", "everything", "cwg-test")

    of_cop = publish(documents["cwg-cop"], secretariat, on_commit)
    of_test = publish(documents["cwg-test"], secretariat, on_commit)

    assert of_cop == [
        (["before@example.net"], "Published: CWG-COP-22/INF/1 Helplines in Rome"),
        (["cop@example.net"], "Published: CWG-COP-22/INF/1 Helplines in Rome"),
    ]
    assert of_test == [
        (["before@example.net"], "Published: CWG-TEST-22/INF/1 Helplines in Turin"),
        (["test@example.net"], "Published: CWG-TEST-22/INF/1 Helplines in Turin"),
    ]


def test_a_mail_of_a_group_names_it_and_links_to_its_pages(
    client, django_capture_on_commit_callbacks, documents, secretariat
):
    on_commit = django_capture_on_commit_callbacks
    follow_every_group("before@example.net")
    follow(client, on_commit, "test@example.net", "everything", "cwg-test")

    publish(documents["cwg-test"], secretariat, on_commit)

    ours, before = alert_mail_to("test@example.net"), alert_mail_to("before@example.net")
    [document_link, manage_link, unsubscribe_link] = links_in(ours)
    assert document_link == f"{SITE}/en/cwg-test/documents/CWG-TEST-22/INF/1/"
    assert re.fullmatch(rf"{SITE}/en/cwg-test/alerts/manage/[^/]+/", manage_link)
    assert re.fullmatch(rf"{SITE}/en/cwg-test/alerts/unsubscribe/[^/]+/", unsubscribe_link)
    assert ours.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_link}>"
    assert footer(ours) == (
        "You receive this mail because you follow every document published in CWG-TEST "
        "on CWG-TEST Documents."
    )
    assert footer(before) == (
        "You receive this mail because you follow every document published in every "
        "working group on CWG-TEST Documents."
    )
    assert links_in(before)[0] == f"{SITE}/en/cwg-test/documents/CWG-TEST-22/INF/1/"
    assert client.post(path_of(unsubscribe_link)).status_code == 200
    assert list(Alert.objects.values_list("subscriber__email", flat=True)) == ["before@example.net"]


def test_the_confirmation_names_the_group_and_confirms_at_its_address(
    client, django_capture_on_commit_callbacks, testing
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/cwg-test/alerts/",
            {"email": "test@example.net", "what": "everything", "frequency": "daily"},
        )

    [confirmation] = mail.outbox
    [link] = links_in(confirmation)
    page = client.get(path_of(link))
    assert re.findall(r'<p class="lead">([^<]*)</p>', page.text) == [
        "You will receive every document published in CWG-TEST by e-mail, once a day, a "
        "digest of the day&#x27;s publications."
    ]
    assert confirmation.subject == "Confirm your CWG-TEST Documents alert"
    assert confirmation.body.splitlines()[0] == (
        "Someone, probably you, asked to receive every document published in CWG-TEST by "
        "e-mail at this address (Once a day, a digest of the day's publications), from "
        "CWG-TEST Documents, the documents of the ITU Council Working Group on Tests."
    )
    assert re.fullmatch(rf"{SITE}/en/cwg-test/alerts/confirm/[^/]+/", link)
    assert list(Alert.objects.all()) == []


def test_topic_and_country_alerts_follow_them_within_their_group(
    client, django_capture_on_commit_callbacks, documents, secretariat
):
    on_commit = django_capture_on_commit_callbacks
    follow(client, on_commit, "topic@example.net", "topic:helplines", "cwg-test")
    follow(client, on_commit, "cop-topic@example.net", "topic:helplines", "cwg-cop")
    follow(client, on_commit, "country@example.net", "country:IT", "cwg-cop")
    follow(client, on_commit, "both@example.net", "country:IT", "cwg-cop")
    follow(client, on_commit, "both@example.net", "country:IT", "cwg-test")
    follow(client, on_commit, "israel@example.net", "country:IL", "cwg-test")

    of_cop = publish(documents["cwg-cop"], secretariat, on_commit)
    of_test = publish(documents["cwg-test"], secretariat, on_commit)

    assert of_cop == [
        (["country@example.net"], "Published: CWG-COP-22/INF/1 Helplines in Rome"),
        (["both@example.net"], "Published: CWG-COP-22/INF/1 Helplines in Rome"),
    ]
    assert of_test == [
        (["topic@example.net"], "Published: CWG-TEST-22/INF/1 Helplines in Turin"),
        (["both@example.net"], "Published: CWG-TEST-22/INF/1 Helplines in Turin"),
    ]
    assert footer(alert_mail_to("topic@example.net")) == (
        "You receive this mail because you follow documents on Helplines in CWG-TEST "
        "on CWG-TEST Documents."
    )
    assert list(
        Alert.objects.filter(subscriber__email="both@example.net")
        .order_by("pk")
        .values_list("kind", "country", "group__slug")
    ) == [("country", "IT", "cwg-cop"), ("country", "IT", "cwg-test")]


def meeting_choices(page) -> list[tuple[str, str]]:
    return re.findall(r'<option value="(meeting:[^"]*)"[^>]*>([^<]*)</option>', page.text)


def test_the_form_offers_the_meetings_of_its_group_and_names_the_group(client, documents):
    MeetingFactory(group=default_group(), number=23)

    of_cop, of_test = client.get("/en/cwg-cop/alerts/"), client.get("/en/cwg-test/alerts/")

    assert meeting_choices(of_cop) == [("meeting:23", "CWG-COP-23"), ("meeting:22", "CWG-COP-22")]
    assert meeting_choices(of_test) == [("meeting:22", "CWG-TEST-22")]
    assert re.findall(r'<option value="everything"[^>]*>([^<]*)<', of_test.text) == [
        "Every document published by CWG-TEST"
    ]
    assert re.findall(r'<p class="lead">([^<]*)</p>', of_test.text) == [
        "New publications of CWG-TEST: receive an e-mail when a document of the group is "
        "published, every document or those of a country, a source, a topic or a meeting. "
        "No account is needed."
    ]


def test_a_meeting_alert_follows_the_meeting_of_its_own_group(
    client, django_capture_on_commit_callbacks, documents, secretariat
):
    on_commit = django_capture_on_commit_callbacks
    follow(client, on_commit, "meeting@example.net", "meeting:22", "cwg-test")
    alert = Alert.objects.select_related("meeting__group", "group").get()

    of_cop = publish(documents["cwg-cop"], secretariat, on_commit)
    of_test = publish(documents["cwg-test"], secretariat, on_commit)

    assert (alert.meeting.group.slug, alert.group.slug) == ("cwg-test", "cwg-test")
    assert of_cop == []
    assert of_test == [(["meeting@example.net"], "Published: CWG-TEST-22/INF/1 Helplines in Turin")]


def test_a_meeting_of_another_group_is_refused_by_the_form(client, testing):
    MeetingFactory(group=default_group(), number=25)

    response = client.post(
        "/en/cwg-test/alerts/",
        {"email": "a@example.net", "what": "meeting:25", "frequency": "daily"},
    )

    assert response.status_code == 200
    assert "Choose what to follow from the list." in response.text
    assert mail.outbox == []


def test_the_manage_page_names_the_group_of_each_alert(
    client, django_capture_on_commit_callbacks, documents
):
    on_commit = django_capture_on_commit_callbacks
    follow(client, on_commit, "reader@example.net", "everything", "cwg-cop")
    follow(client, on_commit, "reader@example.net", "country:IT", "cwg-test")
    follow(client, on_commit, "reader@example.net", "meeting:22", "cwg-test")
    Alert.objects.create(
        subscriber=Subscriber.objects.get(),
        kind="topic",
        topic=documents["cwg-test"].topics.get(),
        frequency="daily",
    )
    manage_path = follow(client, on_commit, "reader@example.net", "topic:helplines", "cwg-test")

    page = client.get(manage_path)

    assert manage_path.startswith("/en/cwg-test/alerts/manage/")
    assert re.findall(r"<h2>([^<]*)</h2>", page.text) == [
        "Every document published in CWG-COP",
        "Documents from Italy in CWG-TEST",
        "Documents of meeting CWG-TEST-22",
        "Documents on Helplines in every working group",
        "Documents on Helplines in CWG-TEST",
    ]


def test_a_daily_digest_goes_per_group(
    client, django_capture_on_commit_callbacks, documents, secretariat
):
    on_commit = django_capture_on_commit_callbacks
    follow_every_group("before@example.net", frequency="daily")
    follow(client, on_commit, "test@example.net", "everything", "cwg-test", frequency="daily")
    for document in documents.values():
        publish(document, secretariat, on_commit)
        Document.objects.filter(pk=document.pk).update(
            published_at=datetime.datetime(2027, 1, 14, 10, 0, tzinfo=GENEVA)
        )
    mail.outbox.clear()

    call_command("send_alert_digests", day="2027-01-14", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert [(message.to, message.subject, links_in(message)[0]) for message in mail.outbox] == [
        (
            ["before@example.net"],
            "CWG-COP Documents published on 14 January 2027: 1 document",
            f"{SITE}/en/cwg-cop/documents/CWG-COP-22/INF/1/",
        ),
        (
            ["before@example.net"],
            "CWG-TEST Documents published on 14 January 2027: 1 document",
            f"{SITE}/en/cwg-test/documents/CWG-TEST-22/INF/1/",
        ),
        (
            ["test@example.net"],
            "CWG-TEST Documents published on 14 January 2027: 1 document",
            f"{SITE}/en/cwg-test/documents/CWG-TEST-22/INF/1/",
        ),
    ]


def test_one_alert_per_address_target_and_group(testing):
    subscriber = Subscriber.objects.create(email="reader@example.net", language="en")
    Alert.objects.create(subscriber=subscriber, kind="everything", frequency="daily")
    for group in (default_group(), testing):
        Alert.objects.create(
            subscriber=subscriber, kind="everything", group=group, frequency="daily"
        )

    refused = []
    for group in (None, default_group(), testing):
        try:
            with transaction.atomic():
                Alert.objects.create(
                    subscriber=subscriber, kind="everything", group=group, frequency="daily"
                )
        except IntegrityError:
            refused.append(group.slug if group else None)

    assert refused == [None, "cwg-cop", "cwg-test"]
    assert Alert.objects.count() == 3


def test_a_request_from_before_the_groups_is_confirmed_for_every_group(client, testing):
    pending = PendingAlert.objects.create(
        email="before@example.net",
        language="en",
        kind="everything",
        frequency="daily",
        created_at=timezone.now(),
    )

    sending.send_confirmation(pending_id=pending.pk)
    [link] = links_in(mail.outbox[0])
    client.post(path_of(link))

    assert mail.outbox[0].subject == "Confirm your CWG-COP Documents alert"
    assert re.fullmatch(rf"{SITE}/en/cwg-cop/alerts/confirm/[^/]+/", link)
    assert list(Alert.objects.values_list("kind", "group")) == [("everything", None)]


def test_a_country_page_offers_the_alerts_of_each_group(client, documents):
    page = client.get("/en/countries/it/")
    group_page = client.get("/en/cwg-test/documents/?country=IT")

    assert re.findall(r'<a class="alert-link" href="([^"]*)">([^<]*)</a>', page.text) == [
        ("/en/cwg-cop/alerts/?country=IT", "CWG-COP"),
        ("/en/cwg-test/alerts/?country=IT", "CWG-TEST"),
    ]
    assert re.findall(r'<a class="alert-link" href="([^"]*)">([^<]*)</a>', group_page.text) == [
        ("/en/cwg-test/alerts/?country=IT", "Get e-mail alerts")
    ]

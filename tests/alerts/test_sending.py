"""What is mailed, to whom, once: per kind of target, only published news, the daily digest,
the subscriber's language."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from alerts import sending
from alerts.models import Delivery
from contributions import services
from contributions.models import Document, DocumentTitle
from tests.contributions.admin_pages import GENEVA
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory, TopicFactory

from .conftest import links_in

PEOPLE = ["country@example.net", "source@example.net", "topic@example.net"]


def alert_mails(address: str | None = None) -> list:
    """Alert mails (not the confirmations, not the workflow's mails to delegates)."""
    return [
        message
        for message in mail.outbox
        if "List-Unsubscribe" in message.extra_headers
        and (address is None or message.to == [address])
    ]


@pytest.fixture
def document(meeting, italy):
    """An accepted document of an Italian ministry and a partner, on a topic, for two meetings."""
    ministry = SourceFactory(
        kind="state_unit", name="Ministry of Enterprises", slug="mimit", country="IT", parent=italy
    )
    unicef = SourceFactory(name="UNICEF", slug="unicef")
    document = DocumentFactory(
        meeting=meeting,
        sources=[ministry, unicef],
        status=Document.Status.ACCEPTED,
        sequence=1,
        number="CWG-COP-22/INF/1",
        title="Helplines for children",
    )
    document.topics.add(TopicFactory(name="Helplines", slug="helplines"))
    document.other_meetings.add(MeetingFactory(number=23))
    return document


@pytest.fixture
def others(db, israel):
    """Targets the document does not concern."""
    SourceFactory(name="Other partner", slug="other-partner")
    TopicFactory(name="Gaming", slug="gaming")
    MeetingFactory(number=24)


@pytest.mark.parametrize(
    ("what", "mailed"),
    [
        ("everything", True),
        ("country:IT", True),
        ("source:unicef", True),
        ("source:mimit", True),
        ("topic:helplines", True),
        ("meeting:22", True),
        ("meeting:23", True),
        ("country:IL", False),
        ("source:other-partner", False),
        ("topic:gaming", False),
        ("meeting:24", False),
    ],
)
def test_a_publication_is_mailed_to_those_who_follow_what_it_concerns(
    reader, document, others, people, what, mailed
):
    reader.follow("reader@example.net", what)

    reader.publish(document, people["secretariat"])

    assert [message.subject for message in alert_mails()] == (
        ["Published: CWG-COP-22/INF/1 Helplines for children"] if mailed else []
    )


def test_following_a_member_state_source_follows_its_country(reader, document, people):
    reader.follow("reader@example.net", "source:italy")

    reader.publish(document, people["secretariat"])

    assert "You receive this mail because you follow documents from Italy on" in (
        alert_mails()[0].body
    )


def test_one_mail_per_address_and_document_whatever_it_follows(reader, document, people):
    for what in ["everything", "country:IT", "topic:helplines", "meeting:23"]:
        reader.follow("reader@example.net", what)

    reader.publish(document, people["secretariat"])

    [message] = alert_mails()
    assert message.body.rstrip().splitlines()[-3] == (
        "You receive this mail because you follow every document published; documents from "
        "Italy; documents on Helplines; documents of meeting CWG-COP-23 on CWG-COP Documents."
    )


def test_a_retried_task_or_a_second_publication_sends_nothing_more(reader, document, people):
    reader.follow("reader@example.net", "everything")
    reader.publish(document, people["secretariat"])

    again = sending.send_publication_alerts(document_id=document.pk)
    with reader.on_commit(execute=True):
        services.unpublish_document(document=document, by=people["secretariat"], reason="Typo")
    reader.publish(document, people["secretariat"])

    assert again == 0
    assert len(alert_mails()) == 1
    assert Delivery.objects.count() == 1


@pytest.mark.parametrize(
    "status", ["draft", "submitted", "accepted", "withdrawn", "rejected", "superseded"]
)
def test_a_document_that_is_not_published_is_never_mailed(reader, document_in, status):
    reader.follow("reader@example.net", "everything")
    document = document_in(status)

    sent = sending.send_publication_alerts(document_id=document.pk)

    assert sent == 0
    assert alert_mails() == []


def test_a_document_unpublished_before_the_worker_runs_is_not_mailed(reader, document, people):
    reader.follow("reader@example.net", "everything")
    with reader.on_commit() as publication_tasks:
        services.publish_document(document=document, by=people["secretariat"])
    services.unpublish_document(document=document, by=people["secretariat"], reason="Too early")

    for task in publication_tasks:
        task()

    assert alert_mails() == []


def test_a_document_entered_from_the_archive_is_not_news(reader, document_in):
    reader.follow("reader@example.net", "everything")
    document = document_in("published", from_archive=True)

    sent = sending.send_publication_alerts(document_id=document.pk)

    assert sent == 0


def test_a_mail_names_the_document_and_never_carries_its_summary_or_files(
    reader, document_in, people
):
    reader.follow("reader@example.net", "everything")
    document = document_in("accepted", summary="CANARY summary", title="Safer gaming")

    reader.publish(document, people["secretariat"])

    [message] = alert_mails()
    assert "CANARY" not in message.body
    assert "contribution.pdf" not in message.body
    assert "/files/" not in message.body
    assert message.attachments == []


def test_a_members_only_document_is_named_and_nothing_of_it_quoted(reader, document_in, people):
    reader.follow("reader@example.net", "everything")
    document = document_in(
        "accepted", access="members", summary="CANARY summary", title="List of focal points"
    )

    reader.publish(document, people["secretariat"])

    [message] = alert_mails()
    assert message.subject == "Published: CWG-COP-22/INF/1 List of focal points"
    assert "CANARY" not in message.body
    assert "/files/" not in message.body
    assert message.attachments == []


def publish_on(document, people, reader, moment: datetime.datetime) -> None:
    reader.publish(document, people["secretariat"])
    Document.objects.filter(pk=document.pk).update(published_at=moment)


def test_daily_digest_sends_the_days_publications_once(
    reader, document_in, people, meeting, israel
):
    reader.follow("daily@example.net", "everything", "daily")
    reader.follow("both@example.net", "country:IT", "immediate")
    reader.follow("both@example.net", "everything", "daily")
    italian, israeli, next_day = (
        document_in("accepted", title="Helplines"),
        DocumentFactory(
            meeting=meeting,
            sources=[israel],
            status=Document.Status.ACCEPTED,
            sequence=10,
            number="CWG-COP-22/INF/10",
            title="Reporting portals",
        ),
        document_in("accepted", title="Age assurance"),
    )
    # 00:30 on 14 January in Geneva is still 13 January in UTC.
    publish_on(italian, people, reader, datetime.datetime(2027, 1, 14, 0, 30, tzinfo=GENEVA))
    publish_on(israeli, people, reader, datetime.datetime(2027, 1, 14, 23, 59, tzinfo=GENEVA))
    publish_on(next_day, people, reader, datetime.datetime(2027, 1, 15, 0, 0, tzinfo=GENEVA))
    immediate = [message.to for message in alert_mails()]
    mail.outbox.clear()

    call_command("send_alert_digests", day="2027-01-14", stdout=open("/dev/null", "w"))  # noqa: SIM115
    digests = list(mail.outbox)
    mail.outbox.clear()
    call_command("send_alert_digests", day="2027-01-14", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert immediate == [["both@example.net"]] * 2
    assert [(message.to, message.subject) for message in digests] == [
        (["daily@example.net"], "CWG-COP Documents published on 14 January 2027: 2 documents"),
        (["both@example.net"], "CWG-COP Documents published on 14 January 2027: 1 document"),
    ]
    assert [line for line in digests[0].body.splitlines() if line.startswith("CWG-COP")] == [
        "CWG-COP-22/INF/1",
        "CWG-COP-22/INF/10",
    ]
    assert digests[1].body.splitlines()[2:5] == [
        "CWG-COP-22/INF/10",
        "Reporting portals",
        "From: Israel",
    ]
    assert digests[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.outbox == []


def test_mail_is_written_in_the_language_of_the_page_subscribed_on(reader, document_in, people):
    reader.follow("lecteur@example.net", "everything", "daily", language="fr")
    document = document_in("accepted", title="Helplines for children")
    DocumentTitle.objects.create(
        document=document, language="fr", title="Lignes d'assistance pour les enfants"
    )
    publish_on(document, people, reader, datetime.datetime(2027, 1, 14, 10, 0, tzinfo=GENEVA))

    call_command("send_alert_digests", day="2027-01-14", stdout=open("/dev/null", "w"))  # noqa: SIM115

    [digest] = alert_mails("lecteur@example.net")
    [document_link, manage_link, unsubscribe_link] = links_in(digest)
    assert "14 janvier 2027" in digest.subject
    assert digest.body.splitlines()[3] == "Lignes d'assistance pour les enfants"
    assert document_link == "https://documents.example.org/fr/cwg-cop/documents/CWG-COP-22/INF/1/"
    assert manage_link.startswith("https://documents.example.org/fr/cwg-cop/alerts/manage/")
    assert unsubscribe_link.startswith(
        "https://documents.example.org/fr/cwg-cop/alerts/unsubscribe/"
    )

"""Following a country by e-mail, from the form to the one-click unsubscription."""

import datetime

from django.core import mail
from django.test import Client
from django.utils import timezone

from alerts.models import Alert, PendingAlert, Subscriber

from .conftest import SITE, links_in, path_of, rows_holding

ADDRESS = "reader@example.net"


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_follow_a_country_receive_one_mail_and_unsubscribe_in_one_click(
    reader, document_in, people
):
    document = document_in("accepted", title="Online safety of children in Italy")

    requested = reader.subscribe(ADDRESS, "country:IT")
    [confirmation] = mails_to(ADDRESS)
    [confirm_link] = links_in(confirmation)
    before_confirming = (Alert.objects.count(), Subscriber.objects.count())
    manage_path = reader.confirm(confirmation)
    reader.publish(document, people["secretariat"])
    [_confirmation, alert_mail] = mails_to(ADDRESS)
    [document_link, manage_link, unsubscribe_link] = links_in(alert_mail)
    one_click = Client(enforce_csrf_checks=True).post(
        path_of(unsubscribe_link),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert requested.status_code == 302
    assert requested["Location"] == "/en/cwg-cop/alerts/requested/"
    assert confirmation.subject == "Confirm your CWG-COP Documents alert"
    assert confirm_link.startswith(f"{SITE}/en/cwg-cop/alerts/confirm/")
    assert before_confirming == (0, 0)
    assert manage_link == f"{SITE}{manage_path}"
    assert alert_mail.subject == "Published: CWG-COP-22/INF/1 Online safety of children in Italy"
    assert alert_mail.body.splitlines()[:5] == [
        "A document you follow has been published:",
        "",
        "CWG-COP-22/INF/1",
        "Online safety of children in Italy",
        "From: Italy",
    ]
    assert document_link == f"{SITE}/en/cwg-cop/documents/CWG-COP-22/INF/1/"
    assert unsubscribe_link.startswith(f"{SITE}/en/cwg-cop/alerts/unsubscribe/")
    assert alert_mail.extra_headers == {
        "List-Unsubscribe": f"<{unsubscribe_link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    assert "You receive this mail because you follow documents from Italy" in alert_mail.body
    assert alert_mail.attachments == []
    assert one_click.status_code == 200
    assert "No more alerts will be sent, and your address has been deleted." in (
        one_click.content.decode()
    )
    assert Subscriber.objects.count() == 0
    assert rows_holding(ADDRESS) == []
    assert rows_holding("reader@") == []


def test_confirmation_link_opened_confirms_nothing_until_the_button(reader):
    reader.subscribe(ADDRESS, "everything")
    [link] = links_in(mails_to(ADDRESS)[0])

    page = reader.client.get(path_of(link))

    assert page.status_code == 200
    assert "You will receive every document published by e-mail, at once, one mail per" in (
        page.content.decode()
    )
    assert page["Referrer-Policy"] == "strict-origin"
    assert page["Cache-Control"] == "private, no-store"
    assert Alert.objects.count() == 0
    assert Subscriber.objects.count() == 0


def test_confirmation_link_used_twice_does_not_work_the_second_time(reader):
    reader.subscribe(ADDRESS, "everything")
    [message] = mails_to(ADDRESS)
    reader.confirm(message)

    again = reader.client.post(path_of(links_in(message)[0]))

    assert again.status_code == 404
    assert Alert.objects.count() == 1


def test_expired_confirmation_link_subscribes_no_one(reader, settings):
    reader.subscribe(ADDRESS, "everything")
    [message] = mails_to(ADDRESS)
    PendingAlert.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=settings.ALERTS_CONFIRMATION_HOURS)
    )

    response = reader.client.post(path_of(links_in(message)[0]))

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Alert.objects.count() == 0
    assert Subscriber.objects.count() == 0


def test_an_address_that_already_follows_gets_the_same_answer_as_a_new_one(reader):
    reader.follow(ADDRESS, "country:IT")
    mail.outbox.clear()

    known = reader.subscribe(ADDRESS, "country:IT")
    known_page = reader.client.get(known["Location"])
    unknown = reader.subscribe("stranger@example.net", "country:IT")
    unknown_page = reader.client.get(unknown["Location"])

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known_page.content == unknown_page.content
    # Each address gets the same confirmation mail, whatever it already follows.
    assert [(message.to, message.subject) for message in mail.outbox] == [
        ([ADDRESS], "Confirm your CWG-COP Documents alert"),
        (["stranger@example.net"], "Confirm your CWG-COP Documents alert"),
    ]


def test_confirmation_mails_to_one_address_are_limited(reader, settings):
    settings.ALERTS_CONFIRMATIONS_PER_ADDRESS = 3

    answers = [
        reader.subscribe(address, "everything")["Location"]
        for address in [ADDRESS, ADDRESS, "READER@example.net", ADDRESS, "other@example.net"]
    ]

    assert answers == ["/en/cwg-cop/alerts/requested/"] * 5
    assert [message.to for message in mail.outbox] == [
        [ADDRESS],
        [ADDRESS],
        [ADDRESS],
        ["other@example.net"],
    ]
    assert PendingAlert.objects.filter(email=ADDRESS).count() == 3


def test_limit_on_confirmation_mails_lifts_after_the_period(reader, settings):
    settings.ALERTS_CONFIRMATIONS_PER_ADDRESS = 1
    reader.subscribe(ADDRESS, "everything")
    PendingAlert.objects.update(
        created_at=timezone.now() - datetime.timedelta(hours=settings.ALERTS_CONFIRMATION_HOURS)
    )

    reader.subscribe(ADDRESS, "everything")

    assert len(mails_to(ADDRESS)) == 2


def test_confirming_the_same_target_again_changes_how_often(reader):
    reader.follow(ADDRESS, "country:IT", "immediate")

    reader.follow(ADDRESS, "country:IT", "daily")

    assert list(Alert.objects.values_list("kind", "country", "frequency")) == [
        ("country", "IT", "daily")
    ]

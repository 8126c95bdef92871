"""The forms that mail anyone who asks (alert sign-up, password reset) flood no one."""

import datetime
import logging
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks import task_backends

from alerts.limits import mailbox_of
from alerts.models import PendingAlert, RequestedMail
from tests.factories import UserFactory

FLOOD = "flood@example.org"


def sign_up(client, email: str, on_commit, address: str = "198.51.100.1"):
    with on_commit(execute=True):
        return client.post(
            "/en/cwg-cop/alerts/",
            {"email": email, "what": "everything", "frequency": "immediate"},
            REMOTE_ADDR=address,
        )


def ask_reset(client, email: str, address: str = "198.51.100.1"):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=address)


def mails_to(*addresses: str) -> int:
    return sum(1 for message in mail.outbox if message.to[0] in addresses)


@pytest.mark.parametrize(
    ("written", "mailbox"),
    [
        ("flood@example.org", "flood@example.org"),
        ("Flood+7@Example.ORG", "flood@example.org"),
        ("flood+a+b@example.org", "flood@example.org"),
        (" flood@example.org ", "flood@example.org"),
    ],
)
def test_one_mailbox_however_the_address_is_written(written, mailbox):
    assert mailbox_of(written) == mailbox


def test_plus_addresses_share_the_mailbox_limit_of_the_alert_form(
    client, db, django_capture_on_commit_callbacks
):
    addresses = (
        [FLOOD] * 3 + [f"flood+{n}@example.org" for n in range(10)] + ["FLOOD+x@example.org"]
    )

    answers = {
        sign_up(client, address, django_capture_on_commit_callbacks)["Location"]
        for address in addresses
    }

    assert answers == {"/en/cwg-cop/alerts/requested/"}
    assert [message.to for message in mail.outbox] == [[FLOOD]] * 3
    assert PendingAlert.objects.count() == 3


def test_one_client_address_gets_ten_alert_mails_an_hour(
    client, db, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    for n in range(12):
        sign_up(client, f"reader-{n}@example.net", on_commit, address="203.0.113.5")
    other_client = sign_up(client, "reader-12@example.net", on_commit, address="203.0.113.6")
    RequestedMail.objects.update(sent_at=timezone.now() - datetime.timedelta(hours=1))
    an_hour_later = sign_up(client, "reader-13@example.net", on_commit, address="203.0.113.5")

    assert other_client.status_code == an_hour_later.status_code == 302
    assert [message.to[0] for message in mail.outbox] == [
        *(f"reader-{n}@example.net" for n in range(10)),
        "reader-12@example.net",
        "reader-13@example.net",
    ]


def test_a_limited_sign_up_gets_the_same_page_and_is_logged(
    client, db, django_capture_on_commit_callbacks, caplog
):
    on_commit = django_capture_on_commit_callbacks
    pages = []
    for _ in range(4):
        with caplog.at_level(logging.WARNING, logger="alerts.limits"):
            response = sign_up(client, f"flood+{len(pages)}@example.org", on_commit)
        pages.append((response.status_code, response["Location"]))

    assert pages == [(302, "/en/cwg-cop/alerts/requested/")] * 4
    assert [record.getMessage() for record in caplog.records if record.name == "alerts.limits"] == [
        "Mail not sent by the alert_confirmation form: the mailbox's limit is reached."
    ]


def test_the_mailbox_limit_lifts_after_a_day(client, db, django_capture_on_commit_callbacks):
    on_commit = django_capture_on_commit_callbacks
    for n in range(4):
        sign_up(client, f"flood+{n}@example.org", on_commit)
    RequestedMail.objects.update(sent_at=timezone.now() - datetime.timedelta(hours=24))

    sign_up(client, "flood+9@example.org", on_commit)

    assert [message.to[0] for message in mail.outbox] == [
        "flood+0@example.org",
        "flood+1@example.org",
        "flood+2@example.org",
        "flood+9@example.org",
    ]


def test_reset_mails_to_one_mailbox_stop_at_three_a_day(client, db):
    UserFactory(username="delegate", email="delegate@example.org", is_staff=True)
    spellings = ["delegate@example.org", "Delegate@Example.org", "delegate+x@example.org"]

    answers = {
        ask_reset(client, spellings[n % 3], address=f"198.51.100.{n}")["Location"]
        for n in range(10)
    }

    assert answers == {"/admin/password_reset/sent/"}
    # The third spelling names no account: counted, and nothing to send.
    assert mails_to("delegate@example.org") == 2
    assert RequestedMail.objects.filter(form="password_reset").count() == 3


def test_reset_mails_at_one_clients_request_stop_at_ten_an_hour(client, db):
    for n in range(12):
        UserFactory(username=f"delegate-{n}", email=f"delegate-{n}@example.org")

    for n in range(12):
        ask_reset(client, f"delegate-{n}@example.org", address="203.0.113.5")

    assert len(mail.outbox) == 10


def test_known_and_unknown_addresses_queue_one_reset_task_alike(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    delegate = UserFactory(username="delegate", email="delegate@example.org", is_staff=True)
    task_backends["default"].clear()

    known = ask_reset(client, "delegate@example.org")
    unknown = ask_reset(client, "nobody@example.org")
    queued = [(result.task.name, result.args) for result in task_backends["default"].results]

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert mail.outbox == []
    assert queued == [
        ("send_password_reset_mails", [[delegate.pk], "en"]),
        ("send_password_reset_mails", [[], "en"]),
    ]


def run_at_once(count: int, action) -> list[BaseException]:
    """`action(n)` in `count` threads released together; the errors they raised."""
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            start.wait()
            action(n)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_sign_ups_at_once_for_one_new_address_send_three_mails():
    def sign_up_once(n: int) -> None:
        Client().post(
            "/en/cwg-cop/alerts/",
            {"email": f"flood+{n}@example.org", "what": "everything", "frequency": "daily"},
            REMOTE_ADDR=f"198.51.100.{n}",
        )

    errors = run_at_once(20, sign_up_once)

    assert errors == []
    assert len(mail.outbox) == 3
    assert PendingAlert.objects.count() == 3


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_twenty_reset_requests_at_once_send_three_mails():
    UserFactory(username="delegate", email="delegate@example.org", is_staff=True)

    errors = run_at_once(
        20,
        lambda n: Client().post(
            "/admin/password_reset/",
            {"email": "delegate@example.org"},
            REMOTE_ADDR=f"198.51.100.{n}",
        ),
    )

    assert errors == []
    assert mails_to("delegate@example.org") == 3

"""Every mail is written in its reader's language: the one they last used on the site,
whatever the language of the request that caused it."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.languages import SESSION_KEY, language_of, record_language
from accounts.models import AccountSettings
from alerts import sending
from alerts.models import PendingAlert
from contributions import services
from contributions.models import Document
from cwgcop.account_mail import send_failed_sign_ins_notice, send_password_reset_mails
from tests.factories import MeetingFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRETARIAT = "secretariat@example.org"
ITALY = "delegate-italy@example.org"


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_a_delegate_browsing_in_arabic_mails_the_secretariat_in_english(
    client, demo, django_capture_on_commit_callbacks
):
    record_language(_user("secretariat"), "en")
    document = Document.objects.get(meeting__number=22, sources__slug="italy", status="draft")
    client.force_login(_user("delegate-italy"))
    mail.outbox.clear()

    client.get("/ar/cwg-cop/documents/")  # the delegate reads the site in Arabic
    url = reverse("admin:contributions_document_workflow", args=[document.pk, "submit"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, HTTP_ACCEPT_LANGUAGE="ar", follow=True)

    assert response.status_code == 200
    assert language_of(_user("delegate-italy")) == "ar"
    [to_secretariat] = _to(SECRETARIAT)
    [receipt] = _to(ITALY)
    assert to_secretariat.subject == f"Submitted for review: {document.title}"
    assert "The secretariat has received" not in to_secretariat.body
    assert receipt.subject == f"تم الاستلام: {document.title}"
    assert not receipt.subject.startswith("Received")


def test_the_language_is_written_only_when_it_changes(client, demo):
    delegate = _user("delegate-italy")
    client.force_login(delegate)

    client.get("/fr/cwg-cop/documents/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/fr/cwg-cop/documents/")
    first = client.session[SESSION_KEY]
    client.get("/es/cwg-cop/documents/")

    assert first == "fr"
    assert [q["sql"] for q in queries if "accounts_accountsettings" in q["sql"]] == []
    assert client.session[SESSION_KEY] == "es"
    assert AccountSettings.objects.get(user=delegate).language == "es"
    assert AccountSettings.objects.filter(user=delegate).count() == 1


def test_sign_in_records_the_language_of_the_sign_in_page(client, demo):
    delegate = _user("delegate-italy")

    client.post(
        "/admin/login/",
        {"username": "delegate-italy", "password": "cwgcop-demo"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert AccountSettings.objects.get(user=delegate).language == "ru"


def test_an_account_without_a_recorded_language_is_written_to_in_english(db):
    assert language_of(UserFactory()) == "en"


def _in(language: str, msgid: str) -> str:
    """A message of the catalogues as it reads in `language`."""
    with translation.override(language):
        return translation.gettext(msgid)


def test_failed_sign_ins_notice_is_in_the_account_language(db):
    user = UserFactory(email="someone@example.org")
    record_language(user, "fr")

    with translation.override("ar"):
        send_failed_sign_ins_notice.call(user.pk, 5)

    [message] = mail.outbox
    assert message.to == ["someone@example.org"]
    assert message.subject == _in("fr", "Failed sign-ins to your CWG-COP Documents account")
    assert message.subject != "Failed sign-ins to your CWG-COP Documents account"


def test_password_reset_is_in_the_account_language_else_the_form_one(db):
    subject = "Choose a new password for CWG-COP Documents"
    known = UserFactory(email="known@example.org")
    record_language(known, "ar")
    new = UserFactory(email="new@example.org")

    send_password_reset_mails.call([known.pk, new.pk], "fr")

    [to_known] = _to("known@example.org")
    [to_new] = _to("new@example.org")
    assert to_known.subject == _in("ar", subject)
    assert to_new.subject == _in("fr", subject)
    assert to_known.subject != to_new.subject


def test_invitation_is_in_the_invited_account_language(db):
    italy = SourceFactory(name="Italy", slug="italy")
    user = UserFactory(email="invited@example.org")
    user.set_unusable_password()
    user.save()
    record_language(user, "ar")

    with translation.override("fr"):
        services.send_invitation(user_id=user.pk, source_ids=[italy.pk])

    [message] = mail.outbox
    assert message.subject == _in("ar", "You are a delegate on CWG-COP Documents")
    assert message.subject != "You are a delegate on CWG-COP Documents"


def test_alert_mails_follow_the_account_else_the_subscription_language(db):
    subject = "Confirm your CWG-COP Documents alert"
    meeting = MeetingFactory(number=30)
    record_language(UserFactory(email="reader@example.org"), "fr")
    for address in ["reader@example.org", "stranger@example.org"]:
        pending = PendingAlert.objects.create(
            email=address,
            language="es",
            kind="meeting",
            meeting=meeting,
            frequency="immediate",
            created_at=timezone.now(),
        )
        with translation.override("ar"):
            sending.send_confirmation(pending_id=pending.pk)

    [to_reader] = _to("reader@example.org")
    [to_stranger] = _to("stranger@example.org")
    assert to_reader.subject == _in("fr", subject)
    assert to_stranger.subject == _in("es", subject)
    assert to_reader.subject != to_stranger.subject

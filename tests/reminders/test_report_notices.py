"""When a meeting's report is published, its delegates and followers are told once, and
the owners of its open actions are sent theirs, once per publication."""

import pytest
from django.core import mail

from accounts.languages import record_language
from alerts.models import Alert, Subscriber
from contributions.models import Source
from meetings.models import Meeting
from meetings.notices import send_action_notices, send_report_notices
from meetings.services import publish_meeting_report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _follow(email: str, meeting: Meeting, language: str) -> Subscriber:
    subscriber = Subscriber.objects.create(email=email, language=language)
    Alert.objects.create(subscriber=subscriber, kind="meeting", meeting=meeting, frequency="daily")
    return subscriber


@pytest.fixture
def readers(demo):
    """The demo's 21st meeting (its report published as REP/1): a BDT focal point reading
    French, a Pakistani delegate reading Arabic, a follower of the meeting without an
    account reading Spanish, the Italian delegate following it too, and a follower of
    another meeting."""
    meeting = Meeting.objects.get(number=21)
    bdt = UserFactory(username="bdt-focal-point")
    Source.objects.get(slug="itu-bdt").delegates.add(bdt)
    record_language(bdt, "fr")
    pakistan = UserFactory(username="pakistan")
    Source.objects.get(slug="pakistan").delegates.add(pakistan)
    record_language(pakistan, "ar")
    _follow("follower@example.net", meeting, "es")
    _follow("delegate-italy@example.org", meeting, "en")
    _follow("other-meeting@example.net", Meeting.objects.get(number=22), "en")
    secretariat = UserFactory(username="publisher", is_staff=True, is_superuser=True)
    mail.outbox.clear()
    return {"meeting": meeting, "secretariat": secretariat}


def _publish(readers, capture):
    with capture(execute=True):
        return publish_meeting_report(meeting=readers["meeting"], by=readers["secretariat"])


def _mails(subject_part: str) -> list:
    return sorted(
        (message for message in mail.outbox if subject_part in message.subject),
        key=lambda message: message.to,
    )


def test_the_report_is_told_once_to_delegates_and_followers(
    readers, django_capture_on_commit_callbacks
):
    report = _publish(readers, django_capture_on_commit_callbacks)
    told = _mails(": CWG-COP-21/REP/1(Rev.1)")
    again = send_report_notices(published_report_id=report.published_report.pk)

    assert report.number == "CWG-COP-21/REP/1(Rev.1)"
    # Each in the reader's language.
    assert [(message.to, message.subject) for message in told] == [
        (
            ["bdt-focal-point@example.org"],
            # French sets a colon apart with a no-break space.
            "Le rapport de la réunion CWG-COP-21 est publié\u00a0: CWG-COP-21/REP/1(Rev.1)",
        ),
        (
            ["delegate-israel@example.org"],
            "The report of CWG-COP-21 is published: CWG-COP-21/REP/1(Rev.1)",
        ),
        (
            ["delegate-italy@example.org"],
            "The report of CWG-COP-21 is published: CWG-COP-21/REP/1(Rev.1)",
        ),
        (
            ["follower@example.net"],
            "Se ha publicado el informe de CWG-COP-21: CWG-COP-21/REP/1(Rev.1)",
        ),
        (["pakistan@example.org"], "نُشر تقرير CWG-COP-21: CWG-COP-21/REP/1(Rev.1)"),
    ]
    assert "/documents/CWG-COP-21/REP/1(Rev.1)/" in told[0].body
    [to_follower] = [m for m in told if m.to == ["follower@example.net"]]
    [to_italy] = [m for m in told if m.to == ["delegate-italy@example.org"]]
    assert "/es/cwg-cop/alerts/manage/" in to_follower.body
    assert "as a delegate of a source of this meeting's documents" in to_italy.body
    assert "/alerts/manage/" not in to_italy.body
    assert again == 0
    assert len(mail.outbox) == 7  # five readers, two owners of actions


def test_owners_of_open_actions_are_sent_theirs_once(readers, django_capture_on_commit_callbacks):
    report = _publish(readers, django_capture_on_commit_callbacks)
    owners = [message for message in _mails(": ") if message.subject.startswith("CWG-COP-21")]
    again = send_action_notices(published_report_id=report.published_report.pk)

    assert [(message.to, message.subject) for message in owners] == [
        (["bdt-focal-point@example.org"], "CWG-COP-21\u00a0: 2 actions en cours vous concernent"),
        (["pakistan@example.org"], "CWG-COP-21: 1 إجراء مفتوح يعنيك"),
    ]
    bdt, pakistan = owners
    assert "1. It is agreed that dialogues with the ICT industry" in bdt.body
    assert "2. The outcomes of this meeting and the next meeting" in bdt.body
    # The records stay as written; the mail's own words are the reader's (French, Arabic).
    assert "Sources appelées à agir\u00a0: ITU Telecommunication Development Bureau" in bdt.body
    assert "1. The Chair invites Pakistan to share the translatio" in pakistan.body
    assert "الموعد النهائي: الاجتماع CWG-COP-22" in pakistan.body
    assert again == 0


def test_the_notices_are_in_each_reader_language(readers, django_capture_on_commit_callbacks):
    """The new sentences wait for their translations; the address of the follower's
    alerts is already in Spanish, and the French reader's mail asks the French pages."""
    _publish(readers, django_capture_on_commit_callbacks)

    [to_follower] = [m for m in mail.outbox if m.to == ["follower@example.net"]]
    [to_bdt, _actions] = [m for m in mail.outbox if m.to == ["bdt-focal-point@example.org"]]
    assert "http://127.0.0.1:8000/es/cwg-cop/alerts/manage/" in to_follower.body
    assert "http://127.0.0.1:8000/fr/cwg-cop/documents/CWG-COP-21/REP/1(Rev.1)/" in to_bdt.body


def test_a_report_entered_as_issued_tells_nobody(readers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish_meeting_report(meeting=readers["meeting"], by=readers["secretariat"], tell=False)

    assert mail.outbox == []

"""Reminders of a contribution deadline: who is mailed, with what, in which language, and
only once per person, meeting and step however often the command runs."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.languages import record_language, set_deadline_reminders
from contributions.models import Source
from tests.factories import DocumentFactory, MeetingFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")
# 13 January 2027, 23:59 in Geneva.
DEADLINE = datetime.datetime(2027, 1, 13, 23, 59, tzinfo=GENEVA)


def _at(day: int, hour: int = 9) -> datetime.datetime:
    """A moment of January 2027 in Geneva."""
    return datetime.datetime(2027, 1, day, hour, 0, tzinfo=GENEVA)


@pytest.fixture
def meeting(db):
    return MeetingFactory(number=40, contribution_deadline=DEADLINE)


def _delegate(username: str, source: Source, language: str = "en"):
    user = UserFactory(username=username)
    source.delegates.add(user)
    record_language(user, language)
    return user


@pytest.fixture
def cast(meeting):
    """Italy has a draft and nothing submitted; Israel nothing at all; France submitted one
    document and has a draft left; Spain submitted and has nothing left; the helplines
    have nothing but their delegate turned reminders off."""
    italy = SourceFactory(kind="member_state", name="Italy", slug="italy", country="IT")
    israel = SourceFactory(kind="member_state", name="Israel", slug="israel", country="IL")
    france = SourceFactory(kind="member_state", name="France", slug="france", country="FR")
    spain = SourceFactory(kind="member_state", name="Spain", slug="spain", country="ES")
    helplines = SourceFactory(name="Child Helpline Network", slug="helplines")
    people = {
        "italy": _delegate("italy", italy, "ar"),
        "israel": _delegate("israel", israel),
        "france": _delegate("france", france, "fr"),
        "spain": _delegate("spain", spain),
        "helplines": _delegate("helplines", helplines),
    }
    set_deadline_reminders(user=people["helplines"], wanted=False)
    DocumentFactory(meeting=meeting, sources=[italy], title="Italian draft on age checks")
    DocumentFactory(meeting=meeting, sources=[france], status="submitted", title="French one")
    DocumentFactory(
        meeting=meeting, sources=[france], status="returned", title="French returned draft"
    )
    DocumentFactory(meeting=meeting, sources=[spain], published=True, title="Spanish one")
    # A draft for another meeting is not this meeting's business.
    DocumentFactory(meeting=MeetingFactory(number=41), sources=[spain], title="Later draft")
    return people


def _run(monkeypatch, moment: datetime.datetime, times: int = 1) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)
    for _ in range(times):
        call_command("send_deadline_reminders", stdout=io.StringIO())


def _recipients() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def test_each_delegate_concerned_is_reminded_once_however_often_it_runs(cast, monkeypatch):
    _run(monkeypatch, _at(3), times=3)

    assert _recipients() == [
        "france@example.org",
        "israel@example.org",
        "italy@example.org",
    ]


def test_each_step_reminds_again_once(cast, monkeypatch):
    # 15 days before: not yet at a step.
    _run(monkeypatch, datetime.datetime(2026, 12, 29, 23, 0, tzinfo=GENEVA), times=2)
    before = len(mail.outbox)
    _run(monkeypatch, _at(1), times=2)  # 12 days before: the 14-day step
    _run(monkeypatch, _at(3), times=2)  # 10 days before: the same step, nothing more
    _run(monkeypatch, _at(10), times=2)  # 3 days before: the 3-day step
    _run(monkeypatch, _at(12), times=2)  # 1 day before: same step, nothing more
    _run(monkeypatch, _at(14, 1), times=2)  # after the deadline (00:00 in Geneva)

    assert before == 0
    assert len(mail.outbox) == 6
    assert (
        _recipients()
        == ["france@example.org"] * 2 + ["israel@example.org"] * 2 + ["italy@example.org"] * 2
    )


def test_nobody_who_has_submitted_and_has_no_draft_is_reminded(cast, monkeypatch):
    _run(monkeypatch, _at(3))

    assert "spain@example.org" not in _recipients()
    assert "helplines@example.org" not in _recipients()


def test_steps_are_counted_in_days_of_geneva(meeting, cast, monkeypatch, settings):
    settings.DEADLINE_REMINDER_DAYS = (3,)
    # 22:30 in UTC on 10 January is already the 11th in Geneva: 2 days before, a step.
    _run(monkeypatch, datetime.datetime(2027, 1, 10, 22, 30, tzinfo=datetime.UTC))
    first = len(mail.outbox)
    mail.outbox.clear()
    # 21:30 in UTC on 9 January is the 9th in Geneva: 4 days before, no step.
    meeting.contribution_deadline = DEADLINE + datetime.timedelta(days=1)
    meeting.save()
    _run(monkeypatch, datetime.datetime(2027, 1, 9, 21, 30, tzinfo=datetime.UTC))

    assert first == 3
    assert len(mail.outbox) == 0


def test_the_mail_names_the_drafts_the_sources_and_how_to_stop(cast, monkeypatch):
    _run(monkeypatch, _at(3))

    [to_israel] = [m for m in mail.outbox if m.to == ["israel@example.org"]]
    [to_france] = [m for m in mail.outbox if m.to == ["france@example.org"]]
    assert to_israel.subject == "CWG-COP-40: contributions are due in 10 days"
    assert "Contributions to CWG-COP-40 are due by 13 January 2027" in to_israel.body
    assert "Nothing has been submitted yet for: Israel." in to_israel.body
    assert "not submitted yet:" not in to_israel.body
    assert "http://127.0.0.1:8000/admin/#deadline-reminders" in to_israel.body
    assert "French returned draft" in to_france.body
    assert "Nothing has been submitted yet" not in to_france.body


def test_the_mail_is_in_the_delegate_language(cast, monkeypatch):
    """The new sentences wait for their translations; the dates already read in each
    delegate's language."""
    _run(monkeypatch, _at(3))

    [to_italy] = [m for m in mail.outbox if m.to == ["italy@example.org"]]
    [to_france] = [m for m in mail.outbox if m.to == ["france@example.org"]]
    [to_israel] = [m for m in mail.outbox if m.to == ["israel@example.org"]]
    assert "Italian draft on age checks" in to_italy.body
    assert "يناير" in to_italy.body
    assert "13 janvier 2027" in to_france.body
    assert "13 January 2027" in to_israel.body
    assert "janvier" not in to_israel.body


def test_turned_off_reminders_send_nothing_and_turned_on_again_send(cast, monkeypatch):
    set_deadline_reminders(user=cast["israel"], wanted=False)
    _run(monkeypatch, _at(3))
    set_deadline_reminders(user=cast["israel"], wanted=True)
    set_deadline_reminders(user=cast["italy"], wanted=False)
    set_deadline_reminders(user=cast["france"], wanted=False)
    _run(monkeypatch, _at(4))

    assert _recipients() == ["france@example.org", "israel@example.org", "italy@example.org"]

"""In the browser: a delegate turns deadline reminders off on their desk, and is then
left out of the reminders."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Meeting
from tests.browser.signin import sign_in


def test_a_delegate_turns_deadline_reminders_off_on_the_desk(browser, live_demo):
    meeting = Meeting.objects.get(number=22)
    meeting.status = Meeting.Status.OPEN
    meeting.contribution_deadline = timezone.now() + datetime.timedelta(days=2)
    meeting.save()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_demo.url, "delegate-italy")

    section = page.locator("#deadline-reminders")
    before = section.inner_text()
    section.get_by_role("button", name="Turn deadline reminders off").click()
    page.wait_for_url(live_demo.url + "/admin/#deadline-reminders")
    after = page.locator("#deadline-reminders").inner_text()
    message = page.locator(".messagelist").inner_text()
    context.close()
    mail.outbox.clear()
    call_command("send_deadline_reminders", stdout=io.StringIO())

    assert "You are mailed 14 and 3 days before" in before
    assert "Deadline reminders are off: you will not be mailed them." in message
    assert "Deadline reminders are off: you are not mailed before contribution deadlines." in after
    assert "Turn deadline reminders on" in after
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert "delegate-italy@example.org" not in recipients
    assert recipients == ["delegate-israel@example.org"]

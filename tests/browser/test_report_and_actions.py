"""A visitor reads the meeting report; the secretariat closes an action in the admin."""

from django.contrib.auth import get_user_model

from meetings.models import Meeting, Outcome
from meetings.services import publish_meeting_report
from tests.browser.signin import sign_in


def test_visitor_reads_the_report_of_meeting_21(page, live_demo, screenshot):
    # A visitor reads a report once the secretariat has published it.
    secretariat = get_user_model().objects.get(username="secretariat")
    publish_meeting_report(meeting=Meeting.objects.get(number=21), by=secretariat)
    page.goto(live_demo.url + "/en/meetings/21/report/")
    screenshot(page, "report")

    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert [" ".join(text.split()) for text in headings][2:5] == [
        "1 Introduction",
        "2 Opening remarks",
        "3 Adoption of the agenda",
    ]
    assert page.locator("#paragraph-5-20").is_visible()


def test_secretariat_marks_an_action_done_in_the_admin(page, live_demo, screenshot):
    urdu = Outcome.objects.get(meeting__number=21, order=3)
    sign_in(page, live_demo.url, "secretariat")

    page.goto(live_demo.url + f"/admin/meetings/outcome/{urdu.pk}/change/")
    page.get_by_role("link", name="Change status").click()
    page.select_option("#id_status", "done")
    page.fill("#id_note", "The Urdu translation is on the COP website.")
    screenshot(page, "status-form")
    page.get_by_role("button", name="Change status").click()
    screenshot(page, "history")

    assert "The Urdu translation is on the COP website." in page.content()
    page.goto(live_demo.url + "/en/actions/")
    screenshot(page, "actions")
    assert page.get_by_role("heading", name="Pakistan").count() == 0

"""A visitor reads the meeting report; the secretariat closes an action in the admin."""

from meetings.models import Outcome, Presentation
from tests.browser.signin import sign_in


def test_visitor_reads_the_report_of_meeting_21(page, live_demo, screenshot):
    # The demo's report is published as it was issued: anyone reads it.
    page.goto(live_demo.url + "/en/cwg-cop/meetings/21/report/")
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
    page.goto(live_demo.url + "/en/cwg-cop/actions/")
    screenshot(page, "actions")
    assert page.get_by_role("heading", name="Pakistan").count() == 0


def _publish_from_the_admin(page, base_url: str) -> str:
    """The secretariat's way: the meetings list, meeting 21 selected, the publish action."""
    page.goto(base_url + "/admin/meetings/meeting/?q=21")
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", "publish_report")
    page.get_by_role("button", name="Go").click()
    page.wait_for_load_state("load")
    return page.locator(".messagelist").inner_text()


def test_the_published_report_stays_until_its_revision_is_published(
    page, browser, live_demo, screenshot
):
    # The demo's report is published as it was issued, as CWG-COP-21/REP/1.
    sign_in(page, live_demo.url, "secretariat")
    presentation = (
        Presentation.objects.filter(meeting__number=21, document__status="published")
        .exclude(summary="")
        .order_by("order")
        .first()
    )
    before = presentation.summary
    presentation.summary = "The secretariat's update, as corrected after the meeting."
    presentation.save()

    page.goto(live_demo.url + "/en/cwg-cop/meetings/21/report/")
    screenshot(page, "changes")
    changes = page.locator(".report-changes")
    assert changes.get_by_role("heading").inner_text() == (
        "The records have changed since the report was published"
    )
    assert changes.locator("del").all_inner_texts() == [before]
    assert changes.locator("ins").all_inner_texts() == [presentation.summary]
    visitor = browser.new_context(locale="en-GB").new_page()
    visitor.goto(live_demo.url + "/en/cwg-cop/meetings/21/report/")
    assert visitor.locator(".report-changes").count() == 0
    assert before in visitor.locator("article.report").inner_text()

    changes.get_by_role("link", name="Publish the revision").click()
    assert "is published as CWG-COP-21/REP/1(Rev.1)." in _publish_from_the_admin(
        page, live_demo.url
    )

    visitor.goto(live_demo.url + "/en/cwg-cop/meetings/21/report/")
    screenshot(visitor, "revision")
    assert presentation.summary in visitor.locator("article.report").inner_text()
    visitor.get_by_role("link", name="CWG-COP-21/REP/1", exact=True).click()
    assert before in visitor.locator("article.report").inner_text()
    assert "This version is superseded by CWG-COP-21/REP/1(Rev.1)." in visitor.content()
    visitor.context.close()

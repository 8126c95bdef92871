"""A document's admin page opens on what the reader acts by: at 1280 x 800, the first
screen holds its facts, files, late flag and next step; the archive fields are folded."""

import re

from contributions.models import Document
from tests.browser.signin import sign_in

SCREEN = {"width": 1280, "height": 800}


def _open(browser, base_url: str, username: str):
    context = browser.new_context(viewport=SCREEN, locale="en-GB")
    page = context.new_page()
    sign_in(page, base_url, username)
    return context, page


def _bottom(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"] + box["height"]


def test_the_secretariat_reviews_a_submission_from_the_first_screen(browser, live_demo):
    document = Document.objects.filter(status="submitted").order_by("pk").first()
    Document.objects.filter(pk=document.pk).update(is_late=True)
    file_name = document.files.order_by("language").first().original_name
    context, page = _open(browser, live_demo.url, "secretariat")
    page.goto(f"{live_demo.url}/admin/contributions/document/{document.pk}/change/")
    page.wait_for_load_state("load")

    buttons = page.locator(".workflow-next .workflow-button")
    assert buttons.all_inner_texts() == ["Accept", "Return to the delegates", "Reject", "Withdraw"]
    assert _bottom(page, ".workflow-next .workflow-button-withdraw") < SCREEN["height"]
    assert _bottom(page, f".workflow-glance >> text={file_name}") < SCREEN["height"]
    assert _bottom(page, ".workflow-summary .workflow-flag") < SCREEN["height"]
    assert _bottom(page, "#id_title") < SCREEN["height"]
    # Folded until opened: the number as written, the record, the history, the notes.
    for heading in ["As written on the document", "Record", "History"]:
        summary = page.locator("summary", has_text=heading).first
        assert summary.is_visible(), heading
        assert summary.evaluate("node => node.parentElement.open") is False, heading
    assert not page.locator("#id_numbered_by").is_visible()
    page.locator("summary", has_text="As written on the document").first.click()
    assert page.locator("#id_numbered_by").is_visible()
    context.close()


def test_a_delegate_sees_submit_near_the_top_of_a_saved_draft(browser, live_demo):
    context, page = _open(browser, live_demo.url, "delegate-italy")
    page.goto(live_demo.url + "/admin/contributions/document/add/")
    page.select_option("#id_kind", value="information")
    page.fill("#id_title", "Safer internet day in Italian schools")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r".*/admin/contributions/document/\d+/change/$"))
    page.wait_for_load_state("load")

    assert page.locator(".workflow-next h2").inner_text() == "Next step"
    assert _bottom(page, ".workflow-next") < SCREEN["height"]
    # Enter in a field saves, and takes no step.
    page.fill("#id_title", "Safer internet day in Italian and Maltese schools")
    page.press("#id_title", "Enter")
    page.wait_for_load_state("load")
    saved = Document.objects.get(title="Safer internet day in Italian and Maltese schools")
    assert saved.status == "draft"
    context.close()


def test_the_review_queue_reads_on_a_phone(browser, live_demo, screenshot):
    from contributions import selectors

    first_waiting = selectors.review_queue().first()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_demo.url, "secretariat")
    page.goto(live_demo.url + "/admin/contributions/document/review-queue/")
    page.wait_for_load_state("load")
    screenshot(page, "phone-review-queue")

    # Each row stacked, each cell saying what it is: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator(".workflow-queue tbody tr").first
    assert first.locator(".workflow-cell-label").all_inner_texts() == [
        "Submitted:",
        "Meeting:",
        "Kind:",
        "Sources:",
        "Deadline:",
    ]
    assert first.get_by_role("link").first.inner_text() == first_waiting.title
    context.close()

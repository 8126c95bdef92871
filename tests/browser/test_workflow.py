"""A document's whole way through the admin: drafted by Italy, numbered and published by
the secretariat, found by the public; private to outsiders until then."""

import re

from django.db.models import Max

from contributions.models import Document
from meetings.models import Meeting
from tests.browser.signin import sign_in
from tests.contributions import corpus

PASSWORD = "cwgcop-demo"
TITLE = "Digital citizenship education in Italian schools"


def _sign_in(browser, base_url: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    sign_in(page, base_url, username, PASSWORD)
    return context, page


def _status(context, url: str) -> int:
    return context.request.get(url, max_redirects=0).status


def test_delegate_submits_secretariat_publishes_public_finds(
    browser, live_demo, screenshot, tmp_path
):
    def shot(page, name):
        # The admin's widgets are set up by scripts that run on load.
        page.wait_for_load_state("load")
        screenshot(page, name)

    base = live_demo.url
    next_number = (
        Document.objects.filter(meeting__number=22, kind="information").aggregate(
            last=Max("sequence")
        )["last"]
        or 0
    ) + 1
    pdf = tmp_path / "Digital citizenship.pdf"
    pdf.write_bytes(corpus.pdf_bytes("Digital citizenship education"))

    # Italy's delegate drafts with the file on the Add form, edits, then submits.
    italy, page = _sign_in(browser, base, "delegate-italy")
    shot(page, "01-delegate-desk")
    page.get_by_role("link", name="New document").click()
    page.wait_for_url(base + "/admin/contributions/document/add/")
    assert page.input_value("#id_meeting") == str(Meeting.objects.get(number=22).pk)
    assert [option.get_attribute("value") for option in page.locator("#id_kind option").all()] == [
        "",
        "contribution",
        "information",
        "liaison",
        "presentation",
    ]
    page.select_option("#id_kind", value="information")
    page.fill("#id_title", "Digital citizenship (draft title)")
    assert page.is_checked("input[name=sources]")
    page.set_input_files("#id_files-0-file", str(pdf))
    shot(page, "02-delegate-add")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/admin/contributions/document/\d+/change/$"))
    change_url = page.url
    file_link = page.locator("#files-0").get_by_role("link", name="Digital citizenship.pdf")
    file_url = base + file_link.get_attribute("href")
    assert page.inner_text("#files-0 .field-language") == "English"
    shot(page, "03-delegate-draft-with-file")
    # The edit is made, then "Submit" pressed without saving first: the edit is kept.
    page.fill("#id_title", TITLE)
    page.get_by_role("button", name="Submit", exact=True).click()
    page.wait_for_url(re.compile(r".*/workflow/submit/$"))
    assert "Your changes were saved." in page.inner_text(".messagelist")
    facts = page.inner_text(".workflow-facts")
    assert TITLE in facts
    assert "English: Digital citizenship.pdf" in facts
    shot(page, "04-delegate-confirm-submit")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(change_url)
    assert "Submitted. The secretariat has been told" in page.inner_text(".messagelist")
    assert Document.objects.get(title=TITLE).status == "submitted"
    shot(page, "05-delegate-submitted")

    # Before publication the file is private.
    anonymous = browser.new_context()
    israel, israel_page = _sign_in(browser, base, "delegate-israel")
    secretariat, secretariat_page = _sign_in(browser, base, "secretariat")
    assert _status(anonymous, file_url) == 404
    assert _status(israel, file_url) == 404
    assert _status(italy, file_url) == 200
    assert _status(secretariat, file_url) == 200

    # Israel's delegate sees none of Italy's unpublished documents.
    israel_page.goto(base + "/admin/contributions/document/")
    shot(israel_page, "06-israel-changelist")
    listed = israel_page.inner_text("#result_list")
    italian = Document.objects.filter(sources__slug="italy").exclude(status="published")
    assert italian.count() == 3
    assert [document.title for document in italian if document.title in listed] == []
    assert _status(israel, change_url) == 404

    # The secretariat accepts from the queue, then publishes.
    secretariat_page.goto(base + "/admin/")
    shot(secretariat_page, "07-secretariat-index")
    secretariat_page.get_by_role("link", name="Open the review queue").click()
    shot(secretariat_page, "08-secretariat-queue")
    secretariat_page.get_by_role("link", name=TITLE).click()
    shot(secretariat_page, "09-secretariat-document")
    secretariat_page.get_by_role("button", name="Accept", exact=True).click()
    secretariat_page.wait_for_url(re.compile(r".*/workflow/accept/$"))
    secretariat_page.get_by_role("button", name="Accept").click()
    number = f"CWG-COP-22/INF/{next_number}"
    assert f"Accepted as {number}." in secretariat_page.inner_text(".messagelist")
    shot(secretariat_page, "10-secretariat-accepted")
    secretariat_page.get_by_role("button", name="Publish", exact=True).click()
    secretariat_page.wait_for_url(re.compile(r".*/workflow/publish/$"))
    shot(secretariat_page, "11-secretariat-confirm-publish")
    secretariat_page.get_by_role("button", name="Publish").click()
    assert f"Published as {number}." in secretariat_page.inner_text(".messagelist")
    shot(secretariat_page, "12-secretariat-published")

    # The public finds it on Italy's page and downloads the file.
    public = anonymous.new_page()
    public.goto(base + "/en/countries/it/")
    shot(public, "13-public-italy")
    public.get_by_role("link", name=TITLE).click()
    shot(public, "14-public-document")
    assert public.get_by_role("heading", level=1).inner_text() == TITLE
    assert number in public.inner_text("main")
    published_name = f"CWG-COP-22-INF-{next_number}-en.pdf"
    with public.expect_download() as download_info:
        public.get_by_role("link", name=published_name).click()
    assert download_info.value.suggested_filename == published_name
    # The address the delegate saw, with the uploaded name, leads to the published file.
    assert _status(anonymous, file_url) == 301
    assert anonymous.request.get(file_url).status == 200

    for context in (italy, israel, secretariat, anonymous):
        context.close()


def test_returned_document_answered_with_new_title_and_replaced_file_in_one_save(
    browser, live_demo, screenshot, tmp_path
):
    base = live_demo.url
    returned = Document.objects.get(meeting__number=22, status="returned")
    old_name = returned.files.get(language="en").original_name
    new_pdf = tmp_path / "Bureau update v2.pdf"
    new_pdf.write_bytes(corpus.pdf_bytes("The Bureau's figures, corrected"))
    context, page = _sign_in(browser, base, "delegate-israel")

    desk = page.inner_text("#desk-returned + table")
    assert "does not match the title on the first page" in desk
    page.get_by_role("link", name=returned.title).click()
    assert "does not match the title on the first page" in page.inner_text(".workflow-reason")
    screenshot(page, "returned")
    page.fill("#id_title", "Update on the activities of the Child Online Protection Bureau (COPB)")
    page.set_input_files("#id_files-2-0-file", str(new_pdf))
    page.get_by_role("button", name="Submit", exact=True).click()
    page.wait_for_url(re.compile(r".*/workflow/submit/$"))
    facts = page.inner_text(".workflow-facts")
    screenshot(page, "returned-confirm")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state("load")

    returned.refresh_from_db()
    assert "English: Bureau update v2.pdf" in facts
    assert (returned.title, returned.status) == (
        "Update on the activities of the Child Online Protection Bureau (COPB)",
        "submitted",
    )
    assert [f.original_name for f in returned.files.all()] == ["Bureau update v2.pdf"]
    assert (
        f"The English file {old_name} ("
        in returned.events.filter(from_status="returned", to_status="returned").get().reason
    )
    context.close()


def test_delegate_pages_at_phone_width(browser, live_demo, screenshot):
    base = live_demo.url
    draft = Document.objects.get(meeting__number=22, status="draft")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    sign_in(page, base, "delegate-italy", PASSWORD)

    for name, url in [
        ("desk", "/admin/"),
        ("add", "/admin/contributions/document/add/"),
        ("change", f"/admin/contributions/document/{draft.pk}/change/"),
        ("confirm", f"/admin/contributions/document/{draft.pk}/workflow/submit/"),
    ]:
        page.goto(base + url)
        page.wait_for_load_state("load")
        screenshot(page, f"phone-{name}")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name

    context.close()

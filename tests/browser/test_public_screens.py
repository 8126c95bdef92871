"""The public screens in headless Chromium at a phone's width (390 px) and a desk's
(1280 px), in English and Arabic: the folded filters, the actions as stacked rows, the
alerts' radio buttons, the measure of text, the API documentation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def open_page(browser):
    """A page of its own at a width, in a language, with or without JavaScript."""
    contexts = []

    def make(viewport, *, javascript=True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _box(locator) -> dict:
    return locator.bounding_box()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_filters_fold_behind_one_button_and_results_come_first(
    open_page, live_demo, screenshot, language
):
    page = open_page(PHONE)
    page.goto(f"{live_demo.url}/{language}/cwg-cop/documents/")
    screenshot(page, f"{language}-folded")
    toggle = page.locator(".filter-toggle")
    first_result = page.locator(".document-list-item").first

    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("details.filter-group").first.is_visible() is False
    assert page.locator("#filter-sort").is_visible() is False
    # One search box: the list's own; the header's is not shown on this page.
    assert page.locator("input[type=search]:visible").count() == 1
    assert page.locator("#filter-q").is_visible()
    assert _box(first_result)["y"] < 700

    toggle.click()
    screenshot(page, f"{language}-unfolded")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("details.filter-group").count() == 9
    assert page.locator("details.filter-group").nth(8).is_visible()


def test_a_country_chosen_on_a_phone_filters_the_list(open_page, live_demo):
    page = open_page(PHONE)
    page.goto(live_demo.url + "/en/cwg-cop/documents/")
    page.get_by_role("button", name="Filter").click()
    page.locator("summary", has_text="Country").click()
    page.get_by_label("Italy").check()
    page.get_by_role("button", name="Apply").click()

    assert page.url.endswith("/en/cwg-cop/documents/?q=&sort=newest&country=IT")
    assert page.locator(".document-meta-number bdi").all_inner_texts() == ["CWG-COP-21/INF/1"]


def test_a_search_typed_on_a_phone_is_sent_by_its_button(open_page, live_demo):
    page = open_page(PHONE)
    page.goto(live_demo.url + "/en/cwg-cop/documents/")
    page.locator("#filter-q").fill("cyberbullying")
    page.locator("form.filters").get_by_role("button", name="Search").click()

    assert "q=cyberbullying" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Documents matching “cyberbullying”"


def test_without_javascript_a_phone_gets_every_filter_open(open_page, live_demo, screenshot):
    page = open_page(PHONE, javascript=False)
    page.goto(live_demo.url + "/en/cwg-cop/documents/")
    screenshot(page, "no-script")

    assert page.locator(".filter-toggle").is_visible() is False
    assert page.locator("#filter-sort").is_visible()
    assert page.locator("details.filter-group summary").count() == 9
    assert page.locator("details.filter-group summary").first.is_visible()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_at_a_desk_the_filters_stay_in_the_sidebar(open_page, live_demo, screenshot, language):
    page = open_page(DESK)
    page.goto(f"{live_demo.url}/{language}/cwg-cop/documents/")
    screenshot(page, f"{language}-desk")

    assert page.locator(".filter-toggle").is_visible() is False
    assert page.locator("details.filter-group summary").nth(8).is_visible()
    assert page.locator(".site-header input[type=search]").is_visible()


def test_a_meeting_s_documents_fold_their_filters_on_a_phone(open_page, live_demo):
    page = open_page(PHONE)
    page.goto(live_demo.url + "/en/cwg-cop/meetings/21/")

    assert page.locator(".filter-toggle").get_attribute("aria-expanded") == "false"
    assert page.locator("details.filter-group").first.is_visible() is False


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_each_action_is_a_stacked_row_with_its_status(
    open_page, live_demo, screenshot, language
):
    page = open_page(PHONE)
    page.goto(f"{live_demo.url}/{language}/cwg-cop/actions/")
    screenshot(page, f"{language}-actions")
    first = page.locator("table.actions tbody tr").first
    action, status = first.locator("td").first, first.locator("td").last

    assert page.get_by_role("table").count() == page.locator("table.actions").count()
    assert _box(action)["width"] > 340
    badge = _box(status.locator(".badge"))
    assert badge["x"] >= 0
    assert badge["x"] + badge["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_at_a_desk_the_actions_are_a_table_of_columns(open_page, live_demo):
    page = open_page(DESK)
    page.goto(live_demo.url + "/en/cwg-cop/actions/")
    first = page.locator("table.actions tbody tr").first

    assert page.locator("table.actions thead th").first.is_visible()
    assert len({round(_box(cell)["y"]) for cell in first.locator("td").all()}) == 1


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_the_alerts_radio_buttons_sit_beside_their_labels(
    open_page, live_demo, screenshot, language, viewport
):
    page = open_page(viewport)
    page.goto(f"{live_demo.url}/{language}/cwg-cop/alerts/")
    screenshot(page, f"{language}-{viewport['width']}")
    radio = page.locator("#id_frequency_0")
    label = page.locator("label[for=id_frequency_0]")
    radio_box, label_box = _box(radio), _box(label)

    assert radio_box["width"] == 24
    assert label_box["y"] < radio_box["y"] + radio_box["height"]
    assert label.evaluate("e => getComputedStyle(e).fontWeight") == "400"
    assert (
        page.locator("label[for=id_email]").evaluate("e => getComputedStyle(e).fontWeight") == "700"
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_text_keeps_to_about_75_characters_a_line_and_tables_their_width(
    open_page, live_demo, screenshot, language
):
    page = open_page(DESK)
    page.goto(f"{live_demo.url}/{language}/cwg-cop/documents/CWG-COP-21/INF/9/")
    screenshot(page, f"{language}-document")
    measure = (
        "p => { const s = document.createElement('span'); s.textContent = '0'; p.append(s);"
        " const w = s.getBoundingClientRect().width; s.remove(); return p.clientWidth / w; }"
    )
    assert round(page.locator("#summary-heading + div p").first.evaluate(measure)) == 75

    page.goto(f"{live_demo.url}/{language}/cwg-cop/meetings/22/")
    screenshot(page, f"{language}-meeting")
    main_width = _box(page.locator("main"))["width"]
    assert round(page.locator(".how-to-contribute p").first.evaluate(measure)) == 75
    assert _box(page.locator("table.actions"))["width"] == main_width - 32


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_the_api_documentation_passes_axe_and_leads_back_to_the_site(
    open_page, live_demo, screenshot, viewport
):
    page = open_page(viewport)
    page.goto(live_demo.url + "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    collapsed = Axe().run(page).response["violations"]
    page.get_by_text("/api/v1/meetings/{number}", exact=True).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("number").fill("21")
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table tbody .response-col_status").first.wait_for()
    screenshot(page, f"{viewport['width']}")
    answered = Axe().run(page).response["violations"]

    assert [v["id"] for v in collapsed] == []
    assert [v["id"] for v in answered] == []
    page.get_by_role("link", name="Back to CWG-COP Documents").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Documents of the Council Working Group on Child Online Protection"
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_open_meeting_on_a_phone_says_how_to_submit(open_page, live_demo, screenshot, language):
    page = open_page(PHONE)
    page.goto(f"{live_demo.url}/{language}/cwg-cop/meetings/22/")
    screenshot(page, f"{language}-open-meeting")

    assert page.locator(".how-to-contribute").is_visible()
    assert page.locator(".how-to-contribute a[href='/admin/']").is_visible()
    assert page.locator(".agenda-item").count() == 0
    assert page.locator("main p.empty").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

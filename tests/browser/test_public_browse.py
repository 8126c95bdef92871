"""A visitor browses, filters, searches and downloads in a real browser (Debian's chromium)."""

import pytest

from contributions.models import Document
from tests.browser.signin import sign_in


def _row_numbers(page) -> list[str]:
    return page.locator(".document-list .document-meta-number bdi").all_inner_texts()


def test_visitor_filters_by_country_and_topic_searches_and_downloads(page, live_demo, screenshot):
    page.goto(live_demo.url + "/en/cwg-cop/documents/")
    page.locator("summary", has_text="Country").click()
    page.get_by_label("Italy").check()
    page.locator("summary", has_text="Topic").click()
    page.get_by_label("Cyberbullying and harassment").check()
    page.get_by_role("button", name="Apply").click()
    screenshot(page, "filtered")

    assert "country=IT" in page.url
    assert "topic=cyberbullying-harassment" in page.url
    assert _row_numbers(page) == ["CWG-COP-21/INF/1"]
    assert page.locator("details.filter-group[open] summary").all_inner_texts() == [
        "Country (1 selected)",
        "Topic (1 selected)",
    ]

    page.get_by_role("search").get_by_label("Search documents").fill("cyberbullying")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    screenshot(page, "search")

    assert "CWG-COP-21/INF/9" in _row_numbers(page)
    assert page.locator(".snippet mark").first.inner_text().lower().startswith("cyberbull")

    page.get_by_role(
        "link", name="Considerations when developing reporting mechanisms", exact=False
    ).click()
    screenshot(page, "document")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Considerations")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CWG-COP-21-INF-9-en.pdf").click()

    download = download_info.value
    assert download.suggested_filename == "CWG-COP-21-INF-9-en.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"


def test_two_countries_list_both_and_nothing_else(page, live_demo, screenshot):
    page.goto(live_demo.url + "/en/cwg-cop/documents/?country=IT&country=IL")
    screenshot(page, "italy-israel")

    assert sorted(_row_numbers(page)) == ["CWG-COP-21/INF/1", "CWG-COP-21/INF/2"]
    assert page.locator(".result-count").inner_text() == "2 documents"


def test_countries_index_groups_by_region_with_counts(page, live_demo, screenshot):
    page.goto(live_demo.url + "/en/countries/")
    screenshot(page, "countries")

    headings = page.locator("main section.region h2").all_inner_texts()
    assert headings == [
        "Africa 1 country",
        "Americas 1 country",
        "Asia and the Pacific 1 country",
        "Commonwealth of Independent States 4 countries",
        "Europe 7 countries",
    ]
    europe = page.locator("section.region", has=page.locator("#region-europe"))
    assert europe.get_by_role("row", name="Italy").inner_text().split() == ["Italy", "1"]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/en/cwg-cop/feeds/documents.atom?country=IT", "application/atom+xml; charset=utf-8"),
        ("/en/cwg-cop/documents.csv?country=IT", "text/csv; charset=utf-8"),
        ("/en/cwg-cop/documents.json?country=IT", "application/json"),
        ("/en/cwg-cop/meetings/21.ics", "text/calendar; charset=utf-8"),
        ("/en/cwg-cop/meetings/21/files.zip", "application/zip"),
    ],
)
def test_outputs_answer_with_their_content_type(page, live_demo, path, content_type):
    response = page.request.get(live_demo.url + path)

    assert response.status == 200
    assert response.headers["content-type"] == content_type


def test_pages_read_on_a_phone_without_sideways_scrolling(browser, live_demo, screenshot):
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="en-GB")
    phone = context.new_page()
    widths = {}
    for name, path in [
        ("documents", "/en/cwg-cop/documents/"),
        ("document", "/en/cwg-cop/documents/CWG-COP-21/INF/7/"),
    ]:
        phone.goto(live_demo.url + path)
        screenshot(phone, f"phone-{name}")
        widths[name] = phone.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert widths == {"documents": 360, "document": 360}


def test_arabic_browser_gets_the_site_in_arabic_right_to_left(browser, live_demo, screenshot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    arabic = context.new_page()
    arabic.goto(live_demo.url + "/")
    screenshot(arabic, "arabic-home")

    address = arabic.url
    direction = arabic.locator("html").get_attribute("dir")
    language = arabic.locator("html").get_attribute("lang")
    navigation = arabic.get_by_role("navigation", name="القائمة الرئيسية").inner_text()
    heading = arabic.locator("h1").inner_text()
    name_box = arabic.locator(".site-name").bounding_box()
    search_box = arabic.locator(".search-form").bounding_box()
    english_title = arabic.locator(".document-list-title span[lang=en]").first
    title_direction = english_title.get_attribute("dir")
    context.close()

    assert address == live_demo.url + "/ar/cwg-cop/"
    assert (direction, language) == ("rtl", "ar")
    assert navigation.split() == ["الوثائق", "الاجتماعات", "الإجراءات", "البلدان", "المواضيع"]
    assert heading == "وثائق فريق العمل التابع للمجلس المعني بحماية الأطفال على الخط"
    assert title_direction == "ltr"
    # The site's name starts on the right, the search box follows to its left.
    assert name_box["x"] > search_box["x"]


def test_keyboard_reaches_main_content_with_a_visible_focus(page, live_demo):
    page.goto(live_demo.url + "/en/cwg-cop/documents/")

    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    page.keyboard.press("Enter")

    assert skip == "Skip to main content"
    assert outline == "solid"
    assert page.evaluate("document.activeElement.id") == "main"


def test_admin_still_works_under_the_content_security_policy(page, live_demo, screenshot):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security" in message.text else None
        ),
    )
    sign_in(page, live_demo.url, "secretariat")
    page.goto(live_demo.url + "/admin/contributions/source/add/")
    screenshot(page, "admin-source")

    # The two-box selector of the delegates field is built by the admin's JavaScript.
    assert page.locator(".selector-chooseall").count() == 1

    document = Document.objects.get(number="CWG-COP-21/INF/1")
    page.goto(live_demo.url + f"/admin/contributions/document/{document.pk}/change/")
    screenshot(page, "admin-document")

    # The "Add another" rows of the inlines are added by the admin's JavaScript too.
    assert page.locator(".add-row a").count() >= 1
    assert refused == []

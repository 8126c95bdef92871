"""English names between Arabic commas stay whole on a phone: each is one box on one line."""

import pytest

PAGES = ["/ar/cwg-cop/documents/CWG-COP-21/INF/7/", "/ar/cwg-cop/documents/", "/ar/cwg-cop/"]

# For each name joined in a list: how many boxes its text is laid out in, and its text.
BOXES = """() => [...document.querySelectorAll('bdi.list-name')].map(
    name => [name.getClientRects().length, name.textContent.trim()])"""


@pytest.mark.parametrize("path", PAGES)
def test_each_name_in_a_list_is_one_box_on_a_phone(browser, live_demo, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar")
    page = context.new_page()
    page.goto(live_demo.url + path)

    names = page.evaluate(BOXES)
    split = [text for boxes, text in names if boxes != 1]
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert len(names) >= 2
    assert split == []
    assert width <= 390

"""The 21st meeting's webcasts and recording read right to left on an Arabic phone: each
link then its language's own name, the French one marked left to right, nothing wider
than the screen."""

import pytest

# For each link of the section: its hreflang, its right edge, the right edge of the
# language's own name after it (None when the language is the page's), that name's box
# count, and whether it is laid out left to right.
LINKS = """() => [...document.querySelectorAll('.meeting-links li')].map(item => {
    const link = item.querySelector('a[hreflang]');
    const name = item.querySelector('span[lang]');
    return [
        link.getAttribute('hreflang'),
        link.getBoundingClientRect().right,
        name ? name.getBoundingClientRect().right : null,
        name ? name.getClientRects().length : 0,
        name ? getComputedStyle(name).direction : null,
    ];
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_webcasts_section_reads_right_to_left_in_arabic(browser, live_demo, screenshot, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="ar")
    page = context.new_page()
    page.goto(live_demo.url + "/ar/cwg-cop/meetings/21/")
    section = page.locator(".meeting-links")
    section.scroll_into_view_if_needed()
    screenshot(page, f"ar-{width}")

    direction = section.evaluate("element => getComputedStyle(element).direction")
    headings = section.locator("h3").all_inner_texts()
    labels = section.locator("h3 span[lang=en]").count()
    links = page.evaluate(LINKS)
    page_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()

    assert direction == "rtl"
    assert headings == ["Day 1", "Day 2"]
    assert labels == 2  # the sessions are named in English, marked so
    assert [hreflang for hreflang, *_rest in links] == ["en", "fr", "en", "en", "fr"]
    for _hreflang, link_right, name_right, boxes, name_direction in links:
        # Right to left: the link first, at the right; its language's own name after it.
        assert name_right < link_right
        assert (boxes, name_direction) == (1, "ltr")
    assert page_width <= width

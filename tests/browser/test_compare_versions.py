"""The comparison in a browser: side by side at 1280 px, one above the other at 390 px, in
English and in Arabic (right to left), with no axe violation; the document page's links."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation

from tests.browser.conftest import SCREENSHOTS
from tests.compare.conftest import _nothing_queued, attach, italy, versions  # noqa: F401

ARABIC_BEFORE = "تقرير عن خطوط المساعدة\nتلقت خطوط المساعدة 1200 مكالمة.\nشملت الدراسة عشرة بلدان."
# Arabic letters that look Latin to the linter.
ARABIC_AFTER = "تقرير عن خطوط المساعدة\nتلقت خطوط المساعدة 1500 مكالمة.\nافتتح خط جديد في روما."  # noqa: RUF001
COMPARISON = "/{page}/documents/CWG-COP-40/INF/7/compare/CWG-COP-40/INF/7(Rev.1)/{file}/"


def _boxes(page) -> tuple[dict, dict]:
    row = page.locator(".compare-row:not(.compare-head)").first
    return row.locator(".compare-old").bounding_box(), row.locator(".compare-new").bounding_box()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_comparison_reads_in_both_layouts_without_violation(
    browser,
    transactional_db,
    live_server,
    versions,  # noqa: F811 -- the fixture imported above
    language,
    width,
):
    original, revision, _addendum = versions
    attach(original, ARABIC_BEFORE, language="ar")
    attach(revision, ARABIC_AFTER, language="ar")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    axe = Axe()
    violations = {}

    page.goto(f"{live_server.url}{original.get_absolute_url().replace('/en/', f'/{language}/')}")
    links = page.locator(".compare-links a").all_inner_texts()
    violations["document"] = axe.run(page).response["violations"]
    page.goto(live_server.url + COMPARISON.format(page=language, file=language))
    page.locator(".compare-same summary").first.click()
    violations["comparison"] = axe.run(page).response["violations"]
    old, new = _boxes(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    # As a screen reader says it, the change named in words.
    text = page.locator(".compare-row:not(.compare-head) .compare-new p[lang]").first
    written = (text.get_attribute("lang"), text.get_attribute("dir"), text.text_content())
    page_direction = page.locator("html").get_attribute("dir")
    home = page.locator(".breadcrumbs a").first.inner_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / Path(f"compare-{language}-{width}.png")), full_page=True)
    context.close()

    with translation.override(language):
        assert home == translation.gettext("Home")
        inserted = (
            f"{translation.gettext('[inserted:')} 1500 {translation.gettext('end of insertion]')}"
        )
    assert len(links) == 2  # the revision, in English and in Arabic
    assert {name: [v["id"] for v in found] for name, found in violations.items()} == {
        "document": [],
        "comparison": [],
    }
    assert page_direction == ("rtl" if language == "ar" else "ltr")
    assert written == (
        ("ar", "rtl", f"تلقت خطوط المساعدة {inserted} مكالمة.")
        if language == "ar"
        else ("en", "ltr", f"Helplines answered {inserted} calls in the first quarter.")
    )
    assert scroll_width <= width
    if width == 1280:  # side by side: the same top, apart
        assert (abs(old["y"] - new["y"]) < 1, old["x"] != new["x"]) == (True, True)
    else:  # the new paragraph under the old one
        assert new["y"] >= old["y"] + old["height"]

"""axe-core finds no violation of any impact on any type of public page, in any of the six
languages, and no page scrolls sideways on a 320 px wide screen (WCAG 1.4.10 Reflow)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "home": "/",
    "documents": "/documents/",
    "documents-filtered": "/documents/?country=IT&country=IL&topic=regulation-legislation&kind=information",
    "search": "/documents/?q=cyberbullying",
    "document": "/documents/CWG-COP-21/INF/9/",
    "joint-document": "/documents/CWG-COP-21/INF/7/",
    "countries": "/countries/",
    "country": "/countries/pk/",
    "meetings": "/meetings/",
    "meeting": "/meetings/21/",
    "open-meeting": "/meetings/22/",
    "report": "/meetings/21/report/",
    "actions": "/actions/",
    "source": "/sources/oecd/",
    "topics": "/topics/",
    "topic": "/topics/cyberbullying-harassment/",
    "alerts": "/alerts/?country=IT",
    "alerts-requested": "/alerts/requested/",
}
LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_accessibility_violation(browser, live_demo, screenshot, language):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    axe = Axe()
    found = {}
    for name, path in PAGES.items():
        page.goto(f"{live_demo.url}/{language}{path}")
        violations = axe.run(page).response["violations"]
        for violation in violations:
            targets = [node["target"] for node in violation["nodes"]][:3]
            print(f"{language} {name}: {violation['impact']} {violation['id']} {targets}")
        if violations:
            found[name] = sorted(violation["id"] for violation in violations)
            screenshot(page, f"{language}-{name}")
    context.close()

    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_public_page_scrolls_sideways_at_320_pixels(browser, live_demo, screenshot, language):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    too_wide = {}
    for name, path in PAGES.items():
        page.goto(f"{live_demo.url}/{language}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
            screenshot(page, f"{language}-{name}-320")
    context.close()

    assert too_wide == {}

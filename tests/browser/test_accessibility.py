"""axe-core finds no serious or critical violation on any type of public page."""

from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "home": "/en/",
    "documents": "/en/documents/",
    "documents-filtered": "/en/documents/?country=IT&country=IL&topic=regulation-legislation&kind=information",
    "search": "/en/documents/?q=cyberbullying",
    "document": "/en/documents/CWG-COP-21/INF/9/",
    "countries": "/en/countries/",
    "country": "/en/countries/pk/",
    "meetings": "/en/meetings/",
    "meeting": "/en/meetings/21/",
    "source": "/en/sources/oecd/",
    "topics": "/en/topics/",
    "topic": "/en/topics/cyberbullying-harassment/",
}
BLOCKING = {"serious", "critical"}


def test_public_pages_have_no_serious_accessibility_violation(page, live_demo, screenshot):
    axe = Axe()
    found = {}
    for name, path in PAGES.items():
        page.goto(live_demo.url + path)
        results = axe.run(page)
        violations = results.response["violations"]
        for violation in violations:
            targets = [node["target"] for node in violation["nodes"]][:3]
            print(f"{name}: {violation['impact']} {violation['id']} {targets}")
        blocking = [v["id"] for v in violations if v["impact"] in BLOCKING]
        if blocking:
            found[name] = blocking
            screenshot(page, name)

    assert found == {}

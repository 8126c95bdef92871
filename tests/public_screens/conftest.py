"""The public screens at a phone's width (390 px) and a desk's (1280 px), in a real browser
(the fixtures of tests/browser) and through the test client."""

from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, browser, live_demo, screenshot  # noqa: F401

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    skip = pytest.mark.skip(reason=f"needs Debian's chromium at {CHROMIUM}")
    for item in items:
        path = Path(item.fspath).resolve()
        if here in path.parents and path.name.startswith("test_browser_"):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture
def open_page(browser):  # noqa: F811
    """A page of its own at a width, in a language, with or without JavaScript."""
    contexts = []

    def make(viewport, *, javascript=True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()

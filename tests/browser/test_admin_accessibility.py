"""axe-core finds no violation of any impact on the admin pages delegates and the
secretariat use, signed in as each of them, in each of the site's six languages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from contributions.models import Document
from meetings.models import Meeting
from tests.browser.signin import sign_in

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _speak(page, base_url: str, language: str) -> None:
    """The admin follows the language cookie, as the site's language switcher sets it."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def _pages(role: str) -> dict[str, str]:
    italian = Document.objects.get(meeting__number=22, sources__slug="italy", status="draft")
    submitted = Document.objects.get(meeting__number=22, status="submitted")
    documents = "/admin/contributions/document/"
    pages = {
        "index": "/admin/",
        "document-list": documents,
        "add": f"{documents}add/",
        "change-with-files": f"{documents}{italian.pk}/change/",
        "history": f"{documents}{italian.pk}/history/",
    }
    if role == "delegate":
        pages["confirmation"] = f"{documents}{italian.pk}/workflow/submit/"
    else:
        pages["confirmation"] = f"{documents}{submitted.pk}/workflow/return/"
        pages["review-queue"] = f"{documents}review-queue/"
        pages["invite"] = "/admin/contributions/source/invite/"
        open_meeting = Meeting.objects.get(number=22)
        pages["meeting"] = f"/admin/meetings/meeting/{open_meeting.pk}/change/"
    return pages


def _violations(page, axe: Axe, name: str) -> list[str]:
    results = axe.run(page)
    found = []
    for violation in results.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:3]
        print(f"{name}: {violation['impact']} {violation['id']} {targets}")
        found.append(violation["id"])
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_in_and_password_pages_have_no_accessibility_violation(
    page, live_demo, screenshot, language
):
    axe = Axe()
    _speak(page, live_demo.url, language)
    found = {}
    for name, path in {
        "login": "/admin/login/",
        "password-reset": "/admin/password_reset/",
        "password-reset-sent": "/admin/password_reset/sent/",
    }.items():
        page.goto(live_demo.url + path)
        assert page.locator("html").get_attribute("lang") == language, path
        screenshot(page, name)
        violations = _violations(page, axe, name)
        if violations:
            found[name] = violations

    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("role", "username"), [("delegate", "delegate-italy"), ("secretariat", "secretariat")]
)
def test_admin_pages_have_no_accessibility_violation(
    page, live_demo, screenshot, role, username, language
):
    axe = Axe()
    sign_in(page, live_demo.url, username)
    _speak(page, live_demo.url, language)
    # A save through the form, so that the History page has a row to show.
    page.goto(live_demo.url + _pages(role)["change-with-files"])
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    found = {}
    for name, path in _pages(role).items():
        response = page.goto(live_demo.url + path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language, path
        screenshot(page, f"{role}-{name}")
        violations = _violations(page, axe, f"{role} {name}")
        if violations:
            found[name] = violations

    assert found == {}

"""The API's documentation works in a browser under the site's Content-Security-Policy,
with nothing loaded from another site."""

from urllib.parse import urlsplit


def test_api_documentation_lists_every_operation_and_runs_one(page, live_demo, screenshot):
    site = urlsplit(live_demo.url).netloc
    elsewhere, errors = [], []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url) if urlsplit(request.url).netloc != site else None
        ),
    )
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    page.goto(live_demo.url + "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    page.get_by_text("/api/v1/meetings/{number}", exact=True).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("number").fill("21")
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    screenshot(page, "meeting-21")

    assert operations == [
        "/api/v1/documents",
        "/api/v1/documents/by-number",
        "/api/v1/documents/{id}",
        "/api/v1/meetings",
        "/api/v1/meetings/{number}",
        "/api/v1/actions",
        "/api/v1/sources",
        "/api/v1/countries",
        "/api/v1/topics",
        "/api/v1/groups",
    ]
    assert status.inner_text() == "200"
    assert (elsewhere, errors) == ([], [])

"""Signing in as the demo's people in the browser, second factor included."""

from cwgcop.two_factor import DEMO_AUTHENTICATOR_KEY, current_code

DEMO_PASSWORD = "cwgcop-demo"


def sign_in(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """The login form, then (for the secretariat and the chair) the demo's current code."""
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")
    if "/account/two-factor/" in page.url:
        page.fill("#id_code", current_code(DEMO_AUTHENTICATOR_KEY))
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/admin/")

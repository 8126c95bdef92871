"""The secretariat requires a second factor of one delegate in the browser, from the link on
their source's admin page."""

from contributions.models import Source
from cwgcop.two_factor import REQUIRED_GROUP
from tests.browser.signin import sign_in


def test_secretariat_requires_a_second_factor_of_italy_s_delegate(page, live_demo):
    italy = Source.objects.get(delegates__username="delegate-italy")
    sign_in(page, live_demo.url, "secretariat")
    page.goto(f"{live_demo.url}/admin/contributions/source/{italy.pk}/change/")

    page.get_by_role("link", name="Require a second factor of its delegates").click()
    page.get_by_label("delegate-italy").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("load")

    assert page.inner_text("ul.messagelist") == (
        "A second factor is now required of delegate-italy."
    )
    assert page.get_by_label("delegate-italy").is_checked() is True
    required = italy.delegates.filter(groups__name=REQUIRED_GROUP)
    assert list(required.values_list("username", flat=True)) == ["delegate-italy"]

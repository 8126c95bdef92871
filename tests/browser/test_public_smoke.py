"""A visitor reaches a country's documents from the home page."""


def test_visitor_finds_italy_from_the_countries_index(page, live_demo, screenshot):
    page.goto(live_demo.url + "/en/cwg-cop/")
    screenshot(page, "home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Countries").click()
    page.get_by_role("link", name="Italy").click()
    screenshot(page, "italy")

    assert page.url == live_demo.url + "/en/countries/it/"
    assert page.get_by_role("heading", level=1).inner_text() == "Italy"
    assert page.get_by_role(
        "link",
        name="Interinstitutional Consultative Committee for media and digital literacy",
        exact=True,
    ).is_visible()

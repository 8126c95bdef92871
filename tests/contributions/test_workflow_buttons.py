"""The workflow buttons on a document's admin page, in the order people use them: the step
forward first, then sending the document back, then what takes it off its way."""

import re

import pytest

from contributions import services
from tests.contributions.admin_pages import change_url

pytestmark = pytest.mark.django_db

NO_BUTTON: list[str] = []


def _buttons(page: str) -> list[str]:
    """The labels of the workflow buttons, form buttons or links, as they are shown."""
    return re.findall(r'class="(?:button )?workflow-button workflow-button-\w+">([^<]+)<', page)


@pytest.mark.parametrize(
    ("role", "status", "buttons"),
    [
        ("delegate", "draft", ["Submit"]),
        ("delegate", "returned", ["Submit", "Withdraw"]),
        ("delegate", "submitted", ["Withdraw"]),
        ("delegate", "accepted", ["Withdraw"]),
        ("delegate", "published", ["Upload a revision"]),
        ("delegate", "rejected", NO_BUTTON),
        ("delegate", "withdrawn", NO_BUTTON),
        ("delegate", "superseded", NO_BUTTON),
        ("chair", "draft", NO_BUTTON),
        ("chair", "submitted", NO_BUTTON),
        ("chair", "accepted", NO_BUTTON),
        ("chair", "published", NO_BUTTON),
        ("secretariat", "draft", ["Submit"]),
        ("secretariat", "returned", ["Submit", "Withdraw"]),
        ("secretariat", "submitted", ["Accept", "Return to the delegates", "Reject", "Withdraw"]),
        ("secretariat", "accepted", ["Publish", "Withdraw"]),
        ("secretariat", "published", ["Upload a revision", "Unpublish"]),
        ("secretariat", "rejected", NO_BUTTON),
        ("secretariat", "withdrawn", NO_BUTTON),
        ("secretariat", "superseded", NO_BUTTON),
    ],
)
def test_buttons_put_the_step_forward_first(client, people, document_in, role, status, buttons):
    document = document_in(status)
    client.force_login(people[role])

    response = client.get(change_url(document))

    assert (response.status_code, _buttons(response.content.decode())) == (200, buttons)


@pytest.mark.parametrize(("role", "status_code"), [("anonymous", 302), ("other_delegate", 404)])
def test_no_button_for_who_may_not_open_the_page(client, people, document_in, role, status_code):
    document = document_in("submitted")
    if role != "anonymous":
        client.force_login(people[role])

    response = client.get(change_url(document))

    assert (response.status_code, _buttons(response.content.decode())) == (status_code, [])


def test_every_action_offered_has_one_place_among_the_buttons():
    offered = [name for name, action in services.ACTIONS.items() if action.offered]

    assert sorted(services.BUTTON_ORDER) == sorted(offered)
    assert len(set(services.BUTTON_ORDER)) == len(services.BUTTON_ORDER)

"""The actions table: what every part of the workflow reads."""

from pathlib import Path

import pytest
from django.conf import settings

from contributions import services

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "contributions" / "email"


def test_actions_are_the_names_people_use_in_the_order_of_the_buttons():
    assert list(services.ACTIONS) == [
        "submit",
        "withdraw",
        "accept",
        "return",
        "reject",
        "publish",
        "unpublish",
        "supersede",
        "revise",
    ]


def test_reasons_are_required_to_return_reject_and_unpublish():
    required = {
        name
        for name, action in services.ACTIONS.items()
        if action.reason == services.Reason.REQUIRED
    }

    assert required == {"return", "reject", "unpublish"}


@pytest.mark.parametrize(
    "name", [name for name, action in services.ACTIONS.items() if action.tell is not None]
)
def test_every_mail_an_action_sends_has_its_templates(name):
    tell = services.ACTIONS[name].tell

    assert (TEMPLATES / f"{tell.template}.txt").is_file()
    assert (TEMPLATES / f"{tell.template}_subject.txt").is_file()


def test_who_is_told_of_each_action():
    told = {
        name: (action.tell.audience, action.tell.template)
        for name, action in services.ACTIONS.items()
        if action.tell
    }

    assert told == {
        "submit": ("secretariat", "submitted"),
        "accept": ("delegates", "accepted"),
        "return": ("delegates", "returned"),
        "reject": ("delegates", "rejected"),
        "publish": ("delegates", "published"),
        "unpublish": ("delegates", "unpublished"),
    }

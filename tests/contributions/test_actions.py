"""The actions table: what every part of the workflow reads."""

import datetime
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
        "enter",
        "revise",
    ]


def test_reasons_are_required_to_return_reject_and_unpublish():
    required = {
        name
        for name, action in services.ACTIONS.items()
        if action.reason == services.Reason.REQUIRED
    }

    # Entering from the archive names itself ("Entered from the archive.", the import).
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


@pytest.mark.django_db
def test_a_past_history_the_workflow_would_not_allow_is_refused(people, document_in):
    document = document_in("returned")
    at = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=datetime.UTC)
    returned_without_submission = [("return", at, people["secretariat"], "Wrong file.")]

    with pytest.raises(services.TransitionNotAllowed):
        services.record_past_actions(
            document=document,
            created=(at, people["delegate"]),
            steps=returned_without_submission,
        )

    assert document.events.count() == 0


@pytest.mark.django_db
def test_a_past_history_is_written_step_by_step(people, document_in):
    document = document_in("returned")
    at = datetime.datetime(2025, 9, 1, 9, 0, tzinfo=datetime.UTC)

    services.record_past_actions(
        document=document,
        created=(at, people["delegate"]),
        steps=[
            ("submit", at, people["delegate"], ""),
            ("return", at + datetime.timedelta(days=1), people["secretariat"], "Wrong file."),
        ],
    )

    assert list(
        document.events.order_by("at", "pk").values_list("from_status", "to_status", "reason")
    ) == [("", "draft", ""), ("draft", "submitted", ""), ("submitted", "returned", "Wrong file.")]

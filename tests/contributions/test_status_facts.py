"""Every status carries its facts: a status added without them fails here, not silently on
the desk, in the API's history or in the admin's labels."""

import re
import typing
from pathlib import Path

import pytest
from django.conf import settings

from api.schemas import PublicationEvent
from contributions.models import DESK_GROUPS, STATUS_FACTS, DocumentStatus
from contributions.models.statuses import UNPUBLISHED_EVENT, desk_statuses

ADMIN_CSS = Path(settings.BASE_DIR) / "static" / "css" / "admin.css"


@pytest.mark.parametrize("status", DocumentStatus)
def test_every_status_has_its_facts(status):
    facts = STATUS_FACTS.get(status)

    assert facts is not None, f"{status} has no facts in STATUS_FACTS"
    assert facts.desk in DESK_GROUPS
    assert str(facts.desk.heading)
    assert facts.badge.startswith("workflow-status-")
    assert status.facts == facts


@pytest.mark.parametrize("status", DocumentStatus)
def test_a_public_status_names_its_event_and_no_other_does(status):
    event = STATUS_FACTS[status].api_event

    assert (event is not None) == (status in DocumentStatus.PUBLIC)


def test_api_events_are_those_the_schema_lists():
    events = {facts.api_event for facts in STATUS_FACTS.values()} - {None}

    assert events | {UNPUBLISHED_EVENT} == set(typing.get_args(PublicationEvent))


@pytest.mark.parametrize("status", DocumentStatus)
def test_every_badge_has_a_rule_in_the_admin_stylesheet(status):
    rules = ADMIN_CSS.read_text()

    badge = STATUS_FACTS[status].badge

    assert re.search(rf"\.{re.escape(badge)}\b[^{{]*{{", rules), f"no rule for .{badge}"


def test_the_desk_groups_in_order_with_their_statuses():
    groups = [
        (group.name, [str(status) for status in desk_statuses(group)]) for group in DESK_GROUPS
    ]

    assert groups == [
        ("returned", ["returned"]),
        ("draft", ["draft"]),
        ("submitted", ["submitted"]),
        ("accepted", ["accepted"]),
        ("published", ["published"]),
        ("closed", ["rejected", "withdrawn", "superseded"]),
    ]


def test_every_desk_group_shows_a_status_and_has_a_heading_of_its_own():
    headings = [str(group.heading) for group in DESK_GROUPS]

    assert all(desk_statuses(group) for group in DESK_GROUPS)
    assert len(set(headings)) == len(headings)
    assert len({group.name for group in DESK_GROUPS}) == len(DESK_GROUPS)

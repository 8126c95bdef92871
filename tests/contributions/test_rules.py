"""The permission matrix: every role x every action x every status.

The expected outcomes are written out by hand below; the cases are generated from the
ACTIONS table, so that an action added to the table without a line here fails.
"""

import pytest
from django.core.exceptions import PermissionDenied

from contributions import rules, services
from contributions.models import Document
from tests.contributions.conftest import ROLES

STATUSES = [status.value for status in Document.Status]
ACTIONS = ["submit", "withdraw", "accept", "return", "reject", "publish", "unpublish", "enter"]
DELEGATE_OR_SECRETARIAT = {"delegate", "secretariat"}
SECRETARIAT = {"secretariat"}

# (status, action) -> the roles that may take it. Anything not listed is not possible at all.
EXPECTED = {
    ("draft", "submit"): DELEGATE_OR_SECRETARIAT,
    ("draft", "withdraw"): DELEGATE_OR_SECRETARIAT,
    ("returned", "submit"): DELEGATE_OR_SECRETARIAT,
    ("returned", "withdraw"): DELEGATE_OR_SECRETARIAT,
    ("submitted", "accept"): SECRETARIAT,
    ("submitted", "return"): SECRETARIAT,
    ("submitted", "reject"): SECRETARIAT,
    ("submitted", "withdraw"): DELEGATE_OR_SECRETARIAT,
    ("accepted", "publish"): SECRETARIAT,
    ("accepted", "withdraw"): DELEGATE_OR_SECRETARIAT,
    ("published", "unpublish"): SECRETARIAT,
    # A draft marked "entered from the archive", recorded as published as it was.
    ("draft", "enter"): SECRETARIAT,
}

SERVICES = {
    "submit": lambda document, by: services.submit_document(document=document, by=by),
    "withdraw": lambda document, by: services.withdraw_document(document=document, by=by),
    "accept": lambda document, by: services.accept_document(document=document, by=by),
    "return": lambda document, by: services.return_document(
        document=document, by=by, reason="Wrong file."
    ),
    "reject": lambda document, by: services.reject_document(
        document=document, by=by, reason="Out of scope."
    ),
    "publish": lambda document, by: services.publish_document(document=document, by=by),
    "unpublish": lambda document, by: services.unpublish_document(
        document=document, by=by, reason="Published by mistake."
    ),
    "enter": lambda document, by: services.take_action(action="enter", document=document, by=by),
}


def _expected(status: str, action: str, role: str) -> str:
    if (status, action) not in EXPECTED:
        return "impossible"
    return "done" if role in EXPECTED[(status, action)] else "denied"


def test_actions_table_names_exactly_the_expected_actions():
    from_table = {
        (from_status, name)
        for name, action in services.ACTIONS.items()
        if action.offered and action.to is not None
        for from_status in action.from_
    }

    assert from_table == set(EXPECTED)
    assert {status for action in services.ACTIONS.values() for status in action.from_} | {
        action.to for action in services.ACTIONS.values() if action.to
    } <= set(STATUSES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
def test_workflow_action_by_role_in_status(people, document_in, role, action, status):
    document = document_in(status, from_archive=action == "enter")
    user = people[role]
    expected = _expected(status, action, role)

    try:
        SERVICES[action](document, user)
        outcome = "done"
    except PermissionDenied:
        outcome = "denied"
    except services.TransitionNotAllowed:
        outcome = "impossible"

    assert outcome == expected
    document.refresh_from_db()
    assert (document.status != status) == (expected == "done")
    assert document.events.count() == (1 if expected == "done" else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("from_archive", [False, True])
def test_available_actions_agree_with_the_matrix(people, document_in, role, status, from_archive):
    document = document_in(status, from_archive=from_archive)

    available = set(services.available_actions(document=document, by=people[role])) - {"revise"}

    # Entering as published is offered only for a draft marked "entered from the archive".
    assert available == {
        action
        for action in ACTIONS
        if _expected(status, action, role) == "done" and (action != "enter" or from_archive)
    }


PUBLIC = {"published", "superseded"}
EVERYONE = set(ROLES)
INSIDERS = {"delegate", "secretariat", "chair"}
CLOSED = {"rejected", "withdrawn", "superseded"}

# predicate -> status -> roles for which it holds, written out by hand.
EXPECTED_PREDICATES = {
    "can_view_document": {s: EVERYONE if s in PUBLIC else INSIDERS for s in STATUSES},
    "can_edit_document": {
        s: ({"delegate"} if s in {"draft", "returned"} else set())
        | (set() if s in CLOSED else {"secretariat"})
        for s in STATUSES
    },
    "can_revise": {s: DELEGATE_OR_SECRETARIAT if s == "published" else set() for s in STATUSES},
    "can_add_internal_note": dict.fromkeys(STATUSES, SECRETARIAT),
    "can_read_internal_notes": {s: {"secretariat", "chair"} for s in STATUSES},
    "can_classify_document": {s: set() if s in CLOSED else SECRETARIAT for s in STATUSES},
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("predicate", sorted(EXPECTED_PREDICATES))
def test_document_predicate_per_role_in_status(people, document_in, predicate, status):
    document = document_in(status)

    holds_for = {role for role in ROLES if getattr(rules, predicate).test(people[role], document)}

    assert holds_for == EXPECTED_PREDICATES[predicate][status]


@pytest.mark.parametrize("status", STATUSES)
def test_can_download_file_follows_the_document(people, document_in, status):
    document_file = document_in(status).files.get()

    holds_for = {
        role for role in ROLES if rules.can_download_file.test(people[role], document_file)
    }

    assert holds_for == (EVERYONE if status in PUBLIC else INSIDERS)


def test_roles_are_named_predicates(people):
    assert [role for role in ROLES if rules.is_secretariat.test(people[role])] == ["secretariat"]
    assert [role for role in ROLES if rules.is_chair.test(people[role])] == ["chair"]
    assert [role for role in ROLES if rules.is_delegate.test(people[role])] == [
        "delegate",
        "other_delegate",
    ]


def test_inactive_secretariat_member_may_do_nothing(people, document_in):
    secretary = people["secretariat"]
    secretary.is_active = False
    secretary.save()

    assert rules.is_secretariat.test(secretary) is False
    assert rules.can_view_document.test(secretary, document_in("submitted")) is False

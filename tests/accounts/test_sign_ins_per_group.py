"""The sign-in records in the admin (access attempts, access logs, access failures): the
secretariat of one group reads those of the delegates, whom every group shares, of its own
group's officers and of names that are no account's; not those of a superuser nor of
another group's officers. A superuser reads every one; the chair and a delegate none."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.accounts.conftest import ACCOUNTS, NO_ACCOUNT

pytestmark = pytest.mark.django_db

KINDS = ["accessattempt", "accesslog", "accessfailurelog"]
ROLES = ["secretariat-a", "secretariat-b", "root", "chair-a", "delegate-italy"]
DELEGATES_AND_OTHERS = ["delegate-italy", "delegate-itlay", "vice-chair-b", None]
SEEN = {
    "secretariat-a": ["chair-a", "secretariat-a", *DELEGATES_AND_OTHERS],
    "secretariat-b": ["chair-b", "secretariat-b", *DELEGATES_AND_OTHERS],
    "root": [*ACCOUNTS, *NO_ACCOUNT],
}
HOME = (302, "/admin/")


def _names(names) -> list[str]:
    return sorted(names, key=lambda name: name or "")


def _listed(client: Client, kind: str) -> tuple[int, list[str]]:
    response = client.get(f"/admin/axes/{kind}/")
    if response.status_code != 200:
        return response.status_code, []
    return 200, _names(row.username for row in response.context["cl"].result_list)


def _opened(client: Client, sign_ins, kind: str) -> tuple[list[str], set]:
    """The names whose record's page opens, and how the others answer."""
    opened, refused = [], set()
    for name, records in sign_ins.items():
        response = client.get(f"/admin/axes/{kind}/{records[kind].pk}/change/")
        if response.status_code == 200:
            opened.append(name)
        else:
            refused.add((response.status_code, response.get("Location")))
    return _names(opened), refused


def _expected_list(role: str) -> tuple[int, list[str]]:
    return (200, _names(SEEN[role])) if role in SEEN else (403, [])


def test_each_role_lists_the_sign_ins_of_the_accounts_it_reaches(clients, sign_ins):
    listed = {role: {kind: _listed(clients[role], kind) for kind in KINDS} for role in ROLES}

    assert listed == {role: dict.fromkeys(KINDS, _expected_list(role)) for role in ROLES}


def test_each_role_opens_the_sign_ins_of_the_accounts_it_reaches(clients, sign_ins):
    others = {
        "secretariat-a": {HOME},
        "secretariat-b": {HOME},
        "root": set(),
        "chair-a": {(403, None)},
        "delegate-italy": {(403, None)},
    }

    opened = {
        role: {kind: _opened(clients[role], sign_ins, kind) for kind in KINDS} for role in ROLES
    }

    assert opened == {
        role: dict.fromkeys(KINDS, (_names(SEEN.get(role, [])), others[role])) for role in ROLES
    }


def test_a_secretariat_lifts_no_lockout_of_another_groups_officer_or_a_superuser(clients, sign_ins):
    client = clients["secretariat-a"]

    answers = [
        client.post(
            f"/admin/axes/accessattempt/{sign_ins[name]['accessattempt'].pk}/delete/",
            {"post": "yes"},
        )
        for name in ("secretariat-b", "chair-b", "root", "chair-a")
    ]

    # Deleted or not there, the admin goes back to its index (the list is the secretariat's
    # to view, not to change).
    assert [(answer.status_code, answer["Location"]) for answer in answers] == [HOME] * 4
    assert _names(AccessAttempt.objects.values_list("username", flat=True)) == _names(
        [name for name in [*ACCOUNTS, *NO_ACCOUNT] if name != "chair-a"]
    )

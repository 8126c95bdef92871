"""Two working groups, each with its secretariat and chairs, delegates shared by both, a
superuser, and a sign-in record of each kind under each one's name."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import MemberStateFactory, UserFactory
from workinggroups.models import GroupRole, WorkingGroup, default_group

# Each account: its roles in groups A (CWG-COP) and B (CWG-TEST), the source it represents.
ACCOUNTS = {
    "secretariat-a": {"secretariat": "A"},
    "secretariat-b": {"secretariat": "B"},
    "chair-a": {"chair": "A"},
    "chair-b": {"chair": "B"},
    "vice-chair-b": {"chair": "B", "delegate": "france"},
    "delegate-italy": {"delegate": "italy"},
    "root": {"superuser": True},
}
# Names signed in with that are no account's: mistyped, guessed, or none at all.
NO_ACCOUNT = ["delegate-itlay", None]


@pytest.fixture
def accounts(db):
    groups = {"A": default_group()}
    groups["B"] = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Testing", order=2
    )
    sources = {
        "italy": MemberStateFactory(),
        "france": MemberStateFactory(name="France", slug="france", country="FR"),
    }
    people = {}
    for name, holds in ACCOUNTS.items():
        user = UserFactory(username=name, is_staff=True, is_superuser=holds.get("superuser", False))
        for role in ("secretariat", "chair"):
            if role in holds:
                GroupRole.objects.create(working_group=groups[holds[role]], user=user, role=role)
        if "delegate" in holds:
            user.groups.add(Group.objects.get(name="Delegate"))
            sources[holds["delegate"]].delegates.add(user)
        people[name] = user
    return {"people": people, "sources": sources}


@pytest.fixture
def clients(accounts) -> dict[str, Client]:
    """Each account signed in."""
    signed_in = {}
    for name, user in accounts["people"].items():
        signed_in[name] = Client()
        signed_in[name].force_login(user)
    return signed_in


@pytest.fixture
def sign_ins(clients):
    """An attempt, a sign-in and a failure under each account's name and each other name,
    and no other record (the fixtures' own sign-ins left out)."""
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.all().delete()
    records = {}
    for number, name in enumerate([*ACCOUNTS, *NO_ACCOUNT], start=1):
        seen = {
            "username": name,
            "ip_address": f"192.0.2.{number}",
            "user_agent": "Firefox",
            "http_accept": "text/html",
            "path_info": "/admin/login/",
        }
        records[name] = {
            "accessattempt": AccessAttempt.objects.create(
                **seen, get_data="", post_data="", failures_since_start=1
            ),
            "accesslog": AccessLog.objects.create(**seen),
            "accessfailurelog": AccessFailureLog.objects.create(**seen),
        }
    return records

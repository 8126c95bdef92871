"""The delegates a source's page offers: the secretariat of one group picks among the
accounts it reaches (the delegates, whom every group shares, its own group's officers, an
account of no role), not a superuser nor another group's officer; a superuser among every
account. The chair reads the page without the picker, a delegate not at all. The admin's
autocomplete of accounts answers a superuser only."""

import pytest
from django.test import Client

from tests.accounts.conftest import ACCOUNTS
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

ROLES = ["secretariat-a", "secretariat-b", "root", "chair-a", "delegate-italy"]
SHARED = ["delegate-italy", "vice-chair-b"]
AUTOCOMPLETE = "/admin/autocomplete/"
DELEGATES = {"app_label": "contributions", "model_name": "source", "field_name": "delegates"}


def _offered(client: Client, url: str) -> tuple[int, list[str] | None]:
    """The page's answer and the accounts its picker offers (None: no picker)."""
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, None
    fields = response.context["adminform"].form.fields
    if "delegates" not in fields:
        return 200, None
    return 200, [label for _pk, label in fields["delegates"].choices]


def _completed(client: Client) -> tuple[int, list[str] | None]:
    response = client.get(AUTOCOMPLETE, {**DELEGATES, "term": ""})
    if response.status_code != 200:
        return response.status_code, None
    return 200, [result["text"] for result in response.json()["results"]]


def test_each_role_is_offered_the_accounts_it_reaches_as_a_sources_delegates(accounts, clients):
    italy = accounts["sources"]["italy"]
    pages = {
        "change": f"/admin/contributions/source/{italy.pk}/change/",
        "add": "/admin/contributions/source/add/",
    }

    offered = {
        role: {
            **{page: _offered(clients[role], url) for page, url in pages.items()},
            "autocomplete": _completed(clients[role]),
        }
        for role in ROLES
    }

    def picker(*accounts):
        return {"change": (200, sorted(accounts)), "add": (200, sorted(accounts))}

    refused = {"change": (403, None), "add": (403, None), "autocomplete": (403, None)}
    assert offered == {
        "secretariat-a": {
            **picker("chair-a", "secretariat-a", *SHARED),
            "autocomplete": (403, None),
        },
        "secretariat-b": {
            **picker("chair-b", "secretariat-b", *SHARED),
            "autocomplete": (403, None),
        },
        "root": {**picker(*ACCOUNTS), "autocomplete": (200, sorted(ACCOUNTS))},
        "chair-a": {**refused, "change": (200, None)},
        "delegate-italy": refused,
    }


def test_a_secretariat_names_no_superuser_or_other_groups_officer_a_delegate(accounts, clients):
    italy = accounts["sources"]["italy"]
    url = f"/admin/contributions/source/{italy.pk}/change/"
    client = clients["secretariat-a"]
    data = form_data(client.get(url).content.decode(), "source_form")

    answers = {}
    for name in ("chair-b", "root", "chair-a"):
        chosen = accounts["people"][name].pk
        response = client.post(url, {**data, "delegates": [data["delegates"], chosen]})
        errors = response.context["adminform"].form.errors if response.status_code == 200 else {}
        answers[name] = (response.status_code, errors.get("delegates"))

    refused = "Select a valid choice. {} is not one of the available choices."
    assert answers == {
        "chair-b": (200, [refused.format(accounts["people"]["chair-b"].pk)]),
        "root": (200, [refused.format(accounts["people"]["root"].pk)]),
        "chair-a": (302, None),
    }
    assert sorted(italy.delegates.values_list("username", flat=True)) == [
        "chair-a",
        "delegate-italy",
    ]

"""The demo data as the workflow sees it: roles, history and extracted text."""

import pytest
from django.contrib.auth import get_user_model

from contributions import rules
from contributions.models import Document, DocumentEvent, DocumentFile

pytestmark = pytest.mark.django_db


def test_demo_accounts_hold_their_roles(demo):
    users = {user.username: user for user in get_user_model().objects.all()}

    roles = {
        name: (
            rules.is_secretariat.test(user),
            rules.is_chair.test(user),
            rules.is_delegate.test(user),
            user.is_superuser,
        )
        for name, user in users.items()
    }

    assert roles == {
        "secretariat": (True, False, False, False),
        "chair": (False, True, False, False),
        "delegate-italy": (False, False, True, False),
        "delegate-israel": (False, False, True, False),
    }


def test_demo_returned_document_has_its_history_and_reason(demo):
    returned = Document.objects.get(meeting__number=22, status="returned")

    history = list(returned.events.values_list("from_status", "to_status", "actor__username"))

    assert history == [
        ("", "draft", "delegate-israel"),
        ("draft", "submitted", "delegate-israel"),
        ("submitted", "returned", "secretariat"),
    ]
    assert returned.events.last().reason.startswith("The title entered in the form does not")


def test_demo_submitted_document_has_its_history(demo):
    submitted = Document.objects.get(meeting__number=22, status="submitted")

    history = list(submitted.events.values_list("to_status", flat=True))

    assert history == ["draft", "submitted"]


def test_every_published_demo_document_has_its_workflow_history(demo):
    published = Document.objects.filter(status="published")
    italy = published.get(number="CWG-COP-21/INF/1")

    histories = {
        tuple(document.events.values_list("to_status", flat=True)) for document in published
    }
    steps = list(italy.events.values_list("from_status", "to_status", "actor__username", "at"))

    # The 21 documents of the 21st meeting and its report, published as it was issued.
    assert published.count() == 22
    assert histories == {("draft", "submitted", "accepted", "published")}
    assert [step[:3] for step in steps] == [
        ("", "draft", "delegate-italy"),
        ("draft", "submitted", "delegate-italy"),
        ("submitted", "accepted", "secretariat"),
        ("accepted", "published", "secretariat"),
    ]
    assert [step[3] for step in steps[2:]] == [italy.published_at, italy.published_at]
    assert DocumentEvent.objects.filter(document__meeting__number=21).count() == 88


def test_demo_files_have_their_text_for_search(demo):
    statuses = set(DocumentFile.objects.values_list("extraction_status", flat=True))
    italy = DocumentFile.objects.get(document__number="CWG-COP-21/INF/1", language="en")

    assert statuses == {"done"}
    assert italy.document.number in italy.text

"""A person who is the secretariat of one working group and a delegate of Italy works on
Italy's documents of another group as a delegate: the pages of such a document, and the
services behind them, ask whether they are the secretariat of the document's own group.
They read none of its internal notes or text-extraction errors, and edit none of the
secretariat's fields, sources or relations."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from contributions import records, services
from contributions.models import Document
from tests.contributions.admin_pages import change_url
from tests.factories import SourceFactory, TopicFactory, UserFactory
from tests.formdata import form_data
from workinggroups.models import GroupRole, WorkingGroup

pytestmark = pytest.mark.django_db

NOTE = "Wombatgate: check the figures"


@pytest.fixture
def other_secretary(people, italy):
    """The secretariat of CWG-TEST, a second group, and a delegate of Italy."""
    group = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Testing", order=2
    )
    person = UserFactory(username="itu-d-staff", is_staff=True)
    GroupRole.objects.create(working_group=group, user=person, role="secretariat")
    italy.delegates.add(person)
    person.groups.add(*people["delegate"].groups.all())
    return person


@pytest.fixture
def noted_draft(document_in, people):
    """Italy's draft in CWG-COP with a note of its secretariat."""
    draft = document_in("draft", title="Italy's draft")
    services.add_internal_note(document=draft, by=people["secretariat"], text=NOTE)
    return draft


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _delete_url(document: Document) -> str:
    return reverse("admin:contributions_document_delete", args=[document.pk])


def _history_url(document: Document) -> str:
    return reverse("admin:contributions_document_history", args=[document.pk])


# ---- What they read


def test_delete_page_shows_another_groups_secretariat_no_note(people, other_secretary, noted_draft):
    refused = _page(other_secretary, _delete_url(noted_draft))
    shown = _page(people["secretariat"], _delete_url(noted_draft))

    assert refused.count(NOTE) == 0
    assert refused.count("Internal note") == 0
    assert shown.count(f"Internal note: {NOTE}") == 1


def test_history_page_shows_another_groups_secretariat_no_note(
    people, other_secretary, noted_draft
):
    LogEntry.objects.create(
        user=people["secretariat"],
        content_type=ContentType.objects.get_for_model(Document),
        object_id=str(noted_draft.pk),
        object_repr=str(noted_draft),
        action_flag=CHANGE,
        change_message=json.dumps([{"added": {"name": "internal note", "object": "…"}}]),
    )

    refused = _page(other_secretary, _history_url(noted_draft))
    shown = _page(people["secretariat"], _history_url(noted_draft))

    assert refused.count("internal note") == 0
    assert shown.count("Added internal note “…”.") == 1


def test_change_page_shows_another_groups_secretariat_no_text_extraction(
    people, other_secretary, document_in
):
    draft = document_in("draft")
    draft.files.update(extraction_status="failed", extraction_error="PdfReadError: bad xref")

    refused = _page(other_secretary, change_url(draft))
    shown = _page(people["secretariat"], change_url(draft))

    assert refused.count("PdfReadError: bad xref") == 0
    assert refused.count("Text for search") == 0
    assert shown.count("PdfReadError: bad xref") == 1


# ---- What they edit


def test_change_page_gives_another_groups_secretariat_the_delegates_form(
    people, other_secretary, document_in
):
    draft = document_in("draft")

    as_other_secretary = form_data(_page(other_secretary, change_url(draft)), "document_form")
    as_delegate = form_data(_page(people["delegate"], change_url(draft)), "document_form")

    assert sorted(as_other_secretary) == sorted(as_delegate)
    assert "access" not in as_other_secretary
    assert "relations-TOTAL_FORMS" not in as_other_secretary


def test_another_groups_secretariat_may_not_change_the_secretariats_fields(
    other_secretary, document_in
):
    draft = document_in("draft")

    with pytest.raises(PermissionDenied):
        services.update_document(
            document=draft, by=other_secretary, changes={"number": "CWG-COP-22/INF/99"}
        )
    with pytest.raises(PermissionDenied):
        services.update_document(document=draft, by=other_secretary, changes={"access": "members"})

    draft.refresh_from_db()
    assert (draft.number, draft.access) == ("", "public")


def test_another_groups_secretariat_may_not_add_a_source_they_do_not_represent(
    other_secretary, document_in, italy
):
    draft = document_in("draft")
    france = SourceFactory(kind="member_state", name="France", slug="france", country="FR")

    with pytest.raises(PermissionDenied) as refusal:
        services.update_document(
            document=draft, by=other_secretary, changes={}, sources=[italy, france]
        )

    assert str(refusal.value) == "You can add only the sources you represent."
    assert list(draft.sources.all()) == [italy]


def test_another_groups_secretariat_may_not_issue_an_addendum_or_relate_documents(
    other_secretary, document_in
):
    accepted = document_in("accepted")
    draft = document_in("draft")

    with pytest.raises(PermissionDenied):
        records.issue_supplement(document=accepted, kind="addendum", by=other_secretary)
    with pytest.raises(PermissionDenied):
        records.relate_documents(document=draft, target=accepted, kind="cites", by=other_secretary)

    assert Document.objects.count() == 2
    assert draft.relations.count() == 0


def test_another_groups_secretariat_is_told_the_addendum_is_not_theirs(
    other_secretary, document_in
):
    accepted = document_in("accepted")
    client = Client()
    client.force_login(other_secretary)

    response = client.post(
        reverse("admin:contributions_document_changelist"),
        {"action": "issue_addendum", "_selected_action": [accepted.pk]},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        "The document belongs to a group whose secretariat you are not."
    ]
    assert Document.objects.count() == 1


def test_another_groups_secretariat_drafts_as_a_delegate(other_secretary, meeting, italy):
    topic = TopicFactory(name="Age verification", slug="age-verification")
    france = SourceFactory(kind="member_state", name="France", slug="france", country="FR")
    draft = {"by": other_secretary, "meeting": meeting, "kind": "information", "title": "Plan"}

    with pytest.raises(PermissionDenied):
        services.create_draft(**draft, sources=[france])
    with pytest.raises(PermissionDenied):
        services.create_draft(**draft, sources=[italy], topics=[topic])
    with pytest.raises(ValidationError, match="Only the secretariat writes documents of the kind"):
        services.create_draft(**{**draft, "kind": "report"}, sources=[italy])

    assert Document.objects.count() == 0
    own = services.create_draft(**draft, sources=[italy])
    with pytest.raises(ValidationError, match="Only the secretariat writes documents of the kind"):
        services.update_document(document=own, by=other_secretary, changes={"kind": "agenda"})
    own.refresh_from_db()
    assert own.kind == "information"

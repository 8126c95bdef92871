"""The back office with two working groups: each group's secretariat and chair keep to
their own group's meetings, agenda, presentations, actions and documents; a superuser sees
every group's; the secretariat's mail about a document goes to its group's secretariat."""

import datetime
import re

import pytest
from django.test import Client

from contributions import services
from contributions.models import Document
from contributions.services.mail import secretariat_addresses
from meetings.models import AgendaItem, Meeting
from tests.contributions.admin_pages import page_text, pdf, post_form
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    OutcomeFactory,
    PresentationFactory,
    UserFactory,
)
from tests.formdata import form_data
from workinggroups.models import GroupRole, WorkingGroup, default_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(db):
    first = default_group()
    second = WorkingGroup.objects.create(
        slug="cwg-test", acronym="CWG-TEST", name="Council Working Group on Testing", order=2
    )
    return {"A": first, "B": second}


@pytest.fixture
def records(groups):
    """In each group a meeting numbered 22, with an agenda item, a presentation, an action
    and a submitted Italian document."""
    italy = MemberStateFactory()
    made = {}
    for letter, prefix, month in (("A", "CWG-COP", 2), ("B", "CWG-TEST", 3)):
        meeting = MeetingFactory(
            number=22,
            group=groups[letter],
            document_prefix=prefix,
            start_date=datetime.date(2027, month, 1),
            end_date=datetime.date(2027, month, 2),
        )
        made[letter] = {
            "meeting": meeting,
            "agenda item": AgendaItem.objects.create(
                meeting=meeting, order=1, title=f"Opening of {prefix}"
            ),
            "presentation": PresentationFactory(meeting=meeting, title=f"Talk at {prefix}"),
            "outcome": OutcomeFactory(meeting=meeting, text=f"Action of {prefix}."),
            "document": DocumentFactory(
                meeting=meeting,
                sources=[italy],
                status="submitted",
                title=f"Study submitted to {prefix}",
            ),
        }
    return made


def _holder(groups, username: str, **roles) -> Client:
    """A signed-in client of someone holding these roles ({"secretariat": "AB", ...})."""
    user = UserFactory(username=username, is_staff=True, email=f"{username}@example.org")
    for role, letters in roles.items():
        for letter in letters:
            GroupRole.objects.create(working_group=groups[letter], user=user, role=role)
    client = Client()
    client.force_login(user)
    return client


def _superuser() -> Client:
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def _rows(client: Client, changelist: str, column: str = "__str__") -> list[str]:
    """A column of a changelist's rows, as the page shows it."""
    page = client.get(changelist).content.decode()
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(rf'<t[hd] class="field-{column}[^"]*">(.*?)</t[hd]>', page)
    ]


def _address(model, pk: int, page: str = "change") -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{pk}/{page}/"


def test_a_groups_secretariat_lists_only_its_groups_records(groups, records):
    client = _holder(groups, "secretary-b", secretariat="B")

    lists = {
        "meetings": _rows(client, "/admin/meetings/meeting/"),
        "agenda": _rows(client, "/admin/meetings/agendaitem/", "title"),
        "presentations": _rows(client, "/admin/meetings/presentation/"),
        "actions": _rows(client, "/admin/meetings/outcome/", "short_text"),
        "documents": _rows(client, "/admin/contributions/document/", "title"),
    }

    assert lists == {
        "meetings": ["CWG-TEST-22"],
        "agenda": ["Opening of CWG-TEST"],
        "presentations": ["Talk at CWG-TEST"],
        "actions": ["Action of CWG-TEST."],
        "documents": ["Study submitted to CWG-TEST"],
    }


@pytest.mark.parametrize("page", ["change", "history"])
@pytest.mark.parametrize(
    "record", ["meeting", "agenda item", "presentation", "outcome", "document"]
)
def test_another_groups_record_does_not_exist_for_a_secretariat(groups, records, record, page):
    client = _holder(groups, "secretary-b", secretariat="B")
    target = records["A"][record]

    response = client.get(_address(type(target), target.pk, page), follow=True)

    assert (response.status_code, str(target) in page_text(response)) == (404, False)


def test_another_groups_action_status_and_upload_link_are_not_found(groups, records):
    client = _holder(groups, "secretary-b", secretariat="B")

    answers = [
        client.get(f"/admin/meetings/outcome/{records['A']['outcome'].pk}/status/").status_code,
        client.get(
            f"/admin/meetings/presentation/{records['A']['presentation'].pk}/upload-link/"
        ).status_code,
        client.get(f"/admin/meetings/outcome/{records['B']['outcome'].pk}/status/").status_code,
    ]

    assert answers == [404, 404, 200]


def test_a_chair_reads_their_groups_meeting_and_not_another_groups(groups, records):
    client = _holder(groups, "chair-a", chair="A")

    own = client.get(_address(Meeting, records["A"]["meeting"].pk))
    other = client.get(_address(Meeting, records["B"]["meeting"].pk), follow=True)

    assert (own.status_code, "View meeting" in page_text(own), 'name="_save"' in own.text) == (
        200,
        True,
        False,
    )
    assert "CWG-TEST-22" not in page_text(other)
    assert "/admin/workinggroups/" not in own.text


def test_secretariat_of_one_group_and_chair_of_another_edits_one_and_reads_the_other(
    groups, records
):
    client = _holder(groups, "both", secretariat="A", chair="B")

    pages = {
        letter: client.get(_address(Meeting, records[letter]["meeting"].pk)) for letter in "AB"
    }

    assert {letter: 'name="_save"' in page.text for letter, page in pages.items()} == {
        "A": True,
        "B": False,
    }
    assert _rows(client, "/admin/meetings/meeting/") == ["CWG-TEST-22", "CWG-COP-22"]


def _group_choices(page: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select name="group"[^>]*>(.*?)</select>', page, flags=re.S).group(1)
    return [
        (label.strip(), "selected" in attributes)
        for attributes, label in re.findall(r"<option([^>]*)>(.*?)</option>", select)
        if label.strip() != "---------"
    ]


def test_a_new_meeting_is_offered_the_groups_of_its_secretariat(groups):
    only_b = _holder(groups, "secretary-b", secretariat="B")
    both = _holder(groups, "secretary-ab", secretariat="AB")

    offered = {
        "one group": _group_choices(only_b.get("/admin/meetings/meeting/add/").text),
        "two groups": _group_choices(both.get("/admin/meetings/meeting/add/").text),
    }

    assert offered == {
        "one group": [("CWG-TEST", True)],
        "two groups": [("CWG-COP", False), ("CWG-TEST", False)],
    }


def test_a_secretariat_cannot_create_a_meeting_in_another_group(groups):
    client = _holder(groups, "secretary-b", secretariat="B")
    data = form_data(client.get("/admin/meetings/meeting/add/").text, "meeting_form")
    data |= {
        "group": str(groups["A"].pk),
        "number": "40",
        "start_date": "2027-03-01",
        "end_date": "2027-03-02",
        "venue": "Geneva",
    }

    response = client.post("/admin/meetings/meeting/add/", data)

    assert "Select a valid choice. That choice is not one of the available choices." in (
        page_text(response)
    )
    assert Meeting.objects.filter(number=40).count() == 0


def _meeting_choices(page: str) -> list[str]:
    select = re.search(r'<select name="meeting"[^>]*>(.*?)</select>', page, flags=re.S).group(1)
    return [
        label.strip()
        for label in re.findall(r"<option[^>]*>(.*?)</option>", select)
        if label.strip() != "---------"
    ]


def test_a_document_is_attached_only_to_the_meetings_of_the_secretariats_groups(groups, records):
    client = _holder(groups, "secretary-b", secretariat="B")

    page = client.get("/admin/contributions/document/add/").text

    assert _meeting_choices(page) == [str(records["B"]["meeting"])]


def test_the_review_queue_holds_the_groups_submitted_documents_only(groups, records):
    client = _holder(groups, "secretary-b", secretariat="B")

    text = page_text(client.get("/admin/contributions/document/review-queue/"))

    assert "1 document waits for review" in text
    assert ("Study submitted to CWG-TEST" in text, "Study submitted to CWG-COP" in text) == (
        True,
        False,
    )


def test_a_superuser_sees_and_filters_meetings_by_group(groups, records):
    client = _superuser()

    page = client.get("/admin/meetings/meeting/").text
    filtered = _rows(client, f"/admin/meetings/meeting/?group__id__exact={groups['B'].pk}")

    assert re.findall(r'<td class="field-group[^"]*">(.*?)</td>', page) == ["CWG-TEST", "CWG-COP"]
    assert filtered == ["CWG-TEST-22"]


def test_a_groups_secretariat_sees_no_group_column(groups, records):
    client = _holder(groups, "secretary-b", secretariat="B")

    page = client.get("/admin/meetings/meeting/").text

    assert 'class="field-group"' not in page


def test_the_secretariats_mail_goes_to_the_documents_groups_secretariat(groups, records):
    _holder(groups, "secretary-a", secretariat="A")
    _holder(groups, "secretary-b", secretariat="B")
    _holder(groups, "chair-b", chair="B")

    recipients = {letter: secretariat_addresses(records[letter]["document"]) for letter in "AB"}

    assert recipients == {
        "A": ["secretary-a@example.org"],
        "B": ["secretary-b@example.org"],
    }


def test_the_groups_page_holds_periods_participation_officers_and_roles(groups):
    client = _superuser()

    page = client.get(_address(WorkingGroup, groups["B"].pk))

    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page.text, flags=re.S)
    assert [" ".join(heading.split()) for heading in headings] == [
        "CWG-TEST",
        "Names in the other languages",
        "Names in earlier and present periods",
        "Who may take part",
        "Officers",
        "Roles in groups",
    ]


def test_a_role_is_given_to_a_person_found_by_name(groups):
    client = _superuser()
    UserFactory(username="sasha-secretary", first_name="Sasha", last_name="Sekretar")

    answer = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "workinggroups",
            "model_name": "grouprole",
            "field_name": "user",
            "term": "Sekretar",
        },
    )

    assert [result["text"] for result in answer.json()["results"]] == ["sasha-secretary"]


def test_only_a_superuser_opens_the_groups(groups):
    client = _holder(groups, "secretary-b", secretariat="B")

    response = client.get(_address(WorkingGroup, groups["B"].pk))

    assert response.status_code == 403


def test_publishing_a_selection_leaves_the_documents_of_a_group_one_only_chairs(
    groups, records, django_capture_on_commit_callbacks
):
    client = _holder(groups, "both", secretariat="A", chair="B")
    for letter in "AB":
        document = records[letter]["document"]
        document.status, document.number = "accepted", f"{records[letter]['meeting'].code}/INF/1"
        document.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/contributions/document/",
            {
                "action": "publish_selected",
                "_selected_action": [records[letter]["document"].pk for letter in "AB"],
            },
            follow=True,
        )

    assert {
        letter: type(records[letter]["document"])
        .objects.get(pk=records[letter]["document"].pk)
        .status
        for letter in "AB"
    } == {"A": "published", "B": "accepted"}
    assert (
        "1 selected documents belong to a group whose secretariat you are not and were left "
        "as they are." in page_text(response)
    )


def test_an_identical_file_of_another_groups_draft_is_not_named(groups, records):
    superuser = UserFactory(username="root-uploader", is_superuser=True, is_staff=True)
    other_groups_draft = records["A"]["document"]
    services.add_file(
        document=other_groups_draft, language="en", upload=pdf("x.pdf", "Joint"), by=superuser
    )
    own = records["B"]["document"]
    own.status = "draft"
    own.save()
    client = _holder(groups, "secretary-b", secretariat="B")

    response = post_form(
        client,
        _address(Document, own.pk),
        **{"files-2-0-language": "en", "files-2-0-file": pdf("joint.pdf", "Joint")},
    )
    told = page_text(client.get(response["Location"]))
    shown = page_text(client.get(_address(Document, own.pk)))

    assert (
        "The file joint.pdf is already in the system. That is expected for a document sent by "
        "several sources; otherwise check that you chose the right file." in told
    )
    assert "The same file is already in the system." in shown
    assert ("Study submitted to CWG-COP" in told, "Study submitted to CWG-COP" in shown) == (
        False,
        False,
    )


def _select_labels(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, flags=re.S).group(1)
    return [
        label.strip()
        for label in re.findall(r"<option[^>]*>(.*?)</option>", select)
        if label.strip() != "---------"
    ]


def test_an_action_is_fulfilled_only_by_its_own_groups_meeting_or_document(groups, records):
    client = _holder(groups, "secretary-b", secretariat="B")
    published = {
        letter: DocumentFactory(
            meeting=records[letter]["meeting"], published=True, title=f"Report to {letter}"
        )
        for letter in "AB"
    }
    outcome = records["B"]["outcome"]
    address = f"/admin/meetings/outcome/{outcome.pk}/status/"

    page = client.get(address).text
    response = client.post(
        address,
        {"status": "done", "fulfilled_by_meeting": records["A"]["meeting"].pk},
    )
    other_document = client.post(
        address, {"status": "done", "fulfilled_by_document": published["A"].pk}
    )

    assert _select_labels(page, "fulfilled_by_meeting") == ["CWG-TEST-22"]
    assert _select_labels(page, "fulfilled_by_document") == [str(published["B"])]
    assert (response.status_code, other_document.status_code) == (200, 200)
    assert "Select a valid choice" in page_text(response)
    assert "Select a valid choice" in page_text(other_document)
    outcome.refresh_from_db()
    assert (outcome.status, outcome.fulfilled_by_meeting, outcome.fulfilled_by_document) == (
        "open",
        None,
        None,
    )


def test_a_new_action_is_fulfilled_only_by_a_published_document_of_the_secretariats_groups(
    groups, records
):
    client = _holder(groups, "secretary-ab", secretariat="AB")
    unpublished = records["B"]["document"]
    data = {
        "meeting": records["A"]["meeting"].pk,
        "order": 2,
        "kind": "action",
        "text": "Report back.",
        "status": "done",
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
    }

    response = client.post(
        "/admin/meetings/outcome/add/", {**data, "fulfilled_by_document": unpublished.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    assert list(records["A"]["meeting"].outcomes.values_list("text", flat=True)) == [
        "Action of CWG-COP."
    ]


def test_a_presentation_names_no_unpublished_document_of_another_group(groups, records):
    client = _holder(groups, "secretary-ab", secretariat="AB")
    data = {
        "meeting": records["A"]["meeting"].pk,
        "order": 2,
        "status": "presented",
        "report_section": "presentations",
        "summary": "Presented.",
    }
    published_elsewhere = DocumentFactory(
        meeting=records["B"]["meeting"], published=True, title="Liaison from CWG-TEST"
    )

    refused = client.post(
        "/admin/meetings/presentation/add/",
        {**data, "document": records["B"]["document"].pk},
    )
    accepted = client.post(
        "/admin/meetings/presentation/add/", {**data, "document": published_elsewhere.pk}
    )

    assert refused.status_code == 200
    assert "Choose a document of the meeting's group, or a published one." in page_text(refused)
    assert accepted.status_code == 302
    assert list(
        records["A"]["meeting"].presentations.order_by("pk").values_list("document", flat=True)
    ) == [None, published_elsewhere.pk]


def test_a_report_list_line_names_no_unpublished_document_of_another_group(groups, records):
    client = _holder(groups, "secretary-ab", secretariat="AB")
    meeting = records["A"]["meeting"]
    address = _address(Meeting, meeting.pk)
    data = form_data(client.get(address).text, "meeting_form")
    data |= {
        "report_list-TOTAL_FORMS": "1",
        "report_list-0-order": "1",
        "report_list-0-text": "A study.",
        "report_list-0-document": str(records["B"]["document"].pk),
    }

    response = client.post(address, data)

    assert response.status_code == 200
    assert "Choose a document of the meeting's group, or a published one." in page_text(response)
    assert meeting.report_list.count() == 0

"""Outcomes that ask someone to act are tracked from meeting to meeting, with history."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import selectors
from meetings.models import Meeting, Outcome, OutcomeEvent
from meetings.rules import can_update_action
from meetings.services import set_outcome_status
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    OutcomeFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROPOSAL = "It is agreed that dialogues with the ICT industry will shift"
URDU = "The Chair invites Pakistan to share the translation of the COP Guidelines in Urdu"
SENT_TO_SG2 = "The outcomes of this meeting and the next meeting of the CWG-COP"


@pytest.fixture
def secretariat(db):
    return UserFactory(username="secretary", is_staff=True, is_superuser=True)


def _outcome_21(order: int) -> Outcome:
    return Outcome.objects.get(meeting__number=21, order=order)


def _open_action_texts(response) -> list[tuple[str, list[str]]]:
    return [
        (source.name if source else "", [action.text[:60] for action in actions])
        for source, actions in response.context["groups"]
    ]


def test_actions_page_lists_the_demo_open_actions_by_who_must_act(client, demo):
    response = client.get("/en/cwg-cop/actions/")

    assert response.status_code == 200
    assert _open_action_texts(response) == [
        ("ITU Telecommunication Development Bureau (BDT)", [PROPOSAL[:60], SENT_TO_SG2[:60]]),
        ("Pakistan", [URDU[:60]]),
    ]


def test_set_outcome_status_done_closes_the_action_and_writes_history(demo, secretariat):
    outcome = _outcome_21(3)
    meeting_22 = Meeting.objects.get(number=22)

    set_outcome_status(
        outcome=outcome,
        status="done",
        by=secretariat,
        note="Urdu translation received.",
        fulfilled_by_meeting=meeting_22,
    )

    outcome.refresh_from_db()
    event = OutcomeEvent.objects.get(outcome=outcome)
    assert (outcome.status, outcome.fulfilled_by_meeting) == ("done", meeting_22)
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        secretariat,
        "open",
        "done",
        "Urdu translation received.",
    )
    assert outcome not in Outcome.objects.open_actions()


def test_set_outcome_status_refused_to_a_delegate(demo):
    delegate = UserFactory(username="delegate-someone", is_staff=True)

    with pytest.raises(PermissionDenied):
        set_outcome_status(outcome=_outcome_21(1), status="done", by=delegate)

    assert _outcome_21(1).status == "open"
    assert OutcomeEvent.objects.count() == 0


def test_set_outcome_status_allowed_to_the_secretariat_group_not_the_chair(db):
    member = UserFactory(username="assistant", is_staff=True)
    member.groups.add(Group.objects.get(name="Secretariat"))
    chair = UserFactory(username="chair-two", is_staff=True)
    chair.groups.add(Group.objects.get(name="Chair"))
    outcome = OutcomeFactory()

    with pytest.raises(PermissionDenied):
        set_outcome_status(outcome=outcome, status="done", by=chair)
    set_outcome_status(outcome=outcome, status="dropped", by=member)

    assert Outcome.objects.get(pk=outcome.pk).status == "dropped"


def test_can_update_action_only_for_the_secretariat(db, secretariat):
    delegate = UserFactory(username="delegate-two", is_staff=True)

    assert (can_update_action(secretariat), can_update_action(delegate)) == (True, False)


def test_set_outcome_status_refuses_a_transition_not_declared(db, secretariat):
    outcome = OutcomeFactory(status=Outcome.Status.DONE)

    with pytest.raises(ValidationError):
        set_outcome_status(outcome=outcome, status="dropped", by=secretariat)

    assert OutcomeEvent.objects.count() == 0


def test_set_outcome_status_fulfilled_only_when_done(db, secretariat):
    outcome = OutcomeFactory()
    document = DocumentFactory(published=True)

    with pytest.raises(ValidationError):
        set_outcome_status(
            outcome=outcome, status="dropped", by=secretariat, fulfilled_by_document=document
        )

    assert Outcome.objects.get(pk=outcome.pk).status == "open"


def test_set_outcome_status_reopen_clears_what_fulfilled_it(db, secretariat):
    outcome = OutcomeFactory()
    document = DocumentFactory(published=True)
    set_outcome_status(
        outcome=outcome, status="done", by=secretariat, fulfilled_by_document=document
    )

    set_outcome_status(outcome=outcome, status="open", by=secretariat, note="Not enough.")

    outcome.refresh_from_db()
    assert (outcome.status, outcome.fulfilled_by_document) == ("open", None)
    assert list(outcome.events.values_list("from_status", "to_status")) == [
        ("open", "done"),
        ("done", "open"),
    ]


def test_admin_change_status_action_marks_done_and_keeps_history(client, demo, secretariat):
    client.force_login(secretariat)
    proposal = _outcome_21(1)

    response = client.post(
        "/admin/meetings/outcome/",
        {
            "action": "change_status",
            "_selected_action": [proposal.pk],
            "apply": "1",
            "status": "done",
            "note": "Proposal submitted as a contribution.",
        },
        follow=True,
    )

    assert response.status_code == 200
    listing = client.get("/en/cwg-cop/actions/")
    assert _open_action_texts(listing) == [
        ("ITU Telecommunication Development Bureau (BDT)", [SENT_TO_SG2[:60]]),
        ("Pakistan", [URDU[:60]]),
    ]
    assert list(proposal.events.values_list("actor__username", "from_status", "to_status")) == [
        ("secretary", "open", "done")
    ]
    change_page = client.get(f"/admin/meetings/outcome/{proposal.pk}/change/")
    assert "Proposal submitted as a contribution." in change_page.content.decode()


def test_admin_change_status_action_first_shows_the_form(client, demo, secretariat):
    client.force_login(secretariat)

    response = client.post(
        "/admin/meetings/outcome/",
        {"action": "change_status", "_selected_action": [_outcome_21(3).pk]},
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/meetings/outcome/change_status.html"
    assert _outcome_21(3).status == "open"


def test_admin_status_form_on_the_change_page(client, demo, secretariat):
    client.force_login(secretariat)
    urdu = _outcome_21(3)
    meeting_22 = Meeting.objects.get(number=22)

    response = client.post(
        f"/admin/meetings/outcome/{urdu.pk}/status/",
        {"status": "done", "note": "Shared.", "fulfilled_by_meeting": meeting_22.pk},
    )

    urdu.refresh_from_db()
    assert response.status_code == 302
    assert (urdu.status, urdu.fulfilled_by_meeting) == ("done", meeting_22)
    assert urdu.events.get().note == "Shared."


def test_admin_status_form_refused_to_a_delegate(client, demo):
    delegate = UserFactory(username="delegate-three", is_staff=True)
    client.force_login(delegate)

    response = client.post(
        f"/admin/meetings/outcome/{_outcome_21(3).pk}/status/", {"status": "done"}
    )

    assert response.status_code == 403
    assert _outcome_21(3).status == "open"


def test_admin_change_form_keeps_status_read_only(client, demo, secretariat):
    client.force_login(secretariat)
    outcome = _outcome_21(1)

    response = client.get(f"/admin/meetings/outcome/{outcome.pk}/change/")

    assert "status" not in response.context["adminform"].form.fields
    assert f"/admin/meetings/outcome/{outcome.pk}/status/" in response.content.decode()


def test_meeting_page_lists_actions_carried_forward(client, demo):
    response = client.get("/en/cwg-cop/meetings/22/")

    carried = [action.text[:60] for action in response.context["actions_carried_forward"]]
    assert carried == [PROPOSAL[:60], URDU[:60], SENT_TO_SG2[:60]]
    assert "Actions carried forward from earlier meetings" in response.content.decode()


def test_actions_carried_forward_only_due_by_this_meeting(db):
    earlier, this, later = (
        MeetingFactory(number=60),
        MeetingFactory(number=61),
        MeetingFactory(number=62),
    )
    due_now = OutcomeFactory(meeting=earlier, due_meeting=this)
    no_due = OutcomeFactory(meeting=earlier)
    OutcomeFactory(meeting=earlier, due_meeting=later)
    OutcomeFactory(meeting=earlier, due_meeting=this, status=Outcome.Status.DONE)
    OutcomeFactory(meeting=this)

    carried = list(selectors.actions_carried_forward(this))

    assert carried == [due_now, no_due]


def test_actions_for_source_lists_its_actions_with_status(db):
    italy = MemberStateFactory()
    open_action = OutcomeFactory(meeting=MeetingFactory(number=70))
    done_action = OutcomeFactory(meeting=MeetingFactory(number=71), status=Outcome.Status.DONE)
    not_an_action = OutcomeFactory(status=Outcome.Status.NONE)
    for outcome in (open_action, done_action, not_an_action):
        outcome.responsible.add(italy)

    actions = list(selectors.actions_for_source(italy))

    assert [(action.meeting.number, action.status) for action in actions] == [
        (71, "done"),
        (70, "open"),
    ]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _actions(count: int, *, meeting: Meeting, due: Meeting | None = None) -> None:
    for _n in range(count):
        outcome = OutcomeFactory(meeting=meeting, due_meeting=due)
        outcome.responsible.add(SourceFactory(), SourceFactory())


def test_actions_page_queries_do_not_grow_with_rows(client, db):
    meeting = MeetingFactory(number=80)
    _actions(1, meeting=meeting)
    one = _queries(client, "/en/cwg-cop/actions/")
    _actions(4, meeting=meeting, due=MeetingFactory(number=81))

    five = _queries(client, "/en/cwg-cop/actions/")

    assert one == five
    assert five <= 10


def test_meeting_page_carried_forward_queries_do_not_grow_with_rows(client, db):
    earlier, one_row, five_rows = (
        MeetingFactory(number=90),
        MeetingFactory(number=91),
        MeetingFactory(number=92),
    )
    _actions(1, meeting=earlier, due=one_row)
    _actions(5, meeting=earlier, due=five_rows)

    assert _queries(client, "/en/cwg-cop/meetings/91/") == _queries(
        client, "/en/cwg-cop/meetings/92/"
    )


def test_admin_status_action_offered_only_to_the_secretariat(client, demo, secretariat):
    viewer = UserFactory(username="chair-viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_outcome"))

    def offered(user):
        client.force_login(user)
        return "change_status" in client.get("/admin/meetings/outcome/").content.decode()

    assert (offered(secretariat), offered(viewer)) == (True, False)

"""Who may take part in a group's meetings: a group open to Member States and Sector Members
only takes no delegate's document from another kind of source, on the dates it was so."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from contributions import services
from contributions.models import Document, Source
from tests.factories import MeetingFactory, MemberStateFactory, SourceFactory, UserFactory
from tests.formdata import form_data
from workinggroups.models import GroupRole, Participation, WorkingGroup, default_group

pytestmark = pytest.mark.django_db

# An invented group, for the tests only.
MEMBERS_GROUP = {"slug": "cwg-members", "acronym": "CWG-MEM", "name": "Council Working Group M"}
# It was open to members only until the end of 2025, and to all stakeholders since.
OPENED = datetime.date(2026, 1, 1)


@pytest.fixture
def members_group():
    default_group()
    group = WorkingGroup.objects.create(**MEMBERS_GROUP)
    Participation.objects.create(
        working_group=group,
        open_to=Participation.OpenTo.MEMBERS,
        start=datetime.date(2010, 1, 1),
        end=OPENED - datetime.timedelta(days=1),
    )
    Participation.objects.create(
        working_group=group, open_to=Participation.OpenTo.ALL, start=OPENED
    )
    return group


@pytest.fixture
def meetings(members_group):
    """The group's meeting while it was members only, and its meeting since."""
    closed = MeetingFactory(
        group=members_group,
        number=3,
        start_date=datetime.date(2025, 6, 2),
        end_date=datetime.date(2025, 6, 3),
    )
    opened = MeetingFactory(
        group=members_group,
        number=4,
        start_date=datetime.date(2026, 6, 1),
        end_date=datetime.date(2026, 6, 2),
    )
    return closed, opened


def _delegate(username: str, *sources: Source):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Delegate")[0])
    for source in sources:
        source.delegates.add(user)
    return user


@pytest.fixture
def ngo():
    return SourceFactory(
        kind=Source.Kind.CIVIL_SOCIETY, name="Child Safety Network", slug="child-safety-network"
    )


def test_a_civil_society_delegate_is_offered_only_the_meetings_it_may_take_part_in(meetings, ngo):
    closed, opened = meetings
    ours = MeetingFactory(number=60)
    italy_and_ngo = _delegate("both", MemberStateFactory(), ngo)

    assert set(services.meetings_open_to(_delegate("ngo-only", ngo))) == {opened, ours}
    assert set(services.meetings_open_to(italy_and_ngo)) == {closed, opened, ours}


def test_a_civil_society_document_is_refused_while_the_group_was_members_only(meetings, ngo):
    closed, opened = meetings
    delegate = _delegate("ngo-delegate", ngo)

    with pytest.raises(ValidationError) as refusal:
        services.create_draft(
            by=delegate, meeting=closed, kind="contribution", title="Refused", sources=[ngo]
        )
    draft = services.create_draft(
        by=delegate, meeting=opened, kind="contribution", title="Taken", sources=[ngo]
    )

    assert refusal.value.messages == [
        "CWG-MEM is open to Member States and Sector Members only: Child Safety Network "
        "cannot contribute to CWG-MEM-3."
    ]
    assert list(Document.objects.values_list("title", flat=True)) == ["Taken"]
    # Moving the draft to the members-only meeting is refused the same way.
    with pytest.raises(ValidationError):
        services.update_document(document=draft, by=delegate, changes={"meeting": closed})
    # Also when the desk sends the same sources with the new meeting.
    with pytest.raises(ValidationError):
        services.update_document(
            document=draft, by=delegate, changes={"meeting": closed}, sources=[ngo]
        )
    draft.refresh_from_db()
    assert draft.meeting == opened


def test_a_member_states_delegate_adds_a_civil_society_source_only_where_it_may_take_part(
    meetings, ngo
):
    closed, _opened = meetings
    italy = MemberStateFactory()
    delegate = _delegate("both-sources", italy, ngo)
    draft = services.create_draft(
        by=delegate, meeting=closed, kind="contribution", title="Italy's", sources=[italy]
    )

    with pytest.raises(ValidationError):
        services.update_document(document=draft, by=delegate, changes={}, sources=[italy, ngo])

    assert [source.slug for source in draft.sources.all()] == ["italy"]


def test_the_groups_secretariat_files_a_document_from_anyone(meetings, ngo):
    closed, _opened = meetings
    secretary = UserFactory(username="mem-secretary", is_staff=True)
    GroupRole.objects.create(user=secretary, working_group=closed.group, role="secretariat")

    document = services.create_draft(
        by=secretary, meeting=closed, kind="information", title="Filed", sources=[ngo]
    )

    assert (document.meeting, list(document.sources.all())) == (closed, [ngo])


def test_the_desk_names_why_a_source_may_not_take_part(client, meetings, ngo):
    closed, _opened = meetings
    delegate = _delegate("desk-ngo", MemberStateFactory(), ngo)
    client.force_login(delegate)
    add = reverse("admin:contributions_document_add")
    data = form_data(client.get(add).content.decode(), form_id="document_form")
    data.update(
        {
            "meeting": closed.pk,
            "kind": "contribution",
            "title": "Refused at the desk",
            "sources": [str(ngo.pk)],
            "original_language": "en",
        }
    )

    response = client.post(add, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["sources"] == [
        "CWG-MEM is open to Member States and Sector Members only: Child Safety Network "
        "cannot contribute to CWG-MEM-3."
    ]
    assert not Document.objects.filter(title="Refused at the desk").exists()

"""Each group's pages under /<language>/<group>/, and the addresses from before."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from alerts import urls as alerts_urls
from contributions import services
from contributions import urls as contributions_urls
from contributions.models import Document
from meetings import urls as meetings_urls
from meetings.presenter_uploads import send_upload_link
from meetings.report import build_meeting_report
from meetings.report.stored import article_html
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    MemberStateFactory,
    OutcomeFactory,
    PresentationFactory,
    UserFactory,
)
from workinggroups.addresses import (
    group_reverse,
    kept_groups,
    read_once,
    slug_of_document,
    slug_of_meeting,
)
from workinggroups.current import activated
from workinggroups.models import GroupPeriod, GroupRole, WorkingGroup, default_group

pytestmark = pytest.mark.django_db

# An invented group, for the tests only.
TEST_GROUP = {"slug": "cwg-test", "acronym": "CWG-TEST", "name": "Council Working Group on Tests"}


@pytest.fixture
def test_group():
    default_group()
    return WorkingGroup.objects.create(**TEST_GROUP)


@pytest.fixture
def two_meetings_21(test_group):
    """Meeting 21 of each group: numbers are the group's own."""
    ours = MeetingFactory(number=21, venue="Geneva")
    theirs = MeetingFactory(number=21, group=test_group, venue="Tunis")
    return ours, theirs


def _published(meeting, title: str) -> Document:
    secretariat = UserFactory(is_superuser=True, username=f"root-{meeting.pk}-{title[:5]}")
    document = DocumentFactory(
        meeting=meeting,
        sources=[MemberStateFactory()],
        title=title,
        status=Document.Status.SUBMITTED,
        kind=Document.Kind.CONTRIBUTION,
    )
    services.accept_document(document=document, by=secretariat, tell=False)
    return services.publish_document(document=document, by=secretariat, tell=False)


# -- The addresses from before the groups


def _earlier_examples() -> list[str]:
    """An address of every group page as it was before (/en/meetings/21/ ...)."""
    values = {"number": "CWG-COP-21/1", "other": "CWG-COP-21/2", "file_language": "en"}
    examples = []
    for pattern in [
        *contributions_urls.urlpatterns,
        *meetings_urls.urlpatterns,
        *alerts_urls.urlpatterns,
    ]:
        route = str(pattern.pattern)
        for name, converter in pattern.pattern.converters.items():
            is_int = type(converter).__name__ == "IntConverter"
            value = "21" if is_int else values.get(name, "abc")
            route = re.sub(rf"<(\w+:)?{name}>", value, route)
        examples.append(route)
    return examples


@pytest.mark.parametrize("language", ["en", "fr", "zh-hans"])
@pytest.mark.parametrize("rest", _earlier_examples())
def test_every_address_from_before_the_groups_moves_to_the_first_groups(client, language, rest):
    response = client.get(f"/{language}/{rest}")

    assert response.status_code == 301
    assert response["Location"] == f"/{language}/cwg-cop/{rest}"


def test_an_earlier_address_keeps_its_query(client):
    response = client.get("/en/documents/?country=IT&kind=information&page=2")

    assert response.status_code == 301
    assert response["Location"] == "/en/cwg-cop/documents/?country=IT&kind=information&page=2"


def test_the_language_root_moves_to_the_first_groups_home(client):
    response = client.get("/fr/")

    assert response.status_code == 301
    assert response["Location"] == "/fr/cwg-cop/"


def test_pages_shared_by_every_group_keep_their_address(client, test_group):
    assert client.get("/en/countries/").status_code == 200
    assert client.get("/en/groups/").status_code == 200


# -- A second group


def test_each_group_numbers_its_own_meetings(client, two_meetings_21):
    ours, theirs = two_meetings_21

    assert ours.get_absolute_url() == "/en/cwg-cop/meetings/21/"
    assert theirs.get_absolute_url() == "/en/cwg-test/meetings/21/"
    assert "Geneva" in client.get("/en/cwg-cop/meetings/21/").content.decode()
    page = client.get("/en/cwg-test/meetings/21/").content.decode()
    assert "Tunis" in page
    assert "Geneva" not in page


def test_a_meeting_number_is_taken_once_per_group(two_meetings_21, test_group):
    with pytest.raises(ValidationError):
        MeetingFactory.build(
            number=21, group=test_group, start_date=datetime.date(2030, 1, 1)
        ).validate_constraints()


def test_documents_are_numbered_in_their_groups_series(two_meetings_21):
    ours, theirs = two_meetings_21

    mine = _published(ours, "Safer schools")
    other = _published(theirs, "Open data")

    assert mine.number == "CWG-COP-21/1"
    assert other.number == "CWG-TEST-21/1"
    assert mine.get_absolute_url() == "/en/cwg-cop/documents/CWG-COP-21/1/"
    assert other.get_absolute_url() == "/en/cwg-test/documents/CWG-TEST-21/1/"


def test_a_group_lists_its_own_documents_only(client, two_meetings_21):
    ours, theirs = two_meetings_21
    _published(ours, "Safer schools")
    _published(theirs, "Open data")

    mine = client.get("/en/cwg-cop/documents/").content.decode()
    theirs_page = client.get("/en/cwg-test/documents/").content.decode()

    assert "Safer schools" in mine
    assert "Open data" not in mine
    assert "Open data" in theirs_page
    assert "Safer schools" not in theirs_page
    # The second group's links stay in its pages.
    assert 'href="/en/cwg-test/documents/CWG-TEST-21/1/"' in theirs_page
    assert 'href="/en/cwg-test/meetings/"' in theirs_page


def test_a_document_is_found_in_its_own_groups_pages_only(client, two_meetings_21):
    _ours, theirs = two_meetings_21
    _published(theirs, "Open data")

    assert client.get("/en/cwg-test/documents/CWG-TEST-21/1/").status_code == 200
    assert client.get("/en/cwg-cop/documents/CWG-TEST-21/1/").status_code == 404


def test_the_second_groups_pages_bear_its_name(client, two_meetings_21):
    page = client.get("/en/cwg-test/").content.decode()

    assert "<title>CWG-TEST Documents · Council Working Group on Tests</title>" in page
    assert "<h1>Council Working Group on Tests</h1>" in page
    assert 'href="/en/groups/"' in page


def test_the_first_groups_pages_keep_the_sites_name(client, two_meetings_21):
    page = client.get("/en/cwg-cop/").content.decode()

    assert (
        "<title>CWG-COP Documents · ITU Council Working Group on Child Online Protection</title>"
        in page
    )


def test_a_groups_address_may_not_be_a_shared_pages(test_group):
    group = WorkingGroup(slug="countries", acronym="X", name="X")

    with pytest.raises(ValidationError) as refused:
        group.full_clean()

    assert "address of a page shared by every group" in str(refused.value)


def test_a_meeting_without_a_prefix_takes_its_groups_name_of_the_day(test_group):
    GroupPeriod.objects.create(
        working_group=test_group,
        acronym="WG-T",
        prefix="WG-T",
        start=datetime.date(2009, 1, 1),
        end=datetime.date(2012, 12, 31),
    )
    GroupPeriod.objects.create(
        working_group=test_group,
        acronym="CWG-TEST",
        prefix="CWG-TEST",
        start=datetime.date(2013, 1, 1),
    )

    early = MeetingFactory.build(number=2, group=test_group, start_date=datetime.date(2010, 5, 1))
    early.document_prefix = ""
    early.end_date = early.start_date
    early.save()
    late = MeetingFactory.build(number=9, group=test_group, start_date=datetime.date(2015, 5, 1))
    late.document_prefix = ""
    late.end_date = late.start_date
    late.save()

    assert (early.code, late.code) == ("WG-T-2", "CWG-TEST-9")


def test_group_reverse_gives_a_groups_address_outside_a_request(test_group):
    assert group_reverse("cwg-test", "contributions:document-list") == "/en/cwg-test/documents/"
    assert reverse("contributions:document-list") == "/en/cwg-cop/documents/"


# -- Roles per group


def test_a_groups_open_actions_are_its_own(client, two_meetings_21):
    ours, theirs = two_meetings_21
    OutcomeFactory(meeting=ours, text="Share national strategies.")
    OutcomeFactory(meeting=theirs, text="Test the test plan.")

    def listed(group: str) -> list[str]:
        page = client.get(f"/en/{group}/actions/").content.decode()
        return [
            text for text in ("Share national strategies.", "Test the test plan.") if text in page
        ]

    assert (listed("cwg-cop"), listed("cwg-test")) == (
        ["Share national strategies."],
        ["Test the test plan."],
    )


def test_a_groups_secretariat_reads_its_drafts_and_not_anothers(two_meetings_21, test_group):
    from contributions import rules, visibility

    ours, theirs = two_meetings_21
    our_draft = DocumentFactory(meeting=ours, title="Ours")
    their_draft = DocumentFactory(meeting=theirs, title="Theirs")
    secretary = UserFactory(username="test-secretary", is_staff=True)
    GroupRole.objects.create(user=secretary, working_group=test_group, role="secretariat")

    readable = set(visibility.documents_readable_by(secretary).values_list("title", flat=True))

    assert readable == {"Theirs"}
    assert rules.can_view_document.test(secretary, their_draft)
    assert not rules.can_view_document.test(secretary, our_draft)
    assert rules.can_accept.test(secretary, their_draft)
    assert not rules.can_accept.test(secretary, our_draft)
    # The role opens the admin's pages.
    assert secretary.groups.filter(name="Secretariat").exists()


def test_with_one_group_the_secretariat_group_of_accounts_gives_the_role_in_it(db):
    from django.contrib.auth.models import Group

    user = UserFactory(username="only-secretary")
    user.groups.add(Group.objects.get(name="Secretariat"))

    assert list(user.group_roles.values_list("working_group__slug", "role")) == [
        ("cwg-cop", "secretariat")
    ]


def test_with_two_groups_the_role_names_its_group(test_group):
    from django.contrib.auth.models import Group

    user = UserFactory(username="unplaced")
    user.groups.add(Group.objects.get(name="Secretariat"))

    assert not user.group_roles.exists()


def test_a_groups_feed_and_calendar_are_its_own(client, settings, two_meetings_21):
    import feedparser
    import icalendar

    ours, theirs = two_meetings_21
    _published(ours, "Safer schools")
    _published(theirs, "Open data")

    feed = feedparser.parse(client.get("/en/cwg-test/feeds/documents.atom").content)
    calendar = icalendar.Calendar.from_ical(client.get("/en/cwg-test/meetings.ics").content)

    assert feed.feed.title == "CWG-TEST documents"
    assert [entry.title for entry in feed.entries] == ["CWG-TEST-21/1 Open data"]
    assert feed.entries[0].link == settings.SITE_URL + "/en/cwg-test/documents/CWG-TEST-21/1/"
    assert calendar["X-WR-CALNAME"] == "CWG-TEST meetings"
    assert [str(event["LOCATION"]) for event in calendar.walk("VEVENT")] == ["Tunis"]


def test_a_groups_secretariat_files_only_under_its_own_closed_meetings(two_meetings_21, test_group):
    from contributions.services import check_meeting, meetings_open_to
    from meetings.models import Meeting

    ours, theirs = two_meetings_21
    Meeting.objects.filter(pk__in=[ours.pk, theirs.pk]).update(status=Meeting.Status.HELD)
    ours.refresh_from_db()
    theirs.refresh_from_db()
    secretary = UserFactory(username="test-secretary", is_staff=True)
    GroupRole.objects.create(user=secretary, working_group=test_group, role="secretariat")

    check_meeting(meeting=theirs, by=secretary)
    with pytest.raises(ValidationError):
        check_meeting(meeting=ours, by=secretary)
    assert set(meetings_open_to(secretary).values_list("venue", flat=True)) == {"Tunis"}


def test_the_admin_index_counts_only_the_queue_of_ones_own_group(
    client, two_meetings_21, test_group
):
    from contributions import selectors

    ours, theirs = two_meetings_21
    for meeting, count in ((ours, 3), (theirs, 1)):
        for index in range(count):
            DocumentFactory(
                meeting=meeting, title=f"Waiting {index}", status=Document.Status.SUBMITTED
            )
    secretary = UserFactory(username="test-secretary", is_staff=True)
    GroupRole.objects.create(user=secretary, working_group=test_group, role="secretariat")

    counts = selectors.review_queue_counts(selectors.documents_visible_to(secretary))

    assert counts == {"submitted": 1, "late": 0, "accepted": 0}


def test_a_country_page_links_each_document_and_meeting_in_its_own_group(client, two_meetings_21):
    from contributions.models import Source

    ours, theirs = two_meetings_21
    _published(ours, "Safer schools")
    other = _published(theirs, "Open data")
    country = other.sources.get().country.code
    Source.objects.filter(document_sources__document__meeting=ours).update(country=country)

    page = client.get(f"/en/countries/{country.lower()}/").content.decode()

    assert 'href="/en/cwg-test/documents/CWG-TEST-21/1/"' in page
    assert 'href="/en/cwg-test/meetings/21/"' in page
    assert 'href="/en/cwg-cop/meetings/21/"' in page


def test_the_groups_page_names_who_may_take_part_and_the_officers_of_today(client, test_group):
    from workinggroups.models import GroupOfficer, Participation

    Participation.objects.create(
        working_group=test_group,
        open_to="members",
        start=datetime.date(2010, 1, 1),
        end=datetime.date(2014, 12, 31),
    )
    Participation.objects.create(
        working_group=test_group, open_to="all", start=datetime.date(2015, 1, 1)
    )
    GroupOfficer.objects.create(
        working_group=test_group,
        role="chair",
        name="Ms Former",
        start=datetime.date(2015, 1, 1),
        end=datetime.date(2020, 1, 1),
    )
    GroupOfficer.objects.create(
        working_group=test_group, role="chair", name="Mr Present", start=datetime.date(2020, 1, 2)
    )

    page = client.get("/en/groups/").content.decode()

    assert "Open to: All stakeholders" in page
    assert "Member States and Sector Members only" not in page
    assert "Chair: Mr Present" in page
    assert "Ms Former" not in page


def test_a_second_groups_meeting_is_called_a_meeting_of_that_group(client, two_meetings_21):
    WorkingGroup.objects.filter(slug="cwg-test").update(name_fr="Groupe de travail des essais")

    english = client.get("/en/cwg-test/meetings/21/").content.decode()
    french = client.get("/fr/cwg-test/meetings/21/").content.decode()
    calendar = client.get("/en/cwg-test/meetings/21.ics").content.decode()

    assert "<h1>Meeting 21 of the Council Working Group on Tests</h1>" in english
    assert (
        '<meta property="og:title" content="Meeting 21 of the Council Working Group on Tests">'
        in english
    )
    assert "outcomes of meeting 21 of the Council Working Group on Tests (" in english
    assert "Child Online Protection" not in english
    assert "<h1>Réunion 21 du Groupe de travail des essais</h1>" in french
    assert "SUMMARY:CWG-TEST-21: meeting of the Council Working Group on Tests" in calendar


def test_a_group_renamed_by_an_update_is_named_anew_at_once_while_its_names_are_kept(
    client, settings, two_meetings_21
):
    """The groups are kept in the shared cache with the pages' fragments (a page read from
    them asks the database nothing): a rename, even by an update, is read by the next page."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "g"}
    }
    settings.COUNTS_CACHE_SECONDS = 600
    heading = "<h1>Meeting 21 of the Council Working Group on {}</h1>"
    assert heading.format("Tests") in client.get("/en/cwg-test/meetings/21/").content.decode()

    WorkingGroup.objects.filter(slug="cwg-test").update(name="Council Working Group on Trials")

    page = client.get("/en/cwg-test/meetings/21/").content.decode()
    assert (heading.format("Tests") in page, heading.format("Trials") in page) == (False, True)


def test_a_meeting_moved_by_its_new_groups_related_manager_takes_its_address_at_once(
    settings, test_group
):
    """A group's `meetings.add()` writes by an update of another manager's rows (Django's
    base manager): the meeting's group, kept in the shared cache, is read anew too."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "m"}
    }
    settings.COUNTS_CACHE_SECONDS = 600
    meeting = MeetingFactory(number=22, group=test_group)
    assert meeting.get_absolute_url() == "/en/cwg-test/meetings/22/"
    document = DocumentFactory(meeting=meeting)
    assert slug_of_document(Document.objects.get(pk=document.pk)) == "cwg-test"

    default_group().meetings.add(meeting)

    assert slug_of_document(Document.objects.get(pk=document.pk)) == "cwg-cop"


def _round_trip(reads: list[str], name: str, method):
    """A cache's method, noted in `reads` when it asks the cache (not when another does:
    the in-process cache's `get_many` calls `get`)."""

    def asked(*args, **kwargs):
        reads.append(name)
        depth = len(reads)
        try:
            return method(*args, **kwargs)
        finally:
            del reads[depth:]

    return asked


def test_the_groups_and_meetings_kept_are_read_in_three_round_trips_in_any_language_and_group(
    settings, test_group, django_assert_num_queries, monkeypatch
):
    """Every page a request renders past the page cache reads the groups and the meetings'
    groups: one read of the generations and one of each value, whatever the page's language
    and group, which they do not depend on."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"}
    }
    settings.COUNTS_CACHE_SECONDS = 600
    meeting = MeetingFactory(number=22, group=test_group)
    with translation.override("en"), read_once():
        kept_groups(), slug_of_meeting(meeting.pk)
    reads, kept = [], caches["default"]
    for name in ("get", "get_many"):
        monkeypatch.setattr(kept, name, _round_trip(reads, name, getattr(kept, name)))

    with (
        translation.override("fr"),
        activated(test_group),
        read_once(),
        django_assert_num_queries(0),
    ):
        groups, slug = [group.slug for group in kept_groups()], slug_of_meeting(meeting.pk)

    assert (groups, slug, reads) == (
        ["cwg-cop", "cwg-test"],
        "cwg-test",
        ["get_many", "get", "get"],
    )


def test_no_page_of_a_second_group_names_another_group(client, two_meetings_21):
    _ours, theirs = two_meetings_21
    document = _published(theirs, "Test plans")
    document.summary = ""
    document.save(update_fields=["summary"])

    pages = {
        address: client.get(address).content.decode()
        for address in (
            "/en/cwg-test/",
            "/en/cwg-test/documents/",
            "/en/cwg-test/meetings/",
            document.get_absolute_url(),
        )
    }

    assert {address: "Child Online Protection" in page for address, page in pages.items()} == (
        dict.fromkeys(pages, False)
    )
    assert '<meta property="og:site_name" content="CWG-TEST Documents">' in pages["/en/cwg-test/"]
    assert (
        f'<meta name="description" content="Contribution {document.number} of meeting '
        'CWG-TEST-21 of the Council Working Group on Tests.">'
    ) in pages[document.get_absolute_url()]


def test_a_second_groups_presenter_is_asked_by_that_groups_secretariat(
    test_group, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = MeetingFactory(
        number=3,
        group=test_group,
        start_date=datetime.date(2099, 3, 1),
        end_date=datetime.date(2099, 3, 2),
    )
    presentation = PresentationFactory(meeting=meeting, order=1, title="Test results")
    root = UserFactory(is_superuser=True, username="root")

    with django_capture_on_commit_callbacks(execute=True):
        send_upload_link(
            presentation=presentation, email="p@example.net", name="", language="en", by=root
        )

    [message] = mailoutbox
    assert "The ITU secretariat of the Council Working Group on Tests asks you" in message.body
    assert "Child Online Protection" not in message.body


def test_a_second_groups_report_names_that_group_as_it_was_named_then(test_group):
    GroupPeriod.objects.create(
        working_group=test_group,
        acronym="WG-T",
        name="Working Group on Early Tests",
        prefix="WG-T",
        start=datetime.date(2009, 1, 1),
        end=datetime.date(2012, 12, 31),
    )
    early = MeetingFactory(
        number=2,
        group=test_group,
        document_prefix="WG-T",
        status="held",
        format="in_person",
        start_date=datetime.date(2010, 5, 3),
        end_date=datetime.date(2010, 5, 3),
    )
    later = MeetingFactory(
        number=9, group=test_group, document_prefix="CWG-TEST", status="held", format=""
    )

    early_report = " ".join(article_html(build_meeting_report(early)).split())
    later_report = " ".join(article_html(build_meeting_report(later)).split())

    assert (
        "This report summarizes the main results of the second meeting of the Working Group "
        "on Early Tests (WG-T), held on 3 May 2010." in early_report
    )
    assert (
        "The second meeting of the Working Group on Early Tests (WG-T) was held on 3 May 2010 "
        "in person." in early_report
    )
    assert "The Working Group on Early Tests is invited to consider and approve the report." in (
        early_report
    )
    assert "The ninth meeting of the Council Working Group on Tests (CWG-TEST) was held" in (
        later_report
    )
    assert "child online protection" not in (early_report + later_report).lower()

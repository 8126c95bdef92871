"""The report of an older meeting says what its record says, and only once the meeting was held.

The meetings here are invented: a WG-CP meeting chaired by a vice-chair, with an agenda
item added at the meeting and fixed sentences of its own, a cancelled meeting and a
meeting still to come.
"""

import datetime
import importlib
import io
import zipfile

import docx
import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from contributions.models import Document, Source
from meetings.models import AgendaItem, Meeting, Officer
from meetings.outline import OUTLINE, ReportSection, numbered_choices
from meetings.report import build_meeting_report
from meetings.services import publish_meeting_report
from tests.factories import (
    MeetingFactory,
    OutcomeFactory,
    PresentationFactory,
    ReportParagraphFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TITLE = (
    "Report of the seventh meeting of the Council Working Group on child online protection (WG-CP)"
)
PURPOSE = "This report presents the results of the seventh meeting of the WG-CP to Council."
ACTION = "The Council is invited to take note of this report."
INTRODUCTION = (
    "The seventh meeting of the ITU Council Working Group on child online protection (WG-CP) "
    "was held on 11 and 12 March 2013 in person. 40 participants, representing Member States "
    "and Sector Members, participated in the meeting, which was chaired by Ms Vera Vice "
    "(Ruritania), Vice-chair of the WG-CP. The meeting was open to Member States only."
)
ADDED = "The following item was added to the agenda at the meeting: 3 Election of a vice-chair."


def _member(group: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def people(db):
    freedonia = SourceFactory(name="Freedonia Online Safety Forum", slug="freedonia-forum")
    delegate = _member("Delegate", "delegate-freedonia")
    freedonia.delegates.add(delegate)
    return {
        "anonymous": AnonymousUser(),
        "delegate": delegate,
        "chair": _member("Chair", "chair"),
        "secretariat": _member("Secretariat", "secretary"),
    }


@pytest.fixture
def older_meeting(db):
    """WG-CP-7, invented: chaired by a vice-chair, an item added at the meeting."""
    meeting = MeetingFactory(
        number=7,
        document_prefix="WG-CP",
        start_date=datetime.date(2013, 3, 11),
        end_date=datetime.date(2013, 3, 12),
        format=Meeting.Format.IN_PERSON,
        status=Meeting.Status.HELD,
        participants=40,
        participants_represented="Member States and Sector Members",
        who_could_attend="The meeting was open to Member States only.",
        purpose=PURPOSE,
        action_required=ACTION,
    )
    Officer.objects.create(
        meeting=meeting, role=Officer.Role.CHAIR, honorific="Mr", name="Carl Chair", order=1
    )
    Officer.objects.create(
        meeting=meeting,
        role=Officer.Role.VICE_CHAIR,
        honorific="Ms",
        name="Vera Vice",
        affiliation="Ruritania",
        order=2,
        chaired=True,
    )
    for order, title in enumerate(["Opening", "Adoption of the agenda"], start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, title=title)
    AgendaItem.objects.create(
        meeting=meeting, order=3, title="Election of a vice-chair", added_at_meeting=True
    )
    ReportParagraphFactory(
        meeting=meeting,
        section=ReportSection.AGENDA,
        order=1,
        text="The agenda was adopted with one addition.",
    )
    OutcomeFactory(meeting=meeting, order=1, text="Ms Vera Vice was elected vice-chair.")
    SourceFactory(kind=Source.Kind.ITU_SECRETARIAT, name="ITU BDT", slug="itu-bdt")
    return meeting


def _labelled(report) -> dict[str, str]:
    return {line.label: line.text for line in report.lines() if line.label[:1].isdigit()}


def test_report_of_a_meeting_chaired_by_a_vice_chair_states_it_and_is_signed_by_them(
    older_meeting,
):
    report = build_meeting_report(older_meeting)

    assert _labelled(report)["1.1"] == INTRODUCTION
    assert report.signature == ("Vera Vice (Ruritania)", "Vice-chair, WG-CP")


def test_report_fixed_sentences_come_from_the_meeting_record(older_meeting):
    report = build_meeting_report(older_meeting)

    front = [(section.title, section.blocks[0].text) for section in report.sections[:2]]
    assert report.title == TITLE
    assert front == [("Purpose", PURPOSE), ("Action required", ACTION)]


def test_report_states_the_agenda_item_added_at_the_meeting(older_meeting):
    report = build_meeting_report(older_meeting)

    agenda = [(line.label, line.text) for line in report.lines() if line.label[:2] == "3."]
    assert agenda == [("3.1", "The agenda was adopted with one addition."), ("3.2", ADDED)]


def test_report_names_no_one_as_chairing_when_the_record_names_no_one(older_meeting):
    older_meeting.officers.update(chaired=False)
    older_meeting.participants = None
    older_meeting.who_could_attend = ""
    older_meeting.save()

    report = build_meeting_report(older_meeting)

    assert _labelled(report)["1.1"] == (
        "The seventh meeting of the ITU Council Working Group on child online protection "
        "(WG-CP) was held on 11 and 12 March 2013 in person."
    )
    assert report.signature == ()


def test_report_usual_sentences_when_the_record_leaves_them_empty(older_meeting):
    older_meeting.purpose = older_meeting.action_required = ""
    older_meeting.mandate = "Council Resolution 1306"
    older_meeting.save()

    report = build_meeting_report(older_meeting)

    assert [section.blocks[0].text for section in report.sections[:2]] == [
        "This report summarizes the main results of the seventh meeting of the Council Working "
        "Group on child online protection (WG-CP), held on 11 and 12 March 2013, in accordance "
        "with Council Resolution 1306.",
        "The Council Working Group on child online protection is invited to consider and "
        "approve the report.",
    ]


# ---- Who may read it, by the meeting's status and whether it is published

STATUSES = ["draft", "published", "cancelled", "planned", "open"]
# What each role gets at the page and the DOCX: a draft is the secretariat's and the chair's.
EXPECTED = {
    "anonymous": {"draft": 404, "published": 200, "cancelled": 404, "planned": 404, "open": 404},
    "delegate": {"draft": 404, "published": 200, "cancelled": 404, "planned": 404, "open": 404},
    "chair": {"draft": 200, "published": 200, "cancelled": 404, "planned": 404, "open": 404},
    "secretariat": {"draft": 200, "published": 200, "cancelled": 404, "planned": 404, "open": 404},
}


def _arrange(meeting: Meeting, state: str, secretariat) -> None:
    if state == "published":
        publish_meeting_report(meeting=meeting, by=secretariat)
    elif state != "draft":
        meeting.status = state
        meeting.save(update_fields=["status"])


@pytest.mark.parametrize("state", STATUSES)
@pytest.mark.parametrize("role", list(EXPECTED))
def test_report_page_and_docx_per_role_and_meeting_status(
    client, older_meeting, people, role, state
):
    _arrange(older_meeting, state, people["secretariat"])
    if role != "anonymous":
        client.force_login(people[role])

    page = client.get("/en/cwg-cop/meetings/7/report/")
    download = client.get("/en/cwg-cop/meetings/7/report.docx")

    assert (page.status_code, download.status_code) == (EXPECTED[role][state],) * 2


def test_meeting_page_links_the_draft_report_for_the_chair_only(client, older_meeting, people):
    link = 'href="/en/cwg-cop/meetings/7/report/"'

    anonymous = client.get("/en/cwg-cop/meetings/7/").content.decode()
    client.force_login(people["chair"])
    chair = client.get("/en/cwg-cop/meetings/7/").content.decode()

    assert (link in anonymous, link in chair) == (False, True)
    # Nothing was filed under it: it is named in the agenda, without a link to a section.
    assert (
        '<li value="3">Election of a vice-chair <span class="muted">(added at the meeting)</span>'
        in anonymous
    )


# ---- DRAFT until published; the Word document's page, header and properties


def test_draft_report_page_and_docx_are_marked_draft(client, older_meeting, people):
    client.force_login(people["chair"])

    page = client.get("/en/cwg-cop/meetings/7/report/").content.decode()
    word = docx.Document(io.BytesIO(client.get("/en/cwg-cop/meetings/7/report.docx").content))

    header = [p.text for p in word.sections[0].header.paragraphs]
    assert '<p class="draft-mark">DRAFT</p>' in page
    assert "<title>DRAFT: Report of WG-CP-7" in page
    assert (header[0], header[2]) == ("DRAFT", "Original: English")
    assert word.core_properties.title == f"DRAFT: {TITLE}"
    assert word.core_properties.author == "Vera Vice (Ruritania)"
    # Dated by the meeting, not by the blank document it is written on (2013).
    assert word.core_properties.created.date() == older_meeting.end_date


def test_the_report_docx_carries_nothing_of_the_blank_document(client, older_meeting, people):
    client.force_login(people["chair"])

    package = zipfile.ZipFile(io.BytesIO(client.get("/en/cwg-cop/meetings/7/report.docx").content))

    names = package.namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert [name for name in names if name.startswith("customXml/")] == []
    assert b"thumbnail" not in package.read("_rels/.rels")


def test_published_report_docx_is_a4_headed_paged_with_its_own_properties(
    client, older_meeting, people
):
    document = publish_meeting_report(meeting=older_meeting, by=people["secretariat"])
    published_on = date_format(timezone.localdate(document.published_at), "j F Y")

    page = client.get("/en/cwg-cop/meetings/7/report/").content.decode()
    download = client.get("/en/cwg-cop/meetings/7/report.docx")
    with document.files.get().file.open("rb") as stored:
        stored_word = docx.Document(io.BytesIO(stored.read()))
    word = docx.Document(io.BytesIO(download.getvalue()))

    section = word.sections[0]
    expected_header = ["Document WG-CP-7/REP/1", published_on, "Original: English"]
    assert "draft-mark" not in page
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [p.text for p in section.header.paragraphs] == expected_header
    assert [p.text for p in stored_word.sections[0].header.paragraphs] == expected_header
    assert "PAGE" in section.footer._element.xml.replace(" ", "")
    assert (word.core_properties.title, word.core_properties.author) == (
        TITLE,
        "Vera Vice (Ruritania)",
    )
    assert [p.text for p in word.paragraphs[-2:]] == [
        "Vera Vice (Ruritania)",
        "Vice-chair, WG-CP",
    ]
    assert f"1.1\t{INTRODUCTION}" in [p.text for p in word.paragraphs]


# ---- Only a held meeting's report is published


@pytest.mark.parametrize(
    ("status", "label"),
    [("cancelled", "Cancelled"), ("planned", "Planned"), ("open", "Open for contributions")],
)
def test_publish_report_refused_for_a_meeting_not_held(older_meeting, people, status, label):
    older_meeting.status = status
    older_meeting.save(update_fields=["status"])

    with pytest.raises(ValidationError) as refused:
        publish_meeting_report(meeting=older_meeting, by=people["secretariat"])

    assert refused.value.messages == [
        f"WG-CP-7 has no report: only a meeting that was held has one, and this one is “{label}”."
    ]
    assert not Document.objects.filter(kind="report").exists()


# ---- The outline: numbers come from positions


def test_outline_numbers_sections_by_position():
    assert [(section.number, section.value) for section in OUTLINE] == [
        (1, "introduction"),
        (2, "opening"),
        (3, "agenda"),
        (4, "documents"),
        (5, "presentations"),
        (6, "other_items"),
        (7, "other_business"),
        (8, "discussion"),
        (9, "outcomes"),
    ]
    assert [str(label) for _value, label in numbered_choices()][4:7] == [
        "5 Presentations",
        "6 Other agenda items",
        "7 Any other business",
    ]


def test_inserting_a_section_renumbers_every_section_after_it(older_meeting):
    PresentationFactory(meeting=older_meeting, order=1, summary="A presentation.")
    ReportParagraphFactory(meeting=older_meeting, order=1, text="A discussion.")
    outline = [ReportSection.INTRODUCTION, ReportSection.DISCUSSION, *OUTLINE[1:7], *OUTLINE[8:]]

    report = build_meeting_report(older_meeting, outline=outline)

    headings = [(s.number, s.title) for s in report.sections[2:]]
    assert headings[:4] == [
        ("1", "Introduction"),
        ("2", "Discussion"),
        ("3", "Opening remarks"),
        ("4", "Adoption of the agenda"),
    ]
    labelled = _labelled(report)
    assert (labelled["2.1"], labelled["4.1"], labelled["6.1"], labelled["9.1"]) == (
        "A discussion.",
        "The agenda was adopted with one addition.",
        "A presentation.",
        "Ms Vera Vice was elected vice-chair.",
    )


def test_migration_records_the_chair_the_reports_named_for_held_meetings_only(db):
    migration = importlib.import_module(
        "meetings.migrations.0003_report_outline_and_meeting_record"
    )
    held = MeetingFactory(number=5, status=Meeting.Status.HELD)
    coming = MeetingFactory(number=6, status=Meeting.Status.OPEN)
    for meeting in (held, coming):
        Officer.objects.create(meeting=meeting, role="vice_chair", name="Vera Vice", order=1)
        Officer.objects.create(meeting=meeting, role="chair", name="Carl Chair", order=2)
        Officer.objects.create(meeting=meeting, role="chair", name="Cora Cochair", order=3)

    migration.keep_who_the_reports_named(django_apps, None)

    chairing = Officer.objects.filter(chaired=True).values_list("meeting__number", "name")
    assert list(chairing) == [(5, "Carl Chair")]

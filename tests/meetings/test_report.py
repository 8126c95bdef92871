"""The report generated from the records of the 21st meeting is the report the chair wrote."""

import datetime
import difflib
import html
import io
import re
from pathlib import Path

import docx
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions import services
from contributions.models import Document
from meetings.models import Meeting, Presentation
from meetings.outline import ReportSection
from meetings.report import (
    ListEntry,
    build_meeting_report,
    dates_in_words,
    meeting_report_docx,
    ordinal_in_words,
)
from tests.contributions.conftest import attach_pdf
from tests.factories import (
    DocumentFactory,
    MeetingFactory,
    OutcomeFactory,
    PresentationFactory,
    ReportListItemFactory,
    ReportParagraphFactory,
    SourceFactory,
    UserFactory,
)
from tests.meetings.before_report import without_its_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair_client(client, db):
    """The chair reads the report before the secretariat publishes it."""
    chair = UserFactory(username="chair-reader", is_staff=True)
    chair.groups.add(Group.objects.get(name="Chair"))
    client.force_login(chair)
    return client


SEED = Path(__file__).resolve().parent / "data" / "cwg-cop-21-meeting-report.txt"
# The text export of the Word file keeps the name of a bookmark in front of the purpose.
ARTEFACT = "[bookmark: _Hlk179446320]"
NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)?)\t(.*)$")
# A Word "Symbol" bullet exported as a private-use character, or a plain bullet.
BULLETS = {"\uf0b7": "\u2022", "\u2022": "\u2022", "\u2013": "\u2013"}

SEED_HEADINGS = [
    "Purpose",
    "Action required",
    "1 Introduction",
    "2 Opening remarks",
    "3 Adoption of the agenda",
    "4 Contributions and information documents",
    "5 Presentations",
    "6 Other agenda items",
    "7 Any other business",
    "8 Discussion",
    "9 Outcomes of the twenty-first meeting of the CWG-COP",
]


def _normalise(text: str) -> str:
    return " ".join(text.replace(ARTEFACT, "").split())


def parse_paragraphs(lines: list[str]) -> list[tuple[str, str]]:
    """(label, text) for each non-empty line: '5.1', '4', a bullet mark, or '' for none."""
    paragraphs = []
    for line in lines:
        if not line.strip():
            continue
        numbered = NUMBERED.match(line)
        if numbered:
            paragraphs.append((numbered.group(1), _normalise(numbered.group(2))))
        elif line[:1] in BULLETS and line[1:2] == "\t":
            paragraphs.append((BULLETS[line[0]], _normalise(line[2:])))
        else:
            paragraphs.append(("", _normalise(line)))
    return paragraphs


def seed_paragraphs() -> list[tuple[str, str]]:
    return parse_paragraphs(SEED.read_text(encoding="utf-8").splitlines())


def report_paragraphs(report) -> list[tuple[str, str]]:
    return [(line.label, _normalise(line.text)) for line in report.lines()]


def _differences(expected: list[tuple[str, str]], actual: list[tuple[str, str]]) -> str:
    def as_lines(paragraphs):
        return [f"{label}\t{text}" if label else text for label, text in paragraphs]

    return "\n".join(
        difflib.unified_diff(
            as_lines(expected), as_lines(actual), "seed", "generated", lineterm="", n=0
        )
    )


def test_report_meeting_21_is_the_seed_paragraph_by_paragraph(demo):
    report = build_meeting_report(Meeting.objects.get(number=21))

    generated = report_paragraphs(report)

    expected = seed_paragraphs()
    assert generated == expected, "\n" + _differences(expected, generated)


SEED_PARAGRAPHS_5 = [f"5.{n}" for n in range(1, 21)]


def _docx_paragraphs(content: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(content))
    # The first paragraph is the report's title, which the seed (the body only) lacks.
    return parse_paragraphs([paragraph.text for paragraph in document.paragraphs[1:]])


def _page_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_report_docx_meeting_21_is_the_seed_paragraph_by_paragraph(demo):
    report = build_meeting_report(Meeting.objects.get(number=21))

    generated = _docx_paragraphs(meeting_report_docx(report))

    expected = seed_paragraphs()
    assert generated == expected, "\n" + _differences(expected, generated)


def test_report_docx_download_opens_with_headings_and_paragraphs_in_order(chair_client, demo):
    response = chair_client.get("/en/cwg-cop/meetings/21/report.docx")

    # The Word file of the report as the demo published it.
    document = docx.Document(io.BytesIO(response.getvalue()))
    headings = [
        " ".join(p.text.split()) for p in document.paragraphs if p.style.name == "Heading 1"
    ]
    numbers = [p.text.split("\t")[0] for p in document.paragraphs if re.match(r"^5\.\d+\t", p.text)]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="CWG-COP-21-REP-1-en.docx"'
    assert headings == SEED_HEADINGS
    assert numbers == SEED_PARAGRAPHS_5
    assert document.paragraphs[0].text == (
        "Report of the twenty-first meeting of the Council Working Group on child online "
        "protection (CWG-COP)"
    )


def test_report_page_meeting_21_headings_and_paragraphs_in_order(chair_client, demo):
    response = chair_client.get("/en/cwg-cop/meetings/21/report/")

    content = response.content.decode()
    article = content[content.index('<article class="report">') : content.index("</article>")]
    headings = [_page_text(h2) for h2 in re.findall(r"<h2[^>]*>(.*?)</h2>", article, re.S)]
    numbers = re.findall(r'<span class="paragraph-number">(5\.\d+)</span>', article)
    assert response.status_code == 200
    assert headings == SEED_HEADINGS
    assert numbers == SEED_PARAGRAPHS_5
    assert "Abdelaziz Alzarooni (UAE)<br>Chair, CWG-COP" in content


def test_report_page_unknown_meeting_is_not_found(client, db):
    response = client.get("/en/cwg-cop/meetings/99/report/")

    assert response.status_code == 404


def test_report_withholds_a_presentation_of_an_unpublished_document(chair_client, db):
    client = chair_client
    meeting = MeetingFactory(number=40, status=Meeting.Status.HELD)
    draft = DocumentFactory(meeting=meeting, title="A title not yet public")
    PresentationFactory(meeting=meeting, order=1, document=draft, summary="Secret summary.")
    PresentationFactory(meeting=meeting, order=2, summary="A public summary.")
    ReportListItemFactory(
        meeting=meeting, order=1, document=draft, text="Document: A title not yet public."
    )

    response = client.get("/en/cwg-cop/meetings/40/report/")
    download = client.get("/en/cwg-cop/meetings/40/report.docx")

    content = response.content.decode()
    docx_text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)
    for text in (content, docx_text):
        assert "A title not yet public" not in text
        assert "Secret summary" not in text
        assert "A public summary." in text
    assert response.context["report"].withheld == 2
    assert re.findall(r'<span class="paragraph-number">(5\.\d+)</span>', content) == [
        "5.1",
        "5.2",
    ]


def test_report_shows_a_presentation_once_its_document_is_published(db):
    meeting = MeetingFactory(number=41)
    document = DocumentFactory(meeting=meeting, published=True)
    PresentationFactory(meeting=meeting, order=1, document=document, summary="Now public.")

    report = build_meeting_report(meeting)

    paragraphs = [(line.label, line.text) for line in report.lines() if line.label == "5.1"]
    assert paragraphs == [("5.1", "Now public.")]
    assert report.withheld == 0


def test_report_keeps_the_paragraph_of_a_document_superseded_by_its_revision(db):
    secretariat = UserFactory(username="secretary", is_staff=True, is_superuser=True)
    meeting = MeetingFactory(number=44)
    original = DocumentFactory(meeting=meeting, published=True, sources=[SourceFactory()])
    PresentationFactory(meeting=meeting, order=1, document=original, summary="Still public.")
    revision = services.create_revision(document=original, by=secretariat)
    attach_pdf(revision)
    services.submit_document(document=revision, by=secretariat)
    services.accept_document(document=revision, by=secretariat)
    services.publish_document(document=revision, by=secretariat)
    original.refresh_from_db()

    report = build_meeting_report(meeting)

    assert original.status == "superseded"
    paragraphs = [(line.label, line.text) for line in report.lines() if line.label == "5.1"]
    assert paragraphs == [("5.1", "Still public.")]
    assert report.withheld == 0


def test_report_list_groups_consecutive_lines_under_their_group_line(db):
    meeting = MeetingFactory(number=42)
    for order, (group, text) in enumerate(
        [("", "A."), ("Partners:", "B."), ("Partners:", "C."), ("", "D."), ("Academia:", "E.")],
        start=1,
    ):
        ReportListItemFactory(meeting=meeting, order=order, group=group, text=text)

    report = build_meeting_report(meeting)

    documents_section = report.sections[5]
    assert documents_section.blocks[1].entries == (
        ListEntry("A."),
        ListEntry("Partners:", ("B.", "C.")),
        ListEntry("D."),
        ListEntry("Academia:", ("E.",)),
    )


def test_report_sections_follow_presentation_report_section(db):
    meeting = MeetingFactory(number=43)
    PresentationFactory(meeting=meeting, order=1, summary="Programme.")
    PresentationFactory(
        meeting=meeting,
        order=2,
        summary="Liaison.",
        heading="Liaison statements",
        report_section=ReportSection.OTHER_ITEMS,
    )
    PresentationFactory(
        meeting=meeting,
        order=3,
        summary="Oral.",
        status=Presentation.Status.ORAL,
        report_section=ReportSection.OTHER_BUSINESS,
    )
    ReportParagraphFactory(meeting=meeting, order=1, text="Debate.")
    OutcomeFactory(meeting=meeting, order=1, text="Do it.")

    lines = [(line.label, line.text) for line in build_meeting_report(meeting).lines()]

    assert lines[lines.index(("5", "Presentations")) :] == [
        ("5", "Presentations"),
        ("5.1", "Programme."),
        ("6", "Other agenda items"),
        ("", "Liaison statements"),
        ("6.1", "Liaison."),
        ("7", "Any other business"),
        ("7.1", "Oral."),
        ("8", "Discussion"),
        ("8.1", "Debate."),
        ("9", "Outcomes of the forty-third meeting of the CWG-COP"),
        ("9.1", "Do it."),
    ]


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "first"),
        (12, "twelfth"),
        (20, "twentieth"),
        (21, "twenty-first"),
        (22, "twenty-second"),
        (99, "ninety-ninth"),
        (100, "100"),
    ],
)
def test_ordinal_in_words(number, words):
    assert ordinal_in_words(number) == words


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ((2024, 9, 30), (2024, 10, 1), "on 30 September and 1 October 2024"),
        ((2027, 1, 27), (2027, 1, 28), "on 27 and 28 January 2027"),
        ((2025, 5, 6), (2025, 5, 6), "on 6 May 2025"),
        ((2025, 5, 6), (2025, 5, 8), "from 6 to 8 May 2025"),
        ((2024, 12, 31), (2025, 1, 1), "on 31 December 2024 and 1 January 2025"),
    ],
)
def test_dates_in_words(start, end, words):
    assert dates_in_words(datetime.date(*start), datetime.date(*end)) == words


def test_report_introduction_without_participants_or_chair(db):
    meeting = MeetingFactory(number=44, format=Meeting.Format.VIRTUAL, mandate="")

    report = build_meeting_report(meeting)

    lines = {line.label: line.text for line in report.lines() if line.label}
    assert lines["1.1"] == (
        "The forty-fourth meeting of the ITU Council Working Group on child online protection "
        "(CWG-COP) was held on 26 and 27 November 2031 in a virtual format."
    )
    assert report.signature == ()


def _report_queries(client, number: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/cwg-cop/meetings/{number}/report/")
    assert response.status_code == 200
    return len(queries)


def _meeting_with_rows(number: int, rows: int) -> Meeting:
    meeting = MeetingFactory(number=number, status=Meeting.Status.HELD)
    for order in range(1, rows + 1):
        document = DocumentFactory(meeting=meeting, published=True)
        PresentationFactory(meeting=meeting, order=order, document=document)
        ReportListItemFactory(meeting=meeting, order=order, document=document)
        ReportParagraphFactory(meeting=meeting, order=order)
        OutcomeFactory(meeting=meeting, order=order)
    return meeting


def test_report_page_queries_do_not_grow_with_rows(chair_client, db):
    client = chair_client
    _meeting_with_rows(50, 1)
    _meeting_with_rows(51, 5)

    one, five = _report_queries(client, 50), _report_queries(client, 51)

    assert one == five
    # Eight of them are the signed-in chair's: session, user, second factor, roles in the
    # groups, the groups themselves, and the session's expiry moved forward (savepoint,
    # update, release); eight build the report.
    assert five <= 16


def test_report_docx_queries_do_not_grow_with_rows(chair_client, db):
    client = chair_client
    _meeting_with_rows(52, 1)
    _meeting_with_rows(53, 5)

    def count(number):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/en/cwg-cop/meetings/{number}/report.docx")
        return len(queries)

    assert count(52) == count(53) <= 16


def test_report_page_links_the_published_report(client, demo):
    Document.objects.create(
        meeting=without_its_report(),
        kind=Document.Kind.REPORT,
        number="CWG-COP-21/REP/1",
        sequence=1,
        title="Report",
        status=Document.Status.PUBLISHED,
        published_at=timezone.now(),
    )

    response = client.get("/en/cwg-cop/meetings/21/report/")

    # A report issued as a document of its own: the report address leads to it.
    assert (response.status_code, response["Location"]) == (
        302,
        "/en/cwg-cop/documents/CWG-COP-21/REP/1/",
    )


def test_report_of_the_open_22nd_meeting_is_not_found_even_for_the_secretariat(client, demo):
    client.force_login(get_user_model().objects.get(username="secretariat"))

    page = client.get("/en/cwg-cop/meetings/22/report/")
    download = client.get("/en/cwg-cop/meetings/22/report.docx")
    meeting_page = client.get("/en/cwg-cop/meetings/22/").content.decode()

    assert (page.status_code, download.status_code) == (404, 404)
    assert "/en/cwg-cop/meetings/22/report/" not in meeting_page

"""The import carries a meeting's whole record, as the admin can enter it: officers and
who chaired, the agenda and what the meeting added, who took part and who could, the
report's own sentences, an unknown format; and a document's marks as printed, including a
number of another body's series."""

import pytest
from django.core.exceptions import ValidationError

from contributions.archive import plan_archive, read_archive
from contributions.models import Document
from meetings.models import Meeting
from tests.contributions.archive_fixtures import ARCHIVE_FILE, import_archive
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_meeting_record_is_imported_whole(archive):
    meeting = Meeting.objects.get(number=903)

    officers = list(
        meeting.officers.values_list("order", "role", "honorific", "name", "affiliation", "chaired")
    )
    agenda = list(meeting.agenda_items.values_list("order", "title", "added_at_meeting"))

    assert officers == [
        (1, "chair", "Ms", "Invented Chair", "Country A", False),
        (2, "vice_chair", "Mr", "Invented Vice-chair", "", True),
    ]
    assert agenda == [
        (1, "Opening of the meeting (invented)", False),
        (2, "Invented item added on the day", True),
    ]
    assert (meeting.participants, meeting.participants_approximate) == (40, True)
    assert meeting.participants_represented == "governments, industry and civil society (invented)"
    assert meeting.who_could_attend == "The meeting was open to Member States only (invented)."
    assert meeting.mandate == "an invented resolution"
    assert meeting.purpose == "This invented report records what the meeting agreed."
    assert meeting.action_required == "The group is invited to note the invented report."


def test_a_format_left_out_is_not_recorded_rather_than_hybrid(client, archive):
    formats = dict(Meeting.objects.values_list("number", "format"))
    page = client.get("/en/cwg-cop/meetings/904/").content.decode()

    assert formats == {903: "in_person", 904: "", 915: "in_person", 916: "virtual"}
    assert "<dt>Format</dt>" not in page
    assert (
        "<dt>Format</dt><dd>In person</dd>"
        in client.get("/en/cwg-cop/meetings/903/").content.decode()
    )


def test_meeting_page_shows_who_chaired_and_the_approximate_count(client, archive):
    page = client.get("/en/cwg-cop/meetings/903/").content.decode()

    assert "<dt>Chair</dt><dd>Ms Invented Chair (Country A)</dd>" in page
    assert (
        '<dt>Vice-chair</dt><dd>Mr Invented Vice-chair <span class="muted">'
        "(chaired the meeting)</span></dd>" in page
    )
    assert "<dt>Participants</dt><dd>about 40</dd>" in page


def test_document_marks_are_kept_as_printed(archive):
    report = Document.objects.get(number="C20/99")
    unlabelled = Document.objects.get(title="Synthetic list of participants with no number")

    assert (report.numbered_by, report.sequence, report.draft_mark) == ("Council", None, True)
    assert (unlabelled.languages, unlabelled.english_only) == ("en", False)
    assert Document.objects.get(number="CWG-COP/15").english_only is True


def test_report_in_the_council_series_is_the_report_of_both_meetings(client, archive):
    for number in (915, 916):
        response = client.get(f"/en/cwg-cop/meetings/{number}/report/")
        assert (response.status_code, response["Location"]) == (
            302,
            "/en/cwg-cop/documents/C20/99/",
        )
    page = client.get("/en/cwg-cop/meetings/915/").content.decode()

    assert (
        '<a href="/en/cwg-cop/meetings/915/report/">Report of the 915 and 916 meetings</a>' in page
    )


def test_a_number_of_another_series_is_given_once(archive):
    twin = DocumentFactory.build(
        meeting=Meeting.objects.get(number=903),
        kind=Document.Kind.REPORT,
        number="C20/99",
        numbered_by="Council",
    )
    numbered = DocumentFactory.build(
        meeting=Meeting.objects.get(number=903), numbered_by="Council", sequence=3, number="C1/1"
    )

    with pytest.raises(ValidationError) as taken:
        twin.validate_constraints()
    with pytest.raises(ValidationError) as in_series:
        numbered.validate_constraints()

    assert taken.value.messages == ["Another document has this number of that series."]
    assert in_series.value.messages == [
        "A document numbered in another body's series has its number as printed and no "
        "place in the meeting's numbering."
    ]


def test_second_run_changes_nothing_and_an_edited_officer_is_named(archive, tmp_path):
    again = import_archive()
    edited = tmp_path / "archive.toml"
    edited.write_text(
        ARCHIVE_FILE.read_text()
        .replace('name = "Invented Chair"', 'name = "Invented Chair, renamed"')
        .replace('{ title = "Invented item added on the day", added = true }', '"Plain item"')
        .replace('files = { en = "files/wg-cp-903-12-en.pdf" }', "")
    )

    dry = import_archive(edited, "--dry-run")

    assert again == "0 created or changed, 14 unchanged.\n"
    assert dry.splitlines() == [
        "line 6: update meeting 903: officers, agenda",
        "1 to create or change, 13 unchanged (dry run: nothing written).",
    ]
    assert Meeting.objects.get(number=903).officers.get(order=1).name == "Invented Chair"


BAD_RECORD = """\
[[meeting]]
number = 1
prefix = "WG-CP"
start = 2010-01-01
participants_approximate = "yes"
officers = [{ role = "president", name = "A" }, { role = "chair", name = "B", chaired = true },
  { role = "vice_chair", name = "C", chaired = true }]
agenda = [{ titel = "Typo" }]
"""


def test_a_wrong_meeting_record_is_explained_and_nothing_written(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BAD_RECORD)

    plan = plan_archive(read_archive(path))

    assert [str(problem) for problem in plan.problems] == [
        "line 5, participants_approximate: write true or false.",
        "line 6, officers: only one officer chaired.",
        "line 6, officers[1]: role is one of chair, vice_chair.",
        "line 8, agenda[1]: unknown key “titel”; use title, added.",
        "line 8, agenda[1]: title is missing.",
    ]
    assert plan.ok is False
    assert Meeting.objects.count() == 0

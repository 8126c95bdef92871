"""`manage.py import_archive`: what it loads, what it says, and what it refuses."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils import timezone

from contributions import services
from contributions.models import Document, DocumentEvent, DocumentFile, DocumentRelation, Source
from meetings.models import Meeting
from tests.contributions.archive_fixtures import (
    ARCHIVE_FILE,
    import_archive,
    secretariat_user,
)
from tests.factories import DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _by_number(number: str) -> Document:
    return Document.objects.get(number=number)


def test_import_loads_meetings_in_their_older_forms(archive):
    meetings = Meeting.objects.filter(number__gte=900).order_by("number")

    assert [(m.code, m.start_date, m.status) for m in meetings] == [
        ("WG-CP-903", datetime.date(2011, 3, 14), "held"),
        ("WG-CP-904", datetime.date(2011, 10, 3), "cancelled"),
        ("CWG-COP-915", datetime.date(2019, 9, 16), "held"),
        ("CWG-COP-916", datetime.date(2020, 2, 10), "held"),
    ]


def test_import_keeps_numbers_as_written_and_documents_without_one(archive):
    numbers = sorted(Document.objects.values_list("number", flat=True))

    assert numbers == [
        "",
        "C20/99",
        "CWG-COP-916/INF/3 Rev.1",
        "CWG-COP-916/LS/1",
        "CWG-COP/15",
        "WG-CP-903/12",
    ]
    assert set(Document.objects.values_list("status", "from_archive")) == {("published", True)}


def test_import_records_dates_languages_sources_and_liaison(archive):
    old = _by_number("WG-CP-903/12")
    liaison = _by_number("CWG-COP-916/LS/1")

    assert old.document_date == datetime.date(2011, 3, 1)
    assert (old.original_language, old.languages) == ("fr", "en fr")
    assert [link.source.slug for link in old.document_sources.all()] == [
        "france-ministry-synthetic"
    ]
    assert _by_number("CWG-COP/15").english_only is True
    assert (liaison.addressee, liaison.purpose) == ("Study group X (invented)", "action")


def test_import_makes_the_ministry_a_part_of_its_member_state(archive):
    ministry = Source.objects.get(slug="france-ministry-synthetic")

    assert (ministry.kind, ministry.parent.slug, ministry.country.code, ministry.itu_region) == (
        "state_unit",
        "france",
        "FR",
        "europe",
    )
    assert Source.objects.get(slug="wg-chair").kind == "officer"


def test_import_links_relations_meetings_and_files(archive):
    report = _by_number("C20/99")

    assert set(
        DocumentRelation.objects.values_list("document__number", "kind", "target__number")
    ) == {
        ("CWG-COP/15", "cites", "WG-CP-903/12"),
        ("CWG-COP-916/LS/1", "answers", "CWG-COP/15"),
    }
    assert (report.meeting.number, [m.number for m in report.other_meetings.all()]) == (
        916,
        [915],
    )
    stored = DocumentFile.objects.get()
    assert (stored.document.number, stored.language, stored.original_name) == (
        "WG-CP-903/12",
        "en",
        "wg-cp-903-12-en.pdf",
    )
    assert stored.content_type == "application/pdf"


def test_every_imported_document_has_one_history_row_by_the_importer(archive):
    events = DocumentEvent.objects.order_by("document__number")

    assert events.count() == 6
    assert {(e.actor.username, e.from_status, e.to_status, e.reason) for e in events} == {
        ("archivist", "draft", "published", "Imported from the archive (archive.toml).")
    }


def test_second_import_changes_nothing(archive):
    before = list(Document.objects.order_by("pk").values())

    output = import_archive()

    assert output == "0 created or changed, 14 unchanged.\n"
    assert list(Document.objects.order_by("pk").values()) == before
    assert DocumentEvent.objects.count() == 6
    assert DocumentFile.objects.count() == 1


def test_dry_run_says_what_would_change_and_writes_nothing(db):
    secretariat_user()

    output = import_archive(ARCHIVE_FILE, "--dry-run")

    lines = output.splitlines()
    assert lines[0] == "line 6: create meeting 903"
    assert "line 73: create document WG-CP-903/12" in lines
    assert "line 126: create document Synthetic list of participants with no number" in lines
    assert lines[-1] == "14 to create or change, 0 unchanged (dry run: nothing written)."
    assert (Meeting.objects.count(), Document.objects.count(), Source.objects.count()) == (0, 0, 0)


def test_dry_run_after_an_edit_names_the_changed_fields(archive, tmp_path):
    edited = tmp_path / "archive.toml"
    text = (
        ARCHIVE_FILE.read_text()
        .replace("date = 2019-08-30", "date = 2019-08-31")
        .replace('files = { en = "files/wg-cp-903-12-en.pdf" }', "")
    )
    edited.write_text(text)

    output = import_archive(edited, "--dry-run")

    assert output.splitlines() == [
        "line 85: update document CWG-COP/15: document_date",
        "1 to create or change, 13 unchanged (dry run: nothing written).",
    ]


BAD_ARCHIVE = """\
[[meeting]]
number = 950
prefix = "WG-CP"
start = "2010-01-01"

[[document]]
number = "X/1"
meeting = 950
kind = "paper"
title = "Synthetic"
sources = ["nobody"]
"""


def test_import_names_line_and_field_of_each_problem_and_writes_nothing(db, tmp_path):
    secretariat_user()
    path = tmp_path / "bad.toml"
    path.write_text(BAD_ARCHIVE)

    with pytest.raises(CommandError) as error:
        import_archive(path)

    assert str(error.value) == "2 problem(s) in bad.toml; nothing was written."
    assert Meeting.objects.count() == 0


def test_import_reports_references_and_files_it_cannot_find(db, tmp_path):
    secretariat_user()
    (tmp_path / "fake.pdf").write_text("not a PDF at all")
    path = tmp_path / "bad.toml"
    path.write_text(
        BAD_ARCHIVE.replace('"2010-01-01"', "2010-01-01").replace('"paper"', '"information"')
        + 'files = { en = "fake.pdf", fr = "../outside.pdf" }\ncites = ["WG-CP-1/1"]\n'
        + '\n[[source]]\nslug = "ministry"\nname = "A ministry"\nkind = "state_unit"\n'
    )

    output = _problems(path)

    assert output == [
        "bad.toml: line 11, sources: no source “nobody”.",
        "bad.toml: line 12, files.en: This file is not a PDF, Word (.docx), PowerPoint (.pptx) "
        "or Excel (.xlsx) document. Only these formats are accepted.",
        "bad.toml: line 12, files.fr: “../outside.pdf” is outside the archive file's folder.",
        "bad.toml: line 13, cites: no document “WG-CP-1/1” to relate to.",
        "bad.toml: line 15, parent: Choose the Member State this ministry or agency belongs to.",
    ]
    assert Meeting.objects.count() == 0


def _problems(path) -> list[str]:
    import io

    from django.core.management import call_command

    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_archive", str(path), "--by", "archivist", stderr=err)
    return err.getvalue().splitlines()


def test_a_second_member_state_for_a_country_is_refused_in_words(archive, tmp_path):
    path = tmp_path / "again.toml"
    path.write_text(
        '[[source]]\nslug = "france-2"\nname = "France again"\n'
        'kind = "member_state"\ncountry = "FR"\n'
    )

    assert _problems(path) == [
        "again.toml: line 5, country: France (“france”) is already the Member State of FR; a "
        'ministry or agency is kind = "state_unit".'
    ]


def test_import_by_someone_outside_the_secretariat_is_refused(db):
    UserFactory(username="visitor")

    with pytest.raises(CommandError) as error:
        import_archive(by="visitor")

    assert str(error.value) == "--by visitor: not a member of the secretariat."
    assert Document.objects.count() == 0


def test_an_entry_from_the_archive_goes_through_the_workflow_and_tells_nobody(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    archivist = secretariat_user()
    at = datetime.datetime(2011, 3, 14, 9, tzinfo=datetime.UTC)
    draft = DocumentFactory(status=Document.Status.DRAFT, from_archive=True)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.enter_from_archive(document=draft, by=archivist, reason="Imported.", at=at)

    draft.refresh_from_db()
    assert (draft.status, draft.published_at, draft.from_archive) == ("published", at, True)
    event = DocumentEvent.objects.get(document=draft)
    assert (event.from_status, event.to_status, event.reason) == ("draft", "published", "Imported.")
    # No mail to the delegates and no alert to the followers (both are queued by the
    # transition after commit, as a publication does): it is not news.
    assert mailoutbox == []
    assert [c.__qualname__ for c in callbacks if c.__qualname__.startswith("transition.")] == []


@pytest.mark.parametrize("status", ["submitted", "accepted", "rejected", "withdrawn"])
def test_only_a_draft_made_by_the_import_is_entered(db, status):
    document = DocumentFactory(status=status, from_archive=True)

    with pytest.raises(services.TransitionNotAllowed):
        services.enter_from_archive(
            document=document, by=secretariat_user(), reason="Imported.", at=timezone.now()
        )

    document.refresh_from_db()
    assert document.status == status


def test_nobody_outside_the_secretariat_enters_a_document(db):
    draft = DocumentFactory(status=Document.Status.DRAFT, from_archive=True)

    with pytest.raises(PermissionDenied):
        services.enter_from_archive(
            document=draft, by=UserFactory(), reason="Imported.", at=timezone.now()
        )

    draft.refresh_from_db()
    assert draft.status == "draft"

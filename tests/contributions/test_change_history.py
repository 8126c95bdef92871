"""Every change of a document is kept with its old and new values, whichever way it was
made (the admin, a service, the archive import, the demo loader), and each role reads
exactly the history it may: the secretariat and the chair every document's, a delegate
their own documents', nobody the internal notes."""

import json

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions import records, services
from contributions.changes import document_changes
from contributions.files import human_size
from contributions.models import Document, DocumentFile
from cwgcop.change_log import recording
from meetings.demo import load_demo
from tests.change_pages import change_rows, has_change_list, latest_change_time
from tests.contributions.admin_pages import change_url, page_text, pdf, post_form
from tests.contributions.archive_fixtures import ARCHIVE_FILE, import_archive
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

NOTE = "Ask AGCOM whether the Quokkaphobia figures are final."


def history_url(document: Document) -> str:
    return reverse("admin:contributions_document_history", args=[document.pk])


def _retitle(document: Document, by, title: str) -> None:
    services.update_document(document=document, by=by, changes={"title": title})


# ---- Each way of changing a document is recorded


def test_admin_edit_of_title_sources_and_file_is_listed_with_old_and_new_values(
    client, people, draft
):
    itu_d = SourceFactory(slug="itu-d", name="ITU-D")
    old_size = human_size(draft.files.get().size)
    client.force_login(people["secretariat"])

    response = post_form(
        client,
        change_url(draft),
        title="Safer Internet Day 2027",
        sources=[str(itu_d.pk)],
        **{"files-2-0-language": "en", "files-2-0-file": pdf("day-v2.pdf", "Day two")},
    )

    assert response.status_code == 302
    new_size = human_size(draft.files.get().size)
    expected = (
        latest_change_time(),
        "secretary",
        [
            "Title: 'Safer Internet Day' \u2192 'Safer Internet Day 2027'",
            "Sources: added ITU-D; removed Italy",
            f"File (English): replaced 'day.pdf' ({old_size}) with 'day-v2.pdf' ({new_size})",
        ],
    )
    assert change_rows(client.get(history_url(draft)))[0] == expected
    assert change_rows(client.get(change_url(draft)))[0] == expected


def test_service_changes_are_recorded_with_their_author(people, draft):
    secretary = people["secretariat"]

    _retitle(draft, secretary, "Safer Internet Day 2027")
    services.set_document_titles(document=draft, titles={"fr": "Journée"}, by=secretary)

    title, french = LogEntry.objects.order_by("-pk")[:2][::-1]
    assert (title.actor, title.changes) == (
        secretary,
        {"title": ["Safer Internet Day", "Safer Internet Day 2027"]},
    )
    assert (french.actor, french.changes) == (
        secretary,
        {"language": [None, "fr"], "title": [None, "Journée"]},
    )


def test_workflow_step_and_number_are_recorded(people, document_in):
    document = document_in("submitted")

    services.accept_document(document=document, by=people["secretariat"], tell=False)

    entry = LogEntry.objects.get_for_object(document).latest("pk")
    assert entry.actor == people["secretariat"]
    assert entry.changes["status"] == ["submitted", "accepted"]
    assert entry.changes["number"] == ["", document.number]


def test_archive_import_change_is_recorded_by_the_importer(client, archive, tmp_path):
    edited = tmp_path / "archive.toml"
    edited.write_text(
        ARCHIVE_FILE.read_text().replace(
            'title = "Synthetic contribution numbered without its meeting"',
            'title = "Synthetic contribution, corrected title"',
        )
    )
    (tmp_path / "files").symlink_to(ARCHIVE_FILE.parent / "files")
    document = Document.objects.get(number="CWG-COP/15")

    import_archive(edited)

    client.force_login(archive)
    rows = change_rows(client.get(history_url(document)))
    assert rows[0] == (
        latest_change_time(),
        "archivist",
        [
            "Title: 'Synthetic contribution numbered without its meeting' \u2192 "
            "'Synthetic contribution, corrected title'"
        ],
    )
    # The first import: created as a draft, its sources, then entered as published (a
    # bulk write and an update, recorded explicitly).
    assert rows[1][1] == "archivist"
    assert "Sources: added France" in rows[1][2]
    assert "Status: 'Draft' \u2192 'Published'" in rows[1][2]


def test_demo_loader_change_is_recorded_as_the_demo_loader(demo):
    document = Document.objects.get(meeting__number=22, sources__slug="italy", status="draft")
    original = document.summary
    secretary = get_user_model().objects.get(username="secretariat")
    services.update_document(document=document, by=secretary, changes={"summary": "By hand"})

    load_demo()

    entry = LogEntry.objects.get_for_object(document).latest("pk")
    assert entry.actor is None
    assert entry.cid.startswith("load_demo:")
    assert entry.changes == {"summary": ["By hand", original]}


def test_file_removed_through_the_admin_is_listed(client, people, draft):
    client.force_login(people["delegate"])
    size = human_size(draft.files.get().size)

    post_form(client, change_url(draft), **{"files-0-DELETE": "on"})

    rows = change_rows(client.get(history_url(draft)))
    assert rows[0] == (
        latest_change_time(),
        "delegate-italy",
        [f"File (English): removed 'day.pdf' ({size})"],
    )


# ---- Who reads it, on every door


@pytest.mark.parametrize(
    ("role", "status", "listed"),
    [
        ("anonymous", 302, False),
        ("delegate", 200, True),
        ("other_delegate", 404, False),
        ("chair", 200, True),
        ("secretariat", 200, True),
    ],
)
@pytest.mark.parametrize("page", [history_url, change_url])
def test_changes_of_a_draft_per_role(client, people, draft, role, status, listed, page):
    _retitle(draft, people["secretariat"], "Safer Internet Day 2027")
    if role != "anonymous":
        client.force_login(people[role])

    response = client.get(page(draft))

    assert response.status_code == status
    rows = change_rows(response) if status == 200 else []
    assert bool(rows) == listed
    if listed:
        assert rows[0][2] == ["Title: 'Safer Internet Day' \u2192 'Safer Internet Day 2027'"]


@pytest.mark.parametrize("page", [history_url, change_url])
def test_another_sources_delegate_reads_no_history_of_a_published_document(
    client, people, document_in, page
):
    document = document_in("published", title="Before")
    _retitle(document, people["secretariat"], "After")
    client.force_login(people["other_delegate"])

    response = client.get(page(document))

    # The admin does not open another source's document, published or not.
    assert response.status_code == 404
    assert not has_change_list(response)
    assert "Before" not in page_text(response)


def test_public_page_shows_nothing_of_the_history(client, people, document_in):
    document = document_in("published", title="Before")
    _retitle(document, people["secretariat"], "After")

    text = page_text(client.get(document.get_absolute_url()))

    assert "After" in text
    assert "Before" not in text


@pytest.mark.parametrize("role", ["delegate", "chair", "secretariat"])
def test_library_log_list_is_no_door(client, people, role):
    client.force_login(people[role])

    for url in ["/admin/auditlog/logentry/", "/admin/auditlog/"]:
        assert client.get(url).status_code == 404


# ---- What is never in it


def test_internal_notes_are_not_in_the_history(client, people, draft):
    client.force_login(people["secretariat"])
    post_form(client, change_url(draft), title="With a note", **{"internal_notes-0-text": NOTE})
    client.force_login(people["delegate"])

    rows = change_rows(client.get(history_url(draft)))

    assert rows[0][2] == ["Title: 'Safer Internet Day' \u2192 'With a note'"]
    stored = [
        json.dumps([entry.changes, entry.serialized_data, entry.object_repr])
        for entry in LogEntry.objects.all()
    ]
    assert [text for text in stored if "Quokkaphobia" in text] == []


def test_no_tracked_model_holds_a_secret_and_a_password_change_is_not_logged(people):
    user = people["delegate"]
    before = LogEntry.objects.count()

    user.set_password("another secret password")
    user.save()

    assert LogEntry.objects.count() == before
    tracked = {model._meta.label for model in auditlog.get_models()}
    assert {"auth.User", "otp_totp.TOTPDevice", "otp_static.StaticToken"} & tracked == set()
    fields = {field.name for model in auditlog.get_models() for field in model._meta.fields}
    assert {"password", "key", "token", "secret"} & fields == set()


def test_extracted_text_of_a_file_is_not_in_the_history(people, draft):
    document_file = draft.files.get()
    document_file.text = "Quokkaphobia extracted"
    document_file.save()

    assert not LogEntry.objects.get_for_object(document_file).filter(changes__has_key="text")
    assert DocumentFile.objects.get().text == "Quokkaphobia extracted"


# ---- Cost


def test_history_page_queries_same_with_one_and_six_changes(client, people, draft):
    client.force_login(people["secretariat"])
    _retitle(draft, people["secretariat"], "Title 0")
    client.get(history_url(draft))
    with CaptureQueriesContext(connection) as one:
        before = change_rows(client.get(history_url(draft)))
    for number in range(1, 6):
        _retitle(draft, people["secretariat"], f"Title {number}")
        services.set_document_titles(
            document=draft, titles={"fr": f"Titre {number}"}, by=people["secretariat"]
        )

    with CaptureQueriesContext(connection) as six:
        rows = change_rows(client.get(history_url(draft)))

    assert len(rows) == len(before) + 10
    assert len(six) == len(one)


def test_access_levels_of_the_document_and_its_file_are_listed(client, people, draft):
    document_file = draft.files.get()
    with recording(via="service", by=people["secretariat"]):
        draft.access = Document.Access.MEMBERS
        draft.save()
        document_file.access = Document.Access.MEMBERS
        document_file.save()
    client.force_login(people["delegate"])

    rows = change_rows(client.get(history_url(draft)))

    assert rows[0] == (
        latest_change_time(),
        "secretary",
        [
            "Access: 'Public' \u2192 'Members only'",
            "File (English): Access: 'Public' \u2192 'Members only'",
        ],
    )


def test_sources_written_in_bulk_are_recorded(people, document_in):
    document = document_in("published")

    supplement = records.issue_supplement(
        document=document, kind="addendum", by=people["secretariat"]
    )

    (row,) = document_changes(supplement, reader=people["secretariat"])
    assert row.who == "secretary"
    assert [line for line in row.lines if line.startswith(("Sources", "Related"))] == [
        "Sources: added Italy",
        f"Related documents: added is an addendum to '{document}'",
    ]

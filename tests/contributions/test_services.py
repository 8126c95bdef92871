"""The services: drafting, files, the workflow's side effects, numbering and revisions."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contributions import services
from contributions.models import Document, DocumentEvent, DocumentFile, DocumentRelation
from tests.contributions.conftest import attach_pdf, pdf_upload
from tests.factories import DocumentFactory, MeetingFactory, TopicFactory

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


# ---- Drafting


def test_create_draft_by_delegate_for_their_source(people, meeting, italy):
    delegate = people["delegate"]

    document = services.create_draft(
        by=delegate,
        meeting=meeting,
        kind="information",
        title=" Parental control ",
        sources=[italy],
    )

    assert (document.status, document.title, document.number) == ("draft", "Parental control", "")
    assert document.created_by == delegate
    assert list(document.sources.all()) == [italy]
    assert list(document.events.values_list("from_status", "to_status", "actor")) == [
        ("", "draft", delegate.pk)
    ]


def test_create_draft_for_another_source_is_denied(people, meeting, israel):
    with pytest.raises(PermissionDenied):
        services.create_draft(
            by=people["delegate"], meeting=meeting, kind="information", title="T", sources=[israel]
        )

    assert Document.objects.count() == 0


def test_create_draft_with_topics_by_delegate_is_denied(people, meeting, italy):
    with pytest.raises(PermissionDenied):
        services.create_draft(
            by=people["delegate"],
            meeting=meeting,
            kind="information",
            title="T",
            sources=[italy],
            topics=[TopicFactory()],
        )


def test_create_draft_by_secretariat_on_behalf_of_any_source(people, meeting, israel):
    document = services.create_draft(
        by=people["secretariat"], meeting=meeting, kind="liaison", title="LS", sources=[israel]
    )

    assert list(document.sources.all()) == [israel]


def test_update_document_by_delegate_cannot_change_agenda_item(people, document_in):
    document = document_in("draft")
    from tests.factories import AgendaItemFactory

    with pytest.raises(PermissionDenied):
        services.update_document(
            document=document,
            by=people["delegate"],
            changes={"agenda_item": AgendaItemFactory(meeting=document.meeting)},
        )


def test_update_document_by_delegate_after_submission_is_denied(people, document_in):
    document = document_in("submitted")

    with pytest.raises(PermissionDenied):
        services.update_document(document=document, by=people["delegate"], changes={"title": "X"})


def test_update_document_by_secretariat_sets_topics_and_summary(people, document_in):
    document = document_in("accepted")
    topic = TopicFactory()

    services.update_document(
        document=document, by=people["secretariat"], changes={"summary": "S."}, topics=[topic]
    )

    document.refresh_from_db()
    assert (document.summary, list(document.topics.all())) == ("S.", [topic])


def test_update_document_numbered_cannot_change_kind(people, document_in):
    document = document_in("accepted")

    with pytest.raises(PermissionDenied):
        services.update_document(
            document=document, by=people["secretariat"], changes={"kind": "contribution"}
        )


# ---- Submission


def test_submit_document_stamps_date_and_submitter(people, document_in):
    document = document_in("draft")

    services.submit_document(document=document, by=people["delegate"])

    document.refresh_from_db()
    assert document.status == "submitted"
    assert document.submitted_by == people["delegate"]
    assert document.submitted_at is not None
    assert document.is_late is False


def test_submit_document_after_deadline_is_flagged_late(people, document_in):
    document = document_in("draft")
    document.meeting.contribution_deadline = timezone.now() - datetime.timedelta(minutes=1)
    document.meeting.save()

    services.submit_document(document=document, by=people["delegate"])

    document.refresh_from_db()
    assert (document.status, document.is_late) == ("submitted", True)


def test_submit_document_without_file_is_refused(people, meeting, italy):
    document = DocumentFactory(meeting=meeting, sources=[italy])

    with pytest.raises(
        ValidationError, match="before submitting: the secretariat reviews the file"
    ):
        services.submit_document(document=document, by=people["delegate"])

    document.refresh_from_db()
    assert document.status == "draft"


def test_return_document_without_reason_is_refused(people, document_in):
    document = document_in("submitted")

    with pytest.raises(ValidationError, match="reason"):
        services.return_document(document=document, by=people["secretariat"], reason="  ")

    document.refresh_from_db()
    assert (document.status, document.events.count()) == ("submitted", 0)


def test_return_document_records_history_with_reason(people, document_in):
    document = document_in("submitted")

    services.return_document(document=document, by=people["secretariat"], reason="Wrong file.")

    event = document.events.get()
    assert (event.actor, event.from_status, event.to_status, event.reason) == (
        people["secretariat"],
        "submitted",
        "returned",
        "Wrong file.",
    )


def test_history_row_rolls_back_with_the_change(people, document_in):
    document = document_in("submitted")

    with (
        mock.patch.object(DocumentEvent.objects, "create", side_effect=IntegrityError("boom")),
        pytest.raises(IntegrityError),
    ):
        services.accept_document(document=document, by=people["secretariat"])

    document.refresh_from_db()
    assert (document.status, document.number, document.sequence) == ("submitted", "", None)


# ---- Numbering


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("contribution", "CWG-COP-22/1"),
        ("information", "CWG-COP-22/INF/1"),
        ("liaison", "CWG-COP-22/LS/1"),
        ("presentation", "CWG-COP-22/PRES/1"),
        ("report", "CWG-COP-22/REP/1"),
        ("agenda", "CWG-COP-22/ADM/1"),
    ],
)
def test_accept_document_numbers_in_the_series_of_its_kind(people, document_in, kind, expected):
    document = document_in("submitted", kind=kind)

    services.accept_document(document=document, by=people["secretariat"])

    document.refresh_from_db()
    assert (document.number, document.sequence, document.revision) == (expected, 1, 0)
    assert document.accepted_at is not None


def test_accept_document_takes_the_next_number_per_series(people, document_in):
    secretary = people["secretariat"]
    first, second, contribution, third = (
        document_in("submitted"),
        document_in("submitted"),
        document_in("submitted", kind="contribution"),
        document_in("submitted"),
    )

    for document in (first, second, contribution, third):
        services.accept_document(document=document, by=secretary)

    numbers = [
        Document.objects.get(pk=document.pk).number
        for document in (first, second, contribution, third)
    ]
    assert numbers == [
        "CWG-COP-22/INF/1",
        "CWG-COP-22/INF/2",
        "CWG-COP-22/1",
        "CWG-COP-22/INF/3",
    ]


def test_accept_document_follows_numbers_already_given_in_the_meeting(people, document_in):
    document_in("published")  # sequence 1, CWG-COP-22/INF/1
    document = document_in("submitted")

    services.accept_document(document=document, by=people["secretariat"])

    assert Document.objects.get(pk=document.pk).number == "CWG-COP-22/INF/2"


def test_numbers_are_per_meeting(people, document_in, italy):
    other_meeting = MeetingFactory(number=23)
    here = document_in("submitted")
    there = DocumentFactory(meeting=other_meeting, sources=[italy], status="submitted")

    services.accept_document(document=here, by=people["secretariat"])
    services.accept_document(document=there, by=people["secretariat"])

    assert Document.objects.get(pk=there.pk).number == "CWG-COP-23/INF/1"


def test_unpublish_keeps_the_number_and_clears_the_date(people, document_in):
    document = document_in("published")

    services.unpublish_document(document=document, by=people["secretariat"], reason="Mistake.")

    document.refresh_from_db()
    assert (document.status, document.number, document.published_at) == (
        "accepted",
        "CWG-COP-22/INF/1",
        None,
    )


# ---- Revisions


def test_revision_gets_the_number_with_rev_and_supersedes_on_publication(people, document_in):
    secretary, delegate = people["secretariat"], people["delegate"]
    original = document_in("published")

    revision = services.create_revision(document=original, by=delegate)
    attach_pdf(revision)
    services.submit_document(document=revision, by=delegate)
    services.accept_document(document=revision, by=secretary)
    after_acceptance = Document.objects.get(pk=original.pk).status
    services.publish_documents(documents=[revision], by=secretary)

    revision.refresh_from_db()
    original.refresh_from_db()
    assert (revision.number, revision.sequence, revision.revision) == (
        "CWG-COP-22/INF/1(Rev.1)",
        1,
        1,
    )
    assert after_acceptance == "published"
    assert (original.status, revision.status) == ("superseded", "published")
    assert list(revision.relations.values_list("kind", "target")) == [("revises", original.pk)]
    assert original.events.last().reason == "Superseded by CWG-COP-22/INF/1(Rev.1)."


def test_second_revision_is_rev_2(people, document_in):
    secretary = people["secretariat"]
    latest = document_in("published")
    numbers = []

    for _ in range(2):
        revision = services.create_revision(document=latest, by=secretary)
        attach_pdf(revision)
        services.submit_document(document=revision, by=secretary)
        services.accept_document(document=revision, by=secretary)
        services.publish_documents(documents=[revision], by=secretary)
        latest = Document.objects.get(pk=revision.pk)
        numbers.append(latest.number)

    assert numbers == ["CWG-COP-22/INF/1(Rev.1)", "CWG-COP-22/INF/1(Rev.2)"]


def test_create_revision_twice_at_once_is_refused(people, document_in):
    original = document_in("published")
    services.create_revision(document=original, by=people["delegate"])

    with pytest.raises(ValidationError, match="already in the workflow"):
        services.create_revision(document=original, by=people["delegate"])


def test_create_revision_of_unpublished_document_is_denied(people, document_in):
    with pytest.raises(PermissionDenied):
        services.create_revision(document=document_in("accepted"), by=people["delegate"])


# ---- Files


def test_add_file_stores_under_random_name_with_facts(people, document_in, settings):
    document = document_in("draft")

    document_file = services.add_file(
        document=document,
        language="fr",
        upload=pdf_upload("Rapport d'activité.pdf"),
        by=people["delegate"],
    )

    assert document_file.original_name == "Rapport d'activité.pdf"
    assert document_file.content_type == "application/pdf"
    assert len(document_file.sha256) == 64
    assert document_file.file.name.startswith("documents/")
    assert "Rapport" not in document_file.file.name
    assert document_file.file.name in stored_files(settings)


def test_add_file_identical_to_a_stored_one_is_flagged(people, document_in):
    first = services.add_file(
        document=document_in("draft"), language="fr", upload=pdf_upload(), by=people["delegate"]
    )

    second = services.add_file(
        document=document_in("draft"), language="fr", upload=pdf_upload(), by=people["delegate"]
    )

    assert (first.duplicate_of, second.duplicate_of) == (None, first)


def test_add_file_second_file_in_a_language_is_refused(people, document_in, settings):
    document = document_in("draft")  # has an English file
    before = stored_files(settings)

    with pytest.raises(ValidationError, match="already has a file in this language"):
        services.add_file(
            document=document, language="en", upload=pdf_upload(), by=people["delegate"]
        )

    assert stored_files(settings) == before


def test_add_file_failure_after_writing_leaves_neither_row_nor_file(people, document_in, settings):
    document = document_in("draft")
    before_files, before_rows = stored_files(settings), DocumentFile.objects.count()

    with (
        mock.patch.object(services.files, "_save_file_row", side_effect=IntegrityError("injected")),
        pytest.raises(IntegrityError),
    ):
        services.add_file(
            document=document, language="fr", upload=pdf_upload(), by=people["delegate"]
        )

    assert stored_files(settings) == before_files
    assert DocumentFile.objects.count() == before_rows


def test_add_file_every_stored_file_has_its_row_and_every_row_its_file(
    people, document_in, settings
):
    document = document_in("draft")

    services.add_file(document=document, language="fr", upload=pdf_upload(), by=people["delegate"])

    rows = sorted(DocumentFile.objects.values_list("file", flat=True))
    assert stored_files(settings) == rows


def test_add_file_to_submitted_document_by_delegate_is_denied(people, document_in, settings):
    document = document_in("submitted")
    before = stored_files(settings)

    with pytest.raises(PermissionDenied):
        services.add_file(
            document=document,
            language="fr",
            upload=pdf_upload(),
            by=people["delegate"],
        )

    assert stored_files(settings) == before


def test_remove_file_deletes_the_stored_file_after_commit(
    people, document_in, settings, django_capture_on_commit_callbacks
):
    document = document_in("draft")
    document_file = document.files.get()

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_file(document_file=document_file, by=people["delegate"])

    assert (document.files.count(), stored_files(settings)) == (0, [])


def test_add_file_extracts_text_after_commit(
    people, document_in, django_capture_on_commit_callbacks
):
    document = document_in("draft")

    with django_capture_on_commit_callbacks(execute=True):
        document_file = services.add_file(
            document=document,
            language="fr",
            upload=pdf_upload(text="Protection des enfants en ligne"),
            by=people["delegate"],
        )

    document_file.refresh_from_db()
    assert document_file.extraction_status == "done"
    assert "Protection des enfants en ligne" in document_file.text


def test_extract_file_text_failure_is_recorded_and_file_kept(people, document_in, settings):
    document_file = document_in("draft").files.get()
    # A PDF that passed the checks but that the extractor cannot read after all.
    with mock.patch(
        "contributions.services.files.extract_text", side_effect=ValueError("bad xref")
    ):
        services.extract_file_text(document_file=document_file)

    document_file.refresh_from_db()
    assert document_file.extraction_status == "failed"
    assert document_file.extraction_error == "ValueError: bad xref"
    assert document_file.file.name in stored_files(settings)


# ---- Mail


def test_internal_note_by_secretariat_only(people, document_in):
    document = document_in("submitted")

    note = services.add_internal_note(document=document, by=people["secretariat"], text=" Check. ")
    with pytest.raises(PermissionDenied):
        services.add_internal_note(document=document, by=people["delegate"], text="Hello")

    assert (note.text, note.author) == ("Check.", people["secretariat"])
    assert document.internal_notes.count() == 1


def test_publish_documents_many_at_once(people, document_in):
    documents = [document_in("accepted") for _ in range(3)]

    published = services.publish_documents(documents=documents, by=people["secretariat"])

    assert [document.status for document in published] == ["published"] * 3
    assert Document.objects.listed().count() == 3
    assert DocumentRelation.objects.count() == 0


def _upload_then_fail(document, *, by) -> None:
    with transaction.atomic():
        services.add_file(document=document, language="fr", upload=pdf_upload(), by=by)
        raise RuntimeError("the request fails after the upload")


def test_outer_rollback_after_upload_is_cleaned_by_the_orphan_sweep(people, document_in, settings):
    document = document_in("draft")

    with pytest.raises(RuntimeError):
        _upload_then_fail(document, by=people["delegate"])
    removed = services.remove_orphan_files(older_than=datetime.timedelta(0))

    assert len(removed) == 1
    assert stored_files(settings) == sorted(DocumentFile.objects.values_list("file", flat=True))


def test_orphan_sweep_keeps_recent_and_referenced_files(people, document_in, settings):
    document = document_in("draft")
    with pytest.raises(RuntimeError):
        _upload_then_fail(document, by=people["delegate"])

    removed = services.remove_orphan_files(older_than=datetime.timedelta(hours=1))

    assert removed == []
    assert len(stored_files(settings)) == 2


def test_update_document_by_delegate_keeps_co_sources_they_do_not_represent(
    people, document_in, israel
):
    document = document_in("draft")
    italy = document.sources.get()
    document.document_sources.create(source=israel, order=1)

    services.update_document(
        document=document, by=people["delegate"], changes={}, sources=[italy, israel]
    )
    with pytest.raises(PermissionDenied):
        services.update_document(
            document=document, by=people["delegate"], changes={}, sources=[italy]
        )
    with pytest.raises(PermissionDenied):
        services.update_document(
            document=document, by=people["delegate"], changes={}, sources=[israel]
        )

    assert list(document.sources.order_by("document_sources__order")) == [italy, israel]

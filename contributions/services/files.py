"""A document's files: storing an upload, removing it, reading its text, orphans."""

from __future__ import annotations

import datetime
import logging
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwgcop.change_log import records_changes
from related.services import public_text_changed

from .. import rules
from ..files import LimitExceeded, extract_text, human_size, inspect_upload, record_check
from ..models import Document, DocumentFile, Language
from ..search import refresh_search_index
from ..storage import STORED_FILES_FOLDER, stored_file_name
from .history import record_change

logger = logging.getLogger(__name__)

User = Any  # the configured user model; kept loose so tests can pass AnonymousUser


@records_changes
@transaction.atomic
def add_file(*, document: Document, language: str, upload: IO[bytes], by: User) -> DocumentFile:
    """Check an upload by its content and store it under a random name as the document's file.

    Refuses (FileRejected) a file that fails the checks and a second file in a language.
    Flags a file identical to one already stored. After commit, the text is extracted.
    If anything fails once the file is written, the written file is deleted again.
    """
    if not rules.can_edit_document.test(by, document):
        raise PermissionDenied
    if document.files.filter(language=language).exists():
        raise ValidationError(
            _("This document already has a file in this language. Delete it first."),
            code="language",
        )
    inspected = inspect_upload(upload)
    twin = document.files.filter(sha256=inspected.sha256).exclude(language=language).first()
    if twin is not None:
        raise ValidationError(
            _(
                "This file is already the document's %(language)s file. Each language needs "
                "a file of its own: choose the %(chosen)s version."
            ),
            code="same_file",
            params={
                "language": twin.get_language_display(),
                "chosen": Language(language).label,
            },
        )
    document_file = DocumentFile(
        document=document,
        language=language,
        original_name=inspected.original_name,
        size=inspected.size,
        sha256=inspected.sha256,
        content_type=inspected.content_type,
        uploaded_by=by,
        # Identical to a file of another document: allowed (a co-sponsored document is
        # sent by each of its sources), shown to the secretariat.
        duplicate_of=DocumentFile.objects.filter(sha256=inspected.sha256)
        .exclude(document=document)
        .order_by("pk")
        .first(),
    )
    upload.seek(0)
    stored_name = default_storage.save(
        stored_file_name(document_file, inspected.original_name), upload
    )
    try:
        with transaction.atomic():
            document_file.file.name = stored_name
            _save_file_row(document_file)
    except BaseException:
        default_storage.delete(stored_name)
        raise
    file_id = document_file.pk
    transaction.on_commit(lambda: _enqueue_text_extraction(file_id), robust=True)
    return document_file


@records_changes
@transaction.atomic
def replace_file(*, document_file: DocumentFile, upload: IO[bytes], by: User) -> DocumentFile:
    """Put a new file in the place of a document's file in one language, in one step.

    The new file goes through every check of add_file; if it is refused, the old file
    stays as it was. The document's history records which file was replaced (name, size,
    date and SHA-256). The replaced file itself is deleted from storage after commit:
    only a document being edited has its files replaced, the replaced version was never
    published, and a delegate often replaces a file because it should not have been sent
    (a wrong version, personal data); the history row is enough to recognise it.
    """
    document = document_file.document
    if not rules.can_edit_document.test(by, document):
        raise PermissionDenied
    _refuse_if_published(document)
    language = document_file.language
    old = {
        "language": document_file.get_language_display(),
        "name": document_file.original_name,
        "size": human_size(document_file.size),
        "sha256": document_file.sha256,
    }
    remove_file(document_file=document_file, by=by)
    new_file = add_file(document=document, language=language, upload=upload, by=by)
    # A history row without a change of status: the document's files changed.
    record_change(
        document=document,
        by=by,
        at=timezone.now(),
        from_status=document.status,
        to_status=document.status,
        reason=str(
            _(
                "The %(language)s file %(name)s (%(size)s, SHA-256 %(sha256)s) was replaced "
                "by %(new)s."
            )
            % {**old, "new": new_file.original_name}
        ),
    )
    return new_file


def add_or_replace_file(
    *, document: Document, language: str, upload: IO[bytes], by: User
) -> tuple[DocumentFile, DocumentFile | None]:
    """The document's file in this language: added, or replacing the one it has.

    Returns the new file and the replaced one (None when the language had no file).
    """
    current = document.files.filter(language=language).first()
    if current is None:
        return add_file(document=document, language=language, upload=upload, by=by), None
    return replace_file(document_file=current, upload=upload, by=by), current


def remove_orphan_files(*, older_than: datetime.timedelta) -> list[str]:
    """Delete stored files that no row refers to, written longer ago than `older_than`.

    add_file deletes what it wrote when its own transaction fails; a rollback of an outer
    transaction, or a process killed between the write and the commit, can still leave a
    file behind. The age limit keeps files of uploads still being committed.
    """
    cutoff = timezone.now() - older_than
    referenced = set(DocumentFile.objects.values_list("file", flat=True))
    removed = []
    try:
        folders, _files = default_storage.listdir(STORED_FILES_FOLDER)
    except FileNotFoundError:  # nothing stored yet on disk (a bucket lists nothing instead)
        return removed
    for folder in folders:
        _subfolders, names = default_storage.listdir(f"{STORED_FILES_FOLDER}/{folder}")
        for name in names:
            path = f"{STORED_FILES_FOLDER}/{folder}/{name}"
            if path in referenced or default_storage.get_modified_time(path) > cutoff:
                continue
            default_storage.delete(path)
            removed.append(path)
    return removed


def _save_file_row(document_file: DocumentFile) -> None:
    # A step of its own so that tests can make it fail after the file is written.
    document_file.save()


def _enqueue_text_extraction(file_id: int) -> None:
    from ..tasks import extract_text_of_file

    extract_text_of_file.enqueue(file_id)


@records_changes
@transaction.atomic
def remove_file(*, document_file: DocumentFile, by: User) -> None:
    """Delete a file of a document still being edited; the stored file goes after commit."""
    if not rules.can_edit_document.test(by, document_file.document):
        raise PermissionDenied
    _refuse_if_published(document_file.document)
    stored_name = document_file.file.name
    document_file.delete()
    public_text_changed(document=document_file.document, removal=True)
    transaction.on_commit(lambda: default_storage.delete(stored_name))


PUBLISHED_FILES_STAY = _(
    "A published document's files stay as they were published. Upload a revision, or "
    "unpublish the document with a reason first."
)


def _refuse_if_published(document: Document) -> None:
    """A published document's files are what was published under its number: none is
    replaced or removed in place. A new language version may still be added."""
    # Read under the row's lock: a publication that commits meanwhile is seen.
    status = (
        Document.objects.select_for_update().values_list("status", flat=True).get(pk=document.pk)
    )
    if status in Document.Status.PUBLIC:
        raise ValidationError(PUBLISHED_FILES_STAY, code="published-file")


@transaction.atomic
def set_file_access(*, document_file: DocumentFile, access: str, by: User) -> DocumentFile:
    """Make one file public or members only (the secretariat's decision), move its text in
    or out of the search vector that anyone matches, and have the lists of similar documents
    that may show its words computed again (dropped at once when it is made members only)."""
    if not rules.can_set_access.test(by, document_file.document):
        raise PermissionDenied
    if document_file.access != access:
        document_file.access = DocumentFile.Access(access)
        document_file.save(update_fields=["access"])
        refresh_search_index(document_ids=[document_file.document_id])
        public_text_changed(
            document=document_file.document,
            removal=document_file.access != DocumentFile.Access.PUBLIC,
        )
    return document_file


def extract_file_text(*, document_file: DocumentFile) -> DocumentFile:
    """Store the text of a file for search, or record why it could not be read.

    A failure is recorded on the file (and shown to the secretariat); the file stays. A
    file whose text takes longer or more memory to read than the ceiling allows
    (DOCUMENT_TEXT_SECONDS, DOCUMENT_TEXT_MEMORY_BYTES) is marked "stopped at the limit".
    """
    try:
        with document_file.file.open("rb") as stream:
            text = extract_text(stream, content_type=document_file.content_type)
    except LimitExceeded as error:
        logger.warning(
            "Text extraction stopped at the limit for file %s: %s", document_file.pk, error
        )
        document_file.text = ""
        document_file.extraction_status = DocumentFile.Extraction.LIMIT
        document_file.extraction_error = str(
            _(
                "The text took longer than %(seconds)s seconds, or more than %(memory)s of "
                "memory, to read, so it was not read. The file is kept and the document "
                "goes through the workflow as usual, but its text cannot be searched."
            )
            % {
                "seconds": f"{error.ceiling.seconds:g}",
                "memory": human_size(error.ceiling.memory_bytes),
            }
        )
    except Exception as error:
        logger.warning("Text extraction failed for file %s: %s", document_file.pk, error)
        document_file.text = ""
        document_file.extraction_status = DocumentFile.Extraction.FAILED
        document_file.extraction_error = f"{type(error).__name__}: {error}"[:2000]
    else:
        # PostgreSQL text cannot hold NUL characters, which some PDFs produce.
        document_file.text = text.replace("\x00", "")
        document_file.extraction_status = DocumentFile.Extraction.DONE
        document_file.extraction_error = ""
    document_file.record_differences = _record_differences(document_file)
    with transaction.atomic():
        # Read again, words may have gone from it: the lists showing them are dropped.
        read_before = DocumentFile.objects.filter(pk=document_file.pk).exclude(text="").exists()
        document_file.save(
            update_fields=["text", "extraction_status", "extraction_error", "record_differences"]
        )
        refresh_search_index(document_ids=[document_file.document_id])
        public_text_changed(document=document_file.document, removal=read_before)
    return document_file


def _record_differences(document_file: DocumentFile) -> list[dict]:
    """Where the file's first page prints otherwise than its document's record."""
    if not document_file.text:
        return []
    document = document_file.document
    record = record_check.Record(
        number=document.number,
        date=document.document_date,
        sources=tuple(
            (link.source.name, link.source.short_name)
            for link in document.document_sources.select_related("source")
        ),
        english_only=document.english_only,
        original_language=document.original_language,
    )
    return record_check.check(document_file.text, record, file_language=document_file.language)

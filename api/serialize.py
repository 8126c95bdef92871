"""Records as the API gives them: plain data in the shapes of `schemas`, read from rows the
selectors prepared (no query here, except where a function says so)."""

from typing import Any

from django.urls import reverse

from contributions.models import Document, DocumentFile, Source
from contributions.templatetags.documents import document_languages
from contributions.visibility import PUBLIC_AUDIENCE, files_of_public_pages
from meetings.models import Meeting
from workinggroups.addresses import slug_of_meeting

from .http import absolute_url, page_url


def api_url(name: str, *args: Any) -> str:
    return absolute_url(reverse(f"api-1:{name}", args=args))


def meeting_ref(meeting: Meeting | None) -> dict[str, Any] | None:
    if meeting is None:
        return None
    return {"number": meeting.number, "code": meeting.code}


def source_ref(source: Source) -> dict[str, Any]:
    return {
        "slug": source.slug,
        "name": source.name,
        "kind": source.kind,
        "country": source.country.code or None,
    }


def document_ref(document: Document) -> dict[str, Any]:
    """A link to another public document. Callers pass only public ones."""
    return {
        "id": document.pk,
        "number": document.number or None,
        "title": document.title,
        "status": document.status,
        "url": page_url(document),
        "api_url": api_url("document", document.pk),
    }


def public_files(document: Document) -> list[DocumentFile]:
    """The files the API lists, with their download addresses: those the public sees
    (visibility.files_seen_by the public audience), so never a members-only file, not
    even its name. Every file listing of the API goes through here."""
    return files_of_public_pages(document.files.all(), PUBLIC_AUDIENCE)


def file_data(document_file: DocumentFile) -> dict[str, Any]:
    return {
        "language": document_file.language,
        "name": document_file.download_name,
        "size": document_file.size,
        "sha256": document_file.sha256,
        "content_type": document_file.content_type,
        "url": page_url(document_file),
    }


def document_summary(document: Document) -> dict[str, Any]:
    """A row of a list: what `selectors.with_listing_relations` loaded."""
    sources = document.sources_in_order()
    agenda_item = document.agenda_item
    return {
        "id": document.pk,
        "number": document.number or None,
        "title": document.title,
        "titles": [
            {"language": title.language, "title": title.title}
            for title in document.title_versions()
        ],
        "kind": document.kind,
        "status": document.status,
        "access": document.access,
        "meeting": meeting_ref(document.meeting),
        "group": slug_of_meeting(document.meeting_id),
        "agenda_item": (
            {"order": agenda_item.order, "title": agenda_item.title} if agenda_item else None
        ),
        "sources": [source_ref(source) for source in sources],
        "languages": [code for code, _name in document_languages(document)],
        "date": document.document_date,
        "published_at": document.published_at,
        "from_archive": document.from_archive,
        "url": page_url(document),
        "api_url": api_url("document", document.pk),
    }

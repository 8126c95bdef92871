"""Who documents come from, the documents themselves and their files."""

from .counts import CountedDocument, GroupTotal, ListedCount, SubjectTotal
from .documents import (
    AccessLevel,
    Document,
    DocumentFile,
    DocumentFileQuerySet,
    DocumentQuerySet,
    DocumentRelation,
    DocumentSource,
    DocumentTitle,
    document_path,
    file_path,
)
from .history import DocumentEvent, InternalNote
from .sources import COUNTRY_KINDS, Language, Region, Source, SourceQuerySet, Topic
from .statuses import DESK_GROUPS, STATUS_FACTS, DeskGroup, DocumentStatus, StatusFacts

__all__ = [
    "COUNTRY_KINDS",
    "DESK_GROUPS",
    "STATUS_FACTS",
    "AccessLevel",
    "CountedDocument",
    "DeskGroup",
    "Document",
    "DocumentEvent",
    "DocumentFile",
    "DocumentFileQuerySet",
    "DocumentQuerySet",
    "DocumentRelation",
    "DocumentSource",
    "DocumentStatus",
    "DocumentTitle",
    "GroupTotal",
    "InternalNote",
    "Language",
    "ListedCount",
    "Region",
    "Source",
    "SourceQuerySet",
    "StatusFacts",
    "SubjectTotal",
    "Topic",
    "document_path",
    "file_path",
]
